// Detector: names from the roster (rotation.md). Same matcher as the deny-list, its own
// detector so a finding says "member name from rotation.md" and the person knows why.
import { phraseListDetector } from "./phrase-list.ts";

export const memberName = phraseListDetector("members", "member-name");
