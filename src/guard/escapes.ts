// The other spellings a text takes in an output's bytes: escapes in scripts and JSON
// (`Mar\u00eda`), percent-encoding in addresses (`Mar%C3%ADa`), and an iCalendar file's folded
// lines and escapes. Each is decoded with a map back, so a finding still names its line.
import { unmapped, type Mapped } from "./normalise.ts";

/** Replaces each match of `re` with `decode(match)`, keeping each unit's source span. */
function decodeMapped(
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
