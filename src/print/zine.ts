// Mini-zine fitting: a report becomes a one-sheet mini-zine only if it fits eight panels
// with its text at 7 pt or more (otherwise the caller makes a booklet instead), and is set in
// the largest type that still fits.

import { PDFDocument } from "pdf-lib";
import { padBeforeLastPage } from "./booklet.ts";
import { SAVE_OPTIONS } from "./finish.ts";
import { MINIZINE_PAGES } from "./minizine.ts";
import type { PrintShop, RenderRequest } from "./shop.ts";
import { mmToPt, paperKit } from "./sizes.ts";
import type { Paper } from "./sizes.ts";

export interface MinizineRequest extends Omit<RenderRequest, "size" | "outline" | "finish"> {
  paper: Paper;
  /**
   * The same page with its body at other sizes (points). When given, the largest size in
   * MINIZINE_BODY_SIZES that still fits eight panels is used: the panels fill up before the
   * type shrinks. `html` is the page at 7 pt.
   */
  htmlAt?: (bodyPt: number) => string;
}

/** Body sizes a mini-zine may be set in, in points: 7 is the floor, 10 reads like a book. */
export const MINIZINE_BODY_SIZES = [7, 7.5, 8, 8.5, 9, 9.5, 10] as const;

/**
 * Render a mini-zine page (a printDocument of kind "minizine") at panel size. These are an
 * intermediate: finish the imposed sheet, not the panels. Returns the eight panel pages,
 * padded with blanks before the back cover, ready for imposeMinizine; or undefined when the
 * text needs more than eight panels at 7 pt.
 */
export async function fitsMinizine(
  shop: PrintShop,
  request: MinizineRequest,
): Promise<Uint8Array | undefined> {
  const panel = paperKit(request.paper).minizinePanel;
  const { html, htmlAt, baseDir, deps, onBlocked } = request;
  const attempt = async (page: string): Promise<PDFDocument | undefined> => {
    const pdf = await shop.renderPdf({ html: page, baseDir, deps, onBlocked, size: panel });
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    return doc.getPageCount() > MINIZINE_PAGES ? undefined : doc;
  };
  let best = await attempt(html);
  if (!best) return undefined;
  if (htmlAt) {
    // Text takes room as the square of its size: from the pages used at 7 pt (the covers
    // apart), guess the largest size that fills the rest. Those pages are whole pages, the
    // last of them perhaps nearly empty, so the guess is as often too small as too large:
    // from it, step up while the next size still fits, or down until one does. Usually two
    // more renders.
    const sizes = MINIZINE_BODY_SIZES;
    const text = Math.max(1, best.getPageCount() - 2);
    const guess = 7 * Math.sqrt((MINIZINE_PAGES - 2) / text);
    const start = Math.max(
      1,
      sizes.findLastIndex((size) => size <= guess),
    );
    const at = (i: number): Promise<PDFDocument | undefined> => attempt(htmlAt(sizes[i] ?? 7));
    // A one-edit rebuild waits on these renders one after another: when no render is waiting
    // for a page of the shop's (this step's takes one), the next size up is rendered beside each
    // step. A first build keeps every page busy with other sheets, and renders no size it may not
    // use. The size chosen is the one the steps give either way: a size rendered ahead is not
    // used when the one below it does not fit.
    let fitsAtStart = false;
    for (let i = start; i < sizes.length;) {
      const lowerDone = at(i);
      const upperDone = i + 1 < sizes.length && shop.freePages() > 0 ? at(i + 1) : undefined;
      // The size ahead is not awaited when the one below fails or does not fit: its failure is
      // not left unhandled.
      const lower = await lowerDone.catch((error: unknown) => {
        void upperDone?.catch(() => undefined);
        throw error;
      });
      if (!lower) {
        void upperDone?.catch(() => undefined);
        break;
      }
      best = lower;
      fitsAtStart = true;
      if (upperDone) {
        const upper = await upperDone;
        if (!upper) break;
        best = upper;
      }
      i += upperDone ? 2 : 1;
    }
    if (!fitsAtStart) {
      for (let i = start - 1; i > 0; i--) {
        const doc = await at(i);
        if (doc) {
          best = doc;
          break;
        }
      }
    }
  }
  if (best.getPageCount() < MINIZINE_PAGES) {
    padWithBlanks(best, MINIZINE_PAGES, [mmToPt(panel.width), mmToPt(panel.height)]);
  }
  return best.save(SAVE_OPTIONS);
}

/**
 * Pads a loaded document to `paddedCount` pages in place: blank pages of `size` (width and
 * height in pt) go where padBeforeLastPage plans them, just before the back cover, so the
 * last page moves to the back cover.
 */
export function padWithBlanks(
  doc: PDFDocument,
  paddedCount: number,
  size: [width: number, height: number],
): void {
  padBeforeLastPage(doc.getPageCount(), paddedCount).forEach((slot, i) => {
    if (slot === null) doc.insertPage(i, size);
  });
}
