// Exact numbers: the currency table, decimal arithmetic and formatting.

import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  formatAmount,
  formatAmountLocale,
  isCurrency,
  knownCurrencies,
} from "../../src/ledger/index.ts";
import {
  addQuantities,
  compareQuantities,
  parseQuantity,
  quantityToString,
  trimZeros,
} from "../../src/ledger/quantity.ts";
import { editDistance, nearestNames } from "../../src/ledger/names.ts";

describe("ISO 4217 exponents", () => {
  it("knows the minor units", () => {
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KRW")).toBe(0);
    expect(currencyExponent("CLP")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("CLF")).toBe(4);
    expect(currencyExponent("UYW")).toBe(4);
  });

  it("is not fooled by lower case, care units or codes without a minor unit", () => {
    expect(isCurrency("eur")).toBe(false);
    expect(isCurrency("hours")).toBe(false);
    expect(isCurrency("XAU")).toBe(false);
    expect(isCurrency("toString")).toBe(false);
  });

  it("holds about 160 three-letter codes", () => {
    const codes = knownCurrencies();
    expect(codes.length).toBeGreaterThan(150);
    expect(codes.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });
});

describe("exact decimals", () => {
  it("adds 0.1 and 0.2 hours to exactly 0.3", () => {
    const sum = addQuantities(parseQuantity("0.1")!, parseQuantity("0.2")!);
    expect(quantityToString(sum)).toBe("0.3");
    expect(compareQuantities(sum, parseQuantity("0.30")!)).toBe(0);
  });

  it("round-trips numbers beyond 2^53", () => {
    const text = "123456789012345678901234.56";
    expect(quantityToString(parseQuantity(text)!)).toBe(text);
  });

  it("writes small and negative numbers", () => {
    expect(quantityToString({ value: -5n, scale: 2 })).toBe("-0.05");
    expect(quantityToString({ value: 0n, scale: 2 })).toBe("0.00");
    expect(quantityToString(trimZeros({ value: 450n, scale: 2 }))).toBe("4.5");
    expect(quantityToString(trimZeros({ value: 1200n, scale: 2 }))).toBe("12");
  });

  it("refuses what is not a plain decimal", () => {
    for (const text of ["1e3", ".5", "1,000", "0x10", " 1", "1.", ""]) {
      expect(parseQuantity(text)).toBeUndefined();
    }
  });
});

describe("formatAmount", () => {
  it("writes money with its currency's decimals and care as carried", () => {
    expect(formatAmount({ value: 2000n, scale: 2 }, "EUR")).toBe("20.00 EUR");
    expect(formatAmount({ value: 20n, scale: 0 }, "EUR")).toBe("20.00 EUR");
    expect(formatAmount({ value: -5000n, scale: 2 }, "EUR")).toBe("-50.00 EUR");
    expect(formatAmount({ value: 5000n, scale: 0 }, "JPY")).toBe("5000 JPY");
    expect(formatAmount({ value: 15n, scale: 1 }, "KWD")).toBe("1.500 KWD");
    expect(formatAmount({ value: 35n, scale: 1 }, "hours")).toBe("3.5 hours");
    expect(formatAmount({ value: 12n, scale: 0 }, "meals")).toBe("12 meals");
  });

  it("formats for a locale exactly, even past 2^53", () => {
    expect(formatAmountLocale({ value: 2000n, scale: 2 }, "EUR", "en")).toBe("€20.00");
    expect(formatAmountLocale({ value: 2000n, scale: 2 }, "EUR", "es")).toMatch(/^20,00\s€$/);
    expect(formatAmountLocale({ value: 35n, scale: 1 }, "hours", "fr")).toBe("3,5\u00a0hours");
    const huge = { value: 2n ** 70n + 1n, scale: 2 }; // 11805916207174113034.25 EUR
    const digits = formatAmountLocale(huge, "EUR", "en", { currencyDisplay: "code" }).replace(
      /[^\d.]/g,
      "",
    );
    expect(digits).toBe(quantityToString(huge));
  });
});

describe("names", () => {
  it("counts a swap as one edit", () => {
    expect(editDistance("Heorn", "Heron")).toBe(1);
    expect(editDistance("Wren", "Wren")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests only names that share something", () => {
    expect(nearestNames("Heorn", ["Heron", "Wren"])).toEqual(["Heron"]);
    expect(nearestNames("Al", ["Bo"])).toEqual([]);
    expect(nearestNames("Wen", ["Wren", "Ben"])).toEqual(["Wren", "Ben"]);
  });
});
