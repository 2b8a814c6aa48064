// Detector: entries of the private deny-list, matched as whole words in the normalised text.
import { phraseListDetector } from "./phrase-list.ts";

export const denyList = phraseListDetector("denyList", "deny-list");
