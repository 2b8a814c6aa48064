// Properties of the ledger that must hold for any rows: order does not change totals, splitting
// a month across two files does not change the year, and money sums are exact.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  closingBalances,
  formatAmount,
  readLedger,
  totalsByMember,
  totalsByMonth,
  yearTotals,
} from "../../src/ledger/index.ts";
import type { Ledger, LedgerMonthInput } from "../../src/ledger/index.ts";
import { quantityToString } from "../../src/ledger/quantity.ts";
import { monthFile, settings } from "./helpers.ts";

interface GeneratedRow {
  day: number;
  who: string;
  /** Exact amount in steps of 10^-scale. */
  value: bigint;
  scale: number;
  unit: string;
}

const money = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  who: fc.constantFrom("Heron", "Kestrel", "Wren", "fund", "anonymous"),
  value: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  scale: fc.constant(2),
  unit: fc.constantFrom("EUR", "USD"),
});
const yen = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  who: fc.constantFrom("Heron", "Wren"),
  value: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
  scale: fc.constant(0),
  unit: fc.constant("JPY"),
});
const care = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  who: fc.constantFrom("Heron", "Kestrel", "Wren", "anonymous"),
  value: fc.bigInt({ min: 0n, max: 10n ** 6n }),
  scale: fc.integer({ min: 0, max: 3 }),
  unit: fc.constantFrom("hours", "meals", "credits"),
});
const anyRow = fc.oneof(money, yen, care);

function cell(row: GeneratedRow): string {
  return `${quantityToString({ value: row.value, scale: row.scale })} ${row.unit}`;
}

function tableRow(month: string, row: GeneratedRow): string {
  const day = String(row.day).padStart(2, "0");
  return `| ${month}-${day} | ${row.who} | gift | ${cell(row)} | |`;
}

function read(months: LedgerMonthInput[]): Ledger {
  const { ledger, problems } = readLedger(months, settings);
  expect(problems).toEqual([]);
  return ledger;
}

/** Everything order must not change, as plain text for an easy comparison. */
function summary(ledger: Ledger) {
  const said = (amounts: readonly { value: bigint; scale: number; unit: string }[]) =>
    amounts.map((a) => formatAmount(a, a.unit));
  return {
    months: totalsByMonth(ledger).map((m) => [m.month, said(m.totals)]),
    members: totalsByMember(ledger).map((m) => [m.who, said(m.totals)]),
    years: yearTotals(ledger).map((y) => [y.year, said(y.totals)]),
    closing: said(closingBalances(ledger)),
  };
}

function permutation<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

describe("order", () => {
  it("totals and closing balances do not depend on the order of rows or of files", () => {
    const twoMonths = fc.tuple(
      fc.array(anyRow, { maxLength: 25 }),
      fc.array(anyRow, { maxLength: 25 }),
    );
    fc.assert(
      fc.property(
        twoMonths.chain(([a, b]) =>
          fc.tuple(fc.constant([a, b] as const), permutation(a), permutation(b), fc.boolean()),
        ),
        ([[a, b], aShuffled, bShuffled, swapFiles]) => {
          const original = [
            monthFile(
              "2026-11",
              a.map((r) => tableRow("2026-11", r)),
            ),
            monthFile(
              "2026-12",
              b.map((r) => tableRow("2026-12", r)),
            ),
          ];
          const shuffled = [
            monthFile(
              "2026-11",
              aShuffled.map((r) => tableRow("2026-11", r)),
            ),
            monthFile(
              "2026-12",
              bShuffled.map((r) => tableRow("2026-12", r)),
            ),
          ];
          if (swapFiles) shuffled.reverse();
          expect(summary(read(shuffled))).toEqual(summary(read(original)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reordering rows within a day of a day-sorted table changes no totals and no day's balance", () => {
    fc.assert(
      fc.property(
        fc.array(anyRow, { maxLength: 30 }).chain((rows) => {
          const sorted = [...rows].sort((x, y) => x.day - y.day);
          // Shuffle only inside each day: sort by day, then a random key.
          return fc
            .array(fc.integer(), { minLength: sorted.length, maxLength: sorted.length })
            .map((keys) => ({
              sorted,
              reordered: sorted
                .map((row, i) => ({ row, key: keys[i] ?? 0 }))
                .sort((x, y) => x.row.day - y.row.day || x.key - y.key)
                .map((x) => x.row),
            }));
        }),
        ({ sorted, reordered }) => {
          const a = read([
            monthFile(
              "2026-11",
              sorted.map((r) => tableRow("2026-11", r)),
            ),
          ]);
          const b = read([
            monthFile(
              "2026-11",
              reordered.map((r) => tableRow("2026-11", r)),
            ),
          ]);
          expect(summary(b)).toEqual(summary(a));
          // The balance at the end of each day is the same, whatever the order within it.
          const endOfDay = (ledger: Ledger) => {
            const last = new Map<string, string>();
            for (const row of ledger.months[0]?.rows ?? []) {
              if (row.balanceAfter) {
                last.set(
                  `${row.date} ${row.amount.unit}`,
                  formatAmount(row.balanceAfter, row.amount.unit),
                );
              }
            }
            return [...last.entries()].sort();
          };
          expect(endOfDay(b)).toEqual(endOfDay(a));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("splitting a month", () => {
  it("moving the later rows of a month into the next month's file changes no year total and no balance", () => {
    fc.assert(
      fc.property(fc.array(anyRow, { maxLength: 30 }), fc.nat(), (rows, cut) => {
        const sorted = [...rows].sort((x, y) => x.day - y.day);
        const at = sorted.length === 0 ? 0 : cut % (sorted.length + 1);
        const whole = read([
          monthFile(
            "2026-10",
            sorted.map((r) => tableRow("2026-10", r)),
          ),
        ]);
        const split = read([
          monthFile(
            "2026-10",
            sorted.slice(0, at).map((r) => tableRow("2026-10", r)),
          ),
          monthFile(
            "2026-11",
            sorted.slice(at).map((r) => tableRow("2026-11", r)),
          ),
        ]);
        expect(summary(split).years).toEqual(summary(whole).years);
        expect(summary(split).closing).toEqual(summary(whole).closing);
        expect(summary(split).members).toEqual(summary(whole).members);
      }),
      { numRuns: 150 },
    );
  });
});

describe("exact money", () => {
  it("sums any amounts to the exact bigint sum of their minor units, past 2^53 too", () => {
    // The largest amount a row may hold: 18 digits before the point (docs/content-format.md),
    // far past 2^53 minor units, where floating point loses cents.
    const largest = 10n ** 20n - 1n;
    const minorUnits = fc.oneof(
      fc.bigInt({ min: -largest, max: largest }),
      fc.constantFrom(10n, 20n, 30n, 1n, -1n, largest, -largest), // 0.10 + 0.20 ...
    );
    fc.assert(
      fc.property(fc.array(minorUnits, { minLength: 1, maxLength: 40 }), (amounts) => {
        const expected = amounts.reduce((a, b) => a + b, 0n);
        const expectedText = quantityToString({ value: expected, scale: 2 });
        const rows = amounts.map(
          (v) => `| 2026-11-02 | Wren | dues | ${quantityToString({ value: v, scale: 2 })} EUR | |`,
        );
        // A balance past the bound cannot be asserted, but the fund still counts it exactly.
        const writable = expected <= largest && expected >= -largest;
        if (writable) rows.push(`| 2026-11-30 | fund | balance | = ${expectedText} EUR | |`);
        const ledger = read([monthFile("2026-11", rows)]); // no problem: the assertion holds
        const closing = closingBalances(ledger)[0];
        expect(closing?.value).toBe(expected);
        expect(closing && formatAmount(closing, "EUR")).toBe(`${expectedText} EUR`);
      }),
      { numRuns: 200 },
    );
  });

  it("adds 0.1 + 0.2 EUR to exactly 0.30 EUR, as floats cannot", () => {
    const ledger = read([
      monthFile("2026-11", [
        "| 2026-11-02 | Wren | dues | 0.1 EUR | |",
        "| 2026-11-02 | Wren | dues | 0.2 EUR | |",
        "| 2026-11-30 | fund | balance | = 0.30 EUR | |",
      ]),
    ]);
    expect(closingBalances(ledger).map((a) => formatAmount(a, a.unit))).toEqual(["0.30 EUR"]);
  });

  it("sums care of any decimals exactly", () => {
    fc.assert(
      fc.property(fc.array(care, { minLength: 1, maxLength: 30 }), (rows) => {
        const ledger = read([
          monthFile(
            "2026-11",
            rows.map((r) => tableRow("2026-11", r)),
          ),
        ]);
        for (const total of totalsByMonth(ledger)[0]?.totals ?? []) {
          // Exact sum at scale 3 (the largest generated), compared as rationals.
          const expected = rows
            .filter((r) => r.unit === total.unit)
            .reduce((sum, r) => sum + r.value * 10n ** BigInt(3 - r.scale), 0n);
          expect(total.value * 10n ** BigInt(3 - total.scale)).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
