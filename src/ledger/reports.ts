// What mimeo computes from a read Ledger: totals by month, member and year, the fund's balance
// over time, and months that recorded nothing. Pure functions over plain data.

import { addAmounts, negateAmount, sumByUnit, unitOrder, zeroAmount } from "./amount.ts";
import { anonymousWho, compareText, fundWho } from "./read.ts";
import type { Amount, Ledger, LedgerRow } from "./types.ts";

export interface MonthTotals {
  month: string;
  /** One total per unit. Money totals are the net flow into the fund (dues minus stipends). */
  totals: Amount[];
}

export interface MemberTotals {
  /** A member's name, or "anonymous" or "fund" (listed after the members). */
  who: string;
  totals: Amount[];
}

export interface YearTotals {
  year: string;
  totals: Amount[];
}

export interface QuietMonth {
  month: string;
  /** "no file": no ledger file for the month; "no rows": a file whose table has no rows. */
  reason: "no file" | "no rows";
}

export interface FundMonth {
  month: string;
  currency: string;
  /** Money that came into the fund this month (positive rows). */
  takenIn: Amount;
  /** Money paid out this month, as a positive amount (the negative rows, sign dropped). */
  paidOut: Amount;
  /** The fund's balance at the end of the month. */
  holds: Amount;
}

export interface BalancePoint {
  date: string;
  month: string;
  /** The balance after this point. */
  balance: Amount;
  /** "opening": the month's `opening:` set it; "row": a money row (or an assertion) at `line`. */
  kind: "opening" | "row";
  file: string;
  line: number;
}

export interface BalanceHistory {
  currency: string;
  points: BalancePoint[];
}

/** Every counted row in balance order, assertions included. */
export function allRows(ledger: Ledger): LedgerRow[] {
  return ledger.months.flatMap((m) => m.rows);
}

function orderOf(ledger: Ledger): (a: string, b: string) => number {
  return unitOrder(ledger.currency, ledger.careUnits);
}

function totalsOf(ledger: Ledger, rows: readonly LedgerRow[]): Amount[] {
  return sumByUnit(
    rows.filter((row) => !row.assertsBalance).map((row) => row.amount),
    orderOf(ledger),
  );
}

/** Totals per month file and unit, in month order. */
export function totalsByMonth(ledger: Ledger): MonthTotals[] {
  return ledger.months.map((m) => ({ month: m.month, totals: totalsOf(ledger, m.rows) }));
}

// Names sorted as people expect ("émile" next to "Emma", "Wren 2" before "Wren 10"); ties fall
// back to code points so the order is the same on every machine.
const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || compareText(a, b);
}

/** Totals per `who` and unit over the whole ledger: members by name, then anonymous, then fund. */
export function totalsByMember(ledger: Ledger): MemberTotals[] {
  const byWho = new Map<string, LedgerRow[]>();
  for (const row of allRows(ledger)) {
    if (row.assertsBalance) continue;
    const whose = byWho.get(row.who) ?? [];
    whose.push(row);
    byWho.set(row.who, whose);
  }
  const rank = (who: string): number => (who === fundWho ? 2 : who === anonymousWho ? 1 : 0);
  return [...byWho.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || compareNames(a, b))
    .map(([who, whose]) => ({ who, totals: totalsOf(ledger, whose) }));
}

/** For each month file, the totals from January of its year up to and including it. */
export function yearToDate(ledger: Ledger): MonthTotals[] {
  return ledger.months.map((m) => {
    const year = m.month.slice(0, 4);
    const rows = ledger.months
      .filter((other) => other.month.startsWith(year) && other.month <= m.month)
      .flatMap((other) => other.rows);
    return { month: m.month, totals: totalsOf(ledger, rows) };
  });
}

/** Totals per calendar year and unit. */
export function yearTotals(ledger: Ledger): YearTotals[] {
  const years = [...new Set(ledger.months.map((m) => m.month.slice(0, 4)))];
  return years.map((year) => ({
    year,
    totals: totalsOf(
      ledger,
      ledger.months.filter((m) => m.month.startsWith(year)).flatMap((m) => m.rows),
    ),
  }));
}

/** Every month from `first` to `last`, inclusive: "2026-11", "2026-12", "2027-01"... */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split("-").map(Number) as [number, number];
  for (let label = first; label <= last;) {
    months.push(label);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    label = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
  }
  return months;
}

/**
 * Months between the first and the last file that recorded nothing: no file at all, or a file
 * whose table has no rows. A lull is part of the rhythm; the treasurer still wants to know.
 */
export function monthsWithoutEntries(ledger: Ledger): QuietMonth[] {
  const first = ledger.months[0];
  const last = ledger.months[ledger.months.length - 1];
  if (!first || !last) return [];
  return monthsBetween(first.month, last.month).flatMap((month): QuietMonth[] => {
    const files = ledger.months.filter((m) => m.month === month);
    if (files.length === 0) return [{ month, reason: "no file" }];
    return files.every((m) => m.rows.length === 0) ? [{ month, reason: "no rows" }] : [];
  });
}

/**
 * The fund month by month, per currency: taken in, paid out, and held at the month's end. A
 * currency appears from the month the fund first has it (by a row or an opening).
 */
export function fundByMonth(ledger: Ledger): FundMonth[] {
  const order = orderOf(ledger);
  const holds = new Map<string, Amount>();
  return ledger.months.flatMap((m) => {
    const moved = new Map<string, { takenIn: Amount; paidOut: Amount }>();
    const flowOf = (currency: string): { takenIn: Amount; paidOut: Amount } => {
      const flow = moved.get(currency) ?? {
        takenIn: zeroAmount(currency, "money"),
        paidOut: zeroAmount(currency, "money"),
      };
      moved.set(currency, flow);
      return flow;
    };
    for (const opening of m.openings) {
      holds.set(opening.amount.unit, opening.amount);
      flowOf(opening.amount.unit);
    }
    for (const row of m.rows) {
      if (row.amount.kind !== "money" || !row.balanceAfter) continue;
      const flow = flowOf(row.amount.unit);
      if (!row.assertsBalance) {
        if (row.amount.value >= 0n) flow.takenIn = addAmounts(flow.takenIn, row.amount);
        else flow.paidOut = addAmounts(flow.paidOut, negateAmount(row.amount));
      }
      holds.set(row.amount.unit, row.balanceAfter);
    }
    return [...holds.keys()].sort(order).map((currency) => {
      const flow = moved.get(currency) ?? flowOf(currency);
      const held = holds.get(currency) ?? zeroAmount(currency, "money");
      return { month: m.month, currency, ...flow, holds: held };
    });
  });
}

/** The fund's balance after every opening and money row, per currency, in balance order. */
export function balanceHistory(ledger: Ledger): BalanceHistory[] {
  const byCurrency = new Map<string, BalancePoint[]>();
  const add = (currency: string, point: BalancePoint): void => {
    const points = byCurrency.get(currency) ?? [];
    points.push(point);
    byCurrency.set(currency, points);
  };
  for (const m of ledger.months) {
    for (const opening of m.openings) {
      add(opening.amount.unit, {
        date: `${m.month}-01`,
        month: m.month,
        balance: opening.amount,
        kind: "opening",
        file: m.file,
        line: opening.line,
      });
    }
    for (const row of m.rows) {
      if (!row.balanceAfter) continue;
      add(row.amount.unit, {
        date: row.date,
        month: row.month,
        balance: row.balanceAfter,
        kind: "row",
        file: row.file,
        line: row.line,
      });
    }
  }
  const order = orderOf(ledger);
  return [...byCurrency.entries()]
    .sort(([a], [b]) => order(a, b))
    .map(([currency, points]) => ({ currency, points }));
}

/** What the fund holds after the last row, per currency. */
export function closingBalances(ledger: Ledger): Amount[] {
  return balanceHistory(ledger).flatMap(({ points }) => {
    const last = points[points.length - 1];
    return last ? [last.balance] : [];
  });
}
