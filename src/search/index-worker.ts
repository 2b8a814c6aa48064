// The thread that makes search-index.js texts (see index-thread.ts): each message is a page set
// and its language, each answer the text buildSearchIndex gives for it. The thread keeps the
// words of every text it has read between messages, as the main thread would, and the pages of
// the last message: a message sends only the pages the thread does not hold yet (at 4,000
// reports, copying every page's text to the thread on each save took longer than indexing).
import { parentPort } from "node:worker_threads";
import type { Language } from "../content/model.ts";
import { buildSearchIndex, type SearchDoc } from "./index-file.ts";

export interface IndexJob {
  job: number;
  /** The pages, in order, by number: each either sent in `added` or held from the last job. */
  order: number[];
  added: [number, SearchDoc][];
  language: Language;
}

export type IndexAnswer = { job: number; text: string } | { job: number; error: string };

/** The pages of the last job, by number. */
let held = new Map<number, SearchDoc>();

parentPort?.on("message", ({ job, order, added, language }: IndexJob) => {
  let answer: IndexAnswer;
  try {
    const now = new Map(added);
    const docs = order.map((n) => {
      const doc = now.get(n) ?? held.get(n);
      if (doc === undefined) throw new Error(`search page ${n} was never sent to the thread`);
      now.set(n, doc);
      return doc;
    });
    held = now;
    answer = { job, text: buildSearchIndex(docs, language) };
  } catch (error) {
    answer = { job, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
