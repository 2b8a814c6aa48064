// What goes inside a sealed archive and what it is called: the tar's entries in a fixed order
// with fixed times and owners, the archive's top folder and the file's name for a month.
// Pure: no file is read or written here.
import { formatSums, type SumLine, unsafePath } from "../bundle/files.ts";

/** The build, under the top folder; the sources (with --with-content) sit beside it. */
export const SITE_FOLDER = "site";
export const CONTENT_FOLDER = "content";
export const ARCHIVE_SUMS = "SHA256SUMS";

/**
 * The time every entry carries when SOURCE_DATE_EPOCH is not set: 2000-01-01 UTC. It says
 * nothing about when the archive was made (GNU tar warns about times at 1970 itself).
 */
export const FIXED_EPOCH = 946_684_800;

export interface ArchiveFile {
  /** Path inside the top folder, "/" separators: `site/index.html`, `content/charter.md`. */
  path: string;
  size: number;
  sha256: string;
}

export interface TarEntry {
  /** Path in the tar, directories ending in "/". */
  name: string;
  type: "file" | "directory";
  size: number;
  mode: number;
  mtime: Date;
  /** For files: where it comes from (the ArchiveFile's path), or the SHA256SUMS text. */
  source?: { file: string } | { text: string };
}

/** Seconds for every entry's time: SOURCE_DATE_EPOCH when set, else FIXED_EPOCH. */
export function archiveEpoch(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return FIXED_EPOCH;
  if (!/^\d+$/.test(raw)) throw new RangeError(`SOURCE_DATE_EPOCH must be whole seconds: "${raw}"`);
  return Number(raw);
}

/**
 * Every entry of the tar, sorted by byte order of the path so a folder comes before what it
 * holds: the top folder, SHA256SUMS (listing every other file), then each folder and file.
 * Owners are left out (uid and gid 0, no user or group name) and every time is `epoch`, so the
 * same files always make the same tar whoever seals them, and the tar says nothing of them.
 */
export function tarEntries(files: readonly ArchiveFile[], top: string, epoch: number): TarEntry[] {
  const mtime = new Date(epoch * 1000);
  const sums = formatSums(files.map((f): SumLine => ({ path: f.path, hash: f.sha256 })));
  const folders = new Set<string>();
  for (const file of files) {
    const unsafe = unsafePath(file.path);
    if (unsafe) throw new RangeError(`${JSON.stringify(file.path)} ${unsafe}`);
    if (file.path === ARCHIVE_SUMS) throw new RangeError(`${ARCHIVE_SUMS} is the archive's own`);
    const parts = file.path.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  const entries: TarEntry[] = [
    { name: `${top}/`, type: "directory", size: 0, mode: 0o755, mtime },
    {
      name: `${top}/${ARCHIVE_SUMS}`,
      type: "file",
      size: Buffer.byteLength(sums),
      mode: 0o644,
      mtime,
      source: { text: sums },
    },
    ...[...folders].map((folder): TarEntry => ({
      name: `${top}/${folder}/`,
      type: "directory",
      size: 0,
      mode: 0o755,
      mtime,
    })),
    ...files.map((file): TarEntry => ({
      name: `${top}/${file.path}`,
      type: "file",
      size: file.size,
      mode: 0o644,
      mtime,
      source: { file: file.path },
    })),
  ];
  return entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

/** `2026-11` as written, or an error saying how to write it. */
export function parseMonth(text: string): { month: string } | { error: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) {
    return {
      error: `--month must be a year and month written YYYY-MM, like 2026-11 (found "${text}").`,
    };
  }
  return { month: text };
}

/** The name given when only a month is: neutral, so a found stick says little. */
export const DEFAULT_BASE = "archive";

/**
 * The sealed file's path. `target` may be a file name (`archive.age`), a folder that exists
 * (`/media/usb`), or nothing; with a month the month is added to the name:
 * `archive.age` + 2026-11 → `archive-2026-11.age`; `/media/usb` + 2026-11 →
 * `/media/usb/archive-2026-11.age`. Without a month a folder or nothing is not enough.
 */
export function sealedFileName(
  target: string | undefined,
  month: string | undefined,
  targetIsFolder: boolean,
): { file: string } | { error: string } {
  const join = (dir: string, name: string): string =>
    dir === "" ? name : `${dir.replace(/[/\\]+$/, "")}/${name}`;
  if (target === undefined || targetIsFolder) {
    if (month === undefined) {
      return {
        error:
          "say which file to write: mimeo seal FILE.age, or name it for the month with --month YYYY-MM.",
      };
    }
    return { file: join(target ?? "", `${DEFAULT_BASE}-${month}.age`) };
  }
  if (!target.endsWith(".age")) {
    return {
      error: `the sealed file's name must end in .age, so age and mimeo know it (found "${target}").`,
    };
  }
  if (month === undefined) return { file: target };
  return { file: `${target.slice(0, -".age".length)}-${month}.age` };
}

/**
 * The tar's top folder, from the sealed file's name: `archive-2026-11.age` opens into
 * `archive-2026-11/`, so `tar -x` never spills files into the folder it runs in.
 */
export function archiveTop(sealedFile: string): string {
  const base = sealedFile.split(/[/\\]/).pop() ?? "";
  const stem = base.replace(/\.age$/, "").replace(/[^A-Za-z0-9._-]+/g, "-");
  return /^[A-Za-z0-9]/.test(stem) ? stem : DEFAULT_BASE;
}

/**
 * Where an entry read back from a tar lands under the top folder, or why it may not: every
 * entry must sit in one top folder, be a plain file or folder, and have a path that cannot
 * leave the folder it is extracted into.
 */
export function extractedPath(
  name: string,
  type: string,
): { top: string; path: string; folder: boolean } | { error: string } {
  if (type !== "file" && type !== "directory") {
    return { error: `${JSON.stringify(name)} is a ${type}, not a plain file or folder` };
  }
  const trimmed = name.endsWith("/") ? name.slice(0, -1) : name;
  const unsafe = unsafePath(trimmed);
  if (unsafe) return { error: `the name ${JSON.stringify(name)} ${unsafe}` };
  const [top = "", ...rest] = trimmed.split("/");
  return { top, path: rest.join("/"), folder: type === "directory" };
}
