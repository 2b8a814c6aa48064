// Masking: how a finding is shown in logs and the build summary, so that reporting a leak
// never repeats it in full (a deny-list entry must never reach a log).
import { decodeHTML } from "entities";

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** `text` as a reader sees it: entities decoded, invisible characters gone, spaces collapsed. */
function tidy(text: string): string {
  return decodeHTML(text).replace(INVISIBLE, "").replace(/\s+/gu, " ").trim();
}

/** Falls back to all stars when a mask would still show the whole value (one-letter words). */
function safe(masked: string, original: string): string {
  const bare = tidy(original);
  if (bare.length > 0 && masked.includes(bare)) return "*".repeat(Array.from(bare).length);
  return masked;
}

/**
 * Keeps the first character of each word (letters and digits alike) and replaces the rest
 * with `*`: "Maria Quintero" → "M**** Q*******". A one-character word becomes `*`, since
 * keeping it would show it whole.
 */
export function mask(text: string): string {
  const masked = tidy(text).replace(WORD, (word) => {
    const chars = Array.from(word);
    return chars.length === 1 ? "*" : (chars[0] ?? "") + "*".repeat(chars.length - 1);
  });
  return safe(masked, text);
}

/** "maria@example.org" → "m****@e******.org": the top-level domain helps a person find it. */
export function maskEmail(text: string): string {
  const t = tidy(text);
  const dot = t.lastIndexOf(".");
  if (dot <= 0) return mask(text);
  return safe(mask(t.slice(0, dot)) + t.slice(dot), text);
}

/**
 * Phone numbers and IBANs: keeps the separators, a leading `+` with its country code (or the
 * first two characters), and the last character: "+34 612 345 678" → "+34 6** *** **8",
 * "ES91 2100 …" → "ES** **** …".
 */
export function maskNumber(text: string): string {
  const chars = Array.from(tidy(text));
  const positions: number[] = [];
  chars.forEach((c, k) => {
    if (/[\p{L}\p{N}]/u.test(c)) positions.push(k);
  });
  const keep = new Set<number>();
  const countryCode = /^\+\s?(\d{1,3})\b/u.exec(chars.join(""));
  const shown = countryCode ? (countryCode[1]?.length ?? 0) + 1 : 2;
  // Never show more than about a third of the characters, however short the value.
  const limit = Math.ceil(positions.length / 3);
  for (const k of positions.slice(0, Math.min(shown, limit))) keep.add(k);
  const last = positions[positions.length - 1];
  if (last !== undefined && keep.size < limit) keep.add(last);
  const masked = chars.map((c, k) => (keep.has(k) || !/[\p{L}\p{N}]/u.test(c) ? c : "*")).join("");
  return safe(masked, text);
}
