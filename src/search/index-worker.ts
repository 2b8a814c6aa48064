// The thread that makes search-index.js texts (see index-thread.ts): each message is a page set
// and its language, each answer the text buildSearchIndex gives for it. The thread keeps the
// words of every text it has read between messages, as the main thread would, and the pages of
// the last message: a message sends only the pages the thread does not hold yet (at 4,000
// reports, copying every page's text to the thread on each save took longer than indexing).
// A rebuild first sends a patch alone (patch.ts): the last build's index file, every page's id
// and hash, and only the changed pages whole. The thread reads the file and makes the new index
// from it when the file is the one the last build recorded; it answers undefined when it cannot,
// and is then sent every page.
import { readFileSync } from "node:fs";
import { sha256 } from "../bundle/files.ts";
import type { Language } from "../content/model.ts";
import type { SearchDoc } from "./index-file.ts";
import { answerJobs } from "../threads.ts";
import {
  patchedFrom,
  patchedIndex,
  type LastIndex,
  type PatchedIndex,
  type PatchPages,
} from "./patch.ts";

/** The last build's index: its file, the hash the build recorded of it, its documents' hashes. */
export interface LastIndexFile {
  file: string;
  hash: string;
  docs: string[];
}

export interface IndexJob {
  /** The pages, in order, by number: each either sent in `added` or held from the last job. */
  order: number[];
  added: [number, SearchDoc][];
  language: Language;
}

/** The last index made again with only its changed pages (patch.ts's PatchPages). */
export interface PatchJob {
  patch: PatchPages;
  language: Language;
  last: LastIndexFile;
}

/** The pages of the last job, by number. */
let held = new Map<number, SearchDoc>();

/** The last index, when its file is still the one recorded (a hand-edited one is not used). */
export function lastIndexIn(last: LastIndexFile | undefined): LastIndex | undefined {
  if (last === undefined) return undefined;
  try {
    const bytes = readFileSync(last.file);
    return sha256(bytes) === last.hash
      ? { text: bytes.toString("utf8"), docs: last.docs }
      : undefined;
  } catch {
    return undefined;
  }
}

answerJobs((job: IndexJob | PatchJob): PatchedIndex | undefined => {
  if ("patch" in job) {
    const last = lastIndexIn(job.last);
    return last && patchedFrom(last, job.patch, job.language);
  }
  const { order, added, language } = job;
  const now = new Map(added);
  const docs = order.map((n) => {
    const doc = now.get(n) ?? held.get(n);
    if (doc === undefined) throw new Error(`search page ${n} was never sent to the thread`);
    now.set(n, doc);
    return doc;
  });
  held = now;
  return patchedIndex(undefined, docs, language);
});
