// Detector: the exact day of a public report, in any common spelling (2026-10-14, 14/10/2026,
// 10/14/2026, 14.10.2026, 14 October 2026, October 14, 2026, 14 de octubre de 2026,
// 14 octobre 2026, 14 Oct 2026) and in the forms machines write it (D:20261014000000Z in a
// PDF, 20261014T090000Z, 2026-10-14T09:00:00+02:00, a Unix time). Public outputs show year and
// month only, so "October 2026" is never flagged, nor is a day that is not a public report's:
// money, times, page ranges and version numbers only match when they spell that very day.
import { mask } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector, Hit } from "../types.ts";

// Month names and abbreviations in en, es and fr, as normalisation spells them (lower case,
// no accents: "février" → "fevrier", "août" → "aout").
const MONTH_NAMES: readonly (readonly string[])[] = [
  ["january", "jan", "enero", "ene", "janvier", "janv"],
  ["february", "feb", "febrero", "fevrier", "fevr", "fev"],
  ["march", "mar", "marzo", "mars"],
  ["april", "apr", "abril", "abr", "avril", "avr"],
  ["may", "mayo", "mai"],
  ["june", "jun", "junio", "juin"],
  ["july", "jul", "julio", "juillet", "juil"],
  ["august", "aug", "agosto", "ago", "aout"],
  ["september", "sep", "sept", "septiembre", "setiembre", "set", "septembre"],
  ["october", "oct", "octubre", "octobre"],
  ["november", "nov", "noviembre", "novembre"],
  ["december", "dec", "diciembre", "dic", "decembre"],
];

const MONTH = new Map<string, number>(
  MONTH_NAMES.flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);
const MONTH_ALT = [...MONTH.keys()].sort((a, b) => b.length - a.length).join("|");

// The text is normalised: lower case, one space for any whitespace. Day suffixes: 1st, 2nd,
// 3rd, 14th; French 1er; Spanish 1º / 1.º (º folds to "o").
const ORDINAL = String.raw`(?:st|nd|rd|th|er|o|\.o)?`;
const PATTERNS: readonly {
  re: RegExp;
  read: (m: RegExpExecArray) => [string, string, string][];
}[] = [
  {
    // 2026-10-14, 2026/10/14, 2026.10.14, and the date inside 2026-10-14T09:00:00Z.
    re: /(?<![\p{L}\p{N}])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/gu,
    read: (m) => [[m[1] ?? "", m[3] ?? "", m[4] ?? ""]],
  },
  {
    // 20261014 as in file names, a PDF date (D:20261014000000Z, D:20261014090000+02'00') and
    // an ISO 8601 basic date-time (20261014T090000Z).
    re: /(?<![\p{L}\p{N}])(?:d:)?(\d{4})(\d{2})(\d{2})(?:t?\d{2}(?:\d{2}){0,2}(?:[.,]\d+)?)?(?:z|[+-]\d{2}(?:'?\d{2}'?)?)?(?![\p{L}\p{N}])/gu,
    read: (m) => [[m[1] ?? "", m[2] ?? "", m[3] ?? ""]],
  },
  {
    // A Unix time in seconds or milliseconds (a script's Date, a JSON field). Read as the UTC
    // day and the days either side, since the circle's midnight is another day in UTC.
    re: /(?<![\p{L}\p{N}.,])(1\d{9}|1\d{12})(?![\p{L}\p{N}]|[.,]\d)/gu,
    read: (m) => unixDays(m[1] ?? ""),
  },
  {
    // 14/10/2026 or 10/14/2026 (both readings), 14.10.2026, 14-10-2026, 14/10/26.
    re: /(?<![\p{L}\p{N}.\-/])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\p{N}]|[-/.]\d)/gu,
    read: (m) => {
      const year = fullYear(m[4] ?? "");
      return [
        [year, m[3] ?? "", m[1] ?? ""],
        [year, m[1] ?? "", m[3] ?? ""],
      ];
    },
  },
  {
    // 14 October 2026, 14 Oct. 2026, 14-oct-2026, 14 de octubre de 2026, 1er octobre 2026.
    re: new RegExp(
      String.raw`(?<![\p{L}\p{N}])(\d{1,2})${ORDINAL}[ \-](?:de )?(${MONTH_ALT})\.?,?[ \-](?:de |del )?(\d{4})(?!\d)`,
      "gu",
    ),
    read: (m) => [[m[3] ?? "", String(MONTH.get(m[2] ?? "") ?? 0), m[1] ?? ""]],
  },
  {
    // October 14, 2026; Oct. 14 2026; October 14th, 2026.
    re: new RegExp(
      String.raw`(?<![\p{L}\p{N}])(${MONTH_ALT})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?!\d)`,
      "gu",
    ),
    read: (m) => [[m[3] ?? "", String(MONTH.get(m[1] ?? "") ?? 0), m[2] ?? ""]],
  },
];

const DAY_MS = 86_400_000;

function unixDays(digits: string): [string, string, string][] {
  const ms = digits.length === 13 ? Number(digits) : Number(digits) * 1000;
  return [ms - DAY_MS / 2, ms, ms + DAY_MS / 2].map((t) => {
    const [year, month, day] = new Date(t).toISOString().slice(0, 10).split("-");
    return [year ?? "", month ?? "", day ?? ""];
  });
}

function fullYear(year: string): string {
  return year.length === 2 ? `20${year}` : year;
}

function iso([year, month, day]: [string, string, string]): string {
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** Every spelled day in a normalised text, with the ISO days it can be read as. */
export function findDays(text: string): { start: number; end: number; days: string[] }[] {
  const found: { start: number; end: number; days: string[] }[] = [];
  for (const { re, read } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      found.push({ start: m.index, end: m.index + m[0].length, days: read(m).map(iso) });
    }
  }
  return found;
}

export const exactDate: Detector = (text, where, guard) => {
  if (guard.publicReportDates.size === 0) return [];
  const hits: Hit[] = [];
  for (const { start, end, days } of findDays(text.text)) {
    const day = days.find((d) => guard.publicReportDates.has(d));
    if (day !== undefined) hits.push({ start, end, canonical: day });
  }
  return hits.map((hit) => toFinding(text, hit, where, "exact-date", "exact-date", mask));
};
