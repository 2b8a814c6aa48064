// A problem found in a circle's content: what a person reads to fix their file.
// Every reader and checker in mimeo reports problems in this one shape, so the CLI can list
// them all in one run, sorted by file and line.

export interface ContentProblem {
  /** Path of the file, relative to the content folder, with `/` separators: `ledger/2026-11.md`. */
  file: string;
  /** 1-based line in that file; 0 when the problem is about the file as a whole. */
  line: number;
  /** The field, column or rule concerned: `date`, `amendments[1].article`, `rule 2`. */
  field?: string;
  /** What was found, as written (a row, a value); never more than one line. */
  found?: string;
  /** What is wrong and what to change, in plain words. */
  message: string;
}

export function problem(
  file: string,
  line: number,
  message: string,
  extra: { field?: string; found?: string } = {},
): ContentProblem {
  return { file, line, message, ...extra };
}

/** Problems in reading order: by file, then line. */
export function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) =>
    a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1,
  );
}

/**
 * Characters a terminal acts on or that turn text around instead of showing it: control
 * characters (ESC starts a terminal's escape sequences) and bidirectional overrides.
 */
const UNSEEN = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every such character written out (`re\x1bport.md`), so a name can never drive the terminal. */
export function visible(text: string): string {
  return text.replace(UNSEEN, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** One problem as a line a person reads: `ledger/2026-11.md:12: amount: ... (found "x")`. */
export function formatProblem(p: ContentProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? `${p.field}: ` : "";
  const found = p.found !== undefined ? ` (found: ${JSON.stringify(p.found)})` : "";
  return visible(`${where}: ${field}${p.message}${found}`);
}

/** Thrown when content cannot be used; the CLI prints the problems and exits 1, no stack trace. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`${problems.length} problem(s) in the content`);
    this.name = "ContentError";
  }
}
