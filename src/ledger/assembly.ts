// The data for the monthly assembly's reading sheet: what care the circle gave, where the fund
// stands, and a thank-you to each member by name for what they gave. Rendering is elsewhere.

import { sumByUnit, unitOrder } from "./amount.ts";
import { compareNames, fundByMonth } from "./reports.ts";
import type { FundMonth } from "./reports.ts";
import { anonymousWho, fundWho } from "./read.ts";
import type { Amount, Ledger } from "./types.ts";

export interface Gift {
  date: string;
  what: string;
  amount: Amount;
  note: string;
}

export interface ThankYou {
  member: string;
  /** Each thing they gave this month, in date order. */
  gave: Gift[];
  /** What they gave, added up per unit. */
  totals: Amount[];
}

export interface AssemblySheet {
  month: string;
  /** Care given this month, per care unit (money is in `fund`). */
  careGiven: Amount[];
  /** Per currency: taken in, paid out, and held at the month's end. */
  fund: FundMonth[];
  /** One per member who gave something this month, sorted by name. */
  thankYous: ThankYou[];
  /** What was given anonymously, per unit: thanked, but not by name. */
  anonymous: Amount[];
}

/**
 * The reading sheet for `month` ("2026-11"). A member's thank-you lists care and money they put
 * into the fund; money the fund paid out to someone is not a gift and is left out. A month with
 * no file gives an empty sheet (and the fund as the last month left it, if any).
 */
export function assemblySheet(ledger: Ledger, month: string): AssemblySheet {
  const order = unitOrder(ledger.currency, ledger.careUnits);
  const rows = ledger.months
    .filter((m) => m.month === month)
    .flatMap((m) => m.rows)
    .filter((row) => !row.assertsBalance);
  const gifts = rows.filter((row) => row.amount.kind === "care" || row.amount.value > 0n);

  const byMember = new Map<string, Gift[]>();
  for (const row of gifts) {
    if (row.who === fundWho || row.who === anonymousWho) continue;
    const gave = byMember.get(row.who) ?? [];
    gave.push({ date: row.date, what: row.what, amount: row.amount, note: row.note });
    byMember.set(row.who, gave);
  }
  const thankYous = [...byMember.entries()]
    .sort(([a], [b]) => compareNames(a, b))
    .map(([member, gave]) => ({
      member,
      gave,
      totals: sumByUnit(
        gave.map((g) => g.amount),
        order,
      ),
    }));

  return {
    month,
    careGiven: sumByUnit(
      rows.filter((row) => row.amount.kind === "care").map((row) => row.amount),
      order,
    ),
    fund: fundAt(ledger, month),
    thankYous,
    anonymous: sumByUnit(
      gifts.filter((row) => row.who === anonymousWho).map((row) => row.amount),
      order,
    ),
  };
}

/** The fund's month, or for a month without a file, the last month before it with nothing moved. */
function fundAt(ledger: Ledger, month: string): FundMonth[] {
  const all = fundByMonth(ledger);
  const exact = all.filter((f) => f.month === month);
  if (exact.length > 0) return exact;
  const before = all.filter((f) => f.month < month);
  const lastMonth = before[before.length - 1]?.month;
  return before
    .filter((f) => f.month === lastMonth)
    .map((f) => ({
      ...f,
      month,
      takenIn: { ...f.takenIn, value: 0n },
      paidOut: { ...f.paidOut, value: 0n },
    }));
}
