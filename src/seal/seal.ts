// Sealing a finished build (and, if asked, the content folder) into one age file, and opening
// one again: the tar is streamed through the encryption, never written in plain to disk, and
// each result is written beside its final name and renamed into place only when complete.
import { randomBytes } from "node:crypto";
import { createReadStream, rmSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import tar from "tar-stream";
import { entryType, moveEntries, parseSums, sha256, walk } from "../bundle/files.ts";
import {
  ARCHIVE_SUMS,
  archiveTop,
  extractedPath,
  tarEntries,
  type ArchiveFile,
} from "./archive.ts";
import {
  damaged,
  dearmor,
  decrypt,
  encrypt,
  isArmored,
  lockedWith,
  SealError,
  type OpenKey,
  type SealKey,
} from "./age.ts";

/** A folder to put in the archive, under `prefix` (`site`, `content`). */
export interface SealSource {
  dir: string;
  prefix: string;
}

export interface SealResult {
  file: string;
  /** Files inside, SHA256SUMS not counted. */
  files: number;
  /** Size of the sealed file in bytes. */
  bytes: number;
}

/** Seals `sources` into `file`, which must not exist yet: mimeo never overwrites a file. */
export async function seal(
  sources: readonly SealSource[],
  file: string,
  key: SealKey,
  epoch: number,
): Promise<SealResult> {
  const target = path.resolve(file);
  await checkNewFile(target, file);
  const { files, where } = await collect(sources);
  const hashes = new Map(files.map((f) => [f.path, f.sha256]));
  const entries = tarEntries(files, archiveTop(target), epoch);
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.seal-tmp-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  const stopSignals = cleanUpOnSignal(tmp);
  try {
    const handle = await open(tmp, "wx", 0o600);
    let bytes = 0;
    try {
      const sealed = await encrypt(packTar(entries, where, hashes), key);
      for await (const chunk of chunksOf(sealed)) {
        await handle.write(chunk);
        bytes += chunk.byteLength;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if ((await entryType(target)) !== "missing") {
      throw new SealError(`${file} appeared while sealing; mimeo never overwrites a file.`);
    }
    await rename(tmp, target);
    return { file: target, files: files.length, bytes };
  } finally {
    stopSignals();
    await rm(tmp, { force: true });
  }
}

async function checkNewFile(target: string, shown: string): Promise<void> {
  const type = await entryType(target);
  if (type !== "missing") {
    throw new SealError(
      `${shown} already exists; mimeo never overwrites a file. Choose another name, or --month YYYY-MM.`,
    );
  }
  if ((await entryType(path.dirname(target))) !== "directory") {
    throw new SealError(
      `${path.dirname(target)} does not exist. Is the stick plugged in and mounted? mimeo creates no folder for ${shown}.`,
    );
  }
}

/** Every file of the sources, hashed, refusing links and anything that is not a plain file. */
async function collect(
  sources: readonly SealSource[],
): Promise<{ files: ArchiveFile[]; where: Map<string, string> }> {
  const files: ArchiveFile[] = [];
  const where = new Map<string, string>();
  for (const source of sources) {
    if ((await entryType(source.dir)) !== "directory") {
      throw new SealError(`${source.dir} is not a folder: there is nothing to seal there.`);
    }
    for (const entry of await walk(source.dir)) {
      const shown = path.join(source.dir, entry.path);
      if (entry.type !== "file") {
        throw new SealError(
          `${shown} is ${entry.type === "symlink" ? "a symbolic link" : "not a plain file"}; a sealed archive holds plain files only. Remove it and seal again.`,
        );
      }
      const bytes = await readFile(shown);
      const inside = `${source.prefix}/${entry.path}`;
      files.push({ path: inside, size: bytes.byteLength, sha256: sha256(bytes) });
      where.set(inside, shown);
    }
  }
  return { files, where };
}

/**
 * The tar as a stream, written entry by entry as the encryption asks for more, so a large
 * build is never held in memory whole. A file that changed since it was hashed stops it.
 */
function packTar(
  entries: ReturnType<typeof tarEntries>,
  where: ReadonlyMap<string, string>,
  hashes: ReadonlyMap<string, string>,
): ReadableStream<Uint8Array> {
  const pack = tar.pack();
  const fill = async (): Promise<void> => {
    for (const entry of entries) {
      let body: Buffer | undefined;
      if (entry.source && "text" in entry.source) body = Buffer.from(entry.source.text);
      else if (entry.source) {
        const file = where.get(entry.source.file) ?? "";
        body = await readFile(file);
        // The SHA256SUMS inside was written from the first reading: the bytes must still match.
        if (sha256(body) !== hashes.get(entry.source.file)) {
          throw new SealError(`${file} changed while it was being sealed; seal again.`);
        }
      }
      const header = {
        name: entry.name,
        type: entry.type,
        mode: entry.mode,
        mtime: entry.mtime,
        uid: 0,
        gid: 0,
        size: entry.size,
      };
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error | null): void => (error ? reject(error) : resolve());
        if (body) pack.entry(header, body, done);
        else pack.entry(header, done);
      });
    }
    pack.finalize();
  };
  fill().catch((error: unknown) => pack.destroy(error as Error));
  const chunks = pack[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value as Buffer));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      pack.destroy();
    },
  });
}

/** The first bytes of a file: enough for the header of an age file, armored or not. */
async function startOf(file: string): Promise<Buffer> {
  try {
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    throw new SealError(`cannot read ${file}.`);
  }
}

/**
 * Which key a sealed file needs, read from its header, or an error if it is not an age file.
 * A file in ASCII armor (`age -a`) is read through its armor.
 */
export async function sealedWith(file: string): Promise<"passphrase" | "keys"> {
  const kind = lockedWith(await startOf(file));
  if (kind === "not-age") {
    throw new SealError(`${file} is not a sealed archive (it does not start as an age file).`);
  }
  return kind;
}

export interface UnsealResult {
  dir: string;
  files: number;
}

/**
 * Opens `file` into `dir`, which must be missing or empty. Everything is decrypted, unpacked
 * and checked against the archive's SHA256SUMS in a hidden folder, which is put in place only
 * when all of it passed: a wrong key, a cut or changed file leaves nothing behind. The hidden
 * folder is beside a missing `dir`, and inside an empty one, which may be the root of an
 * encrypted disk: nothing decrypted is written to another disk.
 */
export async function unseal(file: string, dir: string, key: OpenKey): Promise<UnsealResult> {
  const target = path.resolve(dir);
  const state = await checkTargetFolder(target, dir);
  const name = `unseal-tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const tmp =
    state === "empty"
      ? path.join(target, `.${name}`)
      : path.join(path.dirname(target), `.${path.basename(target)}.${name}`);
  const stopSignals = cleanUpOnSignal(tmp);
  try {
    await mkdir(tmp, { mode: 0o700 });
    const read = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    const cipher = isArmored(await startOf(file)) ? dearmor(read) : read;
    const plain = await decrypt(cipher, key, file);
    const written = await extract(plain, tmp, file);
    await checkSums(tmp, written, file);
    if (state === "empty") {
      await moveEntries(tmp, target);
      await rmdir(tmp);
    } else await rename(tmp, target);
    return { dir: target, files: written.size };
  } finally {
    stopSignals();
    await rm(tmp, { recursive: true, force: true });
  }
}

async function checkTargetFolder(target: string, shown: string): Promise<"missing" | "empty"> {
  const type = await entryType(target);
  if (type === "missing") {
    if ((await entryType(path.dirname(target))) !== "directory") {
      throw new SealError(
        `${path.dirname(target)} does not exist; mimeo creates only the last folder of ${shown}.`,
      );
    }
    return "missing";
  }
  if (type === "directory") {
    if ((await readdir(target)).length === 0) return "empty";
  }
  throw new SealError(
    `${shown} already exists and is not an empty folder; mimeo never writes over files. Choose a new folder.`,
  );
}

/**
 * Unpacks the tar into `into`, taking the contents of its one top folder. Returns each file
 * written with its SHA-256. Read errors from the decryption mean the file was changed or cut.
 */
async function extract(
  plain: ReadableStream<Uint8Array>,
  into: string,
  shown: string,
): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  const unpack = tar.extract();
  let cipherFailed = false;
  const feed = (async (): Promise<void> => {
    try {
      for await (const chunk of chunksOf(plain)) {
        // Unpacking stopped at an entry it refuses: stop decrypting too.
        if (unpack.destroyed) return;
        if (!unpack.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
          await drainedOrClosed(unpack);
        }
      }
    } catch (error) {
      cipherFailed = true;
      throw error;
    }
    unpack.end(undefined);
  })();
  feed.catch((error: unknown) => unpack.destroy(error as Error));
  let top: string | undefined;
  try {
    for await (const entry of unpack) {
      const where = extractedPath(entry.header.name, entry.header.type ?? "file");
      if ("error" in where)
        throw new SealError(`${shown} holds an entry mimeo will not unpack: ${where.error}.`);
      if (top !== undefined && where.top !== top) {
        throw new SealError(
          `${shown} holds more than one top folder (${top}, ${where.top}); it was not made by mimeo seal.`,
        );
      }
      top = where.top;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (where.path === "") continue;
      const target = path.join(into, ...where.path.split("/"));
      if (where.folder) {
        await mkdir(target, { recursive: true, mode: 0o700 });
        continue;
      }
      if (written.has(where.path)) throw new SealError(`${shown} holds ${where.path} twice.`);
      const bytes = Buffer.concat(chunks);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, bytes, { flag: "wx" });
      written.set(where.path, sha256(bytes));
    }
    await feed;
  } catch (error) {
    // The feed may be waiting for room in the unpacker; closing it lets the feed end.
    unpack.destroy();
    await feed.catch(() => undefined);
    if (cipherFailed) throw damaged(shown);
    if (error instanceof SealError) throw error;
    throw new SealError(
      `${shown} opened, but what it holds is not an archive mimeo made (${(error as Error).message}); nothing was written.`,
    );
  }
  if (top === undefined) throw new SealError(`${shown} holds nothing; nothing was written.`);
  return written;
}

/** Every file listed with its SHA-256 and nothing else: the archive is as it was sealed. */
async function checkSums(dir: string, written: Map<string, string>, shown: string): Promise<void> {
  if (!written.has(ARCHIVE_SUMS)) {
    throw new SealError(
      `${shown} holds no ${ARCHIVE_SUMS}; it was not made by mimeo seal. Nothing was written.`,
    );
  }
  const listed = parseSums(await readFile(path.join(dir, ARCHIVE_SUMS), "utf8"));
  const problems: string[] = [];
  for (const line of listed) {
    const hash = written.get(line.path);
    if (hash === undefined) problems.push(`missing ${line.path}`);
    else if (hash !== line.hash) problems.push(`changed ${line.path}`);
  }
  const names = new Set(listed.map((line) => line.path));
  for (const name of written.keys()) {
    if (name !== ARCHIVE_SUMS && !names.has(name)) problems.push(`extra ${name}`);
  }
  if (problems.length > 0) {
    throw new SealError(
      `${shown} does not match its own ${ARCHIVE_SUMS} (${problems.slice(0, 3).join(", ")}${problems.length > 3 ? ", …" : ""}); nothing was written.`,
    );
  }
}

/** Removes `tmp` if the process is stopped half-way; returns the function that stops watching. */
function cleanUpOnSignal(tmp: string): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    // Synchronous on purpose: runs from a signal handler just before exit.
    rmSync(tmp, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

/** Waits until `stream` takes writes again, or is closed. */
function drainedOrClosed(stream: tar.Extract): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

/** A web stream's chunks; the DOM types mimeo compiles against give ReadableStream no iterator. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
