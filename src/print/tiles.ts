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

/**
 * Spread tiles of `span` (the sheet's printable length) along `length` so that neighbours
 * overlap by at least `overlap` and the last tile ends exactly at the poster's edge.
 * Returns each tile's start and its length.
 */
function spread(length: number, span: number, overlap: number): { starts: number[]; size: number } {
  if (span <= overlap) {
    throw new Error(`a sheet's printable part (${span} mm) must be longer than the overlap`);
  }
  if (length <= span) return { starts: [0], size: length };
  const count = Math.ceil((length - overlap) / (span - overlap));
  const step = (length - span) / (count - 1);
  return { starts: Array.from({ length: count }, (_, i) => i * step), size: span };
}

/** Cut a posterW × posterH poster into tiles printed at actual size on sheetW × sheetH. */
export function planTiles(
  posterW: number,
  posterH: number,
  sheetW: number,
  sheetH: number,
  margin: number,
  overlap: number,
): TilePlan {
  for (const [name, v] of Object.entries({ posterW, posterH, sheetW, sheetH })) {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`${name} must be positive, got ${v}`);
  }
  if (!(margin >= 0 && overlap >= 0)) throw new Error("margin and overlap must not be negative");
  const across = spread(posterW, sheetW - 2 * margin, overlap);
  const down = spread(posterH, sheetH - 2 * margin, overlap);
  const tiles: Tile[] = [];
  down.starts.forEach((y, row) => {
    across.starts.forEach((x, col) => {
      tiles.push({
        row,
        col,
        label: tileLabel(row, col),
        x,
        y,
        width: across.size,
        height: down.size,
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

/** Try the sheet both ways round and keep the plan with fewer sheets (portrait on a tie). */
export function planTilesBestFit(
  poster: Size,
  sheet: Size,
  margin: number,
  overlap: number,
): TilePlan {
  const short = Math.min(sheet.width, sheet.height);
  const long = Math.max(sheet.width, sheet.height);
  const upright = planTiles(poster.width, poster.height, short, long, margin, overlap);
  const sideways = planTiles(poster.width, poster.height, long, short, margin, overlap);
  return sideways.tiles.length < upright.tiles.length ? sideways : upright;
}

/**
 * Each tile's own share of the poster: its rectangle cut back to the middle of every
 * overlap. The shares fit together edge to edge, which is what the assembly map draws.
 */
export function tileCells(plan: TilePlan): Tile[] {
  const seams = (starts: number[], size: number, length: number): number[] => [
    0,
    ...starts.slice(1).map((start, i) => ((starts[i] ?? 0) + size + start) / 2),
    length,
  ];
  const firstRow = plan.tiles.filter((t) => t.row === 0);
  const firstCol = plan.tiles.filter((t) => t.col === 0);
  const xs = seams(
    firstRow.map((t) => t.x),
    firstRow[0]?.width ?? 0,
    plan.poster.width,
  );
  const ys = seams(
    firstCol.map((t) => t.y),
    firstCol[0]?.height ?? 0,
    plan.poster.height,
  );
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
