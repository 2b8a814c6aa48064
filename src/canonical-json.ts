// Canonical JSON: one text for one value, whatever order its keys were made in, so that two
// values can be told apart by their texts' hashes. Pure (long texts' hashes are remembered by
// the text, within the process). Used by the page fingerprints and by the parts of a load that
// `mimeo serve` keeps (prepare.ts).
import { hash as digest } from "node:crypto";

// The one-shot hash: half the cost of createHash for the many short texts hashed here.
export const hashOf = (text: string): string => digest("sha256", text);

/** Texts at least this long are written as their hash (see `textOf`). */
export const LONG_TEXT = 256;
/** UTF-8, which the hash reads, turns every lone surrogate into U+FFFD: such texts stay JSON. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Long texts (report bodies and their plain text) by the text itself: their hash, and the last
 * round (see `nextRound`) that wrote them. Both audiences show the same bodies, and `mimeo
 * serve` shows every unchanged body again on each save; a text the round before did not write
 * is forgotten when the next begins.
 */
const textHashes = new Map<string, { written: string; used: number }>();
let round = 0;

/** Begins a round (a fingerprinting of pages), forgetting texts the last round did not write. */
export function nextRound(): void {
  round++;
  for (const [text, { used }] of textHashes) {
    if (used < round - 1) textHashes.delete(text);
  }
}

/**
 * A string as canonical JSON writes it. A long text is written as `#t` and its SHA-256 instead
 * of quoted: hashing reads the text once, where escaping it into the JSON and hashing that read
 * it twice; the two forms cannot be confused, since a quoted string starts with `"`.
 */
function textOf(text: string): string {
  if (text.length < LONG_TEXT) return JSON.stringify(text);
  const known = textHashes.get(text);
  if (known !== undefined) {
    known.used = round;
    return known.written;
  }
  return longTextWritten(text) ?? JSON.stringify(text);
}

/**
 * How canonical JSON writes `text` when it is a long text written as its hash (see textOf), or
 * undefined when it is written quoted. Remembered, as textOf remembers it.
 */
export function longTextWritten(text: string): string | undefined {
  if (text.length < LONG_TEXT || SURROGATE.test(text)) return undefined;
  const written = `#t${hashOf(text)}`;
  textHashes.set(text, { written, used: round });
  return written;
}

/**
 * Long texts an object holds whose written form (longTextWritten's) an earlier process worked
 * out, by the key that holds each: the reading cache keeps each body's and plain text's beside
 * it, so a new build does not hash again the texts of thousands of unchanged reports, nor even
 * look them up by their text (which has V8 read each one whole, about 0.03 s at 4,000 reports).
 * A text counts only while the object holds that very text under that key.
 */
const vouched = new WeakMap<object, ReadonlyMap<string, LongText>>();

/** A long text and how canonical JSON writes it. */
interface LongText {
  text: string;
  written: string;
}

/**
 * Tells canonical JSON how `owner`'s texts under these keys are written, as longTextWritten gave
 * them (an entry without a written form is left out).
 */
export function vouchTexts(
  owner: object,
  texts: readonly (readonly [key: string, text: string, written: string | undefined])[],
): void {
  const known = new Map<string, LongText>();
  for (const [key, text, written] of texts) {
    if (written !== undefined) known.set(key, { text, written });
  }
  if (known.size > 0) vouched.set(owner, known);
}

/**
 * Vouches on `to` for the texts `from` was vouched for, under the same keys: for an object made
 * from another, a report's view from the report, say.
 */
export function vouchAs(to: object, from: object): void {
  const known = vouched.get(from);
  if (known !== undefined) vouched.set(to, known);
}

/** How `owner`'s text under `key` is written, when it was vouched for and is still that text. */
export function writtenIn(owner: object, key: string, text: string): string | undefined {
  const known = vouched.get(owner)?.get(key);
  return known !== undefined && known.text === text ? known.written : undefined;
}

/** How canonical JSON writes the text `owner` holds under `key`. */
export function textIn(owner: object, key: string, text: string): string {
  return writtenIn(owner, key, text) ?? textOf(text);
}

/** Object keys as JSON strings: the same few keys recur in every report and tactic. */
const quotedKeys = new Map<string, string>();
function keyOf(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * A value as canonical JSON: keys sorted, Maps and Sets as lists, functions and undefined left
 * out, long texts as their hash. An object already fingerprinted (in `known`) is written as its
 * hash, so a report shown in five lists is serialised once.
 */
export function canonicalJson(value: unknown, known?: WeakMap<object, string>): string {
  const seen = new Set<object>();
  const write = (v: unknown): string | undefined => {
    if (typeof v === "string") return textOf(v);
    if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
    if (v === null || typeof v !== "object") {
      if (typeof v === "bigint") return `"${v.toString()}n"`;
      return JSON.stringify(v);
    }
    const hash = known?.get(v);
    if (hash !== undefined) return `#${hash}`;
    if (v instanceof Date) return JSON.stringify(v.toISOString());
    if (seen.has(v)) throw new Error("mimeo: a view refers to itself and cannot be fingerprinted");
    seen.add(v);
    let out: string;
    if (Array.isArray(v)) {
      out = "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out += ",";
        out += write(v[i]) ?? "null";
      }
      out += "]";
    } else if (v instanceof Map) {
      out = `{"Map":${write([...v.entries()])}}`;
    } else if (v instanceof Set) {
      out = `{"Set":${write([...v])}}`;
    } else if (ArrayBuffer.isView(v)) {
      out = `{"bytes":"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}"}`;
    } else {
      out = "{";
      let first = true;
      const texts = vouched.get(v);
      for (const key of Object.keys(v).sort()) {
        const value = (v as Record<string, unknown>)[key];
        const text = texts?.get(key);
        const inner = text !== undefined && text.text === value ? text.written : write(value);
        if (inner === undefined) continue;
        out += first ? `${keyOf(key)}:${inner}` : `,${keyOf(key)}:${inner}`;
        first = false;
      }
      out += "}";
    }
    seen.delete(v);
    return out;
  };
  return write(value) ?? "null";
}
