// Reading the `amount` cell ("20.00 EUR", "3.5 hours", "= 210.00 EUR") into an exact Amount,
// and adding amounts up unit by unit.

import { currencyExponent, isCurrency } from "./currencies.ts";
import { didYouMean, nearestNames } from "./names.ts";
import {
  addQuantities,
  parseQuantity,
  quantityToString,
  trimZeros,
  withScale,
} from "./quantity.ts";
import type { Amount } from "./types.ts";

export type AmountReading =
  { ok: true; amount: Amount; assertsBalance: boolean } | { ok: false; message: string };

const example = `like "20.00 EUR" or "3.5 hours"`;

/**
 * The bound on an amount as written (docs/content-format.md): no fund comes near it, even in a
 * currency of big nominal figures, and it keeps a slip of the keyboard (a pasted line of digits)
 * from becoming a number no page can print.
 */
export const AMOUNT_BOUNDS = { wholeDigits: 18, decimals: 4 } as const;

/**
 * Reads an amount as written in a row or in `opening:`. On failure the message says what to
 * write instead; it is the message of a problem, without the file and line.
 */
export function readAmount(written: string, careUnits: readonly string[]): AmountReading {
  const text = written.trim();
  const unquoted = withoutQuotes(text);
  if (unquoted !== text) {
    // `"15.00 EUR"` or `"4" rides`: quotes make sense in front matter, never in a table cell.
    const reading = readAmount(unquoted, careUnits);
    return fail(
      reading.ok
        ? `remove the quotes: write ${unquoted}`
        : `remove the quotes; also, ${reading.message}`,
    );
  }
  const assertsBalance = text.startsWith("=");
  const rest = (assertsBalance ? text.slice(1) : text).trim();
  if (rest === "") {
    return fail(`the amount is empty: write a number and a unit, ${example}`);
  }
  const parts = rest.split(/\s+/);
  if (parts.length !== 2) {
    return fail(oneOrThreeParts(parts, careUnits));
  }
  const [number = "", unit = ""] = parts;
  const quantity = parseQuantity(number);
  if (!quantity) {
    return fail(badNumber(number, unit));
  }
  const whole =
    number
      .replace(/^[+-]/, "")
      .split(".")[0]
      ?.replace(/^0+(?=\d)/, "") ?? "";
  if (whole.length > AMOUNT_BOUNDS.wholeDigits) {
    return fail(
      `${number} is beyond what a ledger holds: write at most ${AMOUNT_BOUNDS.wholeDigits} ` +
        `digits before the point`,
    );
  }
  const exponent = currencyExponent(unit);
  if (exponent !== undefined) {
    if (quantity.scale > exponent) {
      const allowed = exponent === 0 ? "no decimals" : `${exponent} decimals`;
      return fail(
        `${number} ${unit} has more decimals than ${unit} has (${allowed}): ` +
          `write the amount as it was counted, to the ${unit} minor unit`,
      );
    }
    const amount = { ...withScale(quantity, exponent), unit, kind: "money" as const };
    return { ok: true, amount, assertsBalance };
  }
  if (!careUnits.includes(unit)) {
    return fail(unknownUnit(unit, careUnits));
  }
  if (quantity.scale > AMOUNT_BOUNDS.decimals) {
    return fail(
      `${number} ${unit} has more decimals than a ledger keeps: write at most ` +
        `${AMOUNT_BOUNDS.decimals} digits after the point`,
    );
  }
  if (assertsBalance) {
    return fail(
      `"= ${number} ${unit}" asserts a balance in ${unit}, but only money has a balance: ` +
        `write the care given as "${number.replace(/^[+-]/, "")} ${unit}" without "=", ` +
        `or assert the fund in a currency`,
    );
  }
  if (quantity.value < 0n) {
    return fail(
      `care is never negative (${number} ${unit}): write what was given, without the minus ` +
        `sign; to correct an earlier row, change that row`,
    );
  }
  return { ok: true, amount: { ...quantity, unit, kind: "care" }, assertsBalance };
}

/**
 * The amount without quotation marks: double ones anywhere, single ones around a word (an
 * apostrophe inside a number, 1'000, is a thousands separator, said as such further on).
 */
function withoutQuotes(text: string): string {
  return text
    .replace(/["\u201c\u201d\u201e\u00ab\u00bb]/g, "")
    .replace(/(^|\s)['\u2018\u2019]+|['\u2018\u2019]+(?=\s|$)/g, "$1")
    .trim();
}

function fail(message: string): AmountReading {
  return { ok: false, message };
}

function oneOrThreeParts(parts: readonly string[], careUnits: readonly string[]): string {
  const [only = ""] = parts;
  if (parts.length === 1) {
    if (parseQuantity(only)) {
      return `the amount ${only} has no unit: add a currency code or a care unit, ${example}`;
    }
    const glued = /^([+-]?[\d.,]+)(\p{L}+)$/u.exec(only);
    if (glued) {
      return `put a space between the number and the unit: "${glued[1]} ${glued[2]}"`;
    }
    if (isCurrency(only) || careUnits.includes(only)) {
      return `the amount has a unit but no number: write the number first, ${example}`;
    }
  }
  return `write the amount as a number and a unit, ${example} (a point for decimals, no thousands separators)`;
}

function badNumber(number: string, unit: string): string {
  if (parseQuantity(unit)) {
    return `write the number before the unit: "${unit} ${number}"`;
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(number)) {
    return `write ${number} without thousands separators: "${number.replaceAll(",", "")} ${unit}"`;
  }
  if (/^[+-]?\d+,\d+$/.test(number)) {
    return `write decimals with a point: "${number.replace(",", ".")} ${unit}"`;
  }
  if (/^[+-]?\.\d+$/.test(number)) {
    return `write a digit before the point: "${number.replace(".", "0.")} ${unit}"`;
  }
  return `"${number}" is not a number: write the amount as a number and a unit, ${example}`;
}

function unknownUnit(unit: string, careUnits: readonly string[]): string {
  const suggestions = isCurrency(unit.toUpperCase())
    ? [unit.toUpperCase()]
    : nearestNames(unit, careUnits);
  const hint = didYouMean(suggestions);
  const allowed =
    careUnits.length > 0 ? `one of the circle's care units: ${careUnits.join(", ")}` : "";
  return (
    `unknown unit "${unit}"${hint ? `: ${hint}` : ""}. A unit is an ISO 4217 currency code ` +
    `in capitals (EUR, USD, JPY...)${allowed ? ` or ${allowed}` : ""} ` +
    `(care-units in circle.yaml)`
  );
}

/** Nothing, in a unit: the start of every sum. */
export function zeroAmount(unit: string, kind: Amount["kind"]): Amount {
  const scale = kind === "money" ? (currencyExponent(unit) ?? 0) : 0;
  return { value: 0n, scale, unit, kind };
}

/** The sum of two amounts in the same unit. */
export function addAmounts(a: Amount, b: Amount): Amount {
  if (a.unit !== b.unit) throw new RangeError(`cannot add ${b.unit} to ${a.unit}`);
  return { ...addQuantities(a, b), unit: a.unit, kind: a.kind };
}

export function negateAmount(a: Amount): Amount {
  return { ...a, value: -a.value };
}

/**
 * How sums are written: money with exactly its currency's decimals, care with no trailing
 * zeros (3.50 + 1 hours is "4.5 hours").
 */
export function tidyAmount(a: Amount): Amount {
  if (a.kind === "care") return { ...trimZeros(a), unit: a.unit, kind: a.kind };
  const exponent = currencyExponent(a.unit) ?? a.scale;
  return a.scale < exponent ? { ...withScale(a, exponent), unit: a.unit, kind: a.kind } : a;
}

/**
 * Orders units as the circle reads them: its main currency, other currencies by code, then care
 * units in the order circle.yaml lists them.
 */
export function unitOrder(
  currency: string,
  careUnits: readonly string[],
): (a: string, b: string) => number {
  const rank = (unit: string): number => {
    if (unit === currency) return -1;
    const care = careUnits.indexOf(unit);
    return care >= 0 ? 1 + care : isCurrency(unit) ? 0 : careUnits.length + 1;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Adds amounts unit by unit; one tidy total per unit, in the circle's unit order. */
export function sumByUnit(
  amounts: Iterable<Amount>,
  order: (a: string, b: string) => number,
): Amount[] {
  const totals = new Map<string, Amount>();
  for (const amount of amounts) {
    const before = totals.get(amount.unit);
    totals.set(amount.unit, before ? addAmounts(before, amount) : amount);
  }
  return [...totals.values()].map(tidyAmount).sort((a, b) => order(a.unit, b.unit));
}

/** Plain "20.00 EUR" for messages; formatting for pages lives in format.ts. */
export function amountText(a: Amount): string {
  return `${quantityToString(tidyAmount(a))} ${a.unit}`;
}
