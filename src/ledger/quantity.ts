// Exact decimal numbers for the ledger: a whole count of 10^-scale steps, so 0.1 + 0.2 hours is
// exactly 0.3 hours and 20.00 EUR is 2000 cents, never a binary fraction.
//
// Why bigint rather than "safe" integers: bigint has no ceiling to guard. Safe integers stop at
// 2^53 minor units (about 90 trillion euros, but far less for currencies with big nominal
// figures such as IRR or VND, and care sums that mix many decimals scale up quickly), and a
// silent overflow in a fund's books is worse than any cost. A ledger has a few hundred rows a
// year, so bigint's speed does not matter. Number only ever sees an amount to place it on a chart.

export interface Quantity {
  /** The amount counted in steps of 10^-scale: 20.00 is { value: 2000n, scale: 2 }. */
  readonly value: bigint;
  /** How many decimals `value` carries; never negative. */
  readonly scale: number;
}

const decimalPattern = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Reads "12", "-50.00", "+3.5" exactly; anything else (".5", "1e3", "1,000") is undefined. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = decimalPattern.exec(text);
  if (!match) return undefined;
  const [, sign = "", whole = "0", fraction = ""] = match;
  const value = BigInt(whole + fraction);
  return { value: sign === "-" ? -value : value, scale: fraction.length };
}

/** The same number with more decimals: 3.5 at scale 2 is 3.50. Never drops digits. */
export function withScale(q: Quantity, scale: number): Quantity {
  if (scale < q.scale) {
    throw new RangeError(`cannot write ${quantityToString(q)} with only ${scale} decimals`);
  }
  return { value: q.value * 10n ** BigInt(scale - q.scale), scale };
}

/** Drops trailing zero decimals: 4.50 becomes 4.5, 12.0 becomes 12. */
export function trimZeros(q: Quantity): Quantity {
  let { value, scale } = q;
  while (scale > 0 && value % 10n === 0n) {
    value /= 10n;
    scale -= 1;
  }
  return { value, scale };
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const scale = Math.max(a.scale, b.scale);
  return { value: withScale(a, scale).value + withScale(b, scale).value, scale };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return addQuantities(a, { value: -b.value, scale: b.scale });
}

/** -1, 0 or 1, comparing the numbers (1.50 equals 1.5). */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const difference = subtractQuantities(a, b).value;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Plain digits with a point, as many decimals as the scale: "-50.00", "3.5", "12". */
export function quantityToString(q: Quantity): string {
  const negative = q.value < 0n;
  const digits = (negative ? -q.value : q.value).toString().padStart(q.scale + 1, "0");
  const whole = digits.slice(0, digits.length - q.scale);
  const fraction = q.scale > 0 ? `.${digits.slice(digits.length - q.scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/**
 * Where `q` lies between `low` and `high`, from 0 to 1, for drawing only. The division happens
 * in bigint at a fixed resolution, so huge amounts still land in the right place.
 */
export function proportion(q: Quantity, low: Quantity, high: Quantity): number {
  const span = subtractQuantities(high, low);
  if (span.value === 0n) return 0;
  const offset = withScale(subtractQuantities(q, low), Math.max(span.scale, q.scale, low.scale));
  const spanAligned = withScale(span, offset.scale);
  const steps = 1_000_000n;
  return Number((offset.value * steps) / spanAligned.value) / Number(steps);
}
