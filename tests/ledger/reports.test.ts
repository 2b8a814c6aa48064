// What the ledger computes: totals, balances, quiet months, the fund, the assembly sheet.

import { describe, expect, it } from "vitest";
import {
  assemblySheet,
  balanceHistory,
  closingBalances,
  formatAmount,
  fundByMonth,
  monthsWithoutEntries,
  readLedger,
  totalsByMember,
  totalsByMonth,
  yearToDate,
  yearTotals,
} from "../../src/ledger/index.ts";
import type { Amount, Ledger } from "../../src/ledger/index.ts";
import { monthFile, quarter, settings } from "./helpers.ts";

const said = (amounts: readonly Amount[]): string[] => amounts.map((a) => formatAmount(a, a.unit));

function quarterLedger(): Ledger {
  const { ledger, problems } = readLedger(quarter(), settings);
  expect(problems).toEqual([]);
  return ledger;
}

describe("balances", () => {
  it("puts the balance after every money row, and none on care rows", () => {
    const ledger = quarterLedger();
    const september = ledger.months[0]!.rows;
    expect(
      september.map((r) => (r.balanceAfter ? formatAmount(r.balanceAfter, r.amount.unit) : "")),
    ).toEqual(["210.00 EUR", "230.00 EUR", "", "", "180.00 EUR", "180.00 EUR"]);
  });

  it("lists the balance history per currency, openings included", () => {
    const [eur, jpy] = balanceHistory(quarterLedger());
    expect(eur?.currency).toBe("EUR");
    expect(eur?.points[0]).toMatchObject({ kind: "opening", date: "2026-09-01", line: 3 });
    expect(jpy?.points.map((p) => formatAmount(p.balance, "JPY"))).toEqual([
      "5000 JPY",
      "5000 JPY",
    ]);
  });

  it("closes with what the fund holds", () => {
    expect(said(closingBalances(quarterLedger()))).toEqual(["105.55 EUR", "5000 JPY"]);
  });
});

describe("totals", () => {
  it("per month and unit, money as the net flow, main currency first", () => {
    const months = totalsByMonth(quarterLedger());
    expect(months.map((m) => [m.month, said(m.totals)])).toEqual([
      ["2026-09", ["-10.00 EUR", "3.5 hours", "12 meals"]],
      ["2026-10", ["-44.45 EUR", "5000 JPY", "0.3 hours", "2 rides"]],
      ["2026-11", ["-30.00 EUR", "3.5 hours", "12 meals"]],
    ]);
  });

  it("per member, then anonymous, then fund", () => {
    const members = totalsByMember(quarterLedger());
    expect(members.map((m) => [m.who, said(m.totals)])).toEqual([
      ["Heron", ["20.00 EUR", "5000 JPY", "24 meals"]],
      ["Kestrel", ["7 hours", "2 rides"]],
      ["Wren", ["60.00 EUR", "0.3 hours"]],
      ["anonymous", ["35.55 EUR"]],
      ["fund", ["-200.00 EUR"]],
    ]);
  });

  it("year to date restarts in January", () => {
    const { ledger } = readLedger(
      [
        monthFile("2026-12", ["| 2026-12-02 | Heron | cooking | 2 meals | |"]),
        monthFile("2027-01", ["| 2027-01-02 | Heron | cooking | 3 meals | |"]),
        monthFile("2027-02", ["| 2027-02-02 | Heron | cooking | 4 meals | |"]),
      ],
      settings,
    );
    expect(yearToDate(ledger).map((m) => [m.month, said(m.totals)])).toEqual([
      ["2026-12", ["2 meals"]],
      ["2027-01", ["3 meals"]],
      ["2027-02", ["7 meals"]],
    ]);
    expect(yearTotals(ledger).map((y) => [y.year, said(y.totals)])).toEqual([
      ["2026", ["2 meals"]],
      ["2027", ["7 meals"]],
    ]);
  });

  it("leaves assertions out of every total", () => {
    const { ledger } = readLedger(
      [monthFile("2026-11", ["| 2026-11-30 | fund | balance | = 0.00 EUR | |"])],
      settings,
    );
    expect(totalsByMonth(ledger)[0]?.totals).toEqual([]);
  });
});

describe("months without entries", () => {
  it("finds missing files and empty tables between the first and last month", () => {
    const { ledger } = readLedger(
      [
        monthFile("2026-10", ["| 2026-10-02 | Heron | cooking | 2 meals | |"]),
        monthFile("2026-11", []),
        monthFile("2027-01", ["| 2027-01-02 | Heron | cooking | 3 meals | |"]),
      ],
      settings,
    );
    expect(monthsWithoutEntries(ledger)).toEqual([
      { month: "2026-11", reason: "no rows" },
      { month: "2026-12", reason: "no file" },
    ]);
  });
});

describe("the fund by month", () => {
  it("gives taken in, paid out and holds per currency", () => {
    const fund = fundByMonth(quarterLedger());
    expect(
      fund.map((f) => [f.month, f.currency, ...said([f.takenIn, f.paidOut, f.holds])]),
    ).toEqual([
      ["2026-09", "EUR", "40.00 EUR", "50.00 EUR", "180.00 EUR"],
      ["2026-10", "EUR", "55.55 EUR", "100.00 EUR", "135.55 EUR"],
      ["2026-10", "JPY", "5000 JPY", "0 JPY", "5000 JPY"],
      ["2026-11", "EUR", "20.00 EUR", "50.00 EUR", "105.55 EUR"],
      ["2026-11", "JPY", "0 JPY", "0 JPY", "5000 JPY"],
    ]);
  });
});

describe("the assembly sheet", () => {
  it("gives care by unit, the fund, and thank-yous by name", () => {
    const sheet = assemblySheet(quarterLedger(), "2026-10");
    expect(said(sheet.careGiven)).toEqual(["0.3 hours", "2 rides"]);
    expect(sheet.fund.map((f) => [f.currency, ...said([f.takenIn, f.paidOut, f.holds])])).toEqual([
      ["EUR", "55.55 EUR", "100.00 EUR", "135.55 EUR"],
      ["JPY", "5000 JPY", "0 JPY", "5000 JPY"],
    ]);
    expect(
      sheet.thankYous.map((t) => [t.member, said(t.totals), t.gave.map((g) => g.what)]),
    ).toEqual([
      ["Heron", ["5000 JPY"], ["solidarity from abroad"]],
      ["Kestrel", ["2 rides"], ["rides to the clinic"]],
      ["Wren", ["20.00 EUR", "0.3 hours"], ["childcare pod", "childcare pod", "dues"]],
    ]);
    expect(said(sheet.anonymous)).toEqual(["35.55 EUR"]);
  });

  it("does not thank anyone for money the fund paid out to them", () => {
    const { ledger } = readLedger(
      [monthFile("2026-11", ["| 2026-11-02 | Heron | supplies reimbursed | -15.00 EUR | |"])],
      settings,
    );
    expect(assemblySheet(ledger, "2026-11").thankYous).toEqual([]);
  });

  it("for a month without a file, shows what the fund still holds", () => {
    const sheet = assemblySheet(quarterLedger(), "2026-12");
    expect(sheet.thankYous).toEqual([]);
    expect(sheet.fund.map((f) => [f.month, ...said([f.takenIn, f.paidOut, f.holds])])).toEqual([
      ["2026-12", "0.00 EUR", "0.00 EUR", "105.55 EUR"],
      ["2026-12", "0 JPY", "0 JPY", "5000 JPY"],
    ]);
  });
});
