// A problem found in a circle's content: what a person reads to fix their file.
// Every reader and checker in mimeo reports problems in this one shape, so the CLI can list
// them all in one run, sorted by file and line.
import { printable } from "../printable.ts";

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


/** One problem as a line a person reads: `ledger/2026-11.md:12: amount: ... (found "x")`. */
export function formatProblem(p: ContentProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? `${p.field}: ` : "";
  const found = p.found !== undefined ? ` (found: ${JSON.stringify(p.found)})` : "";
  return printable(`${where}: ${field}${p.message}${found}`);
}

/** Thrown when content cannot be used; the CLI prints the problems and exits 1, no stack trace. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`${problems.length} problem(s) in the content`);
    this.name = "ContentError";
  }
}
