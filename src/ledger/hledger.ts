// `mimeo ledger --format hledger`: the ledger as an hledger journal, so a treasurer can check
// the fund with a tool the wider world trusts (`hledger -f ledger.journal bal`).

import { currencyExponent } from "./currencies.ts";
import { plainNumber } from "./format.ts";
import { subtractQuantities } from "./quantity.ts";
import { fundWho } from "./read.ts";
import { allRows } from "./reports.ts";
import type { Amount, Ledger, LedgerMonth, LedgerRow } from "./types.ts";

const fund = "assets:fund";
const openingEquity = "equity:opening-balances";
const careGiven = "care:given";

/**
 * One transaction per row, in balance order (hledger checks assertions by date, then in the
 * order it reads them, which is the same order):
 * - money into the fund: assets:fund / income:<what>[:<who>];
 * - money out: assets:fund / expenses:<what>[:<who>] (no <who> when the fund itself pays);
 * - care: care:<unit>:<who> / care:given, in a commodity per care unit, so every transaction
 *   balances per commodity and care never mixes with money;
 * - `= AMOUNT`: a zero posting on assets:fund with an hledger `=` assertion (single commodity);
 * - `opening:`: posts the difference between what earlier months carried and the opening,
 *   against equity:opening-balances, and asserts the opening, so the balance is SET to it.
 * Amounts are written exactly, with a point for decimals (`decimal-mark .`), and a commodity
 * directive per unit gives each its decimals.
 */
export function ledgerHledger(ledger: Ledger): string {
  const out: string[] = [
    "; The care ledger and the mutual-aid fund, exported by mimeo.",
    "; Money: assets:fund against income:<what>:<who> and expenses:<what>.",
    "; Care: care:<unit>:<who> against care:given, one commodity per care unit.",
    "; Balance assertions and openings are `=` assertions on assets:fund.",
    "",
    "decimal-mark .",
    "",
    ...commodityDirectives(ledger),
    "",
  ];
  for (const month of ledger.months) {
    const opening = openingTransaction(month);
    if (opening) out.push(...opening, "");
    for (const row of month.rows) out.push(...rowTransaction(row), "");
  }
  return out.join("\n");
}

function commodityDirectives(ledger: Ledger): string[] {
  const decimals = new Map<string, number>();
  const note = (a: Amount): void => {
    const places = currencyExponent(a.unit) ?? a.scale;
    decimals.set(a.unit, Math.max(decimals.get(a.unit) ?? 0, places));
  };
  for (const month of ledger.months) month.openings.forEach((o) => note(o.amount));
  for (const row of allRows(ledger)) note(row.amount);
  // hledger wants a decimal mark in every commodity directive, even with no decimals ("1000.").
  return [...decimals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unit, places]) => `commodity 1000.${"0".repeat(places)} ${commodity(unit)}`);
}

function openingTransaction(month: LedgerMonth): string[] | undefined {
  const first = month.openings[0];
  if (!first) return undefined;
  const lines = [`${month.month}-01 opening balance`, `    ; ${month.file}:${first.line}`];
  for (const { amount, carried } of month.openings) {
    const change = { ...subtractQuantities(amount, carried), unit: amount.unit, kind: amount.kind };
    lines.push(posting(fund, change, `= ${money(amount)}`));
    if (change.value !== 0n)
      lines.push(posting(openingEquity, { ...change, value: -change.value }));
  }
  return lines;
}

function rowTransaction(row: LedgerRow): string[] {
  const head = `${row.date} ${description(row.who)} | ${description(row.what)}`;
  const lines = [
    row.note ? `${head}  ; ${oneLine(row.note)}` : head,
    `    ; ${row.file}:${row.line}`,
  ];
  const { amount } = row;
  if (amount.kind === "care") {
    lines.push(posting(`care:${account(amount.unit)}:${account(row.who)}`, amount));
    lines.push(posting(careGiven, { ...amount, value: -amount.value }));
  } else if (row.assertsBalance) {
    lines.push(posting(fund, { ...amount, value: 0n }, `= ${money(amount)}`));
  } else {
    const side = amount.value >= 0n ? "income" : "expenses";
    const who = row.who === fundWho ? "" : `:${account(row.who)}`;
    lines.push(posting(fund, amount));
    lines.push(
      posting(`${side}:${account(row.what.toLowerCase())}${who}`, {
        ...amount,
        value: -amount.value,
      }),
    );
  }
  return lines;
}

function posting(accountName: string, amount: Amount, assertion = ""): string {
  // Two or more spaces end an account name in hledger; pad for a readable column.
  const left = `    ${accountName}`.padEnd(44) + "  ";
  return `${left}${money(amount).padStart(16)}${assertion ? ` ${assertion}` : ""}`;
}

function money(amount: Amount): string {
  return `${plainNumber(amount, amount.unit)} ${commodity(amount.unit)}`;
}

/** Letters only go bare; anything else (digits, dashes) is quoted, as hledger requires. */
function commodity(unit: string): string {
  return /^\p{L}+$/u.test(unit) ? unit : `"${unit.replaceAll('"', "")}"`;
}

/** One account-name part: letters and digits joined by dashes ("hardship stipend" → "hardship-stipend"). */
function account(text: string): string {
  const part = text.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  return part === "" ? "unspecified" : part;
}

/** hledger ends a description at ";" and splits payee from note at "|". */
function description(text: string): string {
  return oneLine(text).replaceAll(";", ",").replaceAll("|", "/");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
