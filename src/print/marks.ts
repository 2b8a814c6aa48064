// Where to draw cut marks, crop marks and alignment crosshairs on a sheet.
// Pure geometry in millimetres, sheet coordinates with the origin at the top left, y down.

import type { Size } from "./sizes.ts";
import type { Rect, Tile, TilePlan } from "./tiles.ts";

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Mark lengths in mm: long enough to line a ruler up on, short enough to stay out of the way. */
export const MARK = {
  length: 5,
  /** space between a card's edge and the start of its mark */
  gap: 1.5,
  /** how far in from the paper's edge most printers start printing */
  unprintable: 5,
  /** arm of the cross where four cards meet */
  cross: 2.5,
} as const;

const EDGE_TOLERANCE = 1;

/**
 * Crop marks for a grid of cards that touch each other. Each cut line gets a short mark at
 * both ends. Where the paper leaves room outside the cards the mark sits there, clear of
 * them; where the cards run (nearly) to the paper's edge, as A6 on A4 and quarter-letter on
 * Letter do, it sits on the cut line itself, inside the printable area, and is cut away.
 * Block edges that are the paper's edge need no cut and get no mark. Where four cards meet,
 * a small cross marks the corner, so the second cut can still be found after the first.
 */
export function cropMarks(block: Rect, cols: number, rows: number, sheet: Size): Segment[] {
  const cw = block.width / cols;
  const ch = block.height / rows;
  const xs = Array.from({ length: cols + 1 }, (_, i) => block.x + i * cw);
  const ys = Array.from({ length: rows + 1 }, (_, i) => block.y + i * ch);
  const { length, gap, unprintable, cross } = MARK;
  const marks: Segment[] = [];

  const top = block.y;
  const bottom = sheet.height - (block.y + block.height);
  const left = block.x;
  const right = sheet.width - (block.x + block.width);
  const roomy = (space: number): boolean => space >= gap + length + unprintable;

  for (const x of xs) {
    if (x <= EDGE_TOLERANCE || x >= sheet.width - EDGE_TOLERANCE) continue;
    marks.push(
      roomy(top)
        ? { x1: x, y1: top - gap - length, x2: x, y2: top - gap }
        : { x1: x, y1: unprintable, x2: x, y2: unprintable + length },
      roomy(bottom)
        ? {
            x1: x,
            y1: sheet.height - bottom + gap,
            x2: x,
            y2: sheet.height - bottom + gap + length,
          }
        : { x1: x, y1: sheet.height - unprintable - length, x2: x, y2: sheet.height - unprintable },
    );
  }
  for (const y of ys) {
    if (y <= EDGE_TOLERANCE || y >= sheet.height - EDGE_TOLERANCE) continue;
    marks.push(
      roomy(left)
        ? { x1: left - gap - length, y1: y, x2: left - gap, y2: y }
        : { x1: unprintable, y1: y, x2: unprintable + length, y2: y },
      roomy(right)
        ? { x1: sheet.width - right + gap, y1: y, x2: sheet.width - right + gap + length, y2: y }
        : { x1: sheet.width - unprintable - length, y1: y, x2: sheet.width - unprintable, y2: y },
    );
  }
  for (const x of xs.slice(1, -1)) {
    for (const y of ys.slice(1, -1)) {
      marks.push(
        { x1: x - cross, y1: y, x2: x + cross, y2: y },
        { x1: x, y1: y - cross, x2: x, y2: y + cross },
      );
    }
  }
  return marks;
}

/** L-shaped marks just outside each corner of `area`: where to trim a tile's margin off. */
export function cornerMarks(
  area: Rect,
  gap: number = MARK.gap,
  length: number = MARK.length,
): Segment[] {
  const { x, y, width: w, height: h } = area;
  const marks: Segment[] = [];
  for (const [cx, dx] of [
    [x, -1],
    [x + w, 1],
  ] as const) {
    for (const [cy, dy] of [
      [y, -1],
      [y + h, 1],
    ] as const) {
      marks.push(
        { x1: cx + dx * gap, y1: cy, x2: cx + dx * (gap + length), y2: cy },
        { x1: cx, y1: cy + dy * gap, x2: cx, y2: cy + dy * (gap + length) },
      );
    }
  }
  return marks;
}

/**
 * Alignment crosshairs for one tile, in poster coordinates. Each sits in the middle of an
 * overlap strip the tile shares with a neighbour, a quarter and three quarters of the way
 * along it. The neighbour computes the very same points, so when the two sheets overlap
 * correctly their crosshairs lie on top of each other.
 */
export function alignmentMarks(plan: TilePlan, tile: Tile): Point[] {
  const at = (row: number, col: number): Tile | undefined =>
    plan.tiles.find((t) => t.row === row && t.col === col);
  const points: Point[] = [];
  const verticalStrip = (leftTile: Tile, rightTile: Tile): void => {
    const x = (leftTile.x + leftTile.width + rightTile.x) / 2;
    points.push({ x, y: tile.y + tile.height / 4 }, { x, y: tile.y + (tile.height * 3) / 4 });
  };
  const horizontalStrip = (upper: Tile, lower: Tile): void => {
    const y = (upper.y + upper.height + lower.y) / 2;
    points.push({ x: tile.x + tile.width / 4, y }, { x: tile.x + (tile.width * 3) / 4, y });
  };
  const left = at(tile.row, tile.col - 1);
  const right = at(tile.row, tile.col + 1);
  const above = at(tile.row - 1, tile.col);
  const below = at(tile.row + 1, tile.col);
  if (left) verticalStrip(left, tile);
  if (right) verticalStrip(tile, right);
  if (above) horizontalStrip(above, tile);
  if (below) horizontalStrip(tile, below);
  return points;
}

export type { Rect };
