// The render cache: a PDF made once is not made again until something that shapes it changes.
// Entries live in a folder the caller names (outside the output), one file per key; after a
// successful build only the entries that build used are kept.

import { randomUUID } from "node:crypto";
import { readdirSync, rmdirSync, rmSync, type Dirent } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../bundle/files.ts";
import { isPrintCacheEntry } from "../site/locations.ts";

/**
 * Bump when the print pipeline changes in a way that changes PDFs (flags, finishing,
 * injected CSS), so old cache entries stop matching.
 */
export const PIPELINE_VERSION = "mimeo-print/2";

/** Everything that shapes one PDF. Serialised with sorted keys so the key is stable. */
export type KeyPart = string | number | boolean | null | KeyPart[] | { [k: string]: KeyPart };

function canonical(value: KeyPart): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function renderKey(parts: { [k: string]: KeyPart }): string {
  return sha256(canonical({ pipeline: PIPELINE_VERSION, ...parts }));
}

/**
 * The cache entries one build used. Sheets of expired reports or of an audience no longer built
 * must not stay on disk, so after a successful build everything else is removed. A read-only
 * use (`mimeo check`, which writes nothing) takes what is there and adds nothing.
 */
export class CacheUse {
  private readonly used = new Set<string>();
  constructor(
    readonly dir: string,
    readonly writable = true,
  ) {}

  /** Keeps a file or folder of the cache (anything inside a kept folder is kept). */
  mark(entry: string): void {
    this.used.add(path.relative(this.dir, entry));
  }

  /** Every entry this build used, by its path in the cache, in order. */
  entries(): string[] {
    return [...this.used].sort();
  }

  /** Removes every entry this build did not use, and folders left empty; returns how many. */
  prune(): Promise<number> {
    if (!this.writable) return Promise.resolve(0);
    const above = new Set<string>();
    for (const entry of this.used) {
      for (let up = path.dirname(entry); up !== "." && !above.has(up); up = path.dirname(up)) {
        above.add(up);
      }
    }
    let removed = 0;
    // Synchronous, like every call of a rebuild made once a file or folder: the cache has a
    // folder for each of hundreds of key prefixes, and awaiting each folder's names from the
    // thread pool in turn took up to 0.2 s after a one-edit rebuild with PDFs.
    const sweep = (rel: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(path.join(this.dir, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        // What another program keeps in a shared cache folder is not this build's to prune.
        if (rel === "" && !isPrintCacheEntry(entry.name)) continue;
        const inner = rel === "" ? entry.name : path.join(rel, entry.name);
        if (this.used.has(inner)) continue;
        if (entry.isDirectory() && above.has(inner)) {
          sweep(inner);
          try {
            rmdirSync(path.join(this.dir, inner));
          } catch {
            // Not empty: it holds entries this build used.
          }
        } else {
          rmSync(path.join(this.dir, inner), { recursive: true, force: true });
          removed++;
        }
      }
    };
    sweep("");
    return Promise.resolve(removed);
  }
}

export class RenderCache {
  constructor(
    readonly dir: string,
    private readonly use: CacheUse = new CacheUse(dir),
  ) {}

  private fileFor(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.dir, key.slice(0, 2), `${key}.pdf`);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const file = this.fileFor(key);
      const bytes = await readFile(file);
      // A truncated entry (disk full, killed mid-write by an older version) is a miss.
      if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") return undefined;
      this.use.mark(file);
      return new Uint8Array(bytes);
    } catch {
      return undefined;
    }
  }

  /** Written beside its final name and renamed, so a reader never sees half a PDF. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    if (!this.use.writable) return;
    const file = this.fileFor(key);
    this.use.mark(file);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomUUID()}.part`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
