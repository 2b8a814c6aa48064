// The browser files search needs, and where the site copies them. Resolved from this module's
// own location, never from the working folder, so the build finds them from anywhere.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface SiteAsset {
  /** Absolute path of the file to copy. */
  from: string;
  /** Where it goes, relative to the site root, with "/" separators. */
  to: string;
}

const require = createRequire(import.meta.url);

/**
 * MiniSearch's browser (UMD) build. The package's "exports" map hides dist/umd, so resolve its
 * CommonJS entry (dist/cjs/index.cjs) and step across to the sibling folder.
 */
function miniSearchBrowserBuild(): string {
  return path.resolve(path.dirname(require.resolve("minisearch")), "..", "umd", "index.js");
}

export const SEARCH_ASSETS: readonly SiteAsset[] = [
  { from: miniSearchBrowserBuild(), to: "assets/minisearch.js" },
  {
    from: fileURLToPath(new URL("../../layouts/search/search.js", import.meta.url)),
    to: "assets/search.js",
  },
  // search-index.js itself is written by the build from buildSearchIndex(), at the site root.
];

/** Where the index file goes, relative to the site root. */
export const SEARCH_INDEX_FILE = "search-index.js";
