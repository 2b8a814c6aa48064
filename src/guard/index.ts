// The leak guard's public face: normalisation, HTML text extraction, the detectors and their
// ruler, scanning, waivers and mapping findings back to content. Pure: no I/O anywhere here.
export type {
  CompiledGuard,
  Detector,
  Finding,
  FindingKind,
  GuardContext,
  Hit,
  Part,
  PhraseMatcher,
  ScanResult,
  WaivedFinding,
  Waiver,
  Where,
} from "./types.ts";
export { normalise, normaliseText, originalSpan, type Normalised } from "./normalise.ts";
export { mask, maskEmail, maskNumber } from "./mask.ts";
export { parseDenyList } from "./deny-list.ts";
export { compilePhrases } from "./phrases.ts";
export { htmlToScanText, type HtmlScanText, type ScanPiece } from "./html-text.ts";
export { Ruler } from "./ruler.ts";
export { defaultDetectors } from "./detectors/index.ts";
export { ibanChecksumOk } from "./detectors/iban.ts";
export { compileGuard, createGuard, scanHtml, scanText, type Guard } from "./scan.ts";
export { createLocator, locateSource, type SourceLine, type SourceText } from "./locate.ts";
