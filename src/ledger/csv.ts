// `mimeo ledger --format csv`: every row with the fund's running balance, for a spreadsheet.
// RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote or newline.

import { plainNumber } from "./format.ts";
import { allRows } from "./reports.ts";
import type { Ledger, LedgerRow } from "./types.ts";

export const csvColumns = [
  "date",
  "who",
  "what",
  "amount",
  "unit",
  "balance",
  "currency",
  "note",
  "file",
  "line",
] as const;

/**
 * Every row in balance order. `amount` is a plain number with a point ("-50.00"); a balance
 * assertion has an empty amount (it adds nothing, so a column sum stays right) and says what it
 * asserted in `note`. `balance` and `currency` are filled for money rows only.
 */
export function ledgerCsv(ledger: Ledger): string {
  const records = [csvColumns.map(String), ...allRows(ledger).map(csvRecord)];
  return records.map((fields) => fields.map(csvField).join(",") + "\r\n").join("");
}

function csvRecord(row: LedgerRow): string[] {
  const { amount } = row;
  const asserted = `balance asserted: ${plainNumber(amount, amount.unit)} ${amount.unit}`;
  return [
    row.date,
    text(row.who),
    text(row.what),
    row.assertsBalance ? "" : plainNumber(amount, amount.unit),
    amount.unit,
    row.balanceAfter ? plainNumber(row.balanceAfter, row.balanceAfter.unit) : "",
    row.balanceAfter ? row.balanceAfter.unit : "",
    text(row.assertsBalance ? (row.note ? `${asserted}; ${row.note}` : asserted) : row.note),
    row.file,
    String(row.line),
  ];
}

/**
 * Free text from the circle's files. Spreadsheets run a cell that starts with = + - or @ as a
 * formula, so such text gets a leading apostrophe (OWASP's advice against CSV injection); the
 * numeric columns never need it, and "-50.00" must stay a number.
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field, quoted per RFC 4180 when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
