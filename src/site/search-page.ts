// The text of a site's search-index.js, made on the search index thread (src/search/
// index-thread.ts) while the pages are rendered. The build and serve ask for it as soon as the
// site is made; the page that writes it waits for the same text.
import { searchIndexInThread } from "../search/index-thread.ts";
import type { Site } from "./audience.ts";

/** By the site's search documents: Eleventy hands templates the site, not always the same object. */
const made = new WeakMap<object, Promise<string>>();

export function searchIndexFor(site: Pick<Site, "searchDocs" | "settings">): Promise<string> {
  let text = made.get(site.searchDocs);
  if (text === undefined) {
    text = searchIndexInThread(site.searchDocs, site.settings.language);
    made.set(site.searchDocs, text);
  }
  return text;
}

/** Begins making the text, for a page that asks later; a failure is reported by that page. */
export function beginSearchIndex(site: Pick<Site, "searchDocs" | "settings">): void {
  searchIndexFor(site).catch(() => undefined);
}
