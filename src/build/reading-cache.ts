// What the last build read from each Markdown body it published (links and plain text), kept
// beside the build record so a new `mimeo build` process does not parse 4,000 unchanged bodies
// again. It holds circle text when the circle site was built, like the rendered sheets in the
// same print cache; after a public-only build, only public words. Written with the owner's
// permissions only; a deleted or expired report's text is gone after the next build; `mimeo
// wipe` removes it with the cache.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ReadBody } from "../content/load.ts";
import { codeVersion } from "./record.ts";

interface ReadingCacheFile {
  /** mimeo's code: another version may read bodies differently, so its cache is not used. */
  version: string;
  bodies: [string, ReadBody][];
}

/** The reading cache beside a build record (`<record>.json` → `<record>.read.json`). */
export function readingCacheFor(recordFile: string): string {
  return recordFile.replace(/\.json$/, ".read.json");
}

const isReadBody = (value: unknown): value is ReadBody => {
  const body = value as Partial<ReadBody> | null;
  return typeof body?.plainText === "string" && Array.isArray(body.references);
};

/** The bodies the last build read, or none when the file is missing, unreadable or stale. */
export async function readReadingCache(file: string): Promise<Map<string, ReadBody>> {
  try {
    const cache = JSON.parse(await readFile(file, "utf8")) as ReadingCacheFile;
    if (cache.version !== codeVersion() || !Array.isArray(cache.bodies)) return new Map();
    return new Map(
      cache.bodies.filter(([key, body]) => typeof key === "string" && isReadBody(body)),
    );
  } catch {
    return new Map();
  }
}

/**
 * Writes the bodies this build read, replacing the last build's, unless they are the same ones:
 * written beside its place and renamed, so a reader never sees half of it.
 */
export async function writeReadingCache(
  file: string,
  bodies: ReadonlyMap<string, ReadBody>,
  earlier: ReadonlyMap<string, ReadBody>,
): Promise<void> {
  if (bodies.size === earlier.size && [...bodies.keys()].every((key) => earlier.has(key))) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.part`;
  const cache: ReadingCacheFile = { version: codeVersion(), bodies: [...bodies] };
  try {
    await writeFile(temp, JSON.stringify(cache), { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
