// Detector: names from the roster (rotation.md). Same matcher as the deny-list, its own
// detector so a finding says "member name from rotation.md" and the person knows why.
import { mask } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector } from "../types.ts";

export const memberName: Detector = (text, where, guard) =>
  guard.members
    .find(text)
    .map((hit) => toFinding(text, hit, where, "member-name", "member-name", mask));
