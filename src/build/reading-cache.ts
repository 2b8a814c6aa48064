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
// The files and bodies are serialized in chunks of about CHUNK entries, each chunk a file of
// its own in the cache's folder, named by its bytes' hash, and listed by a small index file: a
// rebuild writes again only the chunks that hold something it did not take from the last cache
// as it was read (an edited report's), and leaves the others' files as they are. At 4,000
// reports, writing the whole 23 MB cache anew was about 0.07 s of a one-edit rebuild, and
// writing the changed chunks' bytes into one file again still took that long.
//
// In each chunk, the long texts (the files' bodies, the bodies' plain texts) follow the entries
// as UTF-8, and are read back as slices of one string: at 4,000 reports, 8,000 strings
// deserialized one by one were copied again by each young-generation collection until they
// were old (about 0.05 s), where a chunk's one string is too large to be copied at all.
import { createHash, randomUUID } from "node:crypto";
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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
  /** The files it read whose stat had not settled, each with that stat (see BodyMemo). */
  unsettled?: [string, string][];
}

/** The index file: the chunks of bodies, then of files, each by its file's name and length. */
interface Header {
  version: string;
  prepared?: PrepareMemo;
  images?: string[];
  unsettled?: [string, string][];
  bodies: ChunkName[];
  files: ChunkName[];
}

/** A chunk's file name (its bytes' SHA-256) and its length in bytes. */
type ChunkName = [string, number];

/** Entries serialized together, and their file: left as it is when the entries are unchanged. */
interface Chunk {
  entries: readonly (readonly [string, unknown])[];
  name: string;
  length: number;
}

/**
 * A reading cache as files: the index's bytes, the name of every chunk it lists, and the bytes
 * of the chunks serialized anew (the others are the last cache's files, as they were read).
 */
export interface ReadingCacheParts {
  index: Buffer;
  names: ReadonlySet<string>;
  made: ReadonlyMap<string, Uint8Array>;
}

/** What the last build read: its bodies by key, and its files by content path. */
export interface ReadingCache {
  bodies: Map<string, ReadBody>;
  files: Map<string, FileRead>;
  /** Kept only when the circle site was built: the ledger and the roster name members. */
  prepared: PrepareMemo;
  /** Kept only when the circle site was built, as `prepared`. */
  images: ReadonlySet<string>;
  /**
   * The files the last build read just after they were saved, each with its stat then: not kept
   * (their stat could not yet tell an edit), but one saved again since is most likely edited
   * again, and its sheets are made again.
   */
  unsettled: ReadonlyMap<string, string>;
  /** The chunks as read, for the next write to copy. */
  chunks?: { bodies: Chunk[]; files: Chunk[] };
}

/** The long text of each entry of a chunk of bodies or of files, kept after its entries. */
type ChunkKind = "bodies" | "files";
const TEXT_OF: Readonly<Record<ChunkKind, string>> = { bodies: "plainText", files: "body" };

/** A surrogate not in a pair, which UTF-8 would write as U+FFFD. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * A chunk's bytes: the length of the rest, its entries serialized without their texts, with each
 * text's length (-1 for a text left in its entry: one that UTF-8 cannot hold as it is, with a
 * lone surrogate), then the texts as UTF-8, one after another.
 */
function chunkBytes(part: readonly (readonly [string, unknown])[], kind: ChunkKind): Buffer {
  const field = TEXT_OF[kind];
  const texts: string[] = [];
  const lengths: number[] = [];
  const entries = part.map(([key, value]) => {
    const text = (value as Record<string, unknown>)[field];
    if (typeof text !== "string" || LONE_SURROGATE.test(text)) {
      lengths.push(-1);
      return [key, value];
    }
    texts.push(text);
    lengths.push(text.length);
    return [key, Object.fromEntries(Object.entries(value as object).filter(([k]) => k !== field))];
  });
  const head = serialize({ entries, lengths });
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  return Buffer.concat([size, head, Buffer.from(texts.join(""), "utf8")]);
}

/** A chunk's entries, each given back its text (see chunkBytes); throws when they do not fit. */
function chunkEntries(bytes: Buffer, kind: ChunkKind): [string, unknown][] {
  const field = TEXT_OF[kind];
  const headEnd = 4 + bytes.readUInt32LE(0);
  if (headEnd > bytes.length) throw new Error("a reading cache's chunk cut short");
  const { entries, lengths } = (deserialize(bytes.subarray(4, headEnd)) ?? {}) as {
    entries?: unknown;
    lengths?: unknown;
  };
  if (!Array.isArray(entries) || !Array.isArray(lengths) || entries.length !== lengths.length) {
    throw new Error("not a reading cache's chunk");
  }
  // One string holds the chunk's texts; each text is a slice of it.
  const texts = bytes.toString("utf8", headEnd);
  let at = 0;
  entries.forEach((entry: unknown, i) => {
    const length: unknown = lengths[i];
    if (length === -1) return;
    const value: unknown = Array.isArray(entry) ? entry[1] : undefined;
    if (typeof value !== "object" || value === null || typeof length !== "number") {
      throw new Error("not a reading cache's chunk");
    }
    if (length < 0 || at + length > texts.length)
      throw new Error("a reading cache's chunk cut short");
    (value as Record<string, unknown>)[field] = texts.slice(at, (at += length));
  });
  if (at !== texts.length) throw new Error("a reading cache's chunk of other texts");
  return entries as [string, unknown][];
}

/** Entries in a chunk, on average (see startsChunk). */
const CHUNK = 64;

/** Whether an entry with this key begins a chunk: one key in CHUNK, by an FNV-1a hash of it. */
function startsChunk(key: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash & (CHUNK - 1)) === 0;
}
/** The first bytes of a reading cache's index in this format. */
const MAGIC = Buffer.from("mimeo reading cache, chunk files\n");

/**
 * The reading cache beside a build record (`<record>.json` → the folder `<record>.read`): its
 * index file, and a file for each chunk.
 */
export function readingCacheFor(recordFile: string): string {
  return recordFile.replace(/\.json$/, ".read");
}

/** The folder's index file: its chunks' names, and the parts too small to chunk. */
const INDEX = "index";

/** Where mimeo before the V8 format kept it: removed when the cache is next written. */
const jsonCacheOf = (folder: string): string => `${folder}.json`;

/** A chunk's file name: its bytes' SHA-256, so a chunk's file is never written over. */
const nameOf = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const CHUNK_NAME = /^[0-9a-f]{64}$/;

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
const MEMO_PARTS = ["ledger", "rotation", "calendar", "ledgerViews"] as const;

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

/** What the last build read, or nothing when the cache is missing, unreadable or stale. */
export async function readReadingCache(folder: string): Promise<ReadingCache> {
  try {
    const read = await decodeReadingCache(folder);
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
      unsettled: new Map(
        (Array.isArray(header.unsettled) ? header.unsettled : []).filter(
          (entry): entry is [string, string] =>
            Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "string",
        ),
      ),
      chunks,
    };
  } catch {
    return emptyReadingCache();
  }
}

/**
 * A reading cache's index and chunks, or undefined when the folder does not hold one. Throws when
 * a chunk is missing, of another length than the index says, or not a list of entries.
 */
async function decodeReadingCache(
  folder: string,
): Promise<{ header: Header; chunks: { bodies: Chunk[]; files: Chunk[] } } | undefined> {
  const index = await readFile(path.join(folder, INDEX));
  if (!index.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const header = deserialize(index.subarray(MAGIC.length)) as Partial<Header> | null;
  if (!header || !Array.isArray(header.bodies) || !Array.isArray(header.files)) return undefined;
  // Read side by side on the thread pool; each chunk's bytes are decoded once all are read.
  const chunksOf = async (names: unknown[], kind: ChunkKind): Promise<Chunk[]> => {
    const read = await Promise.all(
      names.map(async (named) => {
        const [name, length] = Array.isArray(named) ? (named as unknown[]) : [];
        if (typeof name !== "string" || !CHUNK_NAME.test(name) || typeof length !== "number") {
          throw new Error("not a reading cache's index");
        }
        return { name, length, bytes: await readFile(path.join(folder, name)) };
      }),
    );
    return read.map(({ name, length, bytes }) => {
      if (bytes.length !== length) throw new Error("a reading cache's chunk of another length");
      return { entries: chunkEntries(bytes, kind).filter(Array.isArray), name, length };
    });
  };
  const [bodies, files] = [
    await chunksOf(header.bodies, "bodies"),
    await chunksOf(header.files, "files"),
  ];
  return { header: header as Header, chunks: { bodies, files } };
}

/** What a reading cache's folder holds, or undefined when it holds none (the tests ask). */
export async function readingCacheContents(folder: string): Promise<ReadingCacheFile | undefined> {
  const read = await decodeReadingCache(folder).catch(() => undefined);
  if (!read) return undefined;
  const { header, chunks } = read;
  return {
    version: header.version,
    bodies: chunks.bodies.flatMap((chunk) => chunk.entries) as [string, ReadBody][],
    files: chunks.files.flatMap((chunk) => chunk.entries) as [string, FileRead][],
    ...(header.prepared ? { prepared: header.prepared } : {}),
    ...(header.images ? { images: header.images } : {}),
    ...(header.unsettled ? { unsettled: header.unsettled } : {}),
  };
}

/**
 * The files of a reading cache holding `cache`. A chunk of entries that are, one by one, the
 * very entries of a chunk of `earlier` (the same keys, and the same objects as read, which a
 * build never changes) keeps the file it was read from; the others are serialized.
 */
export function readingCacheParts(
  cache: ReadingCacheFile,
  earlier?: ReadingCache["chunks"],
): ReadingCacheParts {
  const names = new Set<string>();
  const made = new Map<string, Uint8Array>();
  const chunked = (
    entries: readonly [string, unknown][],
    kind: ChunkKind,
    before: Chunk[] = [],
  ): ChunkName[] => {
    const byFirst = new Map(before.map((chunk) => [chunk.entries[0]?.[1], chunk]));
    const out: ChunkName[] = [];
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
      if (same) {
        names.add(was.name);
        out.push([was.name, was.length]);
        continue;
      }
      const bytes = chunkBytes(part, kind);
      const name = nameOf(bytes);
      names.add(name);
      made.set(name, bytes);
      out.push([name, bytes.length]);
    }
    return out;
  };
  const bodies = chunked(cache.bodies, "bodies", earlier?.bodies);
  const files = chunked(cache.files ?? [], "files", earlier?.files);
  const header = serialize({
    version: cache.version,
    ...(cache.prepared ? { prepared: cache.prepared } : {}),
    ...(cache.images ? { images: cache.images } : {}),
    ...(cache.unsettled && cache.unsettled.length > 0 ? { unsettled: cache.unsettled } : {}),
    bodies,
    files,
  } satisfies Header);
  return { index: Buffer.concat([MAGIC, header]), names, made };
}

/**
 * Puts a reading cache's files into `folder`, in an order that never lets a reader see half of
 * one: the chunks serialized anew, each written beside its place and renamed; then the index,
 * the same way; then every other file of the folder is removed (the last cache's chunks that
 * are not this one's, so a deleted report's words are gone, and what a killed build left).
 * A file where the folder goes (the cache as mimeo wrote it before) is removed first.
 */
export async function putReadingCache(folder: string, parts: ReadingCacheParts): Promise<void> {
  const isFolder = await lstat(folder).then(
    (info) => info.isDirectory(),
    () => undefined,
  );
  if (isFolder === false) await rm(folder, { force: true });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const put = async (name: string, bytes: Uint8Array): Promise<void> => {
    const temp = path.join(folder, `${name}.${randomUUID()}.part`);
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, path.join(folder, name));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };
  await Promise.all([...parts.made].map(([name, bytes]) => put(name, bytes)));
  await put(INDEX, parts.index);
  const names = await readdir(folder);
  await Promise.all(
    names
      .filter((name) => name !== INDEX && !parts.names.has(name))
      .map((name) => rm(path.join(folder, name), { force: true, recursive: true })),
  );
}

/** A reading cache that holds nothing: a first build's, or a `--clean` one's. */
export const emptyReadingCache = (): ReadingCache => ({
  bodies: new Map(),
  files: new Map(),
  prepared: {},
  images: new Set(),
  unsettled: new Map(),
});

/** Whether two memos hold the same parts, worked out from the same inputs. */
const sameMemo = (a: PrepareMemo, b: PrepareMemo): boolean =>
  MEMO_PARTS.every((part) => a[part]?.inputs === b[part]?.inputs);

/**
 * Writes what this build read into the cache's folder, replacing the last build's, unless it is
 * the same (see putReadingCache: a reader never sees half of it).
 */
export async function writeReadingCache(
  folder: string,
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
    [...now.images].every((key) => earlier.images.has(key)) &&
    now.unsettled.size === earlier.unsettled.size &&
    [...now.unsettled].every(([file, stamp]) => earlier.unsettled.get(file) === stamp);
  if (same) return;
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
    unsettled: [...now.unsettled].sort(byKey),
  };
  await putReadingCache(folder, readingCacheParts(cache, earlier.chunks));
  await rm(jsonCacheOf(folder), { force: true });
}
