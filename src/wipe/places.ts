// Every place on disk where mimeo leaves something derived from a circle, named once, so that
// what writes there and `mimeo wipe`, which removes it, cannot drift apart.
import os from "node:os";
import path from "node:path";

/** The print cache: rendered PDFs kept between builds, beside the output folder. */
export function printCacheDir(out: string): string {
  return path.join(path.dirname(path.resolve(out)), ".cache", "mimeo-print");
}

/** Where `mimeo check` and `mimeo seal` look for the print cache: beside the content folder. */
export function printCacheBesideContent(content: string): string {
  return path.join(path.dirname(path.resolve(content)), ".cache", "mimeo-print");
}

/** Prefixes of the scratch folders mimeo makes in the system's temporary folder. */
export const SCRATCH_PREFIXES = ["mimeo-serve-", "mimeo-check-", "mimeo-seal-"] as const;

export function scratchRoot(): string {
  return os.tmpdir();
}

/** A fresh scratch folder's name prefix for `mimeo seal`, in the system's temporary folder. */
export function sealScratchPrefix(): string {
  return path.join(scratchRoot(), "mimeo-seal-");
}

/**
 * Whether a name in the output's parent folder is a temporary build folder of `out`
 * (`.output.tmp-PID-RANDOM`, made by `mimeo build`), and the process that made it.
 */
export function temporaryBuildPid(name: string, out: string): number | undefined {
  const prefix = `.${path.basename(path.resolve(out))}.tmp-`;
  if (!name.startsWith(prefix)) return undefined;
  const pid = Number(name.slice(prefix.length).split("-")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid a scratch folder in the temporary folder is named after, when it carries one. */
export function scratchPid(name: string): number | undefined {
  const prefix = SCRATCH_PREFIXES.find((p) => name.startsWith(p));
  if (!prefix) return undefined;
  const first = name.slice(prefix.length).split("-")[0] ?? "";
  return /^\d+$/.test(first) ? Number(first) : undefined;
}
