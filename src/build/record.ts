// The dependency record a rebuild starts from: for each output file, the hash of its bytes, the
// fingerprint of what it was made from, and whether the leak guard passed it. Only hashes and
// output names, never content text. Kept in the print cache, which already holds the circle's
// rendered PDFs; `mimeo wipe` removes it with the cache.
import { createHash, randomUUID } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256File, SUMS_FILE, walk } from "../bundle/files.ts";
import type { Audience } from "../content/model.ts";
import { buildRecordFor } from "../site/locations.ts";
import { linkOrCopy, type Link } from "./file-chores.ts";

/** One file of a built audience. */
export interface OutputFile {
  hash: string;
  size: number;
  mtimeMs: number;
  /** The fingerprint of what made it, when it is a page or a computed file a rebuild may keep. */
  made?: string;
  /** The guard's settings it passed with, when it is public and the detectors found nothing. */
  passed?: string;
}

export interface AudienceRecord {
  /** The build's options that shape every file (PDFs, paper, ink, base URL). */
  options: string;
  files: Record<string, OutputFile>;
  /**
   * The public audience's: what its view could be made from (publicInputsKey in
   * fingerprint.ts), and how many pages it had, so that a rebuild whose key is the same leaves
   * the folder as it was without making the view (or its sheets) again.
   */
  inputs?: {
    key: string;
    pages: number;
    /** With PDFs: the print cache's entries its sheets and the guard used (CacheUse). */
    cacheParts?: string[];
  };
  /**
   * Each document's hash (search/patch.ts), in the order its search-index.js holds them, so a
   * rebuild makes the new index from that file by changing only the documents that changed.
   */
  search?: string[];
}

export interface BuildRecord {
  /** mimeo's code and layouts: any other version starts from a clean build. */
  version: string;
  out: string;
  audiences: Partial<Record<Audience, AudienceRecord>>;
  /**
   * The print cache's entries the build used, by their paths in the cache (hashes and fixed
   * names), so a build into another output that shares the cache keeps them (shared-cache.ts).
   */
  cache?: string[];
  /**
   * The pieces of the public output's long files (SHA256SUMS, the search index, the exchange
   * manifest) that passed the guard, by hash, with the guard's settings then: a rebuild reads
   * only the pieces an edit changed (guard/pieces.ts).
   */
  guardPieces?: { settings: string; keys: string[] };
}

export function recordFileFor(cacheDir: string, out: string): string {
  return buildRecordFor(out, cacheDir);
}

/**
 * mimeo's own folder (its package.json, src/, layouts/): two folders above this module, in src/,
 * lib/ and lib/packed/ alike.
 */
export const MIMEO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
let version: string | undefined;

/**
 * mimeo's version as the bytes of its code and layouts: a record made by other code (an
 * upgrade, an edited template) is never trusted. Read once per process.
 */
export function codeVersion(): string {
  if (version !== undefined) return version;
  const hash = createHash("sha256");
  for (const top of ["src", "layouts", "package.json", "package-lock.json"]) {
    const full = path.join(MIMEO_ROOT, top);
    // package-lock.json (the versions of sharp, pdf.js, Eleventy) is not in an installed copy.
    if (!existsSync(full)) continue;
    const files = top.includes(".")
      ? [full]
      : readdirSync(full, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
          .sort();
    for (const file of files) {
      hash
        .update(path.relative(MIMEO_ROOT, file))
        .update("\0")
        .update(readFileSync(file))
        .update("\0");
    }
  }
  version = hash.digest("hex");
  return version;
}

/** The record of the last build into `out`, or undefined when it is missing, unreadable or stale. */
export async function readRecord(file: string, out: string): Promise<BuildRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, "utf8")) as BuildRecord;
    if (record.version !== codeVersion() || record.out !== path.resolve(out)) return undefined;
    if (typeof record.audiences !== "object" || record.audiences === null) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

/** Written beside its place and renamed, so a reader never sees half a record. */
export async function writeRecord(file: string, record: BuildRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.part`;
  try {
    await writeFile(temp, JSON.stringify(record));
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function removeRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Whether an audience's last output holds exactly the files a build would make (`keys`: each
 * file but SHA256SUMS, with what it is made from), each made from the same: then it can stay
 * where it is. A file the record knows nothing made of, or one more or one less, says no.
 */
export function unchangedOutput(keys: ReadonlyMap<string, string>, last: AudienceRecord): boolean {
  const outputs = Object.keys(last.files).filter((output) => output !== SUMS_FILE);
  return (
    last.files[SUMS_FILE] !== undefined &&
    outputs.length === keys.size &&
    outputs.every((output) => {
      const made = last.files[output]?.made;
      return made !== undefined && keys.get(output) === made;
    })
  );
}

/** Fills a folder of the new output: files kept from the previous output, or written anew. */
export interface OutputFiles {
  /**
   * Puts `output` of the previous output into the new one: a hard link when the file system
   * allows (nothing is copied, and neither copy is ever written to again), a copy otherwise.
   */
  keep: (output: string) => void;
  /** The link `keep` makes, for the file thread to make: its folder is made now. */
  linkFor: (output: string) => Link;
  write: (output: string, text: string) => void;
}

/**
 * Files of `dir` by their output paths ("/" separators), kept from `previousDir`. Synchronous,
 * like every per-file call of a rebuild: thousands of awaited thread-pool round trips were most
 * of a rebuild's waiting. Each sub-folder is made once.
 */
export function outputFiles(dir: string, previousDir: string | undefined): OutputFiles {
  const folders = new Set<string>();
  const placed = (output: string): string => {
    const target = path.join(dir, ...output.split("/"));
    const folder = path.dirname(target);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    return target;
  };
  const linkFor = (output: string): Link => {
    if (previousDir === undefined) throw new Error("mimeo: no previous output to keep from");
    return [path.join(previousDir, ...output.split("/")), placed(output)];
  };
  return {
    keep: (output) => {
      linkOrCopy(...linkFor(output));
    },
    linkFor,
    write: (output, text) => writeFileSync(placed(output), text),
  };
}

/** Each file of a finished audience, as the record keeps it. */
export async function describeOutput(
  dir: string,
  hashes: ReadonlyMap<string, string>,
  made: ReadonlyMap<string, string>,
  passed: (output: string) => string | undefined,
  /**
   * The files linked from the last output, with what its record said of them: a link is the
   * same file, of the same size and times, so it is not asked for them again (at 4,000 pages,
   * 0.02 s of the main thread).
   */
  linked: ReadonlyMap<string, OutputFile> = new Map(),
): Promise<Record<string, OutputFile>> {
  const files: Record<string, OutputFile> = {};
  for (const entry of await walk(dir)) {
    const full = path.join(dir, entry.path);
    const info = linked.get(entry.path) ?? lstatSync(full);
    const hash = hashes.get(entry.path) ?? (await sha256File(full));
    const fingerprint = made.get(entry.path);
    const guard = passed(entry.path);
    files[entry.path] = {
      hash,
      size: info.size,
      mtimeMs: info.mtimeMs,
      ...(fingerprint ? { made: fingerprint } : {}),
      ...(guard ? { passed: guard } : {}),
    };
  }
  return files;
}
