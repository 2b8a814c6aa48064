// What a person put into a built audience folder, or changed there, since mimeo built it. A
// build replaces `public/` and `circle/` whole, so a `CNAME` added for a web host, or a page
// corrected by hand, would be lost without a word: the build refuses first (build.ts).
import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  foldersHoldingFiles,
  isOsLitterPath,
  parseSums,
  sha256File,
  SUMS_FILE,
  walk,
} from "../bundle/files.ts";
import type { AudienceRecord } from "./record.ts";

export interface OutputSurvey {
  /** Files (or links) the last build did not write, by their paths in the folder. */
  added: string[];
  /** Files the last build wrote whose bytes are no longer the same. */
  changed: string[];
  /** The folder lists no files mimeo wrote (no record, and its SHA256SUMS gone or unreadable). */
  unknown: boolean;
  /** Exactly the files the record lists, with the same bytes (OS litter aside): a rebuild may keep them. */
  matches: boolean;
  /**
   * OS litter (a `.DS_Store`, `Thumbs.db`) a file manager left there, or an empty folder: a new
   * folder drops them, as a clean build would, where a folder left in place would keep them.
   */
  strays: boolean;
}

const NOTHING: OutputSurvey = {
  added: [],
  changed: [],
  unknown: false,
  matches: false,
  strays: false,
};

/**
 * The hash of each file the last build wrote, by its path: its record's (looked up there, not
 * copied: a record lists thousands), or the folder's own SHA256SUMS.
 */
function writtenBefore(
  dir: string,
  record: AudienceRecord | undefined,
): ((file: string) => string | undefined) | undefined {
  if (record)
    return (file) => (Object.hasOwn(record.files, file) ? record.files[file]?.hash : undefined);
  try {
    const sums = parseSums(readFileSync(path.join(dir, SUMS_FILE), "utf8"));
    const hashes = new Map(sums.map((line) => [line.path, line.hash.toLowerCase()]));
    return (file) => hashes.get(file);
  } catch {
    return undefined;
  }
}

/**
 * Compares `dir` with what the last build wrote into it. Size and time first, against the
 * record; a file whose time changed is hashed. Without a record (another mimeo version, a
 * wiped cache) every listed file is hashed against the folder's SHA256SUMS.
 */
export async function surveyOutput(
  dir: string,
  record: AudienceRecord | undefined,
): Promise<OutputSurvey> {
  const folders: string[] = [];
  const entries = await walk(dir, folders).catch(() => undefined);
  if (!entries) return NOTHING;
  const written = writtenBefore(dir, record);
  const visible = entries.filter((entry) => !isOsLitterPath(entry.path));
  const strays = visible.length < entries.length || hasEmptyFolder(folders, entries);
  if (!written) {
    return { ...NOTHING, unknown: visible.length > 0, strays };
  }
  const added: string[] = [];
  const changed: string[] = [];
  for (const entry of visible) {
    const hash = written(entry.path);
    if (hash === undefined) {
      // SHA256SUMS does not list itself; the record does.
      if (!(entry.path === SUMS_FILE && !record)) added.push(entry.path);
      continue;
    }
    if (entry.type !== "file") {
      added.push(entry.path);
      continue;
    }
    const full = path.join(dir, entry.path);
    const known = record?.files[entry.path];
    // Synchronous, like every per-file call of a rebuild: thousands of awaited thread-pool
    // round trips were most of a rebuild's waiting.
    const info = lstatSync(full);
    if (known && info.size === known.size && info.mtimeMs === known.mtimeMs) continue;
    if (known && info.size !== known.size) {
      changed.push(entry.path);
      continue;
    }
    if ((await sha256File(full)) !== hash) changed.push(entry.path);
  }
  const matches =
    record !== undefined &&
    added.length === 0 &&
    changed.length === 0 &&
    visible.length === Object.keys(record.files).length;
  return { added, changed, unknown: false, matches, strays };
}

/** Whether one of the folders holds none of the entries, however deep. */
function hasEmptyFolder(folders: readonly string[], entries: readonly { path: string }[]): boolean {
  const holding = foldersHoldingFiles(entries.map((entry) => entry.path));
  return folders.some((folder) => !holding.has(folder));
}
