// Reading a content file's bytes the same way whatever saved it: only ordinary files inside the
// content folder (links are followed only when they stay inside it), strict UTF-8, and Windows
// line endings, a byte-order mark or a missing last newline read exactly like a plain LF file.
import { lstatSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { problem, type ContentProblem } from "./problem.ts";

/** The content folder as found on disk, with every link resolved, to tell inside from outside. */
export interface ContentRoot {
  dir: string;
  real: string;
}

export function contentRoot(dir: string): ContentRoot {
  return { dir, real: realpathSync(dir) };
}

/** What a path in the content folder is, once any link is followed. */
export type Entry =
  | { kind: "file"; real: string; stats: Stats }
  | { kind: "missing" }
  | { kind: "refused"; message: string };

/**
 * Looks at `file` (relative to the content folder, `/`-separated) without reading it: a FIFO is
 * never opened, so it can never hang a read, and a link is followed only when every step of it
 * stays inside the content folder.
 */
export function entryOf(root: ContentRoot, file: string): Entry {
  const full = path.join(root.dir, file);
  let link: string | undefined;
  let own: Stats;
  try {
    own = lstatSync(full);
    if (own.isSymbolicLink()) link = readlinkSync(full);
  } catch {
    return { kind: "missing" };
  }
  // A file that is not a link is where its folder really is: the folder is resolved once for
  // all the files in it, instead of every step of the path once per file.
  const folder = link === undefined ? realFolder(root, path.dirname(full)) : undefined;
  if (folder !== undefined) return entryAt(root, path.join(folder, path.basename(full)), own);
  let real: string;
  try {
    real = realpathSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") {
      return {
        kind: "refused",
        message:
          "this link leads round in a loop and never reaches a file: replace it with the file itself.",
      };
    }
    return {
      kind: "refused",
      message: `this link points at ${JSON.stringify(link ?? file)}, which does not exist: replace it with the file itself, or delete it.`,
    };
  }
  return entryAt(root, real, statSync(real, { throwIfNoEntry: false }));
}

/** Real paths of the folders files were looked up in, per content root (one load). */
const realFolders = new WeakMap<ContentRoot, Map<string, string | undefined>>();

/** The real path of a folder of the content, or undefined when it cannot be resolved. */
function realFolder(root: ContentRoot, folder: string): string | undefined {
  let known = realFolders.get(root);
  if (known === undefined) realFolders.set(root, (known = new Map()));
  if (!known.has(folder)) {
    let real: string | undefined;
    try {
      real = realpathSync(folder);
    } catch {
      real = undefined;
    }
    known.set(folder, real);
  }
  return known.get(folder);
}

/** What the file at `real` (every link resolved) is, given what `stat` says of it. */
function entryAt(root: ContentRoot, real: string, info: Stats | undefined): Entry {
  if (real !== root.real && !real.startsWith(root.real + path.sep)) {
    return {
      kind: "refused",
      message: `this leads outside the content folder, to ${real}: mimeo reads only files inside the content folder, so nothing from elsewhere is published by mistake. Copy the file in instead of linking to it.`,
    };
  }
  if (!info) return { kind: "missing" };
  if (info.isDirectory()) {
    return {
      kind: "refused",
      message:
        "this is a folder, not a file: mimeo reads only files here. Rename the folder, or start its name with _ to keep it unread.",
    };
  }
  if (!info.isFile()) {
    return {
      kind: "refused",
      message:
        "this is not an ordinary file (a pipe, socket or device): mimeo reads only ordinary files. Remove it, or start its name with _ to keep it unread.",
    };
  }
  return { kind: "file", real, stats: info };
}

/**
 * What a file's stat says of its bytes: a file whose stamp is the same as when it was read has
 * the same bytes (the change time moves on every write, and cannot be set back).
 */
export function stampOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/**
 * Whether one of these content files (by path in `dir`, with their stamps when last read) is
 * gone or has another stat now: a quick look, before the content is read, at whether an edit
 * was made.
 */
export function anyStampChanged(dir: string, stamps: Iterable<[string, string]>): boolean {
  for (const [file, stamp] of stamps) {
    const stats = statSync(path.join(dir, file), { throwIfNoEntry: false });
    if (!stats || stampOf(stats) !== stamp) return true;
  }
  return false;
}

/**
 * The text of a content file as mimeo reads it: decoded as UTF-8 (a byte that is not UTF-8 is a
 * problem naming its line, never a silent U+FFFD), without a byte-order mark, with every line
 * ending `\n`, and ending in a newline. Line numbers stay those an editor shows.
 */
export function decodeContent(
  file: string,
  bytes: Uint8Array,
): { text: string; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  let text: string;
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? "utf-16le"
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? "utf-16be"
        : utf16WithoutMark(bytes);
  if (utf16 !== undefined) {
    problems.push(
      problem(
        file,
        1,
        'this file is saved as UTF-16 ("Unicode" in Notepad): save it again as UTF-8.',
      ),
    );
    text = new TextDecoder(utf16).decode(bytes);
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      problems.push(...badLines(file, bytes));
      text = new TextDecoder("utf-8").decode(bytes);
    }
  }
  return { text: normaliseLines(text), problems };
}

/**
 * Which UTF-16 a file saved without a byte-order mark is in, if it is: text in UTF-16 has a zero
 * byte in most characters of the Latin alphabet, all on the same side of each pair. UTF-8 text
 * has none.
 */
function utf16WithoutMark(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = bytes.length / 2;
  // A quarter of the pairs (and at least four) with a zero byte, (nearly) all on one side.
  if (even + odd < Math.max(4, pairs / 4)) return undefined;
  if (odd >= 0.9 * (even + odd)) return "utf-16le";
  if (even >= 0.9 * (even + odd)) return "utf-16be";
  return undefined;
}

/** Strips a byte-order mark, turns CRLF and lone CR into LF, and ends the text with a newline. */
export function normaliseLines(text: string): string {
  const lf = text.replace(/^\uFEFF/u, "").replace(/\r\n?/gu, "\n");
  return lf === "" || lf.endsWith("\n") ? lf : `${lf}\n`;
}

/** How many lines with bytes that are not UTF-8 are named one by one before the rest are counted. */
const BAD_LINES_NAMED = 5;

/** One problem per line holding bytes that are not UTF-8 (a newline byte is never inside a character). */
function badLines(file: string, bytes: Uint8Array): ContentProblem[] {
  const strict = new TextDecoder("utf-8", { fatal: true });
  const bad: number[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        bad.push(line);
      }
      start = i + 1;
      line++;
    }
  }
  const message =
    "this line holds bytes that are not UTF-8 (the file was probably saved in another encoding, such as Windows-1252): save the file as UTF-8 and check the letters on this line.";
  const named = bad.slice(0, BAD_LINES_NAMED).map((n) => problem(file, n, message));
  const more = bad.length - named.length;
  if (more > 0) {
    named.push(
      problem(
        file,
        bad[BAD_LINES_NAMED] ?? 0,
        `and ${more} more line(s) hold bytes that are not UTF-8: save the file as UTF-8.`,
      ),
    );
  }
  return named;
}

/**
 * Reads one content file. `undefined` text when it does not exist (the caller decides whether
 * that is a problem) or when it was refused (the problem says why).
 */
export function readContentFile(
  root: ContentRoot,
  file: string,
  entry: Entry = entryOf(root, file),
): { text?: string; problems: ContentProblem[] } {
  if (entry.kind === "missing") return { problems: [] };
  if (entry.kind === "refused") return { problems: [problem(file, 0, entry.message)] };
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(entry.real);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unknown error";
    return {
      problems: [
        problem(file, 0, `this file cannot be read (${reason}): check that you may open it.`),
      ],
    };
  }
  return decodeContent(file, bytes);
}
