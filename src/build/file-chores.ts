// The file system work a rebuild hands to its file thread (file-thread.ts), done the same way
// there and, when there is no thread, on the main thread.
import { copyFileSync, linkSync, readdirSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import path from "node:path";

/** A link to make: the previous output's file, and its place in the new output. */
export type Link = readonly [from: string, to: string];

export type FileChore =
  { chore: "link"; links: readonly Link[] } | { chore: "remove"; dir: string };

/** Does a chore; gives the places it copied a file to rather than link it. */
export function doChore(job: FileChore): string[] {
  if (job.chore === "remove") {
    removeFolder(job.dir);
    return [];
  }
  return job.links.flatMap(([from, to]) => (linkOrCopy(from, to) ? [] : [to]));
}

/**
 * A hard link, or a copy where the file system has none (FAT, on USB sticks): whether it
 * linked. A link is the same file, with the same size and times; a copy has times of its own.
 */
export function linkOrCopy(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    copyFileSync(from, to);
    return false;
  }
}

/**
 * Removes a folder mimeo wrote, of files and folders only. Written by hand because each
 * folder's names are read once, with their types, and each file unlinked, where Node's rmSync
 * asks for every entry's type again (at 4,000 pages, 0.02 s against 0.06 s). Anything else in
 * it, or any failure, and rmSync removes what is left.
 */
export function removeFolder(dir: string): void {
  const remove = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) remove(full);
      else unlinkSync(full);
    }
    rmdirSync(folder);
  };
  try {
    remove(dir);
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}
