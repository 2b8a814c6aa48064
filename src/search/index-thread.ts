// Makes search-index.js texts on a thread of their own, so that `mimeo serve` makes the index of
// a large circle (megabytes of text at thousands of reports) while the main thread renders the
// pages: mimeo's figures are for a laptop of two cores. Whatever stops the thread from starting
// or answering, the index is made on the main thread instead, with the same bytes.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Language } from "../content/model.ts";
import type { SearchDoc } from "./index-file.ts";
import {
  lastIndexIn,
  type IndexAnswer,
  type IndexJob,
  type LastIndexFile,
} from "./index-worker.ts";
import { patchedIndex, type PatchedIndex } from "./patch.ts";

let thread: Worker | undefined;
let broken = false;
let jobs = 0;
/** Each page sent to the thread, by number (pages are never changed once made). */
const numbers = new WeakMap<SearchDoc, number>();
let numbered = 0;
/** The pages the thread holds: those of the last job sent (see index-worker.ts). */
let held = new Set<number>();
const waiting = new Map<
  number,
  { resolve: (made: PatchedIndex) => void; reject: (e: Error) => void }
>();

/** tsx's ESM API, as `import "tsx/esm/api"` finds it (require finds its CommonJS twin). */
function tsxApi(): string {
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  return pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
}

/** The thread, started on first use; run from TypeScript sources, it loads them through tsx. */
function indexThread(): Worker | undefined {
  if (thread || broken) return thread;
  try {
    // Beside this module: a .ts source, a compiled .js, or the packed CommonJS file.
    const fromSource = import.meta.url.endsWith(".ts");
    const file = new URL(
      `./index-worker.${import.meta.url.split(".").pop() ?? "js"}`,
      import.meta.url,
    );
    // From the sources (tests, or mimeo after an edit to src/), the thread registers tsx before
    // it loads the worker, as bin/mimeo.js does: Node 20 does not pass a loader on to a thread.
    const tsx = fromSource ? tsxApi() : undefined;
    const started = tsx
      ? new Worker(
          `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`,
          { eval: true },
        )
      : new Worker(file);
    started.on("message", (answer: IndexAnswer) => {
      const waiter = waiting.get(answer.job);
      waiting.delete(answer.job);
      if (waiting.size === 0) started.unref();
      if ("text" in answer) {
        const { text, docs, patched } = answer;
        waiter?.resolve({ text, docs, patched });
      } else waiter?.reject(new Error(answer.error));
    });
    const fail = (error: unknown): void => {
      if (thread !== started) return;
      broken = true;
      thread = undefined;
      const reason = error instanceof Error ? error : new Error(String(error));
      for (const waiter of waiting.values()) waiter.reject(reason);
      waiting.clear();
    };
    started.on("error", fail);
    started.on("exit", (code) => fail(new Error(`the search index thread stopped (${code})`)));
    started.unref();
    thread = started;
  } catch {
    broken = true;
  }
  return thread;
}

/**
 * Starts the thread ahead of its first job: a rebuild starts it while it reads the content, so
 * that the thread has loaded its code (about 0.15 s) by the time a changed index is begun. A
 * build that did not need it ends it (endIndexThread).
 */
export function warmIndexThread(): void {
  indexThread();
}

/** Whether the index thread has started and not failed (the tests ask). */
export function indexThreadWorks(): boolean {
  return thread !== undefined && !broken;
}

/** How many threads ended by endIndexThread (the tests ask). */
let ended = 0;
export const indexThreadsEnded = (): number => ended;

/**
 * Ends the thread, which holds every page it was sent (for `mimeo serve`'s next job): a build
 * ends it once its one index is made, so its heap is not kept beside the pages a large rebuild
 * renders (over 1 GiB at 10,000 reports after circle.yaml changed). The next job starts another.
 */
export function endIndexThread(): void {
  if (!thread || waiting.size > 0) return;
  void thread.terminate();
  thread = undefined;
  held = new Set();
  ended++;
}

/**
 * The search index of `docs`, made on the index thread when it can be: from the last build's
 * index file when `last` names one (see patch.ts), else whole.
 */
export async function searchIndexInThread(
  docs: SearchDoc[],
  language: Language,
  last?: LastIndexFile,
): Promise<PatchedIndex> {
  const worker = indexThread();
  if (!worker) return patchedIndex(lastIndexIn(last), docs, language);
  const job = ++jobs;
  try {
    return await new Promise<PatchedIndex>((resolve, reject) => {
      waiting.set(job, { resolve, reject });
      worker.ref();
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
      held = new Set(order);
      worker.postMessage({
        job,
        order,
        added,
        language,
        ...(last ? { last } : {}),
      } satisfies IndexJob);
    });
  } catch {
    // The thread may not hold what this side thinks: the next job sends every page.
    held = new Set();
    return patchedIndex(lastIndexIn(last), docs, language);
  }
}
