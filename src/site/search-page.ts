// The text of a site's search-index.js. `mimeo serve` begins it on the search index thread
// (src/search/index-thread.ts) as soon as the site is made, so it is made while the pages are
// fingerprinted and rendered; the page that writes it waits for the same text. A first build
// makes it on the main thread when the page asks: a second thread's heap on top of the pages'
// was a quarter more memory at 10,000 reports (over 1 GiB), for a twentieth less time. A
// rebuild begins a changed one on the thread, from the last build's index file (search/patch.ts),
// and ends the thread when it is made (build.ts).
import { endIndexThread, searchIndexInThread } from "../search/index-thread.ts";
import type { LastIndexFile } from "../search/index-worker.ts";
import { madeIndex, type MadeIndex } from "../search/patch.ts";
import type { Site } from "./audience.ts";
import { stage } from "../stages.ts";

type Searched = Pick<Site, "searchDocs" | "settings">;

/** By the site's search documents: Eleventy hands templates the site, not always the same object. */
const made = new WeakMap<object, Promise<MadeIndex>>();
/** Each index once made, by the same key: what the build records of it. */
const finished = new WeakMap<object, MadeIndex>();

function remembered(site: Searched, making: Promise<MadeIndex>): Promise<MadeIndex> {
  const kept = making.then((index) => {
    finished.set(site.searchDocs, index);
    return index;
  });
  made.set(site.searchDocs, kept);
  return kept;
}

export async function searchIndexFor(site: Searched): Promise<string> {
  stage("search index asked for");
  const text =
    made.get(site.searchDocs) ??
    remembered(
      site,
      Promise.resolve().then(() => madeIndex(site.searchDocs, site.settings.language)),
    );
  return (await text).text;
}

/** The hash of each document of the site's index, once it was made in this process. */
export function searchIndexDocs(site: Searched): string[] | undefined {
  return finished.get(site.searchDocs)?.docs;
}

/**
 * Begins making the text on the index thread; a failure is reported by the page that asks.
 * `once`: the thread is ended when the text is made (a build makes one index an audience).
 * `last`: the last build's index file, which the thread makes the new one from when it can.
 */
export function beginSearchIndex(
  site: Searched,
  options: { once?: boolean; last?: LastIndexFile } = {},
): void {
  if (made.has(site.searchDocs)) return;
  stage("search index begun on its thread");
  let text = searchIndexInThread(site.searchDocs, site.settings.language, options.last).then(
    (index) => {
      stage(`search index ${index.patched ? "patched" : "made"} on its thread`);
      return index;
    },
  );
  if (options.once) text = text.finally(endIndexThread);
  remembered(site, text).catch(() => undefined);
}
