// Maps a finding in an output back to the content file and line it came from, using the same
// normalisation as the detectors: "MARÍA Quintero" in a page is found as "Maria Quintero" on
// line 14 of reports/x.md, and "14 October 2026" as `date: 2026-10-14`.
import { normalise, originalSpan, type Normalised } from "./normalise.ts";
import { compilePhrases } from "./phrases.ts";
import { findDays } from "./detectors/exact-date.ts";
import { lineFinder } from "./html-text.ts";

export interface SourceText {
  file: string;
  text: string;
}

export interface SourceLine {
  file: string;
  line: number;
}

interface PreparedSource {
  file: string;
  normalised: Normalised;
  lineOf: (offset: number) => number;
}

/**
 * Normalises the sources once; `locate` then costs one pass over them per finding. Use it when
 * a build reports many findings against the same content.
 */
export function createLocator(sources: readonly SourceText[]): (match: string) => SourceLine[] {
  const prepared: PreparedSource[] = sources.map(({ file, text }) => ({
    file,
    normalised: normalise(text),
    lineOf: lineFinder(text),
  }));

  return (match) => {
    const phrase = compilePhrases([match]);
    // A day is found in any spelling, since layouts format dates.
    const days = new Set(findDays(normalise(match).text).flatMap((d) => d.days));
    const found: SourceLine[] = [];
    for (const source of prepared) {
      const n = source.normalised;
      const spans = phrase.find(n);
      if (days.size > 0) {
        for (const d of findDays(n.text)) {
          if (d.days.some((day) => days.has(day))) spans.push(d);
        }
      }
      const lines = new Set(
        spans.map((hit) => source.lineOf(originalSpan(n, hit.start, hit.end)[0])),
      );
      for (const line of [...lines].sort((a, b) => a - b)) found.push({ file: source.file, line });
    }
    return found;
  };
}

/** The content files and lines a matched text came from; empty when none holds it. */
export function locateSource(match: string, sources: readonly SourceText[]): SourceLine[] {
  return createLocator(sources)(match);
}
