// Amount texts on the ledger page are remembered between views: each must still read as the
// ledger's formatter writes it, for every value, scale, unit and language, asked once or again.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatAmountLocale } from "../../src/ledger/format.ts";
import { pageAmount } from "../../src/site/ledger-view.ts";

describe("an amount on the ledger page", () => {
  it("reads as the formatter writes it, with a real minus sign, however often it is asked", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom("EUR", "USD", "JPY", "hours", "meals", "meal hours"),
        fc.constantFrom("en", "es", "fr" as const),
        (value, scale, unit, language) => {
          const amount = { value, scale };
          const written = formatAmountLocale(amount, unit, language);
          const expected = value < 0n ? written.replace("-", "\u2212") : written;
          expect(pageAmount(amount, unit, language)).toBe(expected);
          expect(pageAmount({ value, scale }, unit, language)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
    expect(pageAmount({ value: 100n, scale: 1 }, "hours", "en")).not.toBe(
      pageAmount({ value: 1000n, scale: 2 }, "hours", "en"),
    );
  });
});
