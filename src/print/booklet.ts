// Saddle-stitched booklets: which reading page goes where on each folded sheet.
// Pure: page numbers in, a printing plan out. imposeBooklet (impose.ts) follows this plan.

/** A reading page (1-based) or `null` for a blank. */
export type PageSlot = number | null;

export interface BookletSide {
  /** 1-based; sheet 1 is the outermost, the one that carries the covers */
  sheet: number;
  side: "front" | "back";
  /** the half left of the fold, as the side lies face up in landscape */
  left: PageSlot;
  /** the half right of the fold */
  right: PageSlot;
}

export interface BookletPlan {
  /** pages in the reading copy */
  pageCount: number;
  /** pages in the folded booklet: a multiple of 4 */
  paddedCount: number;
  /** blank pages added, all just before the back cover */
  blanks: number;
  sheets: number;
  /** in printing order: sheet 1 front, sheet 1 back, sheet 2 front, … */
  sides: BookletSide[];
}

/**
 * Where each reading page sits once padded to `paddedCount`: entry i is booklet page i + 1.
 * Blanks go just before the last page so the back cover stays on the back; a one-page
 * document has no back cover, so its blanks simply follow it.
 */
export function padBeforeLastPage(pageCount: number, paddedCount: number): PageSlot[] {
  if (!Number.isInteger(pageCount) || pageCount < 1) {
    throw new Error(`a document needs at least one page, got ${pageCount}`);
  }
  if (paddedCount < pageCount) {
    throw new Error(`${pageCount} pages do not fit in ${paddedCount}`);
  }
  const slots: PageSlot[] = [];
  const body = pageCount === 1 ? 1 : pageCount - 1;
  for (let p = 1; p <= body; p++) slots.push(p);
  while (slots.length < paddedCount - (pageCount === 1 ? 0 : 1)) slots.push(null);
  if (pageCount > 1) slots.push(pageCount);
  return slots;
}

/**
 * Plan a booklet for `pageCount` reading pages.
 *
 * Fold a stack of sheets in half and staple on the fold: sheet s (0-based from the outside)
 * carries booklet pages, for n padded pages,
 *
 *     front: left n−2s, right 2s+1          back: left 2s+2, right n−2s−1
 *
 * e.g. for 8 pages:   sheet 1 front [8|1] back [2|7]   sheet 2 front [6|3] back [4|5].
 *
 * Printed on both sides and flipped on the short edge, the back's right half lies behind the
 * front's left half: pages n−2s−1 and n−2s share a leaf, as do 2s+1 and 2s+2.
 */
export function planBooklet(pageCount: number): BookletPlan {
  const paddedCount = Math.ceil(pageCount / 4) * 4;
  const slots = padBeforeLastPage(pageCount, paddedCount);
  const at = (bookletPage: number): PageSlot => slots[bookletPage - 1] ?? null;
  const n = paddedCount;
  const sheets = n / 4;
  const sides: BookletSide[] = [];
  for (let s = 0; s < sheets; s++) {
    sides.push({ sheet: s + 1, side: "front", left: at(n - 2 * s), right: at(2 * s + 1) });
    sides.push({ sheet: s + 1, side: "back", left: at(2 * s + 2), right: at(n - 2 * s - 1) });
  }
  return { pageCount, paddedCount, blanks: paddedCount - pageCount, sheets, sides };
}
