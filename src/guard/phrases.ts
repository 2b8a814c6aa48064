// The name matcher behind the deny-list and member detectors (and waivers and locateSource):
// finds whole-word phrases in a normalised text however markup, case, accents, hyphens or
// invisible characters split or joined them.
import { normalise, type Normalised } from "./normalise.ts";
import type { Hit, PhraseMatcher } from "./types.ts";

interface Token {
  value: string;
  start: number;
  end: number;
}

// A word is a run of letters or a run of digits, so "maria1985" holds the word "maria" and
// "E10234" the words "e" and "10234". Marks are already stripped by normalisation.
const TOKEN = /\p{L}+|\p{N}+/gu;

// What may stand between two words of one phrase: the space that normalisation collapsed
// markup and line breaks to, or the joiners of slugs, file names and addresses
// ("maria-quintero.html", "maria.quintero@…", "maria_quintero"). At most three of them.
const GAP = /^[ \-_.+'/·]{0,3}$/u;

// Scripts written without spaces between words: an entry in them is found anywhere in the text,
// since there is no word boundary to check.
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    tokens.push({ value: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/**
 * A normalised text's words, split once: the deny-list, member names and build machine lists
 * all look through the same text, and splitting it was most of their cost.
 */
const splitTexts = new WeakMap<Normalised, Token[]>();
function tokensOf(n: Normalised): Token[] {
  let tokens = splitTexts.get(n);
  if (tokens === undefined) {
    tokens = tokenise(n.text);
    splitTexts.set(n, tokens);
  }
  return tokens;
}

interface Phrase {
  words: readonly string[];
}

/**
 * Builds the matcher once for a list of entries (deny-list lines, member names).
 *
 * Cost: entries are indexed by their first word in a Map, so scanning a text is one pass over
 * its words with one Map lookup each, plus a check of the few phrases that start with that
 * word: O(words in text + matches), whatever the size of the deny-list. Building is
 * O(total length of the entries). Entries in unspaced scripts are searched with indexOf,
 * O(text × such entries); lists rarely hold more than a handful.
 */
export function compilePhrases(entries: readonly string[]): PhraseMatcher {
  const byFirstWord = new Map<string, Phrase[]>();
  const unspaced: string[] = [];
  const add = (words: readonly string[]): void => {
    const first = words[0];
    if (first === undefined) return;
    const list = byFirstWord.get(first) ?? [];
    list.push({ words });
    byFirstWord.set(first, list);
  };
  let size = 0;
  for (const raw of entries) {
    const text = normalise(raw).text;
    if (text === "") continue;
    size += 1;
    if (UNSPACED.test(text)) {
      unspaced.push(text);
      continue;
    }
    const words = tokenise(text).map((t) => t.value);
    add(words);
    // "Maria Quintero" written as one word: "MariaQuintero", "maria\u200Bquintero".
    const joined = words.join("");
    if (words.length > 1 && tokenise(joined).length === 1) add([joined]);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);

  return {
    size,
    find(n: Normalised): Hit[] {
      const text = n.text;
      const tokens = tokensOf(n);
      const hits: Hit[] = [];
      for (let t = 0; t < tokens.length; t++) {
        const first = tokens[t];
        if (first === undefined) continue;
        const candidates = byFirstWord.get(first.value);
        if (candidates === undefined) continue;
        for (const phrase of candidates) {
          const end = matchAt(text, tokens, t, phrase.words);
          if (end !== undefined) {
            hits.push({ start: first.start, end });
            break; // longest phrase first; a shorter one here would be inside it
          }
        }
      }
      for (const needle of unspaced) {
        for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
          hits.push({ start: at, end: at + needle.length });
        }
      }
      return dropContained(hits);
    },
  };
}

/** End offset of `words` matched at token `t`, or undefined. */
function matchAt(
  text: string,
  tokens: readonly Token[],
  t: number,
  words: readonly string[],
): number | undefined {
  let end = -1;
  for (let w = 0; w < words.length; w++) {
    const token = tokens[t + w];
    if (token === undefined || token.value !== words[w]) return undefined;
    if (w > 0 && !GAP.test(text.slice(end, token.start))) return undefined;
    end = token.end;
  }
  return end;
}

/** Drops hits that lie inside another hit ("Maria" inside "Maria Quintero"). */
function dropContained(hits: Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  let reach = -1;
  for (const hit of sorted) {
    if (hit.end <= reach) continue;
    kept.push(hit);
    reach = hit.end;
  }
  return kept;
}
