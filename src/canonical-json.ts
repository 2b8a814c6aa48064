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
export function textOf(text: string): string {
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
 * Tells canonical JSON how it writes a long text, as longTextWritten gave it in an earlier
 * process: the reading cache keeps it beside each body it keeps, so a new build does not hash
 * again the bodies and plain texts of thousands of unchanged reports (src/build/reading-cache.ts).
 */
export function knownLongText(text: string, written: string): void {
  const known = textHashes.get(text);
  if (known === undefined) textHashes.set(text, { written, used: round });
  else known.used = round;
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
      for (const key of Object.keys(v).sort()) {
        const inner = write((v as Record<string, unknown>)[key]);
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
