// Makes search-index.js texts on a thread of their own, so that `mimeo serve` makes the index of
// a large circle (megabytes of text at thousands of reports) while the main thread renders the
// pages: mimeo's figures are for a laptop of two cores. Whatever stops the thread from starting
// or answering, the index is made on the main thread instead, with the same bytes.
import type { Language } from "../content/model.ts";
import { JobThread, workerBeside } from "../threads.ts";
import type { SearchDoc } from "./index-file.ts";
import { inIndexOrder } from "./index-file.ts";
import { lastIndexIn, type IndexJob, type LastIndexFile, type PatchJob } from "./index-worker.ts";
import { patchedIndex, patchPages, type PatchedIndex } from "./patch.ts";

const thread = new JobThread<IndexJob | PatchJob, PatchedIndex | undefined>(
  () => workerBeside(import.meta.url, "index-worker"),
  "search index thread",
);
/** Each page sent to the thread, by number (pages are never changed once made). */
const numbers = new WeakMap<SearchDoc, number>();
let numbered = 0;
/** The pages the thread holds: those of the last job sent (see index-worker.ts). */
let held = new Set<number>();

/**
 * Starts the thread ahead of its first job: a rebuild starts it while it reads the content, so
 * that the thread has loaded its code (about 0.15 s) by the time a changed index is begun. A
 * build that did not need it ends it (endIndexThread).
 */
export function warmIndexThread(): void {
  thread.warm();
}

/** Whether the index thread has started and not failed (the tests ask). */
export function indexThreadWorks(): boolean {
  return thread.works;
}

/** How many threads ended by endIndexThread (the tests ask). */
export const indexThreadsEnded = (): number => thread.ended;

/**
 * Ends the thread, which holds every page it was sent (for `mimeo serve`'s next job): a build
 * ends it once its one index is made, so its heap is not kept beside the pages a large rebuild
 * renders (over 1 GiB at 10,000 reports after circle.yaml changed). The next job starts another.
 */
export function endIndexThread(): void {
  const before = thread.ended;
  thread.end();
  if (thread.ended > before) held = new Set();
}

/**
 * The search index of `docs`, made on the index thread when it can be: from the last build's
 * index file when `last` names one and the documents allow (see patch.ts), else whole. Without
 * a thread, on this one, the same way.
 */
export async function searchIndexInThread(
  docs: SearchDoc[],
  language: Language,
  last?: LastIndexFile,
): Promise<PatchedIndex> {
  // A patch first, with the changed pages alone: copying every page's text to the thread took
  // 0.03 s of the main thread at 4,000 reports, and the thread hashed them all again.
  const pages = last ? patchPages(last, inIndexOrder(docs)) : undefined;
  if (last && pages) {
    const patched = await thread.post({ patch: pages, language, last })?.catch(() => undefined);
    if (patched) return patched;
  }
  const order: number[] = [];
  const added: [number, SearchDoc][] = [];
  for (const doc of docs) {
    let n = numbers.get(doc);
    if (n === undefined) {
      n = ++numbered;
      numbers.set(doc, n);
    }
    order.push(n);
    if (!held.has(n)) added.push([n, doc]);
  }
  // Not with the last index: where the patch could not be made, it cannot be made from it.
  const answer = thread.post({ order, added, language });
  if (answer) held = new Set(order);
  try {
    const made = await answer;
    if (made) return made;
  } catch {
    // The thread may not hold what this side thinks: the next job sends every page.
    held = new Set();
  }
  return patchedIndex(lastIndexIn(last), docs, language);
}
