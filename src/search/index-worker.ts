// The thread that makes search-index.js texts (see index-thread.ts): each message is a page set
// and its language, each answer the text buildSearchIndex gives for it. The thread keeps the
// words of every text it has read between messages, as the main thread would.
import { parentPort } from "node:worker_threads";
import type { Language } from "../content/model.ts";
import { buildSearchIndex, type SearchDoc } from "./index-file.ts";

export interface IndexJob {
  job: number;
  docs: SearchDoc[];
  language: Language;
}

export type IndexAnswer = { job: number; text: string } | { job: number; error: string };

parentPort?.on("message", ({ job, docs, language }: IndexJob) => {
  let answer: IndexAnswer;
  try {
    answer = { job, text: buildSearchIndex(docs, language) };
  } catch (error) {
    answer = { job, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
