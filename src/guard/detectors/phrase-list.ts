// The shape of the three list detectors (deny-list, member names, build machine): one of the
// guard's phrase lists, matched as whole words in the normalised text, each finding masked.
import { mask } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector, FindingKind } from "../types.ts";

/** The compiled guard's phrase lists. */
export type PhraseList = "denyList" | "members" | "buildMachine";

/** A detector for one phrase list; `kind` is both the detector's name and its findings' kind. */
export function phraseListDetector(list: PhraseList, kind: FindingKind): Detector {
  return (text, where, guard) =>
    guard[list].find(text).map((hit) => toFinding(text, hit, where, kind, kind, mask));
}
