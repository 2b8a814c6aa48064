// Turns a detector's hit (offsets in the normalised text) into a Finding that points at the
// original text and is safe to log.
import { originalSpan, type Normalised } from "./normalise.ts";
import type { Finding, FindingKind, Hit, Where } from "./types.ts";

export function toFinding(
  n: Normalised,
  hit: Hit,
  where: Where,
  detector: string,
  kind: FindingKind,
  masker: (text: string) => string,
): Finding {
  const [start, end] = originalSpan(n, hit.start, hit.end);
  const match = n.original.slice(start, end);
  const finding: Finding = { detector, kind, match, masked: masker(match), where, offset: start };
  if (hit.canonical !== undefined) finding.canonical = hit.canonical;
  return finding;
}
