// RFC 3797 "Publicly Verifiable NomCom Random Selection": the key built from numbers drawn in
// public, and the MD5 draws made from it, so anyone holding the seed can re-run a lottery.
import { createHash } from "node:crypto";

/** A seed that cannot be turned into an RFC 3797 key; the message says what to write instead. */
export class LotterySeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LotterySeedError";
  }
}

/** One draw of the RFC's procedure, with everything a person needs to check it by hand. */
export interface DrawStep {
  /** 0-based draw index, hashed as two big-endian bytes before and after the key. */
  index: number;
  /** MD5 of (index, key, index), upper-case hex as the RFC prints it. */
  md5: string;
  /** How many were left to choose from: the divisor. */
  remaining: number;
  /** The digest, read as an unsigned 128-bit number, modulo `remaining`: 0-based position. */
  position: number;
}

const SEPARATORS = /[\s,]+/;

/**
 * The RFC 3797 key for a seed such as `"9319 / 2 5 8 10 12 / 9 18 26 34 41 45"`: each source
 * (the groups between `/`) in the order given, its numbers sorted ascending, leading zeros
 * dropped, each number followed by `.` and each source by `/`:
 * `"9319./2.5.8.10.12./9.18.26.34.41.45./"`.
 *
 * Only whole numbers are accepted: that is what lotteries draw, and it leaves no doubt about
 * how a decimal point or a word would be written into the key.
 */
export function rfc3797Key(seed: string): string {
  const trimmed = seed.trim();
  if (trimmed === "") {
    throw new LotterySeedError(
      'the seed is empty: write the numbers drawn in public, each draw\'s numbers separated by spaces and the draws by "/", e.g. "9319 / 2 5 8 10 12 / 9 18 26 34 41 45"',
    );
  }
  if (/^\d{4}-\d{1,2}(-\d{1,2})?$/.test(trimmed)) {
    // `seed: 2026-01`: the month of the draw, written where the numbers drawn belong.
    throw new LotterySeedError(
      `the seed ${trimmed} is a date, not the numbers drawn: write the numbers drawn in public, in quotes, each draw's numbers separated by spaces and the draws by "/", e.g. seed: "9319 / 2 5 8 10 12"`,
    );
  }
  const groups = trimmed.split("/").map((g) => g.trim());
  // A closing "/" (as in "1 2 3 /") is a habit from the key's own form, not a missing source.
  if (groups.length > 1 && groups[groups.length - 1] === "") groups.pop();
  return groups
    .map((group, i) => {
      if (group === "") {
        throw new LotterySeedError(
          `source ${i + 1} of the seed is empty: every group between "/" needs at least one number`,
        );
      }
      const numbers = group.split(SEPARATORS).map((token) => {
        if (!/^[0-9]+$/.test(token)) {
          throw new LotterySeedError(
            `"${token}" in source ${i + 1} of the seed is not a whole number: write only the digits drawn (no decimal points, signs or words), numbers separated by spaces, sources by "/"`,
          );
        }
        return BigInt(token);
      });
      numbers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return numbers.map((n) => `${n.toString()}.`).join("") + "/";
    })
    .join("");
}

/** The MD5 of draw `index`: two bytes of the index (most significant first), the key, the two bytes again. */
function digestFor(key: string, index: number): Buffer {
  const prefix = Buffer.from([(index >> 8) & 0xff, index & 0xff]);
  return createHash("md5")
    .update(Buffer.concat([prefix, Buffer.from(key, "ascii"), prefix]))
    .digest();
}

/**
 * Draw `index` over `remaining` choices: the 0-based position the RFC selects.
 * Exposed so the rotation planner draws from its own pools with the RFC's arithmetic.
 */
export function drawStep(key: string, index: number, remaining: number): DrawStep {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) {
    throw new RangeError(`RFC 3797 draws are numbered 0 to 65535; draw ${index} is out of range`);
  }
  if (!Number.isInteger(remaining) || remaining < 1) {
    throw new RangeError(`a draw needs at least one choice, not ${remaining}`);
  }
  const digest = digestFor(key, index);
  const value = BigInt(`0x${digest.toString("hex")}`);
  return {
    index,
    md5: digest.toString("hex").toUpperCase(),
    remaining,
    position: Number(value % BigInt(remaining)),
  };
}

/** Every step of drawing `picks` of a numbered pool of `poolSize`, removing each as the RFC does. */
export function drawSteps(
  seed: string,
  poolSize: number,
  picks: number = poolSize,
): { key: string; steps: (DrawStep & { selected: number })[] } {
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new RangeError(`the pool must hold at least one entry, not ${poolSize}`);
  }
  if (!Number.isInteger(picks) || picks < 1 || picks > poolSize) {
    throw new RangeError(`can pick 1 to ${poolSize} from a pool of ${poolSize}, not ${picks}`);
  }
  const key = rfc3797Key(seed);
  const left = Array.from({ length: poolSize }, (_, i) => i + 1);
  const steps: (DrawStep & { selected: number })[] = [];
  for (let i = 0; i < picks; i++) {
    const step = drawStep(key, i, left.length);
    const [selected] = left.splice(step.position, 1);
    if (selected === undefined) throw new Error("unreachable: position is below the pool size");
    steps.push({ ...step, selected });
  }
  return { key, steps };
}

/** The RFC's selection: `picks` entries of a pool numbered 1..`poolSize`, in the order drawn. */
export function drawLottery(seed: string, poolSize: number, picks: number = poolSize): number[] {
  return drawSteps(seed, poolSize, picks).steps.map((s) => s.selected);
}

/**
 * What `mimeo draw` prints: the key, then one line per pick with the hash and the division,
 * laid out like the RFC's own worked example so the two can be compared line by line.
 * `pool` is a size (entries numbered from 1) or the names in order (numbered from 1).
 */
export function formatDraw(options: {
  seed: string;
  pool: number | readonly string[];
  picks?: number;
}): string {
  const names = typeof options.pool === "number" ? undefined : options.pool;
  const size = typeof options.pool === "number" ? options.pool : options.pool.length;
  const { key, steps } = drawSteps(options.seed, size, options.picks ?? size);
  const width = String(size).length;
  const lines = [
    `key: ${key}`,
    "",
    `${"pick".padStart(4)}  ${"MD5 of (index, key, index)".padEnd(32)}  ${"div".padStart(width + 1)}  selected`,
  ];
  for (const step of steps) {
    const name = names?.[step.selected - 1];
    lines.push(
      `${String(step.index + 1).padStart(4)}  ${step.md5}  ${String(step.remaining).padStart(width + 1)}  ${String(step.selected).padStart(width)}${name === undefined ? "" : `  ${name}`}`,
    );
  }
  return lines.join("\n") + "\n";
}
