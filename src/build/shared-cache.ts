// A print cache shared by builds into several outputs. The default cache is `.cache/mimeo-print`
// beside `--out`, so `--out a4 --paper a4` and `--out letter --paper letter` in one folder share
// one. A build with PDFs keeps only what it used (CacheUse.prune); without this, it removed the
// other output's record and sheets, and each build of the two started clean and rendered every
// sheet again.
//
// So a build also keeps what the last build into each other output used, while that output
// still holds every audience folder its record names. The cache then holds nothing the outputs
// beside it do not: an output's rendered sheets and read bodies are in its own folders. When an
// output, or one of its audiences (the circle's, say, before a stick is handed on), is deleted,
// the next build with PDFs removes its part of the cache.
import { lstatSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Audience } from "../content/model.ts";
import { codeVersion, recordFileFor, type BuildRecord } from "./record.ts";
import { readingCacheFor } from "./reading-cache.ts";

/**
 * The files of `cacheDir` that builds into outputs other than `out` still use: each one's record,
 * its reading cache and the entries its record lists. Only ever used to keep files, never to
 * remove them.
 */
export async function otherOutputsParts(cacheDir: string, out: string): Promise<string[]> {
  const own = recordFileFor(cacheDir, out);
  const folder = path.dirname(own);
  const names = await readdir(folder).catch(() => []);
  const parts: string[] = [];
  for (const name of names.sort()) {
    const file = path.join(folder, name);
    // Records are `.json`; `.read.json` is a reading cache as mimeo wrote it before (see
    // reading-cache.ts).
    if (file === own || !name.endsWith(".json") || name.endsWith(".read.json")) continue;
    const record = await readFile(file, "utf8")
      .then((text) => JSON.parse(text) as Partial<BuildRecord>)
      .catch(() => undefined);
    if (!record || !inUse(record, cacheDir, file)) continue;
    parts.push(file, readingCacheFor(file));
    for (const entry of record.cache ?? []) {
      if (typeof entry !== "string") continue;
      const inside = path.normalize(entry);
      if (path.isAbsolute(inside) || inside.split(path.sep).includes("..")) continue;
      parts.push(path.join(cacheDir, inside));
    }
  }
  return parts;
}

/**
 * Whether a record is the current one of an output that still exists whole: made by this
 * version of mimeo, in the place a build into its output writes it, and every audience it names
 * still a folder of that output.
 */
function inUse(record: Partial<BuildRecord>, cacheDir: string, file: string): boolean {
  const out = record.out;
  if (record.version !== codeVersion() || typeof out !== "string") return false;
  if (recordFileFor(cacheDir, out) !== file) return false;
  const audiences = Object.keys(record.audiences ?? {}) as Audience[];
  if (audiences.length === 0) return false;
  return audiences.every((audience) => {
    try {
      return lstatSync(path.join(out, audience)).isDirectory();
    } catch {
      return false;
    }
  });
}
