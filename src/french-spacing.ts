// French sets a space before `:` `;` `?` `!` `»` and `%` and after `«`, and a line must never
// break there (a colon alone at the start of a printed line). Pure. The words are written with
// ordinary spaces, as people type them, and made unbreakable here once, so no string is missed.
// U+00A0, not the narrow U+202F that French typesetters prefer: the printed sheets' font has no
// narrow no-break space. (The site's own `colon` word, which only HTML shows, keeps U+202F.)

/**
 * Where a line may break when mimeo wraps text itself (the READMEs, the sheets' printed notes):
 * ordinary spaces only, never the no-break spaces set here.
 */
export const LINE_BREAK = /[ \t\r\n]+/;

const BEFORE_MARK = / (?=[:;?!»%])/g;
const AFTER_GUILLEMET = /« /g;

/** One text with the spaces around French punctuation made no-break spaces. */
export function frenchSpaced(text: string): string {
  return text.replace(BEFORE_MARK, "\u00a0").replace(AFTER_GUILLEMET, "«\u00a0");
}

/**
 * A set of French words with every text in it spaced (see frenchSpaced): strings, lists and
 * nested sets, and the texts that functions give back.
 */
export function frenchSpacedWords<T>(words: T): T {
  const spaced = (value: unknown): unknown => {
    if (typeof value === "string") return frenchSpaced(value);
    if (typeof value === "function") {
      const made = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => spaced(made(...args));
    }
    if (Array.isArray(value)) return value.map(spaced);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, spaced(v)]));
    }
    return value;
  };
  return spaced(words) as T;
}
