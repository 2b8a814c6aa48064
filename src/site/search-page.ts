// The text of a site's search-index.js. `mimeo serve` begins it on the search index thread
// (src/search/index-thread.ts) as soon as the site is made, so it is made while the pages are
// fingerprinted and rendered; the page that writes it waits for the same text. A first build
// makes it on the main thread when the page asks: a second thread's heap on top of the pages'
// was a quarter more memory at 10,000 reports (over 1 GiB), for a twentieth less time. A
// rebuild begins a changed one on the thread, and ends the thread when it is made (build.ts).
import { endIndexThread, searchIndexInThread } from "../search/index-thread.ts";
import { searchIndexOf, type Site } from "./audience.ts";
import { stage } from "../stages.ts";

type Searched = Pick<Site, "searchDocs" | "settings">;

/** By the site's search documents: Eleventy hands templates the site, not always the same object. */
const made = new WeakMap<object, Promise<string>>();

export function searchIndexFor(site: Searched): Promise<string> {
  let text = made.get(site.searchDocs);
  stage("search index asked for");
  if (text === undefined) {
    text = Promise.resolve().then(() => searchIndexOf(site));
    made.set(site.searchDocs, text);
  }
  return text;
}

/**
 * Begins making the text on the index thread; a failure is reported by the page that asks.
 * `once`: the thread is ended when the text is made (a build makes one index an audience).
 */
export function beginSearchIndex(site: Searched, options: { once?: boolean } = {}): void {
  if (made.has(site.searchDocs)) return;
  stage("search index begun on its thread");
  let text = searchIndexInThread(site.searchDocs, site.settings.language).then((made) => {
    stage("search index made on its thread");
    return made;
  });
  if (options.once) text = text.finally(endIndexThread);
  made.set(site.searchDocs, text);
  text.catch(() => undefined);
}
