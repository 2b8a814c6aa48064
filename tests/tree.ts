// A folder's files and the SHA-256 of each, for tests that check a folder came out (or stayed)
// byte for byte the same; and its files dated back, as an archive's were saved long before.
import { createHash } from "node:crypto";
import { readFile, readdir, utimes } from "node:fs/promises";
import path from "node:path";

/** Every file under `dir`, by path relative to it, with the SHA-256 of its bytes. */
export async function treeHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return out;
}

/**
 * Dates every file of a content folder an hour back, as files saved long before a build are: a
 * build keeps what it read of a file only once the file has been still for a few seconds.
 */
export async function settle(content: string): Promise<void> {
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const entry of await readdir(content, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) await utimes(path.join(entry.parentPath, entry.name), hourAgo, hourAgo);
  }
}
