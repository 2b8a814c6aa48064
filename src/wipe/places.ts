// The places `mimeo wipe` and `mimeo seal` use, in their terms, over the one list of places
// mimeo writes (src/site/locations.ts), so what writes there and what removes it cannot drift.
import os from "node:os";
import path from "node:path";
import {
  buildFolderPrefix,
  ownerOf,
  printCacheFor,
  SCRATCH_PREFIXES,
  SEAL_SCRATCH_PREFIX,
} from "../site/locations.ts";

export { SCRATCH_PREFIXES };

/** The print cache of a build into `out` (`MIMEO_CACHE` moves it, as for `mimeo build`). */
export function printCacheDir(out: string, env: NodeJS.ProcessEnv = process.env): string {
  return printCacheFor(out, undefined, env);
}

/** The cache `mimeo build` uses with its default output: `output/` beside the content folder. */
export function printCacheBesideContent(
  content: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return printCacheFor(path.join(path.dirname(path.resolve(content)), "output"), undefined, env);
}

export function scratchRoot(): string {
  return os.tmpdir();
}

/** A fresh scratch folder's name prefix for `mimeo seal`, in the system's temporary folder. */
export function sealScratchPrefix(): string {
  return path.join(scratchRoot(), SEAL_SCRATCH_PREFIX);
}

/** The process that made a temporary build folder of `out` (`.output.tmp-PID-RANDOM`). */
export function temporaryBuildPid(name: string, out: string): number | undefined {
  return ownerOf(name, buildFolderPrefix(path.resolve(out)));
}

/** The pid a scratch folder in the temporary folder is named after, when it carries one. */
export function scratchPid(name: string): number | undefined {
  const prefix = SCRATCH_PREFIXES.find((p) => name.startsWith(p));
  return prefix === undefined ? undefined : ownerOf(name, prefix);
}

/**
 * Whether `name` is a scratch folder mimeo made: its prefix, then the pid of the process that
 * made it and the six characters mkdtemp adds (older versions wrote only one of the two). Another program's folder that
 * only starts the same way (`mimeo-seal-test-…`) is not mimeo's to remove.
 */
export function isScratchFolder(name: string): boolean {
  return SCRATCH_PREFIXES.some(
    (prefix) =>
      name.startsWith(prefix) &&
      /^(?:\d+(?:-[A-Za-z0-9]{6})?|[A-Za-z0-9]{6})$/.test(name.slice(prefix.length)),
  );
}
