// The care ledger's data model: what readLedger makes from the month files and every report
// reads. Plain data (no classes, no Maps) so templates can walk it and tests can compare it.

import type { Quantity } from "./quantity.ts";

export type Audience = "public" | "circle";

/** One month file, already split from its front matter by the content loader. */
export interface LedgerMonthInput {
  /** Path relative to the content folder, used in every problem: "ledger/2026-11.md". */
  file: string;
  /** "2026-11": validated by the loader as YYYY-MM and matching the file name. */
  month: string;
  /** Front matter `opening: 190.00 EUR`, as written, and its line in the file. */
  opening?: { text: string; line: number };
  audience: Audience;
  /** The Markdown after the front matter. */
  body: string;
  /** 1-based line in the file where `body` starts, so problems name the file's lines. */
  bodyStartLine: number;
}

export interface LedgerSettings {
  /** The circle's main currency, an ISO 4217 code: "EUR". */
  currency: string;
  /** Units the ledger accepts besides money: ["hours", "meals", "rides", "credits"]. */
  careUnits: string[];
  /** Names from rotation.md. */
  members: string[];
  /** False when the circle has no rotation.md: names are then reported once, not row by row. */
  hasRoster?: boolean;
  /**
   * Months (YYYY-MM) whose file is in ledger/ but could not be read (a problem says why): the
   * balance after them is unknown, so later assertions are not checked against a sum without them.
   */
  unreadMonths?: string[];
}

/**
 * An exact amount in one unit. Money (`kind: "money"`) always carries its currency's ISO 4217
 * decimals (20 EUR is stored as 2000 at scale 2); care carries the decimals it was written with.
 */
export interface Amount extends Quantity {
  readonly unit: string;
  readonly kind: "money" | "care";
}

/** One counted row of a month's table. Rows with a problem in their date or amount are left out. */
export interface LedgerRow {
  file: string;
  /** The row's line in the file. */
  line: number;
  month: string;
  /** YYYY-MM-DD, inside the file's month. */
  date: string;
  /** A member's name, "fund" or "anonymous" (or, in a ledger with problems, a name to fix). */
  who: string;
  what: string;
  note: string;
  /** What was given or paid; for a balance assertion, the balance it asserts. */
  amount: Amount;
  /** `= AMOUNT`: checks the fund's balance and adds nothing. */
  assertsBalance: boolean;
  /** The fund's balance in this row's currency after this row: money rows only. */
  balanceAfter?: Amount;
  /** The row as written in the file, trimmed. */
  written: string;
}

/** `opening: 190.00 EUR` on a month: sets the fund's balance in that currency as the month starts. */
export interface Opening {
  amount: Amount;
  /** What earlier months carried into this one (zero when none did): what the opening replaces. */
  carried: Amount;
  /** The line of `opening:` in the file. */
  line: number;
}

export interface LedgerMonth {
  file: string;
  month: string;
  audience: Audience;
  openings: Opening[];
  /** Counted rows in balance order: by date, rows of the same date in file order. */
  rows: LedgerRow[];
  /** False when the file has no usable ledger table (a problem says why). */
  hasTable: boolean;
}

export interface Ledger {
  /** The circle's main currency; reports list it first. */
  currency: string;
  careUnits: string[];
  members: string[];
  /** One entry per month file, in month order. */
  months: LedgerMonth[];
}
