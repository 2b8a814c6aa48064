// Posters too big for the printer: which part of the poster each small sheet carries.
// Pure geometry in millimetres, poster coordinates with the origin at the top left, y down.

import type { Size } from "./sizes.ts";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tile extends Rect {
  /** 0-based, top to bottom */
  row: number;
  /** 0-based, left to right */
  col: number;
  /** row letter and column number, as printed on the sheet: "A1", "A2", "B1"… */
  label: string;
}

export interface TilePlan {
  poster: Size;
  /** the sheet each tile is printed on, in the orientation chosen */
  sheet: Size;
  /** white border kept on every side of the sheet, for the printer's grip and the labels */
  margin: number;
  /** the smallest overlap between neighbouring tiles */
  overlap: number;
  cols: number;
  rows: number;
  /** row by row, left to right */
  tiles: Tile[];
}

/** "A" … "Z", "AA", "AB" …: rows get letters so "B3" can't be read as row 3. */
export function rowLabel(row: number): string {
  let n = row;
  let label = "";
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}

export const tileLabel = (row: number, col: number): string => `${rowLabel(row)}${col + 1}`;

/** A stretch of the poster along one direction, mm from its top or left edge. */
export interface Span {
  from: number;
  to: number;
}

/**
 * What the seams of one direction keep away from: the poster's rules that run parallel to
 * them, and its lines of text, each as the stretch it covers across the seam's direction.
 */
export interface SeamHazards {
  rules: readonly Span[];
  text: readonly Span[];
}

/** A poster's rules and text, for the seams between columns (x) and between rows (y). */
export interface PosterLines {
  /** vertical rules and runs of text, left to right: where a seam between columns may fall */
  across: SeamHazards;
  /** horizontal rules and lines of text, top to bottom: where a seam between rows may fall */
  down: SeamHazards;
}

/**
 * How far a seam keeps from a rule parallel to it, mm. A home printer at "actual size" is
 * often off by 1 % (2.5 mm over a tile) and a hand cut by 1 or 2 mm more; a cut edge within
 * that of a rule slices it, so half of each sheet's copy shows, doubled or stepped. Farther
 * than that, the edge's own shadow still reads as a second rule beside the printed one until
 * the gap is several times the rule's width; 8 mm clears both, and a table row of two lines
 * of 20 pt text is still tall enough (16 mm) to hold a seam 8 mm from both its rules.
 */
export const RULE_CLEARANCE = 8;
/** How far a seam moves from where an even spread puts it, at most, mm: no tile nearly empty. */
export const MAX_SEAM_SHIFT = 40;
/** Seam positions tried, mm apart. */
const SEAM_GRID = 0.5;
/** What a seam costs: per mm closer than RULE_CLEARANCE to a rule… */
const RULE_COST = 100;
/** … per line of text it cuts through … */
const TEXT_COST = 5;
/** … and per mm away from the even spread, so a seam moves only to get clear of something. */
const SHIFT_COST = 0.05;
const EPS = 1e-9;

/** What a seam at `at` costs: rules too close to it, and text it cuts. */
export function hazardCost(at: number, hazards: SeamHazards): number {
  let cost = 0;
  for (const rule of hazards.rules) {
    const distance = Math.max(rule.from - at, at - rule.to, 0);
    if (distance < RULE_CLEARANCE) cost += RULE_COST * (RULE_CLEARANCE - distance);
  }
  for (const line of hazards.text) if (line.from < at && at < line.to) cost += TEXT_COST;
  return cost;
}

/**
 * Move the seams of an even spread (tile starts `even`, each tile `span` long, the last
 * ending at `length`) off the poster's rules and lines of text. Every tile still begins
 * within MAX_SEAM_SHIFT of its even place, overlaps the one before by at least `overlap`,
 * and none but the last runs past the poster; the last may end up shorter than `span`.
 * The cheapest set of seams is found exactly (dynamic programming over a 0.5 mm grid plus
 * each even place), so the same poster always gets the same seams.
 */
export function placeSeams(
  even: readonly number[],
  length: number,
  span: number,
  overlap: number,
  hazards: SeamHazards,
): number[] {
  const count = even.length;
  if (count < 2) return [...even];
  const step = (even[1] ?? 0) - (even[0] ?? 0);
  const minStep = Math.min(step, overlap);
  const candidates = even.map((base, i) => {
    if (i === 0) return [0];
    const last = i === count - 1;
    const lo = Math.max(base - MAX_SEAM_SHIFT, last ? length - span : 0);
    const hi = Math.min(base + MAX_SEAM_SHIFT, last ? length - minStep : length - span);
    const grid: number[] = [];
    for (let k = Math.ceil(lo / SEAM_GRID); k * SEAM_GRID <= hi; k++) {
      grid.push(k * SEAM_GRID);
    }
    return [...new Set([...grid, base])].sort((a, b) => a - b);
  });
  // cost[i][k]: the cheapest seams up to tile i with tile i starting at candidates[i][k]
  const cost: number[][] = [[0]];
  const from: number[][] = [[-1]];
  for (let i = 1; i < count; i++) {
    const here = candidates[i] ?? [];
    const there = candidates[i - 1] ?? [];
    const before = cost[i - 1] ?? [];
    const row: number[] = [];
    const back: number[] = [];
    for (const at of here) {
      let best = Number.POSITIVE_INFINITY;
      let bestJ = -1;
      there.forEach((prev, j) => {
        const gap = at - prev;
        if (gap > span - overlap + EPS || gap < minStep - EPS) return;
        const c = before[j] ?? Number.POSITIVE_INFINITY;
        if (c < best) {
          best = c;
          bestJ = j;
        }
      });
      row.push(best + hazardCost(at, hazards) + SHIFT_COST * Math.abs(at - (even[i] ?? 0)));
      back.push(bestJ);
    }
    cost.push(row);
    from.push(back);
  }
  const lastRow = cost[count - 1] ?? [];
  let k = lastRow.reduce((best, c, j) => (c < (lastRow[best] ?? Infinity) ? j : best), 0);
  if (!Number.isFinite(lastRow[k] ?? Infinity)) return [...even];
  const starts: number[] = [];
  for (let i = count - 1; i >= 0; i--) {
    starts[i] = candidates[i]?.[k] ?? 0;
    k = from[i]?.[k] ?? 0;
  }
  return starts;
}

/**
 * Spread tiles of `span` (the sheet's printable length) along `length` so that neighbours
 * overlap by at least `overlap` and the last tile ends exactly at the poster's edge: evenly,
 * or with the seams moved off the poster's rules and text when `hazards` are given.
 * Returns each tile's start and its length.
 */
function spread(
  length: number,
  span: number,
  overlap: number,
  hazards?: SeamHazards,
): { starts: number[]; sizes: number[] } {
  if (span <= overlap) {
    throw new Error(`a sheet's printable part (${span} mm) must be longer than the overlap`);
  }
  if (length <= span) return { starts: [0], sizes: [length] };
  const count = Math.ceil((length - overlap) / (span - overlap));
  const step = (length - span) / (count - 1);
  const even = Array.from({ length: count }, (_, i) => i * step);
  if (!hazards || hazards.rules.length + hazards.text.length === 0) {
    return { starts: even, sizes: even.map(() => span) };
  }
  const starts = placeSeams(even, length, span, overlap, hazards);
  return { starts, sizes: starts.map((s, i) => (i === count - 1 ? length - s : span)) };
}

/**
 * Cut a posterW × posterH poster into tiles printed at actual size on sheetW × sheetH; with
 * the poster's `lines`, the seams between them keep clear of its rules and text.
 */
export function planTiles(
  posterW: number,
  posterH: number,
  sheetW: number,
  sheetH: number,
  margin: number,
  overlap: number,
  lines?: PosterLines,
): TilePlan {
  for (const [name, v] of Object.entries({ posterW, posterH, sheetW, sheetH })) {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`${name} must be positive, got ${v}`);
  }
  if (!(margin >= 0 && overlap >= 0)) throw new Error("margin and overlap must not be negative");
  const across = spread(posterW, sheetW - 2 * margin, overlap, lines?.across);
  const down = spread(posterH, sheetH - 2 * margin, overlap, lines?.down);
  const tiles: Tile[] = [];
  down.starts.forEach((y, row) => {
    across.starts.forEach((x, col) => {
      tiles.push({
        row,
        col,
        label: tileLabel(row, col),
        x,
        y,
        width: across.sizes[col] ?? 0,
        height: down.sizes[row] ?? 0,
      });
    });
  });
  return {
    poster: { width: posterW, height: posterH },
    sheet: { width: sheetW, height: sheetH },
    margin,
    overlap,
    cols: across.starts.length,
    rows: down.starts.length,
    tiles,
  };
}

/** What a plan's seams cost on a poster with these lines (see hazardCost). */
export function seamsCost(plan: TilePlan, lines: PosterLines): number {
  const xs = plan.tiles.filter((t) => t.row === 0 && t.col > 0).map((t) => t.x);
  const ys = plan.tiles.filter((t) => t.col === 0 && t.row > 0).map((t) => t.y);
  return (
    xs.reduce((sum, x) => sum + hazardCost(x, lines.across), 0) +
    ys.reduce((sum, y) => sum + hazardCost(y, lines.down), 0)
  );
}

/**
 * Try the sheet both ways round and keep the plan with fewer sheets; on a tie, the one whose
 * seams keep clearer of the poster's rules and text, and portrait if that ties too.
 */
export function planTilesBestFit(
  poster: Size,
  sheet: Size,
  margin: number,
  overlap: number,
  lines?: PosterLines,
): TilePlan {
  const short = Math.min(sheet.width, sheet.height);
  const long = Math.max(sheet.width, sheet.height);
  const upright = planTiles(poster.width, poster.height, short, long, margin, overlap, lines);
  const sideways = planTiles(poster.width, poster.height, long, short, margin, overlap, lines);
  if (sideways.tiles.length !== upright.tiles.length) {
    return sideways.tiles.length < upright.tiles.length ? sideways : upright;
  }
  if (!lines) return upright;
  return seamsCost(sideways, lines) < seamsCost(upright, lines) ? sideways : upright;
}

/**
 * Each tile's own share of the poster: what shows of it once the poster is glued, from its own
 * cut edge (its left and top) to where the next sheet's cut edge lies over it. The shares fit
 * together edge to edge, and their edges are the seams, which is what the assembly map draws.
 */
export function tileCells(plan: TilePlan): Tile[] {
  const xs = [...plan.tiles.filter((t) => t.row === 0).map((t) => t.x), plan.poster.width];
  const ys = [...plan.tiles.filter((t) => t.col === 0).map((t) => t.y), plan.poster.height];
  return plan.tiles.map((t) => {
    const x = xs[t.col] ?? 0;
    const y = ys[t.row] ?? 0;
    return {
      ...t,
      x,
      y,
      width: (xs[t.col + 1] ?? plan.poster.width) - x,
      height: (ys[t.row + 1] ?? plan.poster.height) - y,
    };
  });
}
