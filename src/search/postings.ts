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

/** A word as the tokenizer cuts it, as met in any text. */
interface Word {
  token: string;
  /** The call of savedIndex that last looked up its term, and that term (null: none). */
  call: number;
  term: Term | null;
  /** The text being cut (see `cutting`) it last occurred in, and how often there. */
  stamp: number;
  count: number;
}

/** A text's words: each distinct word once, in the order the tokenizer first gives it. */
interface TextWords {
  words: Word[];
  counts: number[];
  /** The last call of savedIndex that read this text. */
  used: number;
}

/**
 * Every word met, so that each occurrence of a word costs one lookup. Kept between calls with
 * the texts below, which refer to these words; it holds a circle's vocabulary.
 */
const wordsMet = new Map<string, Word>();
/**
 * The words of each text indexed lately, by the text itself: both audiences of a build index
 * the same public pages, and `mimeo serve` indexes every unchanged page again on each save.
 * Cutting a text into words depends on nothing but the text, so the text is the whole key. A
 * text that neither of the last two calls read is forgotten.
 */
const wordsOfText = new Map<string, TextWords>();
let calls = 0;
let cutting = 0;

function wordsOf(text: string): TextWords {
  let known = wordsOfText.get(text);
  if (known === undefined) {
    cutting++;
    const words: Word[] = [];
    for (const token of tokenize(text)) {
      let word = wordsMet.get(token);
      if (word === undefined) {
        word = { token, call: 0, term: null, stamp: 0, count: 0 };
        wordsMet.set(token, word);
      }
      if (word.stamp === cutting) {
        word.count++;
      } else {
        word.stamp = cutting;
        word.count = 1;
        words.push(word);
      }
    }
    known = { words, counts: words.map((w) => w.count), used: calls };
    wordsOfText.set(text, known);
  }
  known.used = calls;
  return known;
}

/** `new MiniSearch(options).addAll(documents).toJSON()`, for documents with unique ids. */
export function savedIndex<T extends { id: string }>(
  documents: readonly T[],
  options: IndexingOptions<T>,
): AsPlainObject {
  const { fields, extractField, processTerm } = options;
  /** In the order MiniSearch meets them: its first addTerm of each. */
  const terms = new Map<string, Term>();
  const fieldLength = new Map<number, number[]>();
  const averageFieldLength: number[] = [];
  const documentIds = new Map<number, string>();
  let stamp = 0;
  const call = ++calls;

  documents.forEach((document, shortId) => {
    documentIds.set(shortId, document.id);
    fields.forEach((field, fieldId) => {
      const value = extractField(document, field);
      if (value === null || value === undefined) return;
      stamp++;
      const { words, counts } = wordsOf(String(value));
      // As MiniSearch's addFieldLength: the field's length is its distinct words as written.
      let lengths = fieldLength.get(shortId);
      if (lengths === undefined) fieldLength.set(shortId, (lengths = []));
      lengths[fieldId] = words.length;
      const average = averageFieldLength[fieldId] || 0;
      averageFieldLength[fieldId] = (average * shortId + words.length) / (shortId + 1);
      for (let i = 0; i < words.length; i++) {
        const word = words[i];
        if (word === undefined) continue;
        // A word's term is the same wherever it occurs: processed once a call.
        if (word.call !== call) {
          word.call = call;
          const processed = processTerm(word.token) || undefined;
          let term = processed === undefined ? undefined : terms.get(processed);
          if (processed !== undefined && term === undefined) {
            term = { term: processed, fields: fields.map(() => []), stamp: 0 };
            terms.set(processed, term);
          }
          word.term = term ?? null;
        }
        const term = word.term;
        if (term === null) continue;
        const count = counts[i] ?? 0;
        // Two words may give one term ("Stop" and "stop"): one count for the document.
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
  for (const [text, known] of wordsOfText) {
    if (known.used < call - 1) wordsOfText.delete(text);
  }

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
