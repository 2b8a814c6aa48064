// What the last build read from each Markdown file it published (its front matter's data, its
// body, and the body's links and plain text), kept beside the build record so a new `mimeo
// build` process reads and parses again only files whose stat changed, and parses only bodies
// it does not hold. It holds circle text when the circle site was built, like the rendered
// sheets in the same print cache; after a public-only build, only public words. Written with the
// owner's permissions only; a deleted or expired report's text is gone after the next build;
// `mimeo wipe` removes it with the cache.
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
import { codeVersion } from "./record.ts";

interface ReadingCacheFile {
  /** mimeo's code: another version may read bodies differently, so its cache is not used. */
  version: string;
  bodies: [string, ReadBody][];
  /** What was read of each published file, so the next build reads only files that changed. */
  files?: [string, FileRead][];
}

/** What the last build read: its bodies by key, and its files by content path. */
export interface ReadingCache {
  bodies: Map<string, ReadBody>;
  files: Map<string, FileRead>;
}

/** The reading cache beside a build record (`<record>.json` → `<record>.read`). */
export function readingCacheFor(recordFile: string): string {
  return recordFile.replace(/\.json$/, ".read");
}

/** Where mimeo before the V8 format kept it: removed when the cache is next written. */
const jsonCacheOf = (file: string): string => `${file}.json`;

/** What the cache must have been written by: this mimeo, on this V8. */
const cacheVersion = (): string => `${codeVersion()} v8 ${process.versions.v8}`;

const isReadBody = (value: unknown): value is ReadBody => {
  const body = value as Partial<ReadBody> | null;
  return typeof body?.plainText === "string" && Array.isArray(body.references);
};

const isFileRead = (value: unknown): value is FileRead => {
  const read = value as Partial<FileRead> | null;
  return (
    typeof read?.stamp === "string" &&
    typeof read.body === "string" &&
    typeof read.key === "string" &&
    typeof read.bodyStartLine === "number" &&
    Array.isArray(read.lines) &&
    typeof read.data === "object" &&
    read.data !== null
  );
};

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
    };
  } catch {
    return emptyReadingCache();
  }
}

/** A reading cache that holds nothing: a first build's, or a `--clean` one's. */
export const emptyReadingCache = (): ReadingCache => ({ bodies: new Map(), files: new Map() });

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
    [...now.files].every(([name, read]) => earlier.files.get(name)?.stamp === read.stamp);
  if (same) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.part`;
  const cache: ReadingCacheFile = {
    version: cacheVersion(),
    bodies: [...now.bodies],
    files: [...now.files],
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
