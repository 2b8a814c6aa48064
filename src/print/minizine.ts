// The one-sheet, eight-page mini-zine: one cut, a few folds, no staples.
// Pure: where each of the eight pages goes on the sheet, which way up, and where the guides go.

import type { Segment } from "./marks.ts";
import type { Size } from "./sizes.ts";

/**
 * The sheet lies landscape, printed on one side, in a 4 × 2 grid of panels. The top row is
 * printed upside down (rotated 180°) because the lengthwise fold turns it over onto the back
 * of the bottom row.
 *
 *        col 0    col 1    col 2    col 3
 *     +--------+--------+--------+--------+
 *     |   5    |   4    |   3    |   2    |   top row, each panel upside down
 *     +--------+========+========+--------+   ===  the one cut: the middle half of the
 *     |   6    |   7    |   8    |   1    |        centre line
 *     +--------+--------+--------+--------+   bottom row upright; 8 = back, 1 = front cover
 *
 * Why this order (worked out by folding, not copied). Call the panels T0…T3 and B0…B3.
 * Fold lengthwise with the print outside, so the top row lies behind the bottom row. Push
 * the ends together: the cut opens into a diamond and the strip collapses into four leaves
 * round a spine made of the creases between columns 0|1 and 2|3:
 *   right end (B3 on its front, T3 on its back), cols 1–2 behind (T2, T1),
 *   left end (T0 on its back, B0 on its front), cols 1–2 in front (B1, B2).
 * Going round the spine the faces come in that order: B3 T3 · T2 T1 · T0 B0 · B1 B2 · B3…,
 * so facing pages are T3|T2, T1|T0, B0|B1 and, outside, B2|B3. A left-to-right book's front
 * cover has the spine on its left: that is B3. Reading on round the spine:
 *   1 = B3, 2 = T3, 3 = T2, 4 = T1, 5 = T0, 6 = B0, 7 = B1, 8 = B2.
 * Every spread (2|3, 4|5, 6|7) lies on two neighbouring panels of one row, and the covers
 * 8|1 lie side by side on the bottom row like a book's jacket laid flat.
 */
export interface MinizinePanel {
  /** reading page, 1 = front cover, 8 = back cover */
  page: number;
  /** 0 = top row, 1 = bottom row, as the sheet lies landscape */
  row: 0 | 1;
  /** 0 to 3, left to right */
  col: 0 | 1 | 2 | 3;
  /** the top row is upside down */
  rotation: 0 | 180;
}

export const MINIZINE_PAGES = 8;
export const MINIZINE_COLS = 4;
export const MINIZINE_ROWS = 2;

const TOP_ROW = [5, 4, 3, 2] as const;
const BOTTOM_ROW = [6, 7, 8, 1] as const;

/** The eight panels in grid order: top row left to right, then bottom row. */
export function planMinizine(): MinizinePanel[] {
  const cols = [0, 1, 2, 3] as const;
  return [
    ...cols.map((col) => ({ page: TOP_ROW[col], row: 0 as const, col, rotation: 180 as const })),
    ...cols.map((col) => ({ page: BOTTOM_ROW[col], row: 1 as const, col, rotation: 0 as const })),
  ];
}

/** How far in from the sheet's edge guides stop: most printers print nothing closer. */
export const MINIZINE_SAFE_EDGE = 5.5;

/**
 * How far above and below the cut the middle fold stays away: the words printed along the
 * cut (which way to cut, how to print) go there, and the sheet is cut through anyway.
 */
export const MINIZINE_WORDS_STRIP = 4.5;

export interface MinizineGuides {
  /** the one cut: the middle half of the centre line, printed dashed */
  cut: Segment;
  /**
   * the folds between panels, printed dotted, stopping short of the sheet's edge; the middle
   * one is broken where it crosses the cut and the words along it
   */
  folds: Segment[];
}

/** Where to cut and fold a landscape mini-zine sheet of `sheet` (mm, from the top left). */
export function minizineGuides(sheet: Size): MinizineGuides {
  const { width: w, height: h } = sheet;
  const e = MINIZINE_SAFE_EDGE;
  const col = w / MINIZINE_COLS;
  const mid = h / MINIZINE_ROWS;
  const strip = MINIZINE_WORDS_STRIP;
  const folds: Segment[] = [
    { x1: col, y1: e, x2: col, y2: h - e },
    { x1: 2 * col, y1: e, x2: 2 * col, y2: mid - strip },
    { x1: 2 * col, y1: mid + strip, x2: 2 * col, y2: h - e },
    { x1: 3 * col, y1: e, x2: 3 * col, y2: h - e },
    { x1: e, y1: mid, x2: col, y2: mid },
    { x1: 3 * col, y1: mid, x2: w - e, y2: mid },
  ];
  return { cut: { x1: col, y1: mid, x2: 3 * col, y2: mid }, folds };
}
