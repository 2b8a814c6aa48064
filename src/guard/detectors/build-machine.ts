// Detector: the folders the build ran in, the user and the host name. Same matcher as the
// deny-list, its own detector so a finding says it came from the build, not the content.
import { phraseListDetector } from "./phrase-list.ts";

export const buildMachine = phraseListDetector("buildMachine", "build-machine");
