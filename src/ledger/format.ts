// Writing amounts for people: exact plain text ("20.00 EUR", "3.5 hours", "12 meals") for
// sheets, exports and messages, and a locale-aware form for pages ("20,00 €" in Spanish).

import { currencyExponent } from "./currencies.ts";
import { quantityToString, withScale } from "./quantity.ts";
import type { Quantity } from "./quantity.ts";

/**
 * "20.00 EUR", "-50.00 EUR", "3.5 hours", "12 meals": money with its currency's decimals, care
 * with the decimals it carries. Exact for any size: the digits come from the bigint.
 */
export function formatAmount(amount: Quantity, unit: string): string {
  return `${plainNumber(amount, unit)} ${unit}`;
}

/** The number alone, exact, with a point for decimals: "20.00", "3.5". */
export function plainNumber(amount: Quantity, unit: string): string {
  const exponent = currencyExponent(unit);
  // Money always shows its minor unit (20 EUR is "20.00"); more decimals than that never reach
  // here from the reader, and if they did they are shown rather than rounded away.
  const shown =
    exponent !== undefined && amount.scale < exponent ? withScale(amount, exponent) : amount;
  return quantityToString(shown);
}

export interface LocaleFormatOptions {
  /** How money names its currency: "symbol" (€, the default), "code" (EUR) or "name" (euros). */
  currencyDisplay?: "symbol" | "code" | "name" | "narrowSymbol";
  /** Digit grouping, as Intl.NumberFormat's `useGrouping`; on by default. */
  grouping?: boolean;
}

/**
 * The amount as a page in `locale` writes it: "20,00 €", "1.234,5 hours", "$20.00".
 *
 * Exact for any size: Intl.NumberFormat is handed the decimal as a string ("123456789012345678.25"),
 * which ECMA-402 formats digit for digit (Intl.NumberFormat v3); a Number would round anything
 * past 2^53 and turn 0.1 into 0.1000000000000000055. Fraction digits are pinned to the amount's
 * own scale, so nothing is rounded or padded differently from formatAmount.
 */
export function formatAmountLocale(
  amount: Quantity,
  unit: string,
  locale: string,
  options: LocaleFormatOptions = {},
): string {
  const exponent = currencyExponent(unit);
  const digits = plainNumber(amount, unit);
  const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
  const grouping = options.grouping ?? true;
  const numeric = digits as `${number}`;
  if (exponent !== undefined) {
    return numberFormat(locale, {
      style: "currency",
      currency: unit,
      currencyDisplay: options.currencyDisplay ?? "symbol",
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      useGrouping: grouping,
    }).format(numeric);
  }
  const number = numberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouping,
  }).format(numeric);
  // A no-break space, as Intl puts between a figure and its currency: "10 meals" never breaks
  // into "10" at a line's end and "meals" on the next.
  return `${number}\u00a0${unit}`;
}

/**
 * Making an Intl.NumberFormat costs many times what formatting one number does, and a ledger
 * page formats a figure for every row with a handful of different options: each is made once.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}
