// One HTML-only build of both audiences, as the rebuild tests run it: a fixed build day, a
// print cache of the test's own.
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
