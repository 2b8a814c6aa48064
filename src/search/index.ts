// Offline search for mimeo sites: an index built at build time into a plain script, and a small
// browser script that searches it, so search works from file:// and degrades to a link without JS.
export {
  buildSearchIndex,
  loadSearchIndex,
  miniSearchOptions,
  parseSearchIndex,
  scriptSafeJson,
  SEARCH_FIELDS,
  SEARCH_OPTIONS,
} from "./index-file.ts";
export type { SearchCard, SearchData, SearchDoc } from "./index-file.ts";
export { markdownToPlainText, summarise } from "./text.ts";
export { normaliseTerm, processTermFor, stopWordsFor } from "./terms.ts";
export { SEARCH_ASSETS, SEARCH_INDEX_FILE } from "./assets.ts";
export type { SiteAsset } from "./assets.ts";
