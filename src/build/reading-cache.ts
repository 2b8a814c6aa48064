// What the last build read from each Markdown file it published (its front matter's data, its
// body, and the body's links and plain text), kept beside the build record so a new `mimeo
// build` process reads and parses again only files whose stat changed, and parses only bodies
// it does not hold. It holds circle text when the circle site was built, like the rendered
// sheets in the same print cache; after a public-only build, only public words. Written with the
// owner's permissions only; a deleted or expired report's text is gone after the next build;
// `mimeo wipe` removes it with the cache.
//
// It also keeps the ledger's totals, the rotation plan and the calendar with what each was worked
// out from (prepare.ts's memo), and which images decoded (by their bytes' hashes), when the
// circle site was built: they name members, so a public-only build keeps none. A rebuild after a
// report's edit does not work them out again (about 0.15 s at 4,000 reports), nor decode an
// image, nor load sharp to do so (about 40 ms).
//
// Written with V8's serializer (node:v8), not as JSON: at 4,000 reports the cache is about 21 MB
// of text, and JSON.stringify and JSON.parse took about 0.4 s of a one-edit rebuild where
// serialize and deserialize take half. Its format belongs to the V8 that wrote it, so V8's
// version is part of the cache's version.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { FileRead, ReadBody } from "../content/load.ts";
import type { PrepareMemo } from "../prepare.ts";
import { codeVersion } from "./record.ts";

interface ReadingCacheFile {
  /** mimeo's code: another version may read bodies differently, so its cache is not used. */
  version: string;
  bodies: [string, ReadBody][];
  /** What was read of each published file, so the next build reads only files that changed. */
  files?: [string, FileRead][];
  /** The last build's ledger, rotation plan and calendar, with their inputs (see prepare.ts). */
  prepared?: PrepareMemo;
  /** The keys of the images the last build decoded without a problem (see ImagesDecoded). */
  images?: string[];
}

/** What the last build read: its bodies by key, and its files by content path. */
export interface ReadingCache {
  bodies: Map<string, ReadBody>;
  files: Map<string, FileRead>;
  /** Kept only when the circle site was built: the ledger and the roster name members. */
  prepared: PrepareMemo;
  /** Kept only when the circle site was built, as `prepared`. */
  images: ReadonlySet<string>;
}

/** The reading cache beside a build record (`<record>.json` → `<record>.read`). */
export function readingCacheFor(recordFile: string): string {
  return recordFile.replace(/\.json$/, ".read");
}

/** Where mimeo before the V8 format kept it: removed when the cache is next written. */
const jsonCacheOf = (file: string): string => `${file}.json`;

/**
 * What the cache must have been written by: this mimeo, on this V8, with these time zones (the
 * calendar is worked out in the circle's zone).
 */
const cacheVersion = (): string =>
  `${codeVersion()} v8 ${process.versions.v8} tz ${process.versions.tz ?? ""}`;

const isReadBody = (value: unknown): value is ReadBody => {
  const body = value as Partial<ReadBody> | null;
  return (
    typeof body?.plainText === "string" &&
    Array.isArray(body.references) &&
    (body.plainTextWritten === undefined || typeof body.plainTextWritten === "string")
  );
};

const isFileRead = (value: unknown): value is FileRead => {
  const read = value as Partial<FileRead> | null;
  return (
    typeof read?.stamp === "string" &&
    typeof read.body === "string" &&
    typeof read.key === "string" &&
    typeof read.bodyStartLine === "number" &&
    (read.bodyWritten === undefined || typeof read.bodyWritten === "string") &&
    (read.checked === undefined || typeof read.checked.kind === "string") &&
    Array.isArray(read.lines) &&
    typeof read.data === "object" &&
    read.data !== null
  );
};

/** The parts of prepare.ts's memo. */
const MEMO_PARTS = ["ledger", "rotation", "calendar"] as const;

/** Each part of a memo as prepare.ts keeps it: the canonical JSON of its inputs, and its value. */
const isRemembered = (value: unknown): boolean => {
  const part = value as { inputs?: unknown; value?: unknown } | null;
  return typeof part?.inputs === "string" && typeof part.value === "object" && part.value !== null;
};

/** The parts of a kept memo that look as prepare.ts wrote them; any other is worked out again. */
function memoOf(value: unknown): PrepareMemo {
  if (typeof value !== "object" || value === null) return {};
  const kept = value as Record<string, unknown>;
  const memo: Record<string, unknown> = {};
  for (const part of MEMO_PARTS) {
    if (isRemembered(kept[part])) memo[part] = kept[part];
  }
  return memo as PrepareMemo;
}

/** What the last build read, or nothing when the file is missing, unreadable or stale. */
export async function readReadingCache(file: string): Promise<ReadingCache> {
  try {
    const cache = deserialize(await readFile(file)) as Partial<ReadingCacheFile> | null;
    if (cache?.version !== cacheVersion() || !Array.isArray(cache.bodies)) {
      return emptyReadingCache();
    }
    return {
      bodies: new Map(
        cache.bodies.filter(([key, body]) => typeof key === "string" && isReadBody(body)),
      ),
      files: new Map(
        (Array.isArray(cache.files) ? cache.files : []).filter(
          ([name, read]) => typeof name === "string" && isFileRead(read),
        ),
      ),
      prepared: memoOf(cache.prepared),
      images: new Set(
        (Array.isArray(cache.images) ? cache.images : []).filter(
          (key): key is string => typeof key === "string",
        ),
      ),
    };
  } catch {
    return emptyReadingCache();
  }
}

/** A reading cache that holds nothing: a first build's, or a `--clean` one's. */
export const emptyReadingCache = (): ReadingCache => ({
  bodies: new Map(),
  files: new Map(),
  prepared: {},
  images: new Set(),
});

/** Whether two memos hold the same parts, worked out from the same inputs. */
const sameMemo = (a: PrepareMemo, b: PrepareMemo): boolean =>
  MEMO_PARTS.every((part) => a[part]?.inputs === b[part]?.inputs);

/**
 * Writes what this build read, replacing the last build's, unless it is the same: written beside
 * its place and renamed, so a reader never sees half of it.
 */
export async function writeReadingCache(
  file: string,
  now: ReadingCache,
  earlier: ReadingCache,
): Promise<void> {
  const same =
    now.bodies.size === earlier.bodies.size &&
    [...now.bodies.keys()].every((key) => earlier.bodies.has(key)) &&
    now.files.size === earlier.files.size &&
    [...now.files].every(([name, read]) => earlier.files.get(name)?.stamp === read.stamp) &&
    sameMemo(now.prepared, earlier.prepared) &&
    now.images.size === earlier.images.size &&
    [...now.images].every((key) => earlier.images.has(key));
  if (same) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.part`;
  const cache: ReadingCacheFile = {
    version: cacheVersion(),
    bodies: [...now.bodies],
    files: [...now.files],
    prepared: now.prepared,
    images: [...now.images].sort(),
  };
  try {
    await writeFile(temp, serialize(cache), { mode: 0o600 });
    await rename(temp, file);
    await rm(jsonCacheOf(file), { force: true });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
