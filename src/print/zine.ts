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
 * About how many panels a mini-zine page's text takes at 10 pt, read from the page itself: the
 * lines of each block of its article (the whole body where a circle's own layout has none), a
 * short paragraph or list item a whole line, and its images. Measured on the example circle and
 * synthetic ones: about 38 characters a line and 17 lines a panel at 10 pt, an image three
 * quarters of a panel. Only where the fitting starts (see fitsMinizine); the renders decide.
 * Tags are stripped with patterns, not parsed: an estimate needs no more (the leak guard's
 * tokenizer, src/guard/html-text.ts, maps every character back to its line, which this does
 * not need, and would tie the print room to the guard's).
 */
export function textPanelsAt10(html: string): number {
  const page =
    /<article\b[^>]*>([\s\S]*)<\/article>/.exec(html)?.[1] ??
    /<body\b[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ??
    html;
  const images = (page.match(/<img\b/g) ?? []).length;
  let lines = 0;
  for (const block of page
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, "")
    .split(/<(?:p|li|h[1-6]|tr|blockquote|pre|dt|dd|figure)\b/)) {
    const text = block
      .replace(/<[^>]*>/g, "")
      .replace(/\s+/g, " ")
      .trim();
    lines += Math.ceil(text.length / CHARACTERS_A_LINE_AT_10);
  }
  return lines / LINES_A_PANEL_AT_10 + 0.75 * images;
}

const CHARACTERS_A_LINE_AT_10 = 38;
const LINES_A_PANEL_AT_10 = 17;

/**
 * The index in MINIZINE_BODY_SIZES of the size the fitting starts from: the largest whose text,
 * taking room as the square of its size, still leaves the covers their two panels.
 */
export function startingSize(html: string): number {
  const panels = textPanelsAt10(html);
  const room = MINIZINE_PAGES - 2;
  return Math.max(
    0,
    MINIZINE_BODY_SIZES.findLastIndex((size) => panels * (size / 10) ** 2 <= room),
  );
}

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
  let best: PDFDocument | undefined;
  if (!htmlAt) best = await attempt(html);
  else {
    // From the size the text's length suggests (startingSize), step up while the next size
    // still fits, or down until one does; none down to 7 pt: no mini-zine. Most reports fit at
    // 10 pt, the largest, and take one render; a longer one usually two. The size chosen is a
    // function of the page alone, whatever the build before it chose, so a rebuild makes the
    // same sheet a first build makes.
    const sizes = MINIZINE_BODY_SIZES;
    const start = startingSize(html);
    const at = (i: number): Promise<PDFDocument | undefined> =>
      attempt(i === 0 ? html : htmlAt(sizes[i] ?? 7));
    // A one-edit rebuild waits on these renders one after another: when no render is waiting
    // for a page of the shop's (this step's takes one), the next size up is rendered beside each
    // step. A first build keeps every page busy with other sheets, and renders no size it may not
    // use. The size chosen is the one the steps give either way: a size rendered ahead is not
    // used when the one below it does not fit.
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
      if (upperDone) {
        const upper = await upperDone;
        if (!upper) break;
        best = upper;
      }
      i += upperDone ? 2 : 1;
    }
    // The start did not fit: down until a size does.
    for (let i = start - 1; i >= 0 && !best; i--) best = await at(i);
  }
  if (!best) return undefined;
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
