// One entry per leak, not per output: a name written once reaches the page, the search index,
// three PDFs and the archive. Findings are grouped by what was found and the content file and
// line it was written on, and each group lists every output and form it reached.
import { normaliseText } from "./normalise.ts";
import type { LocatedFinding } from "./output.ts";
import type { SourceLine } from "./locate.ts";
import type { FindingKind, Where } from "./types.ts";

export interface Reach {
  output: string;
  /** The form it was read in: "page text", "attribute img[alt]", "PDF metadata CreationDate". */
  form: string;
  /** Lines of the output, where the output has lines a person can open. */
  lines: number[];
}

export interface Leak {
  kind: FindingKind;
  /** Masked: safe for logs. */
  masked: string;
  /** The content file and line it was written on, when it is in the content. */
  source?: SourceLine;
  /** Other content lines holding the same text. */
  alsoIn: SourceLine[];
  /** Every output and form it reached, in output order. */
  reached: Reach[];
  /** Whether every place it reached is metadata mimeo writes (PDF Info, XMP), not content. */
  metadataOnly: boolean;
  findings: LocatedFinding[];
}

const PARTS: Record<Where["part"], string> = {
  text: "text",
  attribute: "attribute",
  css: "CSS",
  script: "script",
  json: "JSON",
  comment: "comment",
  feed: "feed",
  filename: "file name",
  "pdf-text": "PDF text",
  "pdf-metadata": "PDF metadata",
  "pdf-stream": "PDF content stream",
  "image-metadata": "image metadata",
};

/** The form a text was read in, as a person is told: "attribute img[alt]", "PDF metadata Title". */
export function formOf(where: Where): string {
  const part = PARTS[where.part];
  const page = where.part === "text" && /\.html?$/u.test(where.output);
  if (where.label === undefined) return page ? "page text" : part;
  if (where.label.startsWith("PDF")) return where.label;
  return `${part} ${where.label}`;
}

function keyOf(finding: LocatedFinding): string {
  // A name is the same leak however it is joined: "Maria Quintero", "maria-quintero.html".
  const what =
    finding.canonical ??
    normaliseText(finding.match)
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const source = finding.sources[0];
  return `${finding.kind}\u0000${what}\u0000${source ? `${source.file}:${source.line}` : ""}`;
}

// Which finding's masked text a leak shows: as a reader sees it on a page, rather than as a
// search index lower-cases it.
const SHOWN_FIRST: readonly Where["part"][] = ["text", "attribute", "pdf-text", "feed"];
const shownRank = (f: LocatedFinding): number => {
  const k = SHOWN_FIRST.indexOf(f.where.part);
  return k === -1 ? SHOWN_FIRST.length : k;
};

/** Groups findings into leaks, in the order each was first found. */
export function groupFindings(findings: readonly LocatedFinding[]): Leak[] {
  const leaks = new Map<string, Leak>();
  const shownBy = new Map<Leak, LocatedFinding>();
  for (const finding of findings) {
    const key = keyOf(finding);
    let leak = leaks.get(key);
    if (leak === undefined) {
      const [source, ...alsoIn] = finding.sources;
      leak = {
        kind: finding.kind,
        masked: finding.masked,
        ...(source ? { source } : {}),
        alsoIn,
        reached: [],
        metadataOnly: true,
        findings: [],
      };
      leaks.set(key, leak);
    }
    leak.findings.push(finding);
    const shown = shownBy.get(leak);
    if (shown === undefined || shownRank(finding) < shownRank(shown)) {
      shownBy.set(leak, finding);
      leak.masked = finding.masked;
    }
    if (finding.where.part !== "pdf-metadata") leak.metadataOnly = false;
    const form = formOf(finding.where);
    let reach = leak.reached.find((r) => r.output === finding.where.output && r.form === form);
    if (reach === undefined) {
      reach = { output: finding.where.output, form, lines: [] };
      leak.reached.push(reach);
    }
    if (finding.line !== undefined && !reach.lines.includes(finding.line)) {
      reach.lines.push(finding.line);
    }
  }
  return [...leaks.values()];
}
