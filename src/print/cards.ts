// Tactic cards, four to a sheet: where each card's front and back go, and where to cut.
// Pure: card numbers in, sheet/side/slot out. imposeCards (impose.ts) follows this plan.

import type { Rect, Segment } from "./marks.ts";
import type { Size } from "./sizes.ts";

export interface CardSlot {
  /** 0 = left column, counted as the side lies face up */
  col: number;
  /** 0 = top row */
  row: number;
}

export interface CardPlacement {
  /** 1-based, in the order the fronts come */
  card: number;
  /** front: on an odd sheet (1-based page of the imposed PDF) */
  front: { sheet: number; side: "front"; slot: CardSlot };
  /** back: on the even sheet that follows, in the mirrored slot */
  back: { sheet: number; side: "back"; slot: CardSlot };
}

export interface CardGrid {
  cols: number;
  rows: number;
}

export const CARD_GRID: CardGrid = { cols: 2, rows: 2 };

/**
 * Turning a sheet over on its long edge (a portrait sheet flips round its vertical axis)
 * swaps left and right but keeps top at the top. So the back of the card in column c is
 * printed in column cols−1−c of the same row.
 */
export function mirroredSlot(slot: CardSlot, grid: CardGrid = CARD_GRID): CardSlot {
  return { col: grid.cols - 1 - slot.col, row: slot.row };
}

/** Where each of `cardCount` cards goes: fronts fill sheet 1 row by row, backs sheet 2, … */
export function planCards(cardCount: number, grid: CardGrid = CARD_GRID): CardPlacement[] {
  if (!Number.isInteger(cardCount) || cardCount < 0) {
    throw new Error(`card count must be a whole number, got ${cardCount}`);
  }
  const perSheet = grid.cols * grid.rows;
  const placements: CardPlacement[] = [];
  for (let i = 0; i < cardCount; i++) {
    const pair = Math.floor(i / perSheet);
    const n = i % perSheet;
    const slot = { col: n % grid.cols, row: Math.floor(n / grid.cols) };
    placements.push({
      card: i + 1,
      front: { sheet: 2 * pair + 1, side: "front", slot },
      back: { sheet: 2 * pair + 2, side: "back", slot: mirroredSlot(slot, grid) },
    });
  }
  return placements;
}

/**
 * Cards sit inside a margin the printer can reach, with a gutter between them: two straight
 * cuts per gutter, so a cut a little off the line still leaves the next card whole, and
 * the crop marks stand outside every card.
 */
export const CARD_SHEET = {
  /** from the sheet's edge to the cards, mm */
  margin: 10,
  /** between neighbouring cards, mm */
  gap: 6,
  /** crop marks start this far from a card's edge, mm */
  markGap: 1.5,
  /** and reach out to this far from the sheet's edge, mm */
  markEnd: 3,
} as const;

export interface CardSheetLayout {
  /** one card, mm */
  card: Size;
  /** the card in `slot`, on the sheet (mm from the top left) */
  boxes: Rect[][];
}

/** Where the four cards go on a portrait `sheet`: rows of `grid.cols`, margins and gutters. */
export function cardLayout(sheet: Size, grid: CardGrid = CARD_GRID): CardSheetLayout {
  const { margin, gap } = CARD_SHEET;
  const card = {
    width: (sheet.width - 2 * margin - (grid.cols - 1) * gap) / grid.cols,
    height: (sheet.height - 2 * margin - (grid.rows - 1) * gap) / grid.rows,
  };
  const boxes = Array.from({ length: grid.rows }, (_, row) =>
    Array.from({ length: grid.cols }, (_, col) => ({
      x: margin + col * (card.width + gap),
      y: margin + row * (card.height + gap),
      ...card,
    })),
  );
  return { card, boxes };
}

/**
 * Crop marks for a card sheet, all outside the cards: in the sheet's margin, each cut line
 * gets a mark from near the edge to just short of the cards; in the gutters, a short mark
 * between two cards where a cut crosses, so the second cuts can be found after the first.
 */
export function cardCropMarks(sheet: Size, grid: CardGrid = CARD_GRID): Segment[] {
  const { boxes } = cardLayout(sheet, grid);
  const { markGap, markEnd } = CARD_SHEET;
  const cards = boxes.flat();
  const first = cards[0];
  const last = cards.at(-1);
  if (!first || !last) return [];
  const top = first.y;
  const bottom = last.y + last.height;
  const left = first.x;
  const right = last.x + last.width;
  const xs = [...new Set(cards.flatMap((c) => [c.x, c.x + c.width]))].sort((a, b) => a - b);
  const ys = [...new Set(cards.flatMap((c) => [c.y, c.y + c.height]))].sort((a, b) => a - b);
  const marks: Segment[] = [];
  for (const x of xs) {
    marks.push(
      { x1: x, y1: markEnd, x2: x, y2: top - markGap },
      { x1: x, y1: bottom + markGap, x2: x, y2: sheet.height - markEnd },
    );
  }
  for (const y of ys) {
    marks.push(
      { x1: markEnd, y1: y, x2: left - markGap, y2: y },
      { x1: right + markGap, y1: y, x2: sheet.width - markEnd, y2: y },
    );
  }
  // In the gutters: between the columns at every horizontal cut, between the rows at every
  // vertical one.
  for (let col = 0; col + 1 < grid.cols; col++) {
    const a = boxes[0]?.[col];
    const b = boxes[0]?.[col + 1];
    if (!a || !b) continue;
    for (const y of ys)
      marks.push({ x1: a.x + a.width + markGap, y1: y, x2: b.x - markGap, y2: y });
  }
  for (let row = 0; row + 1 < grid.rows; row++) {
    const a = boxes[row]?.[0];
    const b = boxes[row + 1]?.[0];
    if (!a || !b) continue;
    for (const x of xs)
      marks.push({ x1: x, y1: a.y + a.height + markGap, x2: x, y2: b.y - markGap });
  }
  return marks;
}
