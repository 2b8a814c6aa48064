// Tactic cards, four to a sheet: where each card's front and back go.
// Pure: card numbers in, sheet/side/slot out. imposeCards (impose.ts) follows this plan.

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
