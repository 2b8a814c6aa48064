// Mini-zine fitting: a report becomes a one-sheet mini-zine only if it fits eight panels
// with its text at 7 pt or more; otherwise the caller makes a booklet instead.

import { PDFDocument } from "pdf-lib";
import { padBeforeLastPage } from "./booklet.ts";
import { SAVE_OPTIONS } from "./finish.ts";
import { MINIZINE_PAGES } from "./minizine.ts";
import type { PrintShop, RenderRequest } from "./shop.ts";
import { mmToPt, paperKit } from "./sizes.ts";
import type { Paper } from "./sizes.ts";

export interface MinizineRequest extends Omit<RenderRequest, "size" | "outline" | "finish"> {
  paper: Paper;
}

/**
 * Render `html` (a printDocument of kind "minizine": 7 pt body, panel margins) at panel size.
 * These are an intermediate: finish the imposed sheet, not the panels. Returns the eight
 * panel pages, padded with blanks before the back cover, ready for
 * imposeMinizine; or undefined when the text needs more than eight panels.
 */
export async function fitsMinizine(
  shop: PrintShop,
  request: MinizineRequest,
): Promise<Uint8Array | undefined> {
  const panel = paperKit(request.paper).minizinePanel;
  const { html, baseDir, deps, onBlocked } = request;
  const pdf = await shop.renderPdf({ html, baseDir, deps, onBlocked, size: panel });
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const count = doc.getPageCount();
  if (count > MINIZINE_PAGES) return undefined;
  if (count < MINIZINE_PAGES) {
    padWithBlanks(doc, MINIZINE_PAGES, [mmToPt(panel.width), mmToPt(panel.height)]);
  }
  return doc.save(SAVE_OPTIONS);
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
