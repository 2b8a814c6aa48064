// Text normalisation for leak matching: one spelling for every way a name can be written
// (case, accents, entities, invisible characters, hyphenation, whitespace), with a map back
// to the original so a finding points at what a person wrote.
import { decodeHTML, decodeHTMLAttribute } from "entities";

export interface Normalised {
  /** The text as given. */
  readonly original: string;
  /** Lower-case, accent-free, entity-decoded, invisible characters removed, whitespace collapsed. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, where the original text it came from starts... */
  readonly starts: Int32Array;
  /** ...and ends (exclusive). */
  readonly ends: Int32Array;
}

/** A text with each UTF-16 unit's source span in some other text. */
export interface Mapped {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** The identity map for a text taken as is from offset `base`. */
export function unmapped(text: string, base = 0): Mapped {
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  for (let k = 0; k < text.length; k++) {
    starts[k] = base + k;
    ends[k] = base + k + 1;
  }
  return { text, starts, ends };
}

/** The original span that the normalised span `[start, end)` came from. */
export function originalSpan(n: Normalised, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = start < n.starts.length ? (n.starts[start] ?? 0) : n.original.length;
    return [at, at];
  }
  return [n.starts[start] ?? 0, n.ends[end - 1] ?? n.original.length];
}

// Named (`&iacute;`, also the legacy `&amp` without `;`), decimal and hexadecimal references.
const ENTITY = /&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};?)/g;

/**
 * Decodes HTML character references with `entities` (the WHATWG table, as browsers read it),
 * keeping for each decoded unit the span of the reference it came from. One pass only:
 * `&amp;iacute;` becomes `&iacute;`, as a reader of the page sees it. Offsets are shifted by
 * `base`, so a slice of a page maps to offsets in the page.
 */
export function decodeEntitiesMapped(text: string, base = 0, attribute = false): Mapped {
  if (!text.includes("&")) return unmapped(text, base);
  return decodeMapped(
    text,
    ENTITY,
    (m) => {
      const open = !m[0].endsWith(";");
      if (attribute && open && /[=A-Za-z0-9]/u.test(text[m.index + m[0].length] ?? "")) {
        return undefined;
      }
      const decoded = attribute ? decodeHTMLAttribute(m[0]) : decodeHTML(m[0]);
      return decoded === m[0] ? undefined : decoded;
    },
    base,
  );
}

/**
 * Replaces each match of `re` with `decode(match)` (undefined keeps the match as it is),
 * keeping for each unit of the result the span of the source it came from, shifted by `base`.
 */
export function decodeMapped(
  text: string,
  re: RegExp,
  decode: (m: RegExpExecArray) => string | undefined,
  base: number,
): Mapped {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  let changed = false;
  const keep = (from: number, to: number): void => {
    out.push(text.slice(from, to));
    for (let k = from; k < to; k++) {
      starts.push(base + k);
      ends.push(base + k + 1);
    }
  };
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const decoded = decode(m);
    if (decoded === undefined) continue;
    changed = true;
    keep(last, m.index);
    out.push(decoded);
    for (let k = 0; k < decoded.length; k++) {
      starts.push(base + m.index);
      ends.push(base + m.index + m[0].length);
    }
    last = m.index + m[0].length;
  }
  if (!changed) return unmapped(text, base);
  keep(last, text.length);
  return { text: out.join(""), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

// Default_Ignorable_Code_Point covers soft hyphen U+00AD, zero-width space/joiners
// U+200B–U+200D, word joiner U+2060, BOM U+FEFF, direction marks, variation selectors and
// Hangul fillers: all invisible on the page, all able to split a name for a naive matcher.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const WHITESPACE = /\s/u;
const LETTER = /\p{L}/u;
const MARKS = /\p{M}/gu;

// Letters that Unicode does not decompose but that people write without their stroke when
// a keyboard lacks them: "Łukasz" is typed "Lukasz", "Søren" "Soren".
const UNDECOMPOSABLE: Record<string, string> = {
  ł: "l",
  ø: "o",
  đ: "d",
  ð: "d",
  ħ: "h",
  ı: "i",
  ŧ: "t",
  æ: "ae",
  œ: "oe",
  þ: "th",
};

// Typographic punctuation a Markdown typographer or a word processor puts in: folded so that
// detectors see one apostrophe and one hyphen.
const PUNCTUATION: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u02bc": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
};

const foldCache = new Map<string, string>();

/**
 * One character's matching form. Upper- then lower-casing approximates Unicode case folding
 * (ß → SS → ss, final ς → Σ → σ), which JavaScript does not expose; NFKD then splits accents
 * off (í → i + ◌́) and compatibility forms (ﬁ → fi, fullwidth Ａ → A) so they can be dropped.
 */
function fold(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  const punct = PUNCTUATION[ch];
  let folded: string;
  if (punct !== undefined) folded = punct;
  else {
    folded = ch.normalize("NFKD").toUpperCase().toLowerCase().normalize("NFKD").replace(MARKS, "");
    folded = Array.from(folded, (c) => UNDECOMPOSABLE[c] ?? c).join("");
  }
  foldCache.set(ch, folded);
  return folded;
}

/** Growable buffers for the normalised text and its map. */
class Builder {
  units = new Uint16Array(256);
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  length = 0;

  put(unit: number, from: number, to: number): void {
    if (this.length === this.units.length) this.grow();
    this.units[this.length] = unit;
    this.starts[this.length] = from;
    this.ends[this.length] = to;
    this.length += 1;
  }

  /** A space, unless one is already there (then it grows to cover this one) or at the start. */
  space(from: number, to: number): void {
    if (this.length === 0) return;
    if (this.last() === SPACE) this.ends[this.length - 1] = to;
    else this.put(SPACE, from, to);
  }

  last(back = 0): number {
    return this.length > back ? (this.units[this.length - 1 - back] ?? -1) : -1;
  }

  text(): string {
    const parts: string[] = [];
    for (let k = 0; k < this.length; k += 8192) {
      parts.push(String.fromCharCode(...this.units.subarray(k, Math.min(this.length, k + 8192))));
    }
    return parts.join("");
  }

  private grow(): void {
    const size = this.units.length * 2;
    const units = new Uint16Array(size);
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    units.set(this.units);
    starts.set(this.starts);
    ends.set(this.ends);
    this.units = units;
    this.starts = starts;
    this.ends = ends;
  }
}

const SPACE = 32;
const HYPHEN = 45;

const isAsciiSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);
const isLetterUnit = (unit: number): boolean =>
  unit >= 0 &&
  (unit < 128 ? (unit | 32) >= 97 && (unit | 32) <= 122 : LETTER.test(String.fromCharCode(unit)));
const isLineBreak = (code: number): boolean =>
  code === 10 || code === 13 || code === 0x2028 || code === 0x2029;

/**
 * Normalises a text for matching. Steps, in order: decode HTML entities; drop invisible
 * characters; join words hyphenated at a line break ("Quin-\ntero" → "quintero"); fold case
 * and strip diacritics; collapse every whitespace run (NBSP, tabs, newlines) to one space and
 * trim. Linear in the length of the text, with a fast path for ASCII; each non-ASCII
 * character is folded once per process and cached.
 */
export function normalise(original: string): Normalised {
  const decoded = decodeEntitiesMapped(original);
  const src = decoded.text;
  const from = decoded.starts;
  const to = decoded.ends;
  const out = new Builder();
  let softHyphen = false; // a soft hyphen ended the word just before

  let i = 0;
  while (i < src.length) {
    const code = src.charCodeAt(i);
    if (code > 32 && code < 127) {
      out.put(code >= 65 && code <= 90 ? code + 32 : code, from[i] ?? 0, to[i] ?? 0);
      softHyphen = false;
      i += 1;
      continue;
    }
    const ch = code < 128 ? (src[i] ?? "") : String.fromCodePoint(src.codePointAt(i) ?? 0);
    const start = from[i] ?? 0;
    const end = to[i + ch.length - 1] ?? start;
    if (code >= 128 && IGNORABLE.test(ch)) {
      // Remember a soft hyphen at the end of a word: it marks hyphenation at a line break.
      if (code === 0xad) softHyphen = isLetterUnit(out.last());
      i += ch.length;
      continue;
    }
    if (isAsciiSpace(code) || (code >= 128 && WHITESPACE.test(ch))) {
      // Read the whole run (invisible characters included) to see whether it breaks a line.
      let j = i;
      let newline = false;
      while (j < src.length) {
        const c = src.charCodeAt(j);
        if (
          !isAsciiSpace(c) &&
          (c < 128 || !(WHITESPACE.test(src[j] ?? "") || IGNORABLE.test(src[j] ?? "")))
        ) {
          break;
        }
        if (isLineBreak(c)) newline = true;
        j += 1;
      }
      const hyphen = out.last() === HYPHEN && isLetterUnit(out.last(1));
      if (
        newline &&
        (hyphen || softHyphen) &&
        j < src.length &&
        LETTER.test(String.fromCodePoint(src.codePointAt(j) ?? 0))
      ) {
        // A word broken across lines: drop the hyphen and the break, keep one word.
        if (hyphen && !softHyphen) out.length -= 1;
      } else if (j < src.length) {
        out.space(start, to[j - 1] ?? end);
      }
      softHyphen = false;
      i = j;
      continue;
    }
    softHyphen = false;
    const folded = fold(ch);
    for (let k = 0; k < folded.length; k++) {
      const unit = folded.charCodeAt(k);
      if (unit === SPACE) out.space(start, end);
      else out.put(unit, start, end);
    }
    i += ch.length;
  }
  if (out.last() === SPACE) out.length -= 1;
  return {
    original,
    text: out.text(),
    starts: out.starts.slice(0, out.length),
    ends: out.ends.slice(0, out.length),
  };
}

/** The matching form alone, for comparing two short strings (waivers, entries). */
export function normaliseText(text: string): string {
  return normalise(text).text;
}
