// How words become index terms: lowercase, accents stripped, a few stop words dropped.
// layouts/search/search.js repeats normaliseTerm in the browser; keep the two in step.
import type { Language } from "../content/model.ts";

/** Letters NFD does not split into base + accent, spelled out so "oeuvre" finds "œuvre". */
const LIGATURES: Readonly<Record<string, string>> = {
  œ: "oe",
  æ: "ae",
  ß: "ss",
  ø: "o",
  ł: "l",
  ı: "i",
};
const LIGATURE_PATTERN = /[œæßøłı]/g;
/** Only the combining diacritical marks block: wider classes would also eat scripts that need them. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

export function normaliseTerm(term: string): string {
  // Most terms are plain ASCII, which has no accents or ligatures to take off: lowercasing is
  // the whole job, and skipping NFD saves a third of the search index's time.
  if (ASCII.test(term)) return term.toLowerCase();
  return term
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(LIGATURE_PATTERN, (letter) => LIGATURES[letter] ?? letter);
}

// Short on purpose: only words so common they would match every page. Words that carry meaning
// in a workplace ("no", "not", "sin", "pas") stay searchable.
// prettier-ignore
const STOP_WORDS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "then", "this", "to", "was", "were",
    "with",
  ],
  es: [
    "a", "al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "o", "para",
    "por", "que", "se", "su", "sus", "un", "una", "unas", "unos", "y",
  ],
  fr: [
    "a", "au", "aux", "c", "ce", "ces", "d", "dans", "de", "des", "du", "en", "est", "et",
    "j", "l", "la", "le", "les", "m", "n", "ou", "par", "pour", "qu", "que", "qui", "s",
    "sa", "se", "ses", "son", "sur", "t", "un", "une",
  ],
};

/** The stop words of a language, already normalised and sorted, as the index file carries them. */
export function stopWordsFor(language: Language): string[] {
  return [...new Set(STOP_WORDS[language].map(normaliseTerm))].sort();
}

/** MiniSearch's processTerm for one language: null drops the term from index and query alike. */
export function processTermFor(language: Language): (term: string) => string | null {
  const stop = new Set(stopWordsFor(language));
  return (term) => {
    const normal = normaliseTerm(term);
    return normal === "" || stop.has(normal) ? null : normal;
  };
}
