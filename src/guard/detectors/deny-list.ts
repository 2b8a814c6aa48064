// Detector: entries of the private deny-list, matched as whole words in the normalised text.
import { mask } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector } from "../types.ts";

export const denyList: Detector = (text, where, guard) =>
  guard.denyList
    .find(text)
    .map((hit) => toFinding(text, hit, where, "deny-list", "deny-list", mask));
