// Builds search-index.js: the MiniSearch index and the result cards as a plain script that sets
// window.MIMEO_SEARCH, because fetch() and Pagefind cannot read files from a file:// page.
import MiniSearch from "minisearch";
import type { AsPlainObject, Options, SearchOptions } from "minisearch";
import type { Language } from "../content/model.ts";
import { savedIndex, type IndexingOptions } from "./postings.ts";
import { processTermFor, stopWordsFor } from "./terms.ts";
import { summarise } from "./text.ts";

export interface SearchDoc {
  id: string;
  /** Relative to the site root, for example "tactics/safety-stoppage.html". */
  url: string;
  title: string;
  /** What kind of page it is, as the reader sees it, for example "Tactic · Care". */
  kind: string;
  /** The plain text of the body (see markdownToPlainText). */
  text: string;
  tags: string[];
}

/** What a result shows; kept beside the index instead of as MiniSearch stored fields, so once. */
export interface SearchCard {
  title: string;
  url: string;
  kind: string;
  summary: string;
}

/** The fields indexed, in this order; search.js must load the index with the same list. */
export const SEARCH_FIELDS = ["title", "tags", "text"] as const;

/** How the browser searches; the unit tests search the same way. */
export const SEARCH_OPTIONS = {
  prefix: true,
  fuzzy: 0.2,
  combineWith: "AND",
  boost: { title: 3, tags: 2 },
} as const satisfies SearchOptions;

/** The words the search script shows, in the circle's language. */
const WORDS: Readonly<Record<Language, { none: string; one: string; many: string }>> = {
  en: { none: "Nothing found.", one: "1 result", many: "{n} results" },
  es: { none: "No se encontró nada.", one: "1 resultado", many: "{n} resultados" },
  fr: { none: "Aucun résultat.", one: "1 résultat", many: "{n} résultats" },
};

// Tags are an array; joining with a space lets the tokenizer split them like any text.
const extractField = (doc: SearchDoc, field: string): string | undefined => {
  const value = doc[field as keyof SearchDoc];
  return Array.isArray(value) ? value.join(" ") : value;
};

/** MiniSearch options for one language: the same at build time and in the browser. */
export function miniSearchOptions(language: Language): Options<SearchDoc> {
  return {
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    processTerm: processTermFor(language),
    extractField,
    searchOptions: SEARCH_OPTIONS,
  };
}

/** A loaded index, for tests and for anyone searching from Node. */
export function loadSearchIndex(indexFile: string, language: Language): MiniSearch<SearchDoc> {
  const data = parseSearchIndex(indexFile);
  return MiniSearch.loadJSON(JSON.stringify(data.index), miniSearchOptions(language));
}

export interface SearchData {
  language: Language;
  stopWords: string[];
  fields: string[];
  options: typeof SEARCH_OPTIONS;
  words: { none: string; one: string; many: string };
  index: AsPlainObject;
  docs: Record<string, SearchCard>;
}

const PREFIX = "window.MIMEO_SEARCH = ";

/** The object a search-index.js file sets, read back without running it. */
export function parseSearchIndex(indexFile: string): SearchData {
  const start = indexFile.indexOf(PREFIX);
  const end = indexFile.lastIndexOf(";");
  if (start < 0 || end < start) throw new Error("not a mimeo search-index.js file");
  return JSON.parse(indexFile.slice(start + PREFIX.length, end)) as SearchData;
}

/**
 * The text of search-index.js for these documents. Pure and deterministic: documents are
 * indexed in id order, so the same pages give the same bytes whatever order they arrive in.
 */
export function buildSearchIndex(docs: readonly SearchDoc[], language: Language): string {
  return searchIndexOfSorted(inIndexOrder(docs), language);
}

/** buildSearchIndex, for documents already in the order the index holds them (inIndexOrder). */
export function searchIndexOfSorted(sorted: readonly SearchDoc[], language: Language): string {
  const cards: Record<string, SearchCard> = {};
  for (const doc of sorted) cards[doc.id] = cardOf(doc);
  return searchIndexText({
    language,
    stopWords: stopWordsFor(language),
    fields: [...SEARCH_FIELDS],
    options: SEARCH_OPTIONS,
    words: WORDS[language],
    // What `new MiniSearch(miniSearchOptions(language)).addAll(sorted).toJSON()` gives, with
    // its terms in the order of their text (see postings.ts).
    index: savedIndex(sorted, indexingOptions(language)),
    docs: cards,
  });
}

/** The documents in the order the index holds them: by id, each id once. */
export function inIndexOrder(docs: readonly SearchDoc[]): SearchDoc[] {
  const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.id === sorted[i - 1]?.id) {
      throw new Error(`two search documents share the id "${sorted[i]?.id ?? ""}"`);
    }
  }
  return sorted;
}

export function cardOf(doc: SearchDoc): SearchCard {
  return { title: doc.title, url: doc.url, kind: doc.kind, summary: summarise(doc.text) };
}

/** What savedIndex needs to index documents in this language. */
export function indexingOptions(language: Language): IndexingOptions<SearchDoc> {
  return { fields: [...SEARCH_FIELDS], extractField, processTerm: processTermFor(language) };
}

/** The text of search-index.js that sets this object. */
export function searchIndexText(data: SearchData): string {
  return [
    "// Search index made by mimeo, read by assets/search.js. A script tag loads it, not fetch(),",
    "// so search works from a USB stick (file://).",
    `${PREFIX}${scriptSafeJson(data)};`,
    "",
  ].join("\n");
}

const UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/g;
const SCRIPT_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON that is safe inside a script file and inside an inline <script>: every "<" is escaped, so
 * no "</script" or "<!--" can close or confuse the element, and U+2028/U+2029, which end a line
 * in older JavaScript engines, are escaped too. Each escape stays inside a JSON string, where
 * "<" and those two characters are the only places they can occur.
 */
export function scriptSafeJson(value: unknown): string {
  // One pass over the text: the index of a large circle is several megabytes.
  return linedJson(value, 0).replace(UNSAFE_IN_SCRIPT, (c) => SCRIPT_ESCAPES[c] ?? c);
}

/** How many levels of containers have each entry on a line of its own. */
const LINED_DEPTH = 3;

/**
 * JSON.stringify's text with each entry of the outer containers (the index's terms, the
 * documents' ids and cards) on a line of its own. JSON strings never hold a line end, so no
 * text is cut; the guard then reads the file in pieces of whole lines and, in a rebuild, skips
 * the pieces it read before, where one line end in 2 MB left it one piece to read whole.
 */
function linedJson(value: unknown, depth: number): string {
  if (depth >= LINED_DEPTH || value === null || typeof value !== "object") {
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item: unknown) => linedJson(item, depth + 1)).join(",\n")}\n]`;
  }
  const entries = Object.entries(value).filter(
    ([, item]) => item !== undefined && typeof item !== "function",
  );
  if (entries.length === 0) return "{}";
  const lines = entries.map(
    ([key, item]) => `${JSON.stringify(key)}:${linedJson(item, depth + 1)}`,
  );
  return `{\n${lines.join(",\n")}\n}`;
}
