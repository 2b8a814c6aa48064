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
//
// The files and bodies are serialized in chunks of about CHUNK entries, after a small header: a
// rebuild writes again only the chunks that hold something it did not take from the last cache
// as it was read (an edited report's), and copies the others' bytes. At 4,000 reports, writing
// the whole cache anew was about 0.07 s of a one-edit rebuild.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { FileRead, ReadBody } from "../content/load.ts";
import type { PrepareMemo } from "../prepare.ts";
import { codeVersion } from "./record.ts";

/** What a reading cache holds, as it is written (see readingCacheBytes). */
export interface ReadingCacheFile {
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

/** The header before the chunks: the byte length of each chunk of bodies, then of files. */
interface Header {
  version: string;
  prepared?: PrepareMemo;
  images?: string[];
  bodies: number[];
  files: number[];
}

/** Entries serialized together, and their bytes as read: written again as they are if unchanged. */
interface Chunk {
  entries: readonly (readonly [string, unknown])[];
  bytes: Uint8Array;
}

/** What the last build read: its bodies by key, and its files by content path. */
export interface ReadingCache {
  bodies: Map<string, ReadBody>;
  files: Map<string, FileRead>;
  /** Kept only when the circle site was built: the ledger and the roster name members. */
  prepared: PrepareMemo;
  /** Kept only when the circle site was built, as `prepared`. */
  images: ReadonlySet<string>;
  /** The chunks as read, for the next write to copy. */
  chunks?: { bodies: Chunk[]; files: Chunk[] };
}

/** Entries in a chunk, on average (see startsChunk). */
const CHUNK = 64;

/** Whether an entry with this key begins a chunk: one key in CHUNK, by an FNV-1a hash of it. */
function startsChunk(key: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash & (CHUNK - 1)) === 0;
}
/** The first bytes of a reading cache in this format. */
const MAGIC = Buffer.from("mimeo reading cache, chunked\n");

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
export const readingCacheVersion = (): string =>
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
    const read = decodeReadingCache(await readFile(file));
    if (read?.header.version !== readingCacheVersion()) return emptyReadingCache();
    const { header, chunks } = read;
    const entries = (list: Chunk[]): (readonly [string, unknown])[] =>
      list.flatMap((chunk) => chunk.entries);
    return {
      bodies: new Map(
        entries(chunks.bodies).filter(
          (entry): entry is [string, ReadBody] =>
            typeof entry[0] === "string" && isReadBody(entry[1]),
        ),
      ),
      files: new Map(
        entries(chunks.files).filter(
          (entry): entry is [string, FileRead] =>
            typeof entry[0] === "string" && isFileRead(entry[1]),
        ),
      ),
      prepared: memoOf(header.prepared),
      images: new Set(
        (Array.isArray(header.images) ? header.images : []).filter(
          (key): key is string => typeof key === "string",
        ),
      ),
      chunks,
    };
  } catch {
    return emptyReadingCache();
  }
}

/** A reading cache's header and chunks, or undefined when the bytes are not one. */
function decodeReadingCache(
  bytes: Buffer,
): { header: Header; chunks: { bodies: Chunk[]; files: Chunk[] } } | undefined {
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  let at = MAGIC.length + 4;
  const headerEnd = at + bytes.readUInt32LE(MAGIC.length);
  const header = deserialize(bytes.subarray(at, headerEnd)) as Partial<Header> | null;
  if (!header || !Array.isArray(header.bodies) || !Array.isArray(header.files)) return undefined;
  at = headerEnd;
  const chunksOf = (lengths: unknown[]): Chunk[] =>
    lengths.map((length) => {
      if (typeof length !== "number" || at + length > bytes.length) {
        throw new Error("a reading cache cut short");
      }
      const chunk = bytes.subarray(at, (at += length));
      const entries = deserialize(chunk) as unknown;
      if (!Array.isArray(entries)) throw new Error("not a reading cache's chunk");
      return { entries: entries.filter(Array.isArray) as [string, unknown][], bytes: chunk };
    });
  const chunks = { bodies: chunksOf(header.bodies), files: chunksOf(header.files) };
  return { header: header as Header, chunks };
}

/** What a reading cache's bytes hold, or undefined when they are not one (the tests ask). */
export function readingCacheContents(bytes: Buffer): ReadingCacheFile | undefined {
  const read = decodeReadingCache(bytes);
  if (!read) return undefined;
  const { header, chunks } = read;
  return {
    version: header.version,
    bodies: chunks.bodies.flatMap((chunk) => chunk.entries) as [string, ReadBody][],
    files: chunks.files.flatMap((chunk) => chunk.entries) as [string, FileRead][],
    ...(header.prepared ? { prepared: header.prepared } : {}),
    ...(header.images ? { images: header.images } : {}),
  };
}

/**
 * The bytes of a reading cache holding `cache`. A chunk of entries that are, one by one, the
 * very entries of a chunk of `earlier` (the same keys, and the same objects as read, which a
 * build never changes) is copied as it was read; the others are serialized.
 */
export function readingCacheBytes(
  cache: ReadingCacheFile,
  earlier?: ReadingCache["chunks"],
): Buffer {
  const chunked = (entries: readonly [string, unknown][], before: Chunk[] = []): Uint8Array[] => {
    const byFirst = new Map(before.map((chunk) => [chunk.entries[0]?.[1], chunk]));
    const out: Uint8Array[] = [];
    for (let i = 0; i < entries.length;) {
      const start = i;
      // Up to the next entry whose key starts a chunk: where chunks end depends on the
      // entries' keys, not on their places, so a file added or left out changes only its own.
      do i++;
      while (i < entries.length && !startsChunk(entries[i]?.[0] ?? "") && i - start < 4 * CHUNK);
      const part = entries.slice(start, i);
      const was = byFirst.get(part[0]?.[1]);
      const same =
        was !== undefined &&
        was.entries.length === part.length &&
        was.entries.every(([key, value], j) => key === part[j]?.[0] && value === part[j]?.[1]);
      out.push(same ? was.bytes : serialize(part));
    }
    return out;
  };
  const bodies = chunked(cache.bodies, earlier?.bodies);
  const files = chunked(cache.files ?? [], earlier?.files);
  const header = serialize({
    version: cache.version,
    ...(cache.prepared ? { prepared: cache.prepared } : {}),
    ...(cache.images ? { images: cache.images } : {}),
    bodies: bodies.map((chunk) => chunk.length),
    files: files.map((chunk) => chunk.length),
  } satisfies Header);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([MAGIC, length, header, ...bodies, ...files]);
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
  // In one order whatever order the build read them in (a rebuild that leaves the public
  // folder as it was reads the circle's files only), so that the chunks fall as they fell: the
  // files by path, and each body where its file is (a body's key is its hash, so an edited
  // body sorted by key would move, and shift every chunk between its old place and its new).
  const byKey = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number =>
    a < b ? -1 : a > b ? 1 : 0;
  const files = [...now.files].sort(byKey);
  const placed = new Set<string>();
  const bodies: [string, ReadBody][] = [];
  for (const [, read] of files) {
    const body = now.bodies.get(read.key);
    if (body === undefined || placed.has(read.key)) continue;
    placed.add(read.key);
    bodies.push([read.key, body]);
  }
  bodies.push(...[...now.bodies].filter(([key]) => !placed.has(key)).sort(byKey));
  const cache: ReadingCacheFile = {
    version: readingCacheVersion(),
    bodies,
    files,
    prepared: now.prepared,
    images: [...now.images].sort(),
  };
  try {
    await writeFile(temp, readingCacheBytes(cache, earlier.chunks), { mode: 0o600 });
    await rename(temp, file);
    await rm(jsonCacheOf(file), { force: true });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
