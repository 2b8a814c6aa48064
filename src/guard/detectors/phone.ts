// Detector: phone numbers from everywhere. libphonenumber-js reads numbers the way people
// write them in the circle's own country ("55 1234 5678" in Mexico City, "(11) 98765-4321" in
// São Paulo) and international numbers of every region (+52 55 1234 5678).
//
// Beside it stay hand-written shapes: "00" international prefixes whatever the country, and
// the common national shapes of Spain, France, the UK (and other 0-prefixed plans) and North
// America, which catch made-up and unassigned numbers (555-123-4567, 07700 900123) that the
// library rightly calls invalid but a reader would still dial. A number is read as a run of
// digit groups joined by single spaces, hyphens or dots, then accepted only if the whole run
// has a phone's shape. Both readings must stand apart from their neighbours, which keeps out
// ISO dates (4-2-2), years, money ("1 234,50"), times (":"), page ranges, IP addresses, hex
// digests (letters touch the digits) and CSS ("0 0 12px").
import { findPhoneNumbersInText, isSupportedCountry, type CountryCode } from "libphonenumber-js";
import { maskNumber } from "../mask.ts";
import { findDays } from "./exact-date.ts";
import { toFinding } from "../finding.ts";
import type { Detector, Hit } from "../types.ts";
import type { Normalised } from "../normalise.ts";

interface Group {
  digits: string;
  /** Offsets in the normalised text; `start` includes an opening parenthesis. */
  start: number;
  end: number;
}

interface Run {
  plus: boolean;
  start: number;
  end: number;
  groups: Group[];
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const WORDLIKE = /[\p{L}\p{N}_]/u;
const CURRENCY = /\p{Sc}/u;

/** Reads the run of digit groups starting at `i` (a `+`, `(` or digit). */
function readRun(t: string, i: number): Run {
  let p = i;
  let plus = false;
  if (t[p] === "+") {
    plus = true;
    p += 1;
    if (t[p] === " ") p += 1;
  }
  const groups: Group[] = [];
  for (;;) {
    const start = p;
    const open = t[p] === "(";
    if (open) p += 1;
    const digitsStart = p;
    while (isDigit(t[p])) p += 1;
    if (p === digitsStart) break;
    const digits = t.slice(digitsStart, p);
    const closed = open && t[p] === ")";
    if (closed) p += 1;
    groups.push({ digits, start: open && !closed ? digitsStart : start, end: p });
    const c = t[p];
    if ((c === " " || c === "-" || c === ".") && (isDigit(t[p + 1]) || t[p + 1] === "(")) {
      p += 1;
      continue;
    }
    // "(0)20 7946 0958", "+44(0)20…": a parenthesised group may touch its neighbour.
    if ((closed && isDigit(c)) || c === "(") continue;
    break;
  }
  const last = groups[groups.length - 1];
  return { plus, start: i, end: last?.end ?? i + 1, groups };
}

/** Whether the characters around a run show it is part of something else. */
function isolated(t: string, run: Run): boolean {
  const before = t[run.start - 1];
  const before2 = t[run.start - 2];
  if (before !== undefined) {
    if (WORDLIKE.test(before) || CURRENCY.test(before)) return false;
    if ("#&@%".includes(before)) return false;
    // A decimal part, a fraction, a time, a digest suffix ("sha256-…"), a sum ("a+1…").
    if (".,/:".includes(before) && isDigit(before2)) return false;
    if ("-+".includes(before) && before2 !== undefined && WORDLIKE.test(before2)) return false;
  }
  const after = t[run.end];
  const after2 = t[run.end + 1];
  if (after !== undefined) {
    if (WORDLIKE.test(after) || CURRENCY.test(after) || after === "%") return false;
    if (",.:/".includes(after) && isDigit(after2)) return false;
  }
  return true;
}

/**
 * Whether a run of groups has a phone number's shape. `strict` (CSS and scripts) refuses a
 * bare run of digits, which there is far more often a number than a phone.
 */
function isPhone(groups: readonly Group[], plus: boolean, strict: boolean): boolean {
  const d = groups.map((g) => g.digits).join("");
  const sizes = groups.map((g) => g.digits.length);
  const shape = sizes.join(",");
  const first = sizes[0] ?? 0;
  // 000000000 or a CSS z-index of 999999999 is never a phone.
  if (new Set(d).size < 2) return false;
  // International: + or 00, a country code (which never starts with 0), 8 to 15 digits in all.
  if (plus) return d.length >= 8 && d.length <= 15 && d[0] !== "0";
  if (d.startsWith("00") && d[2] !== "0" && d.length >= 10 && d.length <= 17) return true;
  if (strict && groups.length === 1) return false;
  // Spain: 9 digits from 6 to 9 (mobiles and landlines), 612 345 678, 612 34 56 78, 91 123 45 67.
  if (d.length === 9 && /^[6-9]/u.test(d) && ["9", "3,3,3", "3,2,2,2", "2,3,2,2"].includes(shape)) {
    return true;
  }
  // A trunk 0 and 10 or 11 digits: France (06 12 34 56 78), the UK (020 7946 0958,
  // 07700 900123), Germany and others. Groups of two or more, the first of two to five.
  if (
    (d.length === 10 || d.length === 11) &&
    d[0] === "0" &&
    d[1] !== "0" &&
    groups.length <= 5 &&
    sizes.every((n) => n >= 2) &&
    (groups.length === 1 || (first >= 2 && first <= 5))
  ) {
    return true;
  }
  // North America: (555) 123-4567, 555-123-4567, 1-555-123-4567. Area codes start from 2;
  // the exchange is not checked, since made-up numbers like 555-123-4567 are written too.
  const nanp = shape === "1,3,3,4" && d[0] === "1" ? d.slice(1) : d;
  return (shape === "3,3,4" || (shape === "1,3,3,4" && d[0] === "1")) && /^[2-9]/u.test(nanp);
}

/** Whether the separator before group `k` is a space (not "-", "." or a parenthesis). */
function spaceBefore(t: string, groups: readonly Group[], k: number): boolean {
  const group = groups[k];
  const previous = groups[k - 1];
  return group !== undefined && previous !== undefined && group.start > previous.end
    ? t[group.start - 1] === " "
    : false;
}

/** Whether that space stood for a line break in the original text (a wrap, a table cell). */
function breaksLine(n: Normalised, groups: readonly Group[], k: number): boolean {
  const sep = (groups[k]?.start ?? 0) - 1;
  const original = n.original.slice(n.starts[sep] ?? 0, n.ends[sep] ?? 0);
  return /[\n\r\u2028\u2029]/u.test(original);
}

/** Splits groups where `cut(k)` holds for the separator before group k. */
function splitAt<T>(items: readonly T[], cut: (k: number) => boolean): T[][] {
  const parts: T[][] = [];
  let from = 0;
  for (let k = 1; k <= items.length; k++) {
    if (k < items.length && !cut(k)) continue;
    parts.push(items.slice(from, k));
    from = k;
  }
  return parts;
}

// No phone number has more space-separated words than this ("+33 6 12 34 56 78" has six);
// the cap keeps a long row of numbers linear.
const MAX_WORDS = 8;

/**
 * Finds phone numbers among the space-separated words of one line of a run. The whole line is
 * tried first; failing that, a shorter stretch counts only where its neighbours show it is
 * separate: a neighbour written with hyphens or dots ("2026-10-14 612 345 678",
 * "(555) 123-4567 555-123-4567") or another phone. "612 345 678 901" is four numbers, not a
 * phone and a number.
 */
function phonesIn(words: readonly Group[][], plus: boolean, strict: boolean): Group[][] {
  const found: Group[][] = [];
  const phoneAt = (k: number, j: number): boolean =>
    isPhone(words.slice(k, j).flat(), plus && k === 0, strict);
  const longestAt = (k: number): number | undefined => {
    for (let j = Math.min(words.length, k + MAX_WORDS); j > k; j--) if (phoneAt(k, j)) return j;
    return undefined;
  };
  const separate = (word: readonly Group[] | undefined): boolean =>
    word === undefined || word.length > 1;
  let lastEnd = 0;
  for (let k = 0; k < words.length;) {
    const j = longestAt(k);
    const leftOk = k === 0 || lastEnd === k || separate(words[k - 1]);
    const rightOk =
      j === words.length || separate(words[j ?? 0]) || longestAt(j ?? 0) !== undefined;
    if (j !== undefined && leftOk && rightOk) {
      found.push(words.slice(k, j).flat());
      lastEnd = j;
      k = j;
    } else k += 1;
  }
  return found;
}

function hit(run: Run, groups: readonly Group[], plus: boolean): Hit {
  const first = groups[0];
  const last = groups[groups.length - 1];
  const digits = groups.map((g) => g.digits).join("");
  return {
    start: plus ? run.start : (first?.start ?? run.start),
    end: last?.end ?? run.end,
    canonical: (plus ? "+" : "") + digits,
  };
}

// The library reads a number only around a run of seven digits (spaces, dots, slashes,
// hyphens and brackets between, as people write phones); the hand-written shapes above ask for
// eight. Every other number (a year, a count, an amount) is a candidate the library would parse
// and throw away with an exception, which for the search index of a large archive (every public
// text in one file) was most of the guard's time.
const MAYBE_PHONE = /\d(?:[\s()./-]{0,3}\d){6}/gu;
/** Text kept on each side of a run, so the library sees the words around a number. */
const AROUND = 32;
/** How far past AROUND a window's edge may move to land on a space rather than in a word. */
const TO_SPACE = 64;

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/u.test(c);
/** A hex digest is at least this long (128-bit hashes and longer: SHA256SUMS, manifests). */
const DIGEST = 32;

/**
 * Whether `t[start, end)` is digits inside a hex digest (a run of DIGEST or more hex characters,
 * letters among them): letters touch whatever the library would read there, so `isolated`
 * would refuse it anyway. SHA256SUMS and the exchange manifest are thousands of digests, and
 * reading each run of seven digits in them was most of their scan.
 */
function insideDigest(t: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(t[i])) return false;
  let from = start;
  let to = end;
  while (isHex(t[from - 1])) from -= 1;
  while (isHex(t[to])) to += 1;
  if (to - from < DIGEST) return false;
  return /[a-fA-F]/u.test(t.slice(from, to));
}

/**
 * The parts of `t` the library reads: each run of seven digits with AROUND characters on each
 * side, widened to a space (so no number or extension is cut at a window's edge), overlapping
 * windows joined. Pure, so a test can hold the windows to reading the whole text.
 */
export function phoneWindows(t: string): { start: number; end: number }[] {
  const windows: { start: number; end: number }[] = [];
  for (const m of t.matchAll(MAYBE_PHONE)) {
    if (insideDigest(t, m.index, m.index + m[0].length)) continue;
    let start = Math.max(0, m.index - AROUND);
    let end = Math.min(t.length, m.index + m[0].length + AROUND);
    for (
      const limit = Math.max(0, start - TO_SPACE);
      start > limit && !/\s/u.test(t[start - 1] ?? "");
    ) {
      start -= 1;
    }
    for (
      const limit = Math.min(t.length, end + TO_SPACE);
      end < limit && !/\s/u.test(t[end] ?? "");
    ) {
      end += 1;
    }
    const last = windows[windows.length - 1];
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  return windows;
}

/**
 * Whether a number the library read is written like a phone rather than something else. Some
 * plans (Germany's) are so open that a date, an amount, an ISBN or a row of numbers is a valid
 * number there; these are the shapes that say otherwise.
 */
function phoneLike(written: string, strict: boolean): boolean {
  const digits = written.replace(/\D/gu, "");
  const groups = written.split(/[\s().+/-]+/u).filter(Boolean);
  const bare = /^\d+$/u.test(written);
  // Money and decimals ("612 345 678,00", "0.612345678"), IP addresses, amounts with dots. A
  // phone written with dots (06.12.34.56.78, 555.123.4567) is read by the shapes above.
  if (/[.,]/u.test(written)) return false;
  // A date ("2026-10-14"), in any spelling the date detector knows.
  if (findDays(written).some((d) => d.start === 0 && d.end === written.length)) return false;
  // 999999999, 1000000000: no phone has so few different digits.
  if (new Set(digits).size < 3) return false;
  // A check digit or a part number ends it: 978-3-16-148410-0.
  if ((groups[groups.length - 1]?.length ?? 0) < 2) return false;
  // A row of numbers of one size (612 345 678 901) is a list, not a phone.
  if (groups.length >= 4 && groups.every((g) => g.length >= 3 && g.length === groups[0]?.length)) {
    return false;
  }
  // A bare run of digits ending in 0000 is a round figure (an amount, a Unix time); in CSS and
  // scripts any bare run is far more often a number than a phone.
  if (bare && (strict || digits.endsWith("0000"))) return false;
  return true;
}

/** Numbers libphonenumber-js finds, for the circle's country and in international form. */
function libraryHits(t: string, region: string | undefined, strict: boolean): Hit[] {
  const hits: Hit[] = [];
  const country = region !== undefined && isSupportedCountry(region) ? region : undefined;
  for (const window of phoneWindows(t)) {
    const part = t.slice(window.start, window.end);
    const found = country
      ? findPhoneNumbersInText(part, { defaultCountry: country as CountryCode })
      : findPhoneNumbersInText(part);
    for (const m of found) {
      const [start, end] = [window.start + m.startsAt, window.start + m.endsAt];
      const run: Run = { plus: false, start, end, groups: [] };
      if (!isolated(t, run)) continue;
      if (!phoneLike(t.slice(start, end), strict)) continue;
      hits.push({ start, end, canonical: m.number.number });
    }
  }
  return hits;
}

/** The hand-written readings and the library's together; where two overlap, the longer. */
function merge(hits: Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const hit of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && hit.start < last.end) {
      if (hit.end - hit.start > last.end - last.start) kept[kept.length - 1] = hit;
      continue;
    }
    kept.push(hit);
  }
  return kept;
}

export const phone: Detector = (text, where, guard) => {
  // A PDF content stream is drawing operators: its runs of numbers are coordinates. Text written
  // into one in the clear is a string, and the PDF's strings are scanned as their own form.
  if (where.part === "pdf-stream") return [];
  const t = text.text;
  const strict = where.part === "css" || where.part === "script";
  const hits: Hit[] = [];
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if (!(isDigit(c) || ((c === "+" || c === "(") && /[ (\d]/u.test(t[i + 1] ?? "")))) {
      i += 1;
      continue;
    }
    const run = readRun(t, i);
    i = Math.max(run.end, i + 1);
    // No phone has fewer than eight digits; most runs (years, counts, money) stop here.
    if (run.groups.reduce((sum, g) => sum + g.digits.length, 0) < 8) continue;
    if (!isolated(t, run)) continue;
    const international = run.plus || (run.groups[0]?.digits.startsWith("00") ?? false);
    // A number may wrap onto the next line, but table cells and list items are flattened to
    // line breaks too, and three numbers in three cells are not a phone. So only an
    // international number (distinctive enough) is read across a line break.
    if (international && isPhone(run.groups, run.plus, strict)) {
      hits.push(hit(run, run.groups, run.plus));
      continue;
    }
    const lines = splitAt(
      run.groups,
      (k) => spaceBefore(t, run.groups, k) && breaksLine(text, run.groups, k),
    );
    lines.forEach((line, index) => {
      const plus = run.plus && index === 0;
      const words = splitAt(line, (k) => spaceBefore(t, line, k));
      for (const groups of phonesIn(words, plus, strict)) {
        hits.push(hit(run, groups, plus && groups[0] === line[0]));
      }
    });
  }
  const all = merge([...hits, ...libraryHits(t, guard.region, strict)]);
  return all.map((h) => toFinding(text, h, where, "phone", "phone", maskNumber));
};
