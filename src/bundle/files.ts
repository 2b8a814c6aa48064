// Walking a folder without following symbolic links, hashing files, and the SHA256SUMS format
// that coreutils' `sha256sum -c` and macOS's `shasum -a 256 -c` read.
import { createHash } from "node:crypto";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { lstat, readdir, rename } from "node:fs/promises";
import path from "node:path";

export { printable } from "../printable.ts";

export const SUMS_FILE = "SHA256SUMS";
/** A signed bundle's minisign signature of SHA256SUMS, and the public key it checks with. */
export const SIGNATURE_FILE = "SHA256SUMS.minisig";
export const BUNDLE_KEY_FILE = "minisign.pub";

/** A problem with a build, a bundle or the folder a bundle goes to, for a person to fix. */
export class BundleError extends Error {
  override name = "BundleError";
}

export interface FolderEntry {
  /** Relative to the walked folder, with "/" separators. */
  path: string;
  type: "file" | "symlink" | "other";
}

/**
 * Every entry under `root` that is not a folder, sorted by path. Symbolic links are listed,
 * never followed, so a link can't pull files from outside the folder into a bundle. `folders`,
 * when given, receives every folder passed on the way (as walkFolders lists them).
 */
export async function walk(root: string, folders?: string[]): Promise<FolderEntry[]> {
  const found: FolderEntry[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        folders?.push(relative);
        await visit(path.join(dir, entry.name), relative);
      } else if (entry.isFile()) found.push({ path: relative, type: "file" });
      else if (entry.isSymbolicLink()) found.push({ path: relative, type: "symlink" });
      else found.push({ path: relative, type: "other" });
    }
  };
  await visit(root, "");
  // Each path's bytes once, not once per comparison: a site has thousands of files.
  return found
    .map((entry) => ({ entry, bytes: Buffer.from(entry.path, "utf8") }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ entry }) => entry);
}

/** Every folder under `root` (not `root` itself), relative with "/" separators; links are not followed. */
export async function walkFolders(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      found.push(relative);
      await visit(path.join(dir, entry.name), relative);
    }
  };
  await visit(root, "");
  return found;
}

/** The folders that hold one of these files ("/" separators), however deep below. */
export function foldersHoldingFiles(files: Iterable<string>): Set<string> {
  const holding = new Set<string>();
  for (const file of files) {
    for (let at = path.posix.dirname(file); at !== "."; at = path.posix.dirname(at)) {
      if (holding.has(at)) break;
      holding.add(at);
    }
  }
  return holding;
}

/** Byte order of the UTF-8 paths, as `LC_ALL=C sort` would put them, on every platform. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Files up to this size are hashed from one read; larger ones (PDFs, images) are streamed. */
const READ_WHOLE = 1024 * 1024;

export async function sha256File(file: string): Promise<string> {
  // Most files of a site are pages of a few kilobytes: one synchronous read costs far less than
  // a stream's open, reads and close through the thread pool (a build hashes thousands).
  if (statSync(file).size <= READ_WHOLE) return sha256(readFileSync(file));
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Why a path can't be written to SHA256SUMS or trusted when read from one, or undefined.
 * sha256sum escapes names holding a backslash or a line break with a leading "\"; mimeo never
 * makes such names, so it refuses them instead of carrying a second syntax.
 */
export function unsafePath(relative: string): string | undefined {
  if (/[\\\n\r]/.test(relative)) return "holds a backslash or a line break";
  if (relative.startsWith("/") || /^[a-zA-Z]:/.test(relative)) return "is absolute";
  if (relative.split("/").some((part) => part === "" || part === "." || part === ".."))
    return "has an empty, '.' or '..' part";
  return undefined;
}

export interface SumLine {
  hash: string;
  path: string;
}

/** The text of SHA256SUMS: `<hex>  <path>` per line, sorted by path, "/" separators. */
export function formatSums(lines: SumLine[]): string {
  return [...lines]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map((line) => `${line.hash}  ${line.path}\n`)
    .join("");
}

/** Reads SHA256SUMS; a line that is not `<64 hex> <space or *><path>` is an error naming it. */
export function parseSums(text: string): SumLine[] {
  const lines: SumLine[] = [];
  const seen = new Set<string>();
  text.split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") return;
    const where = `${SUMS_FILE} line ${index + 1}`;
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!match?.[1] || !match[2]) {
      throw new BundleError(`${where} is not "<sha256>  <file>": ${JSON.stringify(line)}`);
    }
    const file = match[2];
    const unsafe = unsafePath(file);
    if (unsafe) throw new BundleError(`${where} names ${JSON.stringify(file)}, which ${unsafe}`);
    if (seen.has(file)) throw new BundleError(`${where} lists ${JSON.stringify(file)} twice`);
    seen.add(file);
    lines.push({ hash: match[1].toLowerCase(), path: file });
  });
  return lines;
}

/** Files operating systems drop into any folder they show; they don't make a folder foreign. */
const OS_LITTER = new Set([".DS_Store", "Thumbs.db", "desktop.ini"]);

/**
 * Whether a file of that name is one an operating system made by itself: Finder's .DS_Store,
 * Windows' Thumbs.db and desktop.ini, and the `._name` files macOS writes beside each file on a
 * stick it cannot give its own metadata. Nobody writes these; losing them loses nothing.
 */
export function isOsLitter(name: string): boolean {
  return OS_LITTER.has(name) || name.startsWith("._") || OS_FOLDERS.has(name);
}

/**
 * Folders an operating system makes at the top of a stick it mounts: macOS's trash, event log,
 * search index and scratch, Windows' system folder and recycle bin. A bundle at a stick's root
 * has them beside it.
 */
const OS_FOLDERS = new Set([
  ".Trashes",
  ".fseventsd",
  ".Spotlight-V100",
  ".TemporaryItems",
  "System Volume Information",
  "$RECYCLE.BIN",
]);

/** Whether a folder of that name is one an operating system keeps at the top of a stick. */
export const isOsFolder = (name: string): boolean => OS_FOLDERS.has(name);

/** Whether a path in a walked folder ("/" separators) is OS litter, or inside an OS folder. */
export function isOsLitterPath(relative: string): boolean {
  return relative.split("/").some(isOsLitter);
}

/** lstat that says "missing" instead of throwing for a path that isn't there. */
export async function entryType(
  file: string,
): Promise<"missing" | "file" | "directory" | "symlink" | "other"> {
  try {
    const stats = await lstat(file);
    if (stats.isSymbolicLink()) return "symlink";
    if (stats.isFile()) return "file";
    if (stats.isDirectory()) return "directory";
    return "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw error;
  }
}

/**
 * Whether `dir` is the root of a mounted disk (a USB stick's): it cannot be renamed or removed,
 * and a folder beside it is on another disk, where no decrypted or circle file should go.
 */
export async function isMountRoot(dir: string): Promise<boolean> {
  const [own, parent] = await Promise.all([lstat(dir), lstat(path.dirname(dir))]);
  return own.dev !== parent.dev;
}

/** Moves the entries of `from` into `into`, but those `keep` names: renames, on one disk. */
export async function moveEntries(
  from: string,
  into: string,
  keep: (name: string) => boolean = () => false,
): Promise<void> {
  for (const name of (await readdir(from)).sort()) {
    if (!keep(name)) await rename(path.join(from, name), path.join(into, name));
  }
}

/** Whether a process still runs (a temporary folder named after it is still in use). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** How a folder stands against the SHA256SUMS lines it carries. */
export interface SumsComparison {
  /** Listed files whose bytes differ, or that are no longer plain files. */
  changed: string[];
  missing: string[];
  /** Files and links not listed (SHA256SUMS, its signature and OS litter aside). */
  extra: string[];
  /** Every entry of the folder, as walk() gives them. */
  found: FolderEntry[];
}

/** Compares `root` with `listed`, reading and hashing every listed file. */
export async function compareWithSums(
  root: string,
  listed: readonly SumLine[],
): Promise<SumsComparison> {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const line of listed) {
    const file = path.join(root, ...line.path.split("/"));
    const type = await entryType(file);
    if (type === "missing") missing.push(line.path);
    else if (type !== "file" || (await sha256File(file)) !== line.hash) changed.push(line.path);
  }
  const names = new Set(listed.map((line) => line.path));
  const found = await walk(root);
  const extra = found
    .map((entry) => entry.path)
    .filter((file) => file !== SUMS_FILE && file !== SIGNATURE_FILE)
    // What Finder, Spotlight and Windows leave on a stick they opened is nobody's change.
    .filter((file) => !names.has(file) && !isOsLitterPath(file));
  return { changed, missing, extra, found };
}
