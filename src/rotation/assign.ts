// The cheapest way to give each role of one term to a different member (the assignment
// problem), so the planner can see ahead whether a choice still leaves the best table open.

/**
 * Kuhn–Munkres (Hungarian) algorithm on a rows × columns table of costs, rows ≤ columns.
 * `null` marks a pair that may not be used. Costs are BigInt because the planner ranks its
 * wishes lexicographically by weighting them with powers that outgrow any float.
 *
 * Returns the lowest total and, for each row, the column it gets; `undefined` when no
 * assignment gives every row its own allowed column.
 */
export function cheapestAssignment(
  cost: readonly (readonly (bigint | null)[])[],
): { total: bigint; columnOf: number[] } | undefined {
  const solved = solveAssignment(cost);
  return solved === undefined ? undefined : { total: solved.total, columnOf: solved.columnOf };
}

/** An optimal assignment with the dual prices that prove it optimal. */
export interface SolvedAssignment {
  total: bigint;
  /** For each row, its column. */
  columnOf: number[];
  /**
   * Row and column prices: `cost[r][c] − rowPrice[r] − columnPrice[c]` is never negative for
   * an allowed pair, and an assignment is optimal exactly when every pair it uses makes it
   * zero ("tight"), so the tight pairs show every optimal assignment at once.
   */
  rowPrice: bigint[];
  columnPrice: bigint[];
}

/** As `cheapestAssignment`, also returning the dual prices. */
export function solveAssignment(
  cost: readonly (readonly (bigint | null)[])[],
): SolvedAssignment | undefined {
  const rows = cost.length;
  if (rows === 0) return { total: 0n, columnOf: [], rowPrice: [], columnPrice: [] };
  const columns = cost[0]?.length ?? 0;
  if (rows > columns) return undefined;

  // A forbidden pair costs more than every allowed assignment together, so the optimum uses
  // one only when there is no allowed assignment at all; we check for that at the end.
  let ceiling = 1n;
  for (const row of cost) {
    let highest = 0n;
    for (const c of row) if (c !== null && c > highest) highest = c;
    ceiling += highest;
  }
  const at = (r: number, c: number): bigint => cost[r]?.[c] ?? ceiling;
  const infinity = ceiling * BigInt(rows + 2) * 4n;

  // 1-based arrays as in the textbook formulation; index 0 is the algorithm's dummy.
  const u: bigint[] = new Array<bigint>(rows + 1).fill(0n);
  const v: bigint[] = new Array<bigint>(columns + 1).fill(0n);
  const rowOfColumn: number[] = new Array<number>(columns + 1).fill(0);
  const way: number[] = new Array<number>(columns + 1).fill(0);

  for (let i = 1; i <= rows; i++) {
    rowOfColumn[0] = i;
    let j0 = 0;
    const minv: bigint[] = new Array<bigint>(columns + 1).fill(infinity);
    const used: boolean[] = new Array<boolean>(columns + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = rowOfColumn[j0] ?? 0;
      let delta = infinity;
      let j1 = 0;
      for (let j = 1; j <= columns; j++) {
        if (used[j]) continue;
        const current = at(i0 - 1, j - 1) - (u[i0] ?? 0n) - (v[j] ?? 0n);
        if (current < (minv[j] ?? infinity)) {
          minv[j] = current;
          way[j] = j0;
        }
        if ((minv[j] ?? infinity) < delta) {
          delta = minv[j] ?? infinity;
          j1 = j;
        }
      }
      for (let j = 0; j <= columns; j++) {
        if (used[j]) {
          const r = rowOfColumn[j] ?? 0;
          u[r] = (u[r] ?? 0n) + delta;
          v[j] = (v[j] ?? 0n) - delta;
        } else {
          minv[j] = (minv[j] ?? infinity) - delta;
        }
      }
      j0 = j1;
    } while ((rowOfColumn[j0] ?? 0) !== 0);
    do {
      const j1 = way[j0] ?? 0;
      rowOfColumn[j0] = rowOfColumn[j1] ?? 0;
      j0 = j1;
    } while (j0 !== 0);
  }

  const columnOf: number[] = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= columns; j++) {
    const r = rowOfColumn[j] ?? 0;
    if (r > 0) columnOf[r - 1] = j - 1;
  }
  let total = 0n;
  for (let r = 0; r < rows; r++) {
    const c = cost[r]?.[columnOf[r] ?? -1];
    if (c === null || c === undefined) return undefined;
    total += c;
  }
  return { total, columnOf, rowPrice: u.slice(1), columnPrice: v.slice(1) };
}
