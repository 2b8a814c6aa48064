// MiniSearch's saved index (what `toJSON()` returns), made without MiniSearch's per-word work:
// the same object, key for key and in the same order, so search-index.js keeps its bytes.
//
// Written by hand because MiniSearch's `add` walks its radix tree once for every word of every
// page (a million and a half words at 4,000 reports, most of the index's time). Here words are
// counted in hash maps, and MiniSearch's own SearchableMap receives each distinct term once, in
// the order MiniSearch would first have met it: its tree, and so the order its toJSON writes
// the terms in, depends only on that order. tests/search/postings.test.ts holds the output to
// MiniSearch's own, byte for byte, on random documents.
import MiniSearch from "minisearch";
import type { AsPlainObject } from "minisearch";
import SearchableMap from "minisearch/SearchableMap";

/** What MiniSearch needs of its options to index: the same object as `new MiniSearch` takes. */
export interface IndexingOptions<T> {
  fields: string[];
  extractField: (document: T, field: string) => unknown;
  /** Must give the same term for the same word wherever it occurs: it is asked once a word. */
  processTerm: (term: string) => string | null;
}

const miniSearchTokenize = MiniSearch.getDefault("tokenize") as (text: string) => string[];

/**
 * The characters MiniSearch's tokenizer splits on (`[\n\r\p{Z}\p{P}]+`) that are ASCII: without
 * the Unicode property classes, the split of a long ASCII text takes a quarter less time.
 */
const ASCII_SEPARATORS = /[\n\r !"#%&'()*,\-./:;?@[\\\]_{}]+/;
// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7f]/;

/** MiniSearch's default tokenizer, word for word. */
export function tokenize(text: string): string[] {
  return NOT_ASCII.test(text) ? miniSearchTokenize(text) : text.split(ASCII_SEPARATORS);
}

/** A term of the index, and where it occurs: per field, short document ids and counts in turn. */
interface Term {
  term: string;
  fields: number[][];
  /** The field of a document (see `stamp` below) it last occurred in. */
  stamp: number;
}

/** A word as the tokenizer cuts it, its term, and its count in the field being read. */
interface Word {
  term: Term | undefined;
  stamp: number;
  count: number;
}

/** `new MiniSearch(options).addAll(documents).toJSON()`, for documents with unique ids. */
export function savedIndex<T extends { id: string }>(
  documents: readonly T[],
  options: IndexingOptions<T>,
): AsPlainObject {
  const { fields, extractField, processTerm } = options;
  /** In the order MiniSearch meets them: its first addTerm of each. */
  const terms = new Map<string, Term>();
  // A word's term is the same wherever it occurs, and most words recur: each word is looked up
  // once per field of a document, and processed once in all.
  const words = new Map<string, Word>();
  const fieldLength = new Map<number, number[]>();
  const averageFieldLength: number[] = [];
  const documentIds = new Map<number, string>();
  let stamp = 0;

  documents.forEach((document, shortId) => {
    documentIds.set(shortId, document.id);
    fields.forEach((field, fieldId) => {
      const value = extractField(document, field);
      if (value === null || value === undefined) return;
      stamp++;
      const seen: Word[] = [];
      for (const token of tokenize(String(value))) {
        let word = words.get(token);
        if (word === undefined) {
          const processed = processTerm(token) || undefined;
          let term = processed === undefined ? undefined : terms.get(processed);
          if (processed !== undefined && term === undefined) {
            term = { term: processed, fields: fields.map(() => []), stamp: 0 };
            terms.set(processed, term);
          }
          word = { term, stamp: 0, count: 0 };
          words.set(token, word);
        }
        if (word.stamp === stamp) {
          word.count++;
        } else {
          word.stamp = stamp;
          word.count = 1;
          seen.push(word);
        }
      }
      // As MiniSearch's addFieldLength: the field's length is its distinct words as written.
      let lengths = fieldLength.get(shortId);
      if (lengths === undefined) fieldLength.set(shortId, (lengths = []));
      lengths[fieldId] = seen.length;
      const average = averageFieldLength[fieldId] || 0;
      averageFieldLength[fieldId] = (average * shortId + seen.length) / (shortId + 1);
      // Two words may give one term ("Stop" and "stop"): one count for the document.
      for (const { term, count } of seen) {
        if (term === undefined) continue;
        const occurrences = term.fields[fieldId] ?? [];
        if (term.stamp === stamp) {
          occurrences[occurrences.length - 1] = (occurrences.at(-1) ?? 0) + count;
        } else {
          term.stamp = stamp;
          occurrences.push(shortId, count);
        }
      }
    });
  });

  const tree = new SearchableMap<Term>();
  for (const [key, term] of terms) tree.set(key, term);
  const index: AsPlainObject["index"] = [];
  for (const [key, term] of tree) {
    const data: AsPlainObject["index"][number][1] = {};
    term.fields.forEach((occurrences, fieldId) => {
      if (occurrences.length === 0) return;
      const counts: Record<number, number> = {};
      for (let i = 0; i < occurrences.length; i += 2) {
        counts[occurrences[i] ?? 0] = occurrences[i + 1] ?? 0;
      }
      data[fieldId] = counts;
    });
    index.push([key, data]);
  }
  return {
    documentCount: documents.length,
    nextId: documents.length,
    documentIds: Object.fromEntries(documentIds),
    fieldIds: Object.fromEntries(fields.map((field, i) => [field, i])),
    fieldLength: Object.fromEntries(fieldLength),
    averageFieldLength,
    storedFields: {},
    dirtCount: 0,
    index,
    serializationVersion: 2,
  };
}
