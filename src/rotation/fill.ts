// The best fillings of one term, found exactly. A filling gives each role of the term its own
// member; the wishes that rank fillings (docs/rotation.md, "The best fillings of a term") are
// all sums over the seats except the first, which compares each group of members with the same
// free terms with itself. So the search tries every way of sharing the term's seats among the
// groups whose members have unequal turns, and solves each share as an assignment problem.
import { solveAssignment } from "./assign.ts";
import type { SolvedAssignment } from "./assign.ts";

export interface TermProblem {
  /**
   * `cost[q][c]`: the cost of giving role row `q` (in fill order) to member column `c`, every
   * wish weighted in order; `null` when rule 1 forbids it. The first wish's part is
   * `firstWeight × turns[c]` for members of groups with unequal turns, 0 for the others.
   */
  cost: (bigint | null)[][];
  /** Weight of the first wish in `cost`. */
  firstWeight: bigint;
  /** Availability group of each column. */
  group: number[];
  /** Turns so far of each column. */
  turns: number[];
}

export interface TermFiller {
  /** The cost of the best fillings, the first wish counted as its shortfall, not raw turns. */
  best: bigint;
  /**
   * The columns that take row `q` in at least one best filling that also keeps `fixed`
   * (row → column for the rows already filled), in column order.
   */
  poolOf(q: number, fixed: ReadonlyMap<number, number>): number[];
}

/** A share of the seats for each group with unequal turns: group → how many of its members serve. */
type Share = Map<number, number>;

/**
 * What the search over shares needs from a term, whatever its costs: the groups with unequal
 * turns and every way of sharing the seats among them. It depends only on the groups, the
 * turns and the number of rows, so every cost table of one term can use the same.
 */
interface TermShares {
  uneven: { group: number; size: number; lowest: number[] }[];
  unevenGroups: Set<number>;
  shares: Share[];
}

function termShares(group: number[], turns: number[], rows: number): TermShares {
  // Groups whose members have unequal turns; only these can make the first wish cost anything.
  const members = new Map<number, number[]>();
  group.forEach((g, c) => members.set(g, [...(members.get(g) ?? []), c]));
  const uneven: { group: number; size: number; lowest: number[] }[] = [];
  for (const [g, cs] of members) {
    const counts = cs.map((c) => turns[c] ?? 0).sort((a, b) => a - b);
    if ((counts[0] ?? 0) === counts[counts.length - 1]) continue;
    // lowest[x]: the turns of the x members of the group with the fewest turns, added up.
    const lowest = [0];
    counts.forEach((t, i) => lowest.push((lowest[i] ?? 0) + t));
    uneven.push({ group: g, size: cs.length, lowest });
  }
  const unevenGroups = new Set(uneven.map((u) => u.group));
  const evenColumns = group.filter((g) => !unevenGroups.has(g)).length;

  const shares: Share[] = [];
  const walk = (i: number, share: Share, used: number): void => {
    if (i === uneven.length) {
      if (rows - used <= evenColumns) shares.push(new Map(share));
      return;
    }
    const u = uneven[i];
    if (u === undefined) return;
    for (let x = 0; x <= Math.min(u.size, rows - used); x++) {
      share.set(u.group, x);
      walk(i + 1, share, used + x);
    }
    share.delete(u.group);
  };
  walk(0, new Map(), 0);
  return { uneven, unevenGroups, shares };
}

/**
 * The best fillings of a term, or `undefined` when rules 1 and 2 leave no filling at all.
 * `shared` is `termShares` of the problem's groups, turns and rows, when already made.
 */
export function fillTerm(
  problem: TermProblem,
  shared: TermShares = termShares(problem.group, problem.turns, problem.cost.length),
): TermFiller | undefined {
  const { cost, group, firstWeight } = problem;
  const rows = cost.length;
  const columns = group.length;
  if (rows > columns) return undefined;
  const { uneven, unevenGroups, shares } = shared;

  const shortfallCredit = (share: Share): bigint =>
    uneven.reduce((sum, u) => sum + BigInt(u.lowest[share.get(u.group) ?? 0] ?? 0), 0n);

  /**
   * Members sit out through extra rows: for a group with unequal turns, exactly as many rows
   * as the share leaves of its members out, open to them only; for the rest, rows open to the
   * members of even groups. Every member is then placed, so each group serves its share.
   */
  const solve = (
    share: Share,
    fixed: ReadonlyMap<number, number>,
  ): { value: bigint; solved: SolvedAssignment; matrix: (bigint | null)[][] } | undefined => {
    const fixedColumns = new Set(fixed.values());
    const matrix: (bigint | null)[][] = cost.map((row, q) => {
      const only = fixed.get(q);
      return row.map((v, c) =>
        only !== undefined ? (c === only ? v : null) : fixedColumns.has(c) ? null : v,
      );
    });
    const out = (open: (c: number) => boolean): (bigint | null)[] =>
      group.map((g, c) => (open(c) && !fixedColumns.has(c) ? 0n : null));
    let outRows = 0;
    for (const u of uneven) {
      const sitting = u.size - (share.get(u.group) ?? 0);
      for (let i = 0; i < sitting; i++) matrix.push(out((c) => group[c] === u.group));
      outRows += sitting;
    }
    const evenOut = columns - rows - outRows;
    if (evenOut < 0) return undefined;
    for (let i = 0; i < evenOut; i++) matrix.push(out((c) => !unevenGroups.has(group[c] ?? -1)));
    const solved = solveAssignment(matrix);
    if (solved === undefined) return undefined;
    return { value: solved.total - firstWeight * shortfallCredit(share), solved, matrix };
  };

  let best: bigint | undefined;
  let bestShares: Share[] = [];
  const none = new Map<number, number>();
  for (const share of shares) {
    const s = solve(share, none);
    if (s === undefined) continue;
    if (best === undefined || s.value < best) {
      best = s.value;
      bestShares = [share];
    } else if (s.value === best) {
      bestShares.push(share);
    }
  }
  if (best === undefined) return undefined;
  const bestValue = best;

  return {
    best: bestValue,
    poolOf(q, fixed) {
      const pool = new Set<number>();
      for (const share of bestShares) {
        const s = solve(share, fixed);
        if (s === undefined || s.value !== bestValue) continue;
        for (const c of optimalColumns(s.matrix, s.solved, q)) pool.add(c);
      }
      return [...pool].sort((a, b) => a - b);
    },
  };
}

/**
 * The columns row `q` takes in some optimal assignment of a square table: the pairs that are
 * tight under the optimal prices and lie on a perfect matching of tight pairs. Column `c` can
 * replace `q`'s own column when the row holding `c` can move along tight pairs, row after row,
 * until one takes the column `q` gives up.
 */
function optimalColumns(
  matrix: readonly (readonly (bigint | null)[])[],
  solved: SolvedAssignment,
  q: number,
): number[] {
  const size = matrix.length;
  const tight = (r: number, c: number): boolean => {
    const v = matrix[r]?.[c];
    return (
      v !== null &&
      v !== undefined &&
      v - (solved.rowPrice[r] ?? 0n) - (solved.columnPrice[c] ?? 0n) === 0n
    );
  };
  const rowOf = new Array<number>(size).fill(-1);
  solved.columnOf.forEach((c, r) => (rowOf[c] = r));
  const freed = solved.columnOf[q] ?? -1;
  const found: number[] = [];
  for (let c = 0; c < size; c++) {
    if (!tight(q, c)) continue;
    if (c === freed) {
      found.push(c);
      continue;
    }
    const seen = new Set<number>([q]);
    const queue = [rowOf[c] ?? -1];
    seen.add(rowOf[c] ?? -1);
    let reached = false;
    while (queue.length > 0 && !reached) {
      const r = queue.shift() ?? -1;
      for (let j = 0; j < size && !reached; j++) {
        if (j === c || j === solved.columnOf[r] || !tight(r, j)) continue;
        if (j === freed) reached = true;
        else {
          const next = rowOf[j] ?? -1;
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
    }
    if (reached) found.push(c);
  }
  return found;
}

/** One filling of a term, as the ranked list gives it. */
export interface RankedFilling {
  /** For each row (role in fill order), its column. */
  columns: number[];
  /** For each row, the pool its column was taken from, in the plan's order. */
  pools: number[][];
  /** The filling's cost, the first wish counted as its shortfall. */
  cost: bigint;
}

export interface RankedProblem extends TermProblem {
  /** Each column's place in the plan's order (the round robin's order). */
  place: number[];
  /** How many places the order has. */
  count: number;
  /** The round robin's pointer before the term's first role. */
  pointer: number;
}

/**
 * The fillings of a term one by one, best first: by cost (the wishes, in order), and among
 * fillings of equal cost by the round robin: the one whose first role's member comes first at
 * or after the pointer, then the second role's, and so on. The first is the filling the round
 * robin takes from the pools of the best fillings. Returns `undefined` once every filling the
 * cost table allows has been given.
 *
 * The list is made lazily with Murty's method: the fillings not given yet are split into
 * parts, each "the first rows as in a filling already given, the next row not any of these
 * columns", and the best of each part is found like the best of the whole term.
 */
export function rankedFillings(problem: RankedProblem): () => RankedFilling | undefined {
  const { cost, place, count, pointer } = problem;
  const rows = cost.length;
  // Every part keeps the term's groups, turns and rows: share the seats out once.
  const shared = termShares(problem.group, problem.turns, rows);
  interface Part {
    prefix: number[];
    banned: number[];
    /** The pools of the prefix's rows, from the filling the prefix was taken from. */
    pools: number[][];
    cost: bigint;
    /** The part's first filling, and each row's distance from the pointer: made when needed. */
    first?: { best: RankedFilling; key: number[] };
    filler: TermFiller;
  }

  const solve = (prefix: number[], banned: number[], pools: number[][]): Part | undefined => {
    const k = prefix.length;
    const taken = new Set(prefix);
    const matrix = cost.map((row, q) =>
      row.map((v, c) => {
        if (q < k) return c === prefix[q] ? v : null;
        if (taken.has(c) || (q === k && banned.includes(c))) return null;
        return v;
      }),
    );
    const filler = fillTerm({ ...problem, cost: matrix }, shared);
    if (filler === undefined) return undefined;
    return { prefix, banned, pools, cost: filler.best, filler };
  };

  /** The part's first filling: the round robin's picks from its pools, role by role. */
  const firstOf = (part: Part): { best: RankedFilling; key: number[] } => {
    if (part.first !== undefined) return part.first;
    const { prefix, pools, filler } = part;
    const k = prefix.length;
    const fixed = new Map<number, number>();
    const columns: number[] = [];
    const allPools: number[][] = [];
    const key: number[] = [];
    let at = pointer;
    for (let q = 0; q < rows; q++) {
      let pool: number[];
      let pick: number | undefined;
      if (q < k) {
        pool = pools[q] ?? [];
        pick = prefix[q];
      } else {
        pool = filler.poolOf(q, fixed).sort((a, b) => (place[a] ?? 0) - (place[b] ?? 0));
        pick = pool.find((c) => (place[c] ?? 0) >= at) ?? pool[0];
      }
      if (pick === undefined) throw new Error("unreachable: a best filling exists");
      const p = place[pick] ?? 0;
      key.push((p - at + count) % count);
      at = (p + 1) % count;
      fixed.set(q, pick);
      columns.push(pick);
      allPools.push(pool);
    }
    part.first = { best: { columns, pools: allPools, cost: part.cost }, key };
    return part.first;
  };

  const queue: Part[] = [];
  let last: Part | undefined;
  let started = false;
  const before = (a: Part, b: Part): boolean => {
    if (a.cost !== b.cost) return a.cost < b.cost;
    const [x, y] = [firstOf(a).key, firstOf(b).key];
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d < 0;
    }
    return false;
  };

  return () => {
    if (!started) {
      started = true;
      const root = solve([], [], []);
      if (root !== undefined) queue.push(root);
    } else if (last !== undefined) {
      // Split what is left of the last part around the filling it gave.
      const { columns, pools } = firstOf(last).best;
      const k = last.prefix.length;
      for (let j = k; j < rows; j++) {
        const banned = j === k ? [...last.banned, columns[j] ?? -1] : [columns[j] ?? -1];
        const part = solve(columns.slice(0, j), banned, pools.slice(0, j));
        if (part !== undefined) queue.push(part);
      }
      last = undefined;
    }
    if (queue.length === 0) return undefined;
    let at = 0;
    queue.forEach((p, i) => {
      const best = queue[at];
      if (best !== undefined && before(p, best)) at = i;
    });
    const [part] = queue.splice(at, 1);
    last = part;
    return part === undefined ? undefined : firstOf(part).best;
  };
}
