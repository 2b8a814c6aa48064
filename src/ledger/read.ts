// Reading a circle's month files into a Ledger: finds each table, checks every row, and
// collects every problem in one run so a treasurer fixes them all at once.

import { problem, sortProblems } from "../content/problem.ts";
import type { ContentProblem } from "../content/problem.ts";
import { amountText, readAmount } from "./amount.ts";
import { isCurrency } from "./currencies.ts";
import { balanceMonths } from "./balance.ts";
import type { MonthDraft } from "./balance.ts";
import { didYouMean, nearestNames } from "./names.ts";
import { findLedgerTable, ledgerColumns } from "./table.ts";
import type { TableRow } from "./table.ts";
import type { Amount, Ledger, LedgerMonthInput, LedgerRow, LedgerSettings } from "./types.ts";

/** The words `who` accepts besides members' names. */
export const fundWho = "fund";
export const anonymousWho = "anonymous";

/**
 * Reads every month file. Rows whose date or amount cannot be read are left out of the ledger
 * (a problem says why); a row whose `who` is unknown still counts, so one misspelt name does
 * not turn every later balance assertion into a second, misleading problem.
 */
export function readLedger(
  months: readonly LedgerMonthInput[],
  settings: LedgerSettings,
): { ledger: Ledger; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const inOrder = months
    .map(monthOfRows)
    .sort((a, b) => compareText(a.month, b.month) || compareText(a.file, b.file));
  const fileFor = new Map<string, string>();
  const drafts: MonthDraft[] = inOrder.map((input) => {
    const earlier = fileFor.get(input.month);
    if (earlier !== undefined) {
      problems.push(
        problem(
          input.file,
          0,
          `${earlier} already holds the ledger for ${input.month}: keep one file per month ` +
            `and move these rows into it`,
          { field: "month", found: input.month },
        ),
      );
    } else {
      fileFor.set(input.month, input.file);
    }
    const draft = readMonth(input, settings, problems);
    // Its rows would count twice, or in the wrong place: the month's balance is unknown.
    if (earlier !== undefined) draft.unknownFrom.push({ date: input.month });
    return draft;
  });
  // A month file the loader could not read (its problem says why) leaves its month's balance
  // unknown, rather than every later assertion wrong for want of its rows.
  for (const month of settings.unreadMonths ?? []) {
    const at = drafts.findIndex((d) => compareText(d.month, month) > 0);
    const gap: MonthDraft = {
      file: `ledger/${month}.md`,
      month,
      audience: "circle",
      openings: [],
      rows: [],
      hasTable: false,
      unknownFrom: [{ date: "" }],
    };
    drafts.splice(at === -1 ? drafts.length : at, 0, gap);
  }
  const gaps = new Set(drafts.filter((d) => !inOrder.some((i) => i.file === d.file)));
  // Without a roster every name would be its own problem; the first one says why.
  const firstNoRoster = problems.findIndex((p) => p.message === noRosterMessage);
  const said =
    firstNoRoster === -1
      ? problems
      : problems.filter((p, i) => i === firstNoRoster || p.message !== noRosterMessage);
  problems.splice(0, problems.length, ...said);
  const ledger: Ledger = {
    currency: settings.currency,
    careUnits: [...settings.careUnits],
    members: [...settings.members],
    months: balanceMonths(drafts, problems).filter((_, i) => !gaps.has(drafts[i] as MonthDraft)),
  };
  return { ledger, problems: sortProblems(problems) };
}

/**
 * A month file whose `month:` names another month than its file name (the loader says so, once)
 * is read as the month most of its rows are dated in, so its rows are not each reported outside
 * the month, nor counted in the wrong place in the balance.
 */
function monthOfRows(input: LedgerMonthInput): LedgerMonthInput {
  const named = /(\d{4}-\d{2})\.md$/.exec(input.file)?.[1];
  if (named === undefined || named === input.month) return input;
  const dated = (month: string): number =>
    input.body
      .split("\n")
      .filter((line) => new RegExp(`^\\s*\\|?\\s*${month}-\\d\\d\\s*\\|`).test(line)).length;
  return dated(named) > dated(input.month) ? { ...input, month: named } : input;
}

function readMonth(
  input: LedgerMonthInput,
  settings: LedgerSettings,
  problems: ContentProblem[],
): MonthDraft {
  const unknownFrom: MonthDraft["unknownFrom"] = [];
  const openings = input.opening ? readOpening(input, settings, problems, unknownFrom) : [];
  const table = findLedgerTable(input.file, input.body, input.bodyStartLine, problems);
  // Without its table, none of the month's money is known.
  if (table === undefined) unknownFrom.push({ date: input.month });
  const rows = (table ?? []).flatMap(
    (row) => readRow(input, row, settings, problems, unknownFrom) ?? [],
  );
  // Balance order within a month is by date; Array.prototype.sort is stable, so rows of the
  // same day keep the order the file gives them.
  rows.sort((a, b) => compareText(a.date, b.date));
  return {
    file: input.file,
    month: input.month,
    audience: input.audience,
    openings,
    rows,
    hasTable: table !== undefined,
    unknownFrom,
  };
}

function readRow(
  input: LedgerMonthInput,
  row: TableRow,
  settings: LedgerSettings,
  problems: ContentProblem[],
  unknownFrom: MonthDraft["unknownFrom"],
): LedgerRow | undefined {
  const report = (field: string, message: string): void => {
    problems.push(problem(input.file, row.line, message, { field, found: row.written }));
  };
  if (!row.written.includes("|")) {
    // GFM carries a table on into the next line when no blank line ends it.
    report(
      "table",
      "this line is read as a row of the ledger table: leave a blank line between the table " +
        "and the text after it",
    );
    return undefined;
  }
  if (row.cellsWritten > ledgerColumns.length) {
    report(
      "note",
      `this row has ${row.cellsWritten} cells but the table has ${ledgerColumns.length} ` +
        `columns, so the last ones are lost: write a "|" inside a cell as "\\|"`,
    );
  }
  const [date = "", whoWritten = "", what = "", amountWritten = "", note = ""] = row.cells;

  const dateProblem = checkDate(date, input);
  if (dateProblem) report("date", dateProblem);

  const who =
    settings.hasRoster === false && whoWritten !== "" && !isFundOrAnonymous(whoWritten)
      ? ({ ok: false, message: noRosterMessage } as const)
      : readWho(whoWritten, settings.members);
  if (!who.ok) report("who", who.message);

  const amount = readAmount(amountWritten, settings.careUnits);
  if (!amount.ok) report("amount", amount.message);

  if (dateProblem || !amount.ok) {
    // The row is left out: the balance in its currency is unknown from its day on.
    const unit = amount.ok
      ? amount.amount.kind === "money"
        ? amount.amount.unit
        : null
      : unitMeant(amountWritten, settings.careUnits);
    if (unit !== null) {
      unknownFrom.push({ date: dateProblem ? input.month : date, ...(unit ? { unit } : {}) });
    }
    return undefined;
  }
  return {
    file: input.file,
    line: row.line,
    month: input.month,
    date,
    who: who.ok ? who.who : whoWritten,
    what,
    note,
    amount: amount.amount,
    assertsBalance: amount.assertsBalance,
    written: row.written,
  };
}

/**
 * The unit an amount that cannot be read was meant in: a currency code (in any case), null for
 * care (a care unit, or one near it), and "" when it cannot be told.
 */
function unitMeant(written: string, careUnits: readonly string[]): string | null {
  let care = false;
  for (const word of written.replace(/^\s*=/, "").split(/[\s\d.,+-]+/)) {
    if (word === "") continue;
    if (isCurrency(word.toUpperCase())) return word.toUpperCase();
    if (careUnits.includes(word) || nearestNames(word, careUnits).length > 0) care = true;
  }
  return care ? null : "";
}

function checkDate(date: string, input: LedgerMonthInput): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) {
    return date === ""
      ? `the date is empty: write the day as YYYY-MM-DD, like ${input.month}-01`
      : `"${date}" is not a date: write it as YYYY-MM-DD, like ${input.month}-01`;
  }
  const [, year = "", month = "", day = ""] = match;
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) {
    return `${date} has no month ${month}: write it as YYYY-MM-DD, months 01 to 12`;
  }
  const days = daysInMonth(Number(year), monthNumber);
  if (Number(day) < 1 || Number(day) > days) {
    return `${date} is not a day of the calendar: ${year}-${month} has ${days} days`;
  }
  const rowMonth = `${year}-${month}`;
  if (rowMonth !== input.month) {
    const otherFile = input.file.replace(/[^/]*$/, `${rowMonth}.md`);
    return (
      `${date} is outside this file's month (${input.month}): correct the date, or move ` +
      `the row to ${otherFile}`
    );
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC so no zone shifts a day.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const isFundOrAnonymous = (written: string): boolean =>
  [fundWho, anonymousWho].includes(written.toLowerCase());

/** Said once, at the first name, when the circle keeps no roster to check names against. */
const noRosterMessage =
  `rotation.md is missing (or has problems of its own), so the ledger cannot check members' ` +
  `names: add rotation.md with the circle's members (docs/content-format.md), or write ` +
  `"${fundWho}" or "${anonymousWho}"`;

type WhoReading = { ok: true; who: string } | { ok: false; message: string };

function readWho(written: string, members: readonly string[]): WhoReading {
  if (members.includes(written)) return { ok: true, who: written };
  const lower = written.toLowerCase();
  if (lower === fundWho || lower === anonymousWho) return { ok: true, who: lower };
  const how = `write a member's name as rotation.md spells it, "${fundWho}" or "${anonymousWho}"`;
  if (written === "") return { ok: false, message: `who is empty: ${how}` };
  const hint = didYouMean(nearestNames(written, [...members, fundWho, anonymousWho]));
  return {
    ok: false,
    message:
      `"${written}" is not a member in rotation.md${hint ? `: ${hint} If not, ` : ": "}${how}. ` +
      `For someone outside the circle, write "${anonymousWho}" and keep their name off the ledger`,
  };
}

function readOpening(
  input: LedgerMonthInput,
  settings: LedgerSettings,
  problems: ContentProblem[],
  unknownFrom: MonthDraft["unknownFrom"],
): MonthDraft["openings"] {
  const opening = input.opening;
  if (!opening) return [];
  const report = (message: string): void => {
    problems.push(
      problem(input.file, opening.line, message, { field: "opening", found: opening.text.trim() }),
    );
  };
  // Several currencies are separated by ";" or ", " (a comma followed by a space), so a
  // decimal comma typed by mistake ("190,00 EUR") is not split but reported.
  const parts = opening.text
    .split(/\s*;\s*|,\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) {
    report(
      `the opening is empty: write the fund's balance as the month starts, like ` +
        `"opening: 190.00 ${settings.currency}", or remove the line`,
    );
    return [];
  }
  const openings: MonthDraft["openings"] = [];
  for (const part of parts) {
    const reading = readAmount(part.replace(/^=\s*/, ""), settings.careUnits);
    if (!reading.ok) {
      report(reading.message);
      const unit = unitMeant(part, []);
      unknownFrom.push({ date: "", ...(unit ? { unit } : {}) });
      continue;
    }
    const amount: Amount = reading.amount;
    if (amount.kind !== "money") {
      report(
        `an opening sets the fund's balance, and only money has a balance: "${part}" is care. ` +
          `Write the money the fund holds as the month starts, like "opening: 190.00 ${settings.currency}"`,
      );
      continue;
    }
    const same = openings.find((o) => o.amount.unit === amount.unit);
    if (same) {
      report(
        `the opening gives ${amount.unit} twice (${amountText(same.amount)} and ` +
          `${amountText(amount)}): give each currency's balance once`,
      );
      continue;
    }
    openings.push({ amount, line: opening.line, written: opening.text.trim() });
  }
  return openings;
}

/** Orders by code points, the same on every machine (dates and months sort correctly as text). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
