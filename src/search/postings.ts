// MiniSearch's saved index (what `toJSON()` returns), made without MiniSearch's per-word work:
// the same object, key for key, except that the terms are listed in the order of their text
// rather than of MiniSearch's radix tree (which depends on the order the words were first met).
// MiniSearch.loadJSON reads them in any order, and an index in that order can be made again
// from the last one by changing only the terms of the pages that changed (search/patch.ts).
//
// Written by hand because MiniSearch's `add` walks its radix tree once for every word of every
// page (a million and a half words at 4,000 reports, most of the index's time). Here each text's
// words are counted once (and remembered by the text between calls), and each distinct term is
// processed once. tests/search/postings.test.ts holds the output to MiniSearch's own, with its
// terms sorted, byte for byte, on random documents.
import MiniSearch from "minisearch";
import type { AsPlainObject } from "minisearch";

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
  /** Its hash in the table of words met (see `interned`). */
  hash: number;
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
 * Every word met, in an open-addressing hash table kept at most half full. Hand-written rather
 * than a Map, so that a word of an ASCII text is found by reading its characters in place: a
 * Map needs it cut out as a string first, and a million and a half of those (4,000 reports)
 * was most of the index's time. Kept between calls, with the texts below that refer to these
 * words; it holds a circle's vocabulary.
 */
const wordsMet: Word[] = [];
let slots = new Int32Array(1024).fill(-1);

/** The word `text` holds from `start` to `end`, whose hash is `hash`. */
function interned(text: string, start: number, end: number, hash: number): Word {
  const length = end - start;
  const mask = slots.length - 1;
  let slot = hash & mask;
  for (let id = slots[slot] ?? -1; id !== -1; id = slots[slot] ?? -1) {
    const word = wordsMet[id];
    if (
      word !== undefined &&
      word.hash === hash &&
      word.token.length === length &&
      text.startsWith(word.token, start)
    ) {
      return word;
    }
    slot = (slot + 1) & mask;
  }
  const word: Word = {
    token: text.slice(start, end),
    hash,
    call: 0,
    term: null,
    stamp: 0,
    count: 0,
  };
  slots[slot] = wordsMet.length;
  wordsMet.push(word);
  if (wordsMet.length * 2 > slots.length) {
    slots = new Int32Array(slots.length * 2).fill(-1);
    const grown = slots.length - 1;
    wordsMet.forEach((met, id) => {
      let at = met.hash & grown;
      while ((slots[at] ?? -1) !== -1) at = (at + 1) & grown;
      slots[at] = id;
    });
  }
  return word;
}

/** ASCII_SEPARATORS as a table by character code. */
const SEPARATOR = new Uint8Array(128);
for (const c of "\n\r !\"#%&'()*,-./:;?@[\\]_{}") SEPARATOR[c.charCodeAt(0)] = 1;

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
    const words = asciiWords(text) ?? unicodeWords(text);
    known = { words, counts: words.map((w) => w.count), used: calls };
    wordsOfText.set(text, known);
  }
  known.used = calls;
  return known;
}

/** Counts a word met in the text being cut; the first time, adds it to that text's words. */
function met(word: Word, words: Word[]): void {
  if (word.stamp === cutting) {
    word.count++;
  } else {
    word.stamp = cutting;
    word.count = 1;
    words.push(word);
  }
}

/** `tokenize` read in place, for a text of ASCII characters only (undefined for any other). */
function asciiWords(text: string): Word[] | undefined {
  cutting++;
  const words: Word[] = [];
  const n = text.length;
  let start = 0;
  let hash = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 128) return undefined;
      if (SEPARATOR[c] === 0) {
        hash = (Math.imul(hash, 31) + c) | 0;
        continue;
      }
    }
    // A word ends here (perhaps an empty one, as split gives before a leading separator).
    met(interned(text, start, i, hash), words);
    while (i + 1 < n && SEPARATOR[text.charCodeAt(i + 1)] === 1) i++;
    start = i + 1;
    hash = 0;
  }
  return words;
}

function unicodeWords(text: string): Word[] {
  cutting++;
  const words: Word[] = [];
  for (const token of tokenize(text)) {
    let hash = 0;
    for (let i = 0; i < token.length; i++) hash = (Math.imul(hash, 31) + token.charCodeAt(i)) | 0;
    met(interned(token, 0, token.length, hash), words);
  }
  return words;
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

  const index: AsPlainObject["index"] = [];
  for (const [key, term] of [...terms].sort(byTerm)) {
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
    averageFieldLength: averageLengths(fieldLength),
    storedFields: {},
    dirtCount: 0,
    index,
    serializationVersion: 2,
  };
}

/** Terms in the order of their text's code units: the order the saved index lists them in. */
export const byTerm = ([a]: [string, unknown], [b]: [string, unknown]): number =>
  a < b ? -1 : a > b ? 1 : 0;

/**
 * Each field's average length, worked out as MiniSearch's addFieldLength does, document by
 * document in order (so the same floating-point figures): a field a document lacks is skipped.
 */
export function averageLengths(
  lengths: Iterable<readonly [number, readonly (number | null | undefined)[]]>,
): number[] {
  const averages: number[] = [];
  for (const [shortId, fields] of lengths) {
    fields.forEach((length, fieldId) => {
      if (length === null || length === undefined) return;
      averages[fieldId] = ((averages[fieldId] || 0) * shortId + length) / (shortId + 1);
    });
  }
  return averages;
}
