// A search index made from the last one. After an edit to a few pages of a large circle, only
// their terms, lengths and cards change: the last index is read back, those pages are taken out
// of it and put in again, and the result is the text buildSearchIndex gives for the same pages,
// byte for byte (tests/search/patch.test.ts holds the two to that on random edits). At 4,000
// reports, this takes a fraction of the time of indexing every page again, whose text a new
// process would otherwise cut into words anew. Pure: the caller reads the last text.
import { createHash } from "node:crypto";
import type { AsPlainObject } from "minisearch";
import type { Language } from "../content/model.ts";
import {
  cardOf,
  indexingOptions,
  inIndexOrder,
  parseSearchIndex,
  searchIndexOfSorted,
  searchIndexText,
  type SearchData,
  type SearchDoc,
} from "./index-file.ts";
import { averageLengths, byTerm, savedIndex } from "./postings.ts";

/** A search index as the last build wrote it, and each of its documents' hash (searchDocHash). */
export interface LastIndex {
  text: string;
  docs: readonly string[];
}

/** The text of search-index.js, and each document's hash in the order the index holds them. */
export interface MadeIndex {
  text: string;
  docs: string[];
}

/** An index, and whether it was made from the last one. */
export interface PatchedIndex extends MadeIndex {
  patched: boolean;
}

/**
 * At most this many changed pages are patched in; beyond that the index is made whole. Each
 * changed page is looked for in every term's postings.
 */
export const MOST_PATCHED = 32;

/** What a document's place in the index is made from, as a short hash: never its text. */
export function searchDocHash(doc: SearchDoc): string {
  return createHash("sha256")
    .update(JSON.stringify([doc.id, doc.url, doc.title, doc.kind, doc.text, doc.tags]))
    .digest("base64url")
    .slice(0, 22);
}

/** The search index of these documents, whole. */
export function madeIndex(docs: readonly SearchDoc[], language: Language): MadeIndex {
  const { text, docs: hashes } = patchedIndex(undefined, docs, language);
  return { text, docs: hashes };
}

/**
 * The search index of these documents, made from the last one when it holds the same documents
 * (by id, in the same language) and at most MOST_PATCHED of them changed; otherwise whole.
 */
export function patchedIndex(
  last: LastIndex | undefined,
  docs: readonly SearchDoc[],
  language: Language,
): PatchedIndex {
  const sorted = inIndexOrder(docs);
  const hashes = sorted.map(searchDocHash);
  const text = last ? patched(last, sorted, hashes, language) : undefined;
  if (text !== undefined) return { text, docs: hashes, patched: true };
  return { text: searchIndexOfSorted(sorted, language), docs: hashes, patched: false };
}

function patched(
  last: LastIndex,
  sorted: readonly SearchDoc[],
  hashes: readonly string[],
  language: Language,
): string | undefined {
  if (last.docs.length !== sorted.length) return undefined;
  const changed: number[] = [];
  hashes.forEach((hash, shortId) => {
    if (hash !== last.docs[shortId]) changed.push(shortId);
  });
  if (changed.length > MOST_PATCHED) return undefined;
  let data: SearchData;
  try {
    data = parseSearchIndex(last.text);
  } catch {
    return undefined;
  }
  const saved = data.index;
  if (
    data.language !== language ||
    saved.documentCount !== sorted.length ||
    sorted.some((doc, shortId) => saved.documentIds[shortId] !== doc.id)
  ) {
    return undefined;
  }
  if (changed.length === 0) return last.text;

  // The changed pages indexed alone: short id i here is changed[i] in the whole index.
  const pages = changed.map((shortId) => sorted[shortId] as SearchDoc);
  const own = savedIndex(pages, indexingOptions(language));
  const gone = changed.map(String);
  const terms = new Map<string, AsPlainObject["index"][number][1]>();
  for (const [term, fields] of saved.index) {
    for (const [field, postings] of Object.entries(fields)) {
      for (const shortId of gone) delete postings[shortId];
      if (isEmpty(postings)) delete fields[field];
    }
    if (!isEmpty(fields)) terms.set(term, fields);
  }
  for (const [term, fields] of own.index) {
    let entry = terms.get(term);
    if (entry === undefined) terms.set(term, (entry = {}));
    for (const [field, postings] of Object.entries(fields)) {
      const into = (entry[field] ??= {});
      for (const [shortId, count] of Object.entries(postings)) {
        into[changed[Number(shortId)] ?? -1] = count;
      }
    }
  }
  changed.forEach((shortId, i) => {
    const lengths = own.fieldLength[i];
    if (lengths) saved.fieldLength[shortId] = lengths;
    else delete saved.fieldLength[shortId];
    const page = pages[i] as SearchDoc;
    data.docs[page.id] = cardOf(page);
  });
  saved.index = [...terms].sort(byTerm);
  saved.averageFieldLength = averageLengths(
    Object.entries(saved.fieldLength).map(([shortId, lengths]) => [Number(shortId), lengths]),
  );
  return searchIndexText(data);
}

function isEmpty(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}
