// One mistake in the ledger is one problem: a row whose amount or date cannot be read, or a month
// file whose heading names another month, does not make every later balance a problem too.

import { describe, expect, it } from "vitest";
import { readLedger } from "../../src/ledger/index.ts";
import type { LedgerMonthInput } from "../../src/ledger/index.ts";
import { monthFile, rowLine, settings } from "./helpers.ts";

const where = (...months: LedgerMonthInput[]): string[] =>
  readLedger(months, settings).problems.map((p) => `${p.file}:${p.line}:${p.field ?? ""}`);

describe("a row that cannot be counted", () => {
  const later = [
    monthFile("2026-10", [
      "| 2026-10-03 | Heron | dues | 20.00 EUR | |",
      "| 2026-10-31 | fund | balance | = 60.00 EUR | counted |",
    ]),
    monthFile("2026-11", [
      "| 2026-11-03 | Heron | dues | 20.00 EUR | |",
      "| 2026-11-30 | fund | balance | = 80.00 EUR | counted |",
    ]),
  ];

  it("is the one problem when its amount cannot be read: later balances are not checked against a wrong sum", () => {
    const september = monthFile("2026-09", [
      "| 2026-09-03 | Wren | dues | 20,00 EUR | |",
      "| 2026-09-04 | Heron | dues | 20.00 EUR | |",
      "| 2026-09-30 | fund | balance | = 40.00 EUR | counted |",
    ]);
    expect(where(september, ...later)).toEqual([`ledger/2026-09.md:${rowLine(0)}:amount`]);
  });

  it("is the one problem when its date cannot be read", () => {
    const september = monthFile("2026-09", [
      "| 2026-09-31 | Wren | dues | 20.00 EUR | |",
      "| 2026-09-04 | Heron | dues | 20.00 EUR | |",
      "| 2026-09-30 | fund | balance | = 40.00 EUR | counted |",
    ]);
    expect(where(september, ...later)).toEqual([`ledger/2026-09.md:${rowLine(0)}:date`]);
  });

  it("is the one problem when the opening cannot be read", () => {
    const september = monthFile(
      "2026-09",
      [
        "| 2026-09-04 | Heron | dues | 20.00 EUR | |",
        "| 2026-09-30 | fund | balance | = 40.00 EUR | counted |",
      ],
      { opening: "20,00 EUR" },
    );
    expect(where(september, ...later)).toEqual(["ledger/2026-09.md:3:opening"]);
  });

  it("still lets a later count show a real mismatch, counting on from the balance that count asserts", () => {
    const september = monthFile("2026-09", [
      "| 2026-09-03 | Wren | dues | 20,00 EUR | |",
      "| 2026-09-30 | fund | balance | = 40.00 EUR | counted |",
    ]);
    const october = monthFile("2026-10", [
      "| 2026-10-03 | Heron | dues | 20.00 EUR | |",
      "| 2026-10-31 | fund | balance | = 65.00 EUR | counted |",
    ]);
    expect(where(september, october)).toEqual([
      `ledger/2026-09.md:${rowLine(0)}:amount`,
      `ledger/2026-10.md:${rowLine(1)}:amount`,
    ]);
  });

  it("leaves the money balances alone when it is care (a unit misspelt)", () => {
    const september = monthFile("2026-09", [
      "| 2026-09-03 | Wren | cooking | 12 meal | |",
      "| 2026-09-04 | Heron | dues | 20.00 EUR | |",
      "| 2026-09-30 | fund | balance | = 25.00 EUR | counted |",
    ]);
    expect(where(september)).toEqual([
      `ledger/2026-09.md:${rowLine(0)}:amount`,
      `ledger/2026-09.md:${rowLine(2)}:amount`,
    ]);
  });
});

describe("a month file whose heading names another month", () => {
  it("is one problem (the loader's), not one per row, and its rows count in the month they are dated", () => {
    const october = {
      ...monthFile("2026-10", [
        "| 2026-10-03 | Heron | dues | 20.00 EUR | |",
        "| 2026-10-05 | Wren | dues | 20.00 EUR | |",
        "| 2026-10-31 | fund | balance | = 40.00 EUR | counted |",
      ]),
      month: "2026-12",
    };
    const november = monthFile("2026-11", [
      "| 2026-11-03 | Heron | dues | 20.00 EUR | |",
      "| 2026-11-30 | fund | balance | = 60.00 EUR | counted |",
    ]);
    expect(where(october, november)).toEqual([]);
  });
});

describe("a month that cannot be counted as a whole", () => {
  const november = monthFile("2026-11", [
    "| 2026-11-03 | Heron | dues | 20.00 EUR | |",
    "| 2026-11-30 | fund | balance | = 80.00 EUR | counted |",
  ]);

  it("is one problem when two files keep it, not a wrong balance after it", () => {
    const october = monthFile("2026-10", [
      "| 2026-10-03 | Heron | dues | 60.00 EUR | |",
      "| 2026-10-31 | fund | balance | = 60.00 EUR | counted |",
    ]);
    const copy = { ...october, file: "ledger/2026-10b.md" };
    expect(where(october, copy, november)).toEqual(["ledger/2026-10b.md:0:month"]);
  });

  it("leaves later balances unchecked when its file could not be read at all", () => {
    const september = monthFile("2026-09", ["| 2026-09-03 | Heron | dues | 30.00 EUR | |"]);
    const october = monthFile("2026-10", ["| 2026-10-30 | fund | balance | = 60.00 EUR | |"]);
    const read = (unreadMonths: string[]) =>
      readLedger([september, november], { ...settings, unreadMonths }).problems.length;
    expect(read([])).toBe(1);
    expect(read(["2026-10"])).toBe(0);
    // The months read are the ledger's, the unread one is not.
    const { ledger } = readLedger([september, october], { ...settings, unreadMonths: ["2026-08"] });
    expect(ledger.months.map((m) => m.file)).toEqual(["ledger/2026-09.md", "ledger/2026-10.md"]);
  });
});
