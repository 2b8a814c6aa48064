// Every place mimeo writes besides the output itself: the print cache (and the build record in
// it), the preview server's and the checker's scratch folders, the folders of a build in
// progress. One list, so a clean-up command and the docs name the same places the build uses.
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isAlive } from "../bundle/files.ts";

/** The environment variable that moves the print cache, like `--cache DIR`. */
export const CACHE_ENV = "MIMEO_CACHE";

/** The print cache of a build into `out`: `--cache`, else MIMEO_CACHE, else beside the output. */
export function printCacheFor(
  out: string,
  chosen?: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (chosen) return path.resolve(chosen);
  const fromEnv = env[CACHE_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(path.dirname(path.resolve(out)), ".cache", "mimeo-print");
}

/** The file `mimeo build` leaves in its output folder: what tells its folders from a person's. */
export const OUTPUT_MARKER = ".mimeo-output";

/**
 * What mimeo writes at the top of a print cache: the render cache's folders (a key's first two
 * hex digits), the sheets, the guard's PDF forms and the build records. A cache may be a folder
 * that holds other things (`--cache ~/.cache`): a build's pruning and `mimeo wipe` touch only these.
 */
export function isPrintCacheEntry(name: string): boolean {
  return /^[0-9a-f]{2}$/.test(name) || ["sheets", "pdf-forms", "build-record"].includes(name);
}

/**
 * The record of the last build into `out` (hashes and names of its files, never content),
 * inside the print cache it used: removing the cache (`mimeo wipe`) removes it too. The reading
 * cache beside it (build/reading-cache.ts) does hold the text of the last build's bodies.
 */
export function buildRecordFor(out: string, cacheDir: string): string {
  const key = createHash("sha256").update(path.resolve(out)).digest("hex").slice(0, 32);
  return path.join(cacheDir, "build-record", `${key}.json`);
}

/** `mimeo serve` writes the site it shows into `<tmpdir>/mimeo-serve-<pid>-<random>`. */
export const SERVE_SCRATCH_PREFIX = "mimeo-serve-";
/** `mimeo check --audience public` builds into `<tmpdir>/mimeo-check-<pid>-<random>`. */
export const CHECK_SCRATCH_PREFIX = "mimeo-check-";
/** `mimeo seal` builds the circle audience into `<tmpdir>/mimeo-seal-<pid>-<random>`. */
export const SEAL_SCRATCH_PREFIX = "mimeo-seal-";
/** Every scratch folder prefix, for `mimeo wipe`. */
export const SCRATCH_PREFIXES = [
  SERVE_SCRATCH_PREFIX,
  CHECK_SCRATCH_PREFIX,
  SEAL_SCRATCH_PREFIX,
] as const;

export function scratchFolderName(prefix: string, random: string): string {
  return `${prefix}${process.pid}-${random}`;
}

/** A build in progress writes into `.<output name>.tmp-<pid>-<random>` beside the output. */
export function buildFolderPrefix(out: string): string {
  return `.${path.basename(out)}.tmp-`;
}

/** The process that made a folder named `<prefix><pid>-…`, or undefined if it is not one. */
export function ownerOf(entry: string, prefix: string): number | undefined {
  if (!entry.startsWith(prefix)) return undefined;
  const pid = Number(entry.slice(prefix.length).split("-")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Folders in `parent` named `<prefix><pid>-…` whose process is gone: left by a killed run. */
export async function staleFolders(parent: string, prefix: string): Promise<string[]> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  return entries
    .filter((entry) => {
      const pid = ownerOf(entry, prefix);
      return pid !== undefined && pid !== process.pid && !isAlive(pid);
    })
    .map((entry) => path.join(parent, entry));
}

/** Scratch folders of `mimeo serve`, `check` and `seal` whose process is gone. */
export async function staleScratchFolders(tmp: string = os.tmpdir()): Promise<string[]> {
  const stale = await Promise.all(SCRATCH_PREFIXES.map((prefix) => staleFolders(tmp, prefix)));
  return stale.flat();
}
