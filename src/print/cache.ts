// The render cache: a PDF made once is not made again until something that shapes it changes.
// Entries live in a folder the caller names (outside the output), one file per key.

import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../bundle/files.ts";

/**
 * Bump when the print pipeline changes in a way that changes PDFs (flags, finishing,
 * injected CSS), so old cache entries stop matching.
 */
export const PIPELINE_VERSION = "mimeo-print/1";

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

export class RenderCache {
  constructor(readonly dir: string) {}

  private fileFor(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.dir, key.slice(0, 2), `${key}.pdf`);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const bytes = await readFile(this.fileFor(key));
      // A truncated entry (disk full, killed mid-write by an older version) is a miss.
      return bytes.subarray(0, 5).toString("latin1") === "%PDF-"
        ? new Uint8Array(bytes)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Written beside its final name and renamed, so a reader never sees half a PDF. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileFor(key);
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
