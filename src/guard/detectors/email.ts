// Detector: email addresses, plain (`mailto:` included), percent-encoded in links
// (`maria%40example.org`), and spelled out to dodge scrapers ("maria [at] example [dot] org",
// "maria at example dot org", "maria arroba example punto org").
import { maskEmail } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector, Hit } from "../types.ts";

const BEFORE = String.raw`(?<![\p{L}\p{N}._%+\-])`;
const AFTER = String.raw`(?![\p{L}\p{N}\-])`;
const LOCAL = String.raw`[\p{L}\p{N}][\p{L}\p{N}._%+\-]{0,63}`;
const LABEL = String.raw`[\p{L}\p{N}][\p{L}\p{N}\-]{0,62}`;
const TLD = String.raw`\p{L}{2,24}`;

// The text is normalised: lower case, one space for any whitespace.
const AT_BRACKETED = String.raw`(?: ?(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\)) ?| @ )`;
const DOT_BRACKETED = String.raw`(?: ?(?:\[dot\]|\(dot\)|\{dot\}|\[\.\]|\(\.\)|\[punto\]|\(punto\)|\[point\]|\(point\)) ?)`;
const AT_WORD = String.raw`(?: (?:at|arroba|arobase) )`;
const DOT_WORD = String.raw`(?: (?:dot|punto|point) )`;
// Spelled-out words ("at", "dot") also occur in prose, so the bare-word forms count only when
// they end in a top-level domain people actually use; "look at this dot matrix" does not.
const COMMON_TLD = String.raw`(?:com|org|net|edu|gov|info|io|co|me|eu|es|fr|uk|de|it|pt|nl|be|ch|at|ie|us|ca|mx|ar|cl|br|pe|uy|cat|eus|gal|coop|social|email|online|org\.uk|co\.uk)`;

const PLAIN = new RegExp(`${BEFORE}${LOCAL}(?:@|%40)(?:${LABEL}\\.)+${TLD}${AFTER}`, "gu");
const BRACKETED = new RegExp(
  `${BEFORE}${LOCAL}${AT_BRACKETED}${LABEL}(?:(?:${DOT_BRACKETED}|${DOT_WORD}|\\.)${LABEL})*` +
    `(?:${DOT_BRACKETED}|${DOT_WORD}|\\.)${TLD}${AFTER}`,
  "gu",
);
const WORDS = new RegExp(
  `${BEFORE}${LOCAL}${AT_WORD}${LABEL}(?:(?:${DOT_WORD}|\\.)${LABEL})*` +
    `(?:${DOT_WORD}|\\.)${COMMON_TLD}${AFTER}`,
  "gu",
);

/** One spelling of an address: `maria@example.org`. */
function canonical(text: string): string {
  return text
    .replace(new RegExp(`${AT_BRACKETED}|${AT_WORD}|%40`, "gu"), "@")
    .replace(new RegExp(`${DOT_BRACKETED}|${DOT_WORD}`, "gu"), ".")
    .replace(/ /gu, "");
}

export const email: Detector = (text, where) => {
  const hits: Hit[] = [];
  for (const pattern of [PLAIN, BRACKETED, WORDS]) {
    for (const m of text.text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      // One address found by two patterns is one finding.
      if (hits.some((h) => h.start < end && start < h.end)) continue;
      hits.push({ start, end, canonical: canonical(m[0]) });
    }
  }
  return hits.map((hit) => toFinding(text, hit, where, "email", "email", maskEmail));
};
