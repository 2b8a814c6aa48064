// `mimeo wipe`: finds everything mimeo derived from a circle (the output folder, the print
// cache, scratch folders in the temporary folder, temporary build folders left by a killed
// build) and removes it. Files a person put there are never touched.
import { readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { entryType, isAlive } from "../bundle/files.ts";
import { isPrintCacheEntry, OUTPUT_MARKER } from "../site/locations.ts";
import {
  printCacheBesideContent,
  printCacheDir,
  isScratchFolder,
  scratchPid,
  scratchRoot,
  temporaryBuildPid,
} from "./places.ts";

export interface WipeItem {
  /** Absolute path of a folder or file to remove. */
  path: string;
  /** What it is, for the list a person confirms. */
  what: string;
}

export interface WipePlan {
  remove: WipeItem[];
  /** Paths left alone, with why: files mimeo did not make, or scratch of a running mimeo. */
  kept: WipeItem[];
  /** Folders to remove afterwards if they are then empty (the output folder, `.cache`). */
  emptyFolders: string[];
}

/** The marker `mimeo build` writes into the output folder, and the audiences beside it. */
const OUTPUT_ENTRIES = new Set(["public", "circle", OUTPUT_MARKER]);

/**
 * What `mimeo wipe` would remove for this output and content folder (and the print cache named
 * with `--cache`, if any); removes nothing.
 */
export async function planWipe(options: {
  out: string;
  content: string;
  cache?: string;
}): Promise<WipePlan> {
  const out = path.resolve(options.out);
  const plan: WipePlan = { remove: [], kept: [], emptyFolders: [] };

  // The output folder: what mimeo build made in it, and the folder itself once it is empty.
  // Without build's marker, a `public` folder there is someone's own site, not a build.
  const outType = await entryType(out);
  if (outType === "directory") {
    const names = (await readdir(out)).sort();
    const built = names.includes(OUTPUT_MARKER);
    for (const name of names) {
      const item = { path: path.join(out, name), what: "" };
      if (built && OUTPUT_ENTRIES.has(name)) plan.remove.push({ ...item, what: "built site" });
      else plan.kept.push({ ...item, what: "not made by mimeo build" });
    }
    plan.emptyFolders.push(out);
  }

  // Temporary build folders beside the output, left by builds that were killed.
  const parent = path.dirname(out);
  for (const name of (await readdir(parent).catch(() => [] as string[])).sort()) {
    const pid = temporaryBuildPid(name, out);
    if (pid === undefined) continue;
    const item = { path: path.join(parent, name), what: "temporary build folder" };
    if (pid !== process.pid && isAlive(pid))
      plan.kept.push({ ...item, what: "a build still running" });
    else plan.remove.push(item);
  }

  // The print cache, where `mimeo build` and where `mimeo check` and `mimeo seal` keep it.
  // Only what mimeo writes there: a cache may be a folder other programs use too.
  const caches = [
    ...new Set([
      ...(options.cache ? [path.resolve(options.cache)] : []),
      printCacheDir(out),
      printCacheBesideContent(options.content),
    ]),
  ];
  for (const cache of caches) {
    if ((await entryType(cache)) !== "directory") continue;
    const names = (await readdir(cache)).sort();
    if (names.every(isPrintCacheEntry)) {
      plan.remove.push({ path: cache, what: "print cache" });
    } else {
      for (const name of names) {
        const item = { path: path.join(cache, name), what: "print cache" };
        if (isPrintCacheEntry(name)) plan.remove.push(item);
        else plan.kept.push({ ...item, what: "not made by mimeo" });
      }
      plan.emptyFolders.push(cache);
    }
    plan.emptyFolders.push(path.dirname(cache));
  }

  // Scratch folders in the system's temporary folder: a preview's copy of the site, the
  // build that `mimeo check` and `mimeo seal` make and throw away.
  const tmp = scratchRoot();
  for (const name of (await readdir(tmp).catch(() => [] as string[])).sort()) {
    if (!isScratchFolder(name)) continue;
    const item = { path: path.join(tmp, name), what: "scratch folder" };
    const pid = scratchPid(name);
    if (pid !== undefined && pid !== process.pid && isAlive(pid)) {
      plan.kept.push({ ...item, what: "in use by a running mimeo" });
    } else plan.remove.push(item);
  }
  return plan;
}

/** Removes what the plan lists, then the folders it emptied; returns what it removed. */
export async function carryOut(plan: WipePlan): Promise<WipeItem[]> {
  const removed: WipeItem[] = [];
  for (const item of plan.remove) {
    await rm(item.path, { recursive: true, force: true });
    removed.push(item);
  }
  for (const folder of plan.emptyFolders) {
    // rmdir refuses a folder that still holds something: exactly what is wanted.
    if (
      await rmdir(folder).then(
        () => true,
        () => false,
      )
    ) {
      removed.push({ path: folder, what: "empty folder" });
    }
  }
  return removed;
}
