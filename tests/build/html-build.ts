// One HTML-only build of both audiences, as the rebuild tests run it: a fixed build day, a
// print cache of the test's own.
import { readdir, utimes } from "node:fs/promises";
import path from "node:path";
import { build, type BuildOptions, type BuildResult } from "../../src/build/build.ts";

export const TODAY = "2026-12-01";

export function buildHtml(
  content: string,
  out: string,
  cache: string,
  options: Partial<BuildOptions> = {},
): Promise<BuildResult> {
  return build({
    content,
    out,
    audiences: ["public", "circle"],
    pdf: false,
    today: TODAY,
    cacheDir: cache,
    ...options,
  });
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
