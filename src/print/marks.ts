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
 * The longest stretch of the line from `from` to `to` that keeps `clear` mm away from every
 * mark standing on it at `marks`: where a label can go without running through a crosshair.
 */
export function freeSpan(
  from: number,
  to: number,
  marks: readonly number[],
  clear = 3.5,
): { from: number; to: number } {
  let best = { from, to: from };
  let start = from;
  for (const mark of [...[...marks].sort((a, b) => a - b), Number.POSITIVE_INFINITY]) {
    const end = Math.min(to, mark - clear);
    if (end - start > best.to - best.from) best = { from: start, to: end };
    start = Math.max(start, mark + clear);
  }
  return best;
}

/** Where one tile meets a neighbour it overlaps. */
export interface Seam {
  side: "left" | "top" | "right" | "bottom";
  neighbour: Tile;
  /** the part of the poster both sheets print, in poster coordinates */
  strip: Rect;
  /**
   * Where the upper sheet's cut edge lies, in poster coordinates: the outer edge of the strip
   * on the sheet that is cut (left, top), the inner edge of the glue strip on the sheet it
   * goes over (right, bottom).
   */
  line: Segment;
}

/**
 * How one tile joins its neighbours, the way pdfposter and plakativ posters go together: a
 * tile lies over its left and upper neighbours, so on those sides its margin is cut off at the
 * edge of the print ("cut" seams); on its right and lower sides the overlap is a glue strip
 * that the next tile covers ("glue" seams). Nothing a seam marks stays on the finished poster.
 */
export function tileSeams(plan: TilePlan, tile: Tile): { cut: Seam[]; glue: Seam[] } {
  const at = (row: number, col: number): Tile | undefined =>
    plan.tiles.find((t) => t.row === row && t.col === col);
  const vertical = (upper: Tile, lower: Tile, side: Seam["side"], neighbour: Tile): Seam => {
    const x = lower.x;
    return {
      side,
      neighbour,
      strip: { x, y: tile.y, width: upper.x + upper.width - x, height: tile.height },
      line: { x1: x, y1: tile.y, x2: x, y2: tile.y + tile.height },
    };
  };
  const horizontal = (upper: Tile, lower: Tile, side: Seam["side"], neighbour: Tile): Seam => {
    const y = lower.y;
    return {
      side,
      neighbour,
      strip: { x: tile.x, y, width: tile.width, height: upper.y + upper.height - y },
      line: { x1: tile.x, y1: y, x2: tile.x + tile.width, y2: y },
    };
  };
  const left = at(tile.row, tile.col - 1);
  const above = at(tile.row - 1, tile.col);
  const right = at(tile.row, tile.col + 1);
  const below = at(tile.row + 1, tile.col);
  return {
    cut: [
      ...(left ? [vertical(left, tile, "left", left)] : []),
      ...(above ? [horizontal(above, tile, "top", above)] : []),
    ],
    glue: [
      ...(right ? [vertical(tile, right, "right", right)] : []),
      ...(below ? [horizontal(tile, below, "bottom", below)] : []),
    ],
  };
}

export type { Rect };
