// A search index made from the last one. After an edit to a few pages of a large circle, only
// their terms, lengths and cards change: the last index is read back, those pages are taken out
// of it and put in again, and the result is the text buildSearchIndex gives for the same pages,
// byte for byte (tests/search/patch.test.ts holds the two to that on random edits). At 4,000
// reports, this takes a fraction of the time of indexing every page again, whose text a new
// process would otherwise cut into words anew. Pure: the caller reads the last text.
import { hash } from "node:crypto";
import type { AsPlainObject } from "minisearch";
import { textIn } from "../canonical-json.ts";
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

/**
 * What a document's place in the index is made from, as a short hash: never its text. A long
 * text is in it as canonical JSON writes it, by its own hash (canonical-json.ts), which a build
 * already holds for every body it read: the hashes of thousands of unchanged pages are worked
 * out without reading their texts again. Every field of the document is in it, so the search
 * index page's fingerprint takes each document by it (fingerprint.ts). Worked out once for each
 * document, which is never changed once made.
 */
export function searchDocHash(doc: SearchDoc): string {
  let known = docHashes.get(doc);
  if (known === undefined) docHashes.set(doc, (known = docHashOf(doc)));
  return known;
}
const docHashes = new WeakMap<SearchDoc, string>();

function docHashOf(doc: SearchDoc): string {
  const fields = JSON.stringify([
    doc.id,
    doc.url,
    doc.title,
    doc.kind,
    textIn(doc, "text", doc.text),
    doc.tags,
  ]);
  // The one-shot hash: a quarter of createHash's time for thousands of short texts.
  return hash("sha256", fields, "base64url").slice(0, 22);
}

/**
 * A patch's documents: every one's id and hash, in the order the index holds them, and those
 * that changed since the last index (by their place in that order). The unchanged documents'
 * texts are not needed: their terms and cards are the last index's.
 */
export interface PatchPages {
  ids: readonly string[];
  hashes: readonly string[];
  changed: ReadonlyMap<number, SearchDoc>;
}

/**
 * What a patch of the last index needs of these documents, or undefined when they cannot make
 * one (another number of documents, or more than MOST_PATCHED changed). `sorted`: in index order.
 */
export function patchPages(
  last: { docs: readonly string[] },
  sorted: readonly SearchDoc[],
  hashes: readonly string[] = sorted.map(searchDocHash),
): PatchPages | undefined {
  if (last.docs.length !== sorted.length) return undefined;
  const changed = new Map<number, SearchDoc>();
  for (let place = 0; place < sorted.length; place++) {
    if (hashes[place] === last.docs[place]) continue;
    if (changed.size === MOST_PATCHED) return undefined;
    changed.set(place, sorted[place] as SearchDoc);
  }
  return { ids: sorted.map((doc) => doc.id), hashes, changed };
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
  const pages = last ? patchPages(last, sorted, hashes) : undefined;
  const text = last && pages ? patched(last, pages, language) : undefined;
  if (text !== undefined) return { text, docs: hashes, patched: true };
  return { text: searchIndexOfSorted(sorted, language), docs: hashes, patched: false };
}

/**
 * The index of these documents made from the last one, or undefined when it cannot be: the last
 * text is not an index, or of another language, or holds other documents.
 */
export function patchedFrom(
  last: LastIndex,
  pages: PatchPages,
  language: Language,
): PatchedIndex | undefined {
  const text = patched(last, pages, language);
  return text === undefined ? undefined : { text, docs: [...pages.hashes], patched: true };
}

function patched(last: LastIndex, pages: PatchPages, language: Language): string | undefined {
  const { ids } = pages;
  const changed = [...pages.changed.keys()].sort((a, b) => a - b);
  let data: SearchData;
  try {
    data = parseSearchIndex(last.text);
  } catch {
    return undefined;
  }
  const saved = data.index;
  if (
    data.language !== language ||
    saved.documentCount !== ids.length ||
    ids.some((id, shortId) => saved.documentIds[shortId] !== id)
  ) {
    return undefined;
  }
  if (changed.length === 0) return last.text;

  // The changed pages indexed alone: short id i here is changed[i] in the whole index.
  const docs = changed.map((shortId) => pages.changed.get(shortId) as SearchDoc);
  const own = savedIndex(docs, indexingOptions(language));
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
    const page = docs[i] as SearchDoc;
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
