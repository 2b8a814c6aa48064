// Detector: the folders the build ran in, the user and the host name. Same matcher as the
// deny-list, its own detector so a finding says it came from the build, not the content.
import { mask } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector } from "../types.ts";

export const buildMachine: Detector = (text, where, guard) =>
  guard.buildMachine
    .find(text)
    .map((hit) => toFinding(text, hit, where, "build-machine", "build-machine", mask));
