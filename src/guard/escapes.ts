// The other spellings a text takes in an output's bytes: escapes in scripts and JSON
// (`Mar\u00eda`), percent-encoding in addresses (`Mar%C3%ADa`), and an iCalendar file's folded
// lines and escapes. Each is decoded with a map back, so a finding still names its line.
import { decodeMapped, unmapped, type Mapped } from "./normalise.ts";

const SCRIPT_ESCAPE =
  /\\(?:u\{([\da-fA-F]{1,6})\}|u([\da-fA-F]{4})|x([\da-fA-F]{2})|([nrtbfv0/\\"'`]))/gu;
const SIMPLE: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

/** A script's or JSON's string escapes decoded: `\u00ed`, `\u{ed}`, `\xed`, `\n`, `\/`. */
export function decodeScriptEscapes(text: string, base = 0): Mapped {
  if (!text.includes("\\")) return unmapped(text, base);
  return decodeMapped(
    text,
    SCRIPT_ESCAPE,
    (m) => {
      const hex = m[1] ?? m[2] ?? m[3];
      if (hex !== undefined) {
        const code = parseInt(hex, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
      }
      const c = m[4] ?? "";
      return SIMPLE[c] ?? c;
    },
    base,
  );
}

const PERCENT = /(?:%[\da-fA-F]{2})+/gu;

/** Percent-encoding decoded as UTF-8 (`Mar%C3%ADa`); a sequence that is not UTF-8 stays. */
export function decodePercent(text: string, base = 0): Mapped {
  if (!text.includes("%")) return unmapped(text, base);
  return decodeMapped(
    text,
    PERCENT,
    (m) => {
      try {
        return decodeURIComponent(m[0]);
      } catch {
        return undefined;
      }
    },
    base,
  );
}

/**
 * An iCalendar file as its reader sees it (RFC 5545, 3.1 and 3.3.11): folded lines joined
 * (a line break and one space or tab), and `\,` `\;` `\n` `\\` unescaped.
 */
export function readIcs(text: string): string {
  return text
    .replace(/\r?\n[ \t]/gu, "")
    .replace(/\\([\\;,nN])/gu, (_all, c: string) => (c === "n" || c === "N" ? "\n" : c));
}
