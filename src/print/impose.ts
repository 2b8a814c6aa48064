// Imposition: laying finished pages out on the sheets a printer takes, in the order that
// folding (booklet, mini-zine) or cutting (cards) puts them back in reading order.

import { PDFDocument, degrees } from "pdf-lib";
import type { PDFEmbeddedPage, PDFFont, PDFPage } from "pdf-lib";
import { planBooklet, padBeforeLastPage } from "./booklet.ts";
import { CARD_GRID, cardCropMarks, cardLayout, planCards } from "./cards.ts";
import { embedPagesOf } from "./embed.ts";
import { SAVE_OPTIONS } from "./finish.ts";
import type { Rect } from "./marks.ts";
import {
  MINIZINE_COLS,
  MINIZINE_PAGES,
  MINIZINE_ROWS,
  minizineGuides,
  planMinizine,
} from "./minizine.ts";
import { embedNoteFont } from "./note-font.ts";
import { Pen } from "./pen.ts";
import { landscape, mmToPt, ptToMm, sheetOf } from "./sizes.ts";
import type { SheetSpec, Size } from "./sizes.ts";

async function load(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false });
}

/** A new document with no Producer or dates of pdf-lib's own: finishPdf sets them. */
async function blankDocument(): Promise<PDFDocument> {
  return PDFDocument.create({ updateMetadata: false });
}

function addSheet(doc: PDFDocument, sheet: Size): PDFPage {
  return doc.addPage([mmToPt(sheet.width), mmToPt(sheet.height)]);
}

/**
 * Draw `page` as large as fits in `box` (mm, from the sheet's top left), keeping its shape.
 * `align` pushes it against the box's left or right edge (against the fold, for booklets);
 * it is centred otherwise. `rotation` 180 turns it upside down in place.
 */
function place(
  pen: Pen,
  page: PDFEmbeddedPage,
  box: Rect,
  options: { align?: "left" | "center" | "right"; rotation?: 0 | 180 } = {},
): void {
  const w = mmToPt(box.width);
  const h = mmToPt(box.height);
  const scale = Math.min(w / page.width, h / page.height);
  const drawnW = page.width * scale;
  const drawnH = page.height * scale;
  const corner = pen.at(box.x, box.y + box.height);
  const slackX = w - drawnW;
  const x =
    corner.x + (options.align === "left" ? 0 : options.align === "right" ? slackX : slackX / 2);
  const y = corner.y + (h - drawnH) / 2;
  if (options.rotation === 180) {
    // pdf-lib turns a page about its own bottom-left corner, so start from the opposite one.
    pen.page.drawPage(page, {
      x: x + drawnW,
      y: y + drawnH,
      width: drawnW,
      height: drawnH,
      rotate: degrees(180),
    });
  } else {
    pen.page.drawPage(page, { x, y, width: drawnW, height: drawnH });
  }
}

/** Where a sheet's note on how to print it sits: its baseline, mm above the sheet's foot. */
const NOTE_BASELINE = 6.5;
/** The largest size a note is set at, in points; it shrinks (to 5 pt) only to fit its room. */
const NOTE_SIZE = 6.5;

export interface BookletSheetOptions {
  /** printed at the foot of each front, e.g. "Print at 100 % … flip on the short edge" */
  note?: string;
}

/**
 * A reading copy (half-sheet pages) as a saddle-stitched booklet: landscape sheets, two
 * pages a side, printed both sides and flipped on the short edge. See planBooklet.
 *
 * The pages keep their full size: a home printer's booklet has no paper outside the trim,
 * and shrinking the pages to make some would set the type under its 9 pt floor. The note goes
 * where the pages leave room already: the foot of each front, centred on the fold, in the
 * band from 5 mm (where printers start to print) to about 9 mm from the edge, which a reading
 * page's foot margin keeps blank (its page number stands higher, see reading.css). Centred on
 * the fold it lies between the two page numbers, clear of both.
 */
export async function imposeBooklet(
  reading: Uint8Array,
  paper: SheetSpec,
  options: BookletSheetOptions = {},
): Promise<Uint8Array> {
  const source = await load(reading);
  const out = await blankDocument();
  const pages = await embedPagesOf(out, source);
  const plan = planBooklet(pages.length);
  const sheet = landscape(sheetOf(paper));
  const half = sheet.width / 2;
  const font = options.note ? await embedNoteFont(out) : undefined;

  for (const side of plan.sides) {
    const pen = new Pen(addSheet(out, sheet), sheet);
    const left = side.left === null ? undefined : pages[side.left - 1];
    const right = side.right === null ? undefined : pages[side.right - 1];
    // Both pages meet at the fold, whatever their size, so the spine lines up on every sheet.
    if (left)
      place(pen, left, { x: 0, y: 0, width: half, height: sheet.height }, { align: "right" });
    if (right) {
      place(pen, right, { x: half, y: 0, width: half, height: sheet.height }, { align: "left" });
    }
    if (font && options.note && side.side === "front") {
      // At most half the sheet wide: the page numbers stand at a quarter and three quarters.
      const size = fitSize(font, options.note, half - 20, NOTE_SIZE);
      pen.text(options.note, { x: half, y: sheet.height - NOTE_BASELINE }, font, size, {
        align: "center",
      });
    }
  }
  return out.save(SAVE_OPTIONS);
}

export interface MinizineSheetOptions {
  /** printed just above the cut line, e.g. "cut along the dashes only" */
  cutLabel?: string;
  /** printed just below the cut line, e.g. "Print at 100 % … fold short edge to short edge" */
  note?: string;
}

/**
 * Eight panel-sized pages (fewer are padded with blanks before the back cover) on one
 * landscape sheet, printed on one side only. See planMinizine for the layout and why. The
 * sheet carries its one cut as a dashed line and its folds as dotted lines.
 */
export async function imposeMinizine(
  panels: Uint8Array,
  paper: SheetSpec,
  options: MinizineSheetOptions = {},
): Promise<Uint8Array> {
  const source = await load(panels);
  const count = source.getPageCount();
  if (count > MINIZINE_PAGES) {
    throw new Error(`a mini-zine has ${MINIZINE_PAGES} pages; this document has ${count}`);
  }
  const out = await blankDocument();
  const pages = await embedPagesOf(out, source);
  const slots = padBeforeLastPage(count, MINIZINE_PAGES);
  const sheet = landscape(sheetOf(paper));
  const cell = { width: sheet.width / MINIZINE_COLS, height: sheet.height / MINIZINE_ROWS };
  const pen = new Pen(addSheet(out, sheet), sheet);

  for (const panel of planMinizine()) {
    const reading = slots[panel.page - 1];
    const page = reading == null ? undefined : pages[reading - 1];
    if (!page) continue;
    const box = { x: panel.col * cell.width, y: panel.row * cell.height, ...cell };
    place(pen, page, box, { rotation: panel.rotation });
  }
  const guides = minizineGuides(sheet);
  for (const fold of guides.folds) pen.dashed(fold, 0.4, 1.6);
  pen.dashed(guides.cut, 3, 2, 0.75);
  const font = options.cutLabel || options.note ? await embedNoteFont(out) : undefined;
  const { cut } = guides;
  const middle = (cut.x1 + cut.x2) / 2;
  if (font && options.cutLabel) {
    pen.text(options.cutLabel, { x: middle, y: cut.y1 - 1.5 }, font, 6, { align: "center" });
  }
  // The panels fill the sheet to its edges, where most printers cannot print, but keep a
  // 6 mm strip clear on either side of the centre line (their tops, see minizine.css). The
  // note goes there, under the cut, so it is read before cutting and nothing of a page is
  // moved or shrunk for it.
  if (font && options.note) {
    const size = fitSize(font, options.note, cut.x2 - cut.x1 - 6, 6);
    pen.text(options.note, { x: middle, y: cut.y1 + 1.2 + ptToMm(size) * 0.75 }, font, size, {
      align: "center",
    });
  }
  return out.save(SAVE_OPTIONS);
}

export interface CardSheetOptions {
  /** printed in the bottom margin of each front sheet, outside the cards */
  note?: string;
}

/**
 * Tactic cards, four to a portrait sheet, in a margin and with gutters between them (see
 * cardLayout): fronts on sheets 1, 3, 5…, backs on the sheet that follows each, mirrored
 * left to right so that, printed both sides and flipped on the long edge, every back lands
 * behind its front. `backs` has one page per card, or one page for every card, or is null for
 * one-sided cards (then there are only front sheets). Crop marks go on the front sheets,
 * outside the cards.
 */
export async function imposeCards(
  fronts: Uint8Array,
  backs: Uint8Array | null,
  paper: SheetSpec,
  options: CardSheetOptions = {},
): Promise<Uint8Array> {
  const frontDoc = await load(fronts);
  const backDoc = backs ? await load(backs) : undefined;
  const cardCount = frontDoc.getPageCount();
  const backCount = backDoc?.getPageCount() ?? 0;
  if (backDoc && backCount !== 1 && backCount !== cardCount) {
    throw new Error(
      `card backs: expected 1 page (the same back for every card) or ${cardCount} ` +
        `(one per card), got ${backCount}`,
    );
  }
  const out = await blankDocument();
  const frontPages = await embedPagesOf(out, frontDoc);
  const backPages = backDoc ? await embedPagesOf(out, backDoc) : [];
  const sheet = sheetOf(paper);
  const { boxes } = cardLayout(sheet);
  const { cols, rows } = CARD_GRID;
  const slotBox = (slot: { col: number; row: number }): Rect => {
    const box = boxes[slot.row]?.[slot.col];
    if (!box) throw new Error(`no card slot at row ${slot.row}, column ${slot.col}`);
    return box;
  };

  const plan = planCards(cardCount);
  const sheetsPerPair = backDoc ? 2 : 1;
  const pairs = Math.ceil(cardCount / (cols * rows));
  const pens: Pen[] = [];
  for (let i = 0; i < pairs * sheetsPerPair; i++) pens.push(new Pen(addSheet(out, sheet), sheet));
  // Plan sheets are numbered as if every front had a back; without backs they close up.
  const penFor = (planSheet: number): Pen | undefined =>
    pens[backDoc ? planSheet - 1 : (planSheet - 1) / 2];

  for (const placement of plan) {
    const front = frontPages[placement.card - 1];
    const frontPen = penFor(placement.front.sheet);
    if (front && frontPen) place(frontPen, front, slotBox(placement.front.slot));
    const back = backPages[backCount === 1 ? 0 : placement.card - 1];
    const backPen = backDoc ? penFor(placement.back.sheet) : undefined;
    if (back && backPen) place(backPen, back, slotBox(placement.back.slot));
  }
  const font = options.note ? await embedNoteFont(out) : undefined;
  const firstColumn = slotBox({ col: 0, row: 0 });
  for (let pair = 0; pair < pairs; pair++) {
    const pen = pens[pair * sheetsPerPair];
    if (!pen) continue;
    for (const mark of cardCropMarks(sheet)) pen.line(mark);
    // Under the first column, between its crop marks, clear of the sheet's edge.
    if (font && options.note) {
      const x = firstColumn.x + firstColumn.width / 2;
      pen.text(
        options.note,
        { x, y: sheet.height - NOTE_BASELINE },
        font,
        fitSize(font, options.note, firstColumn.width - 6, NOTE_SIZE),
        {
          align: "center",
        },
      );
    }
  }
  return out.save(SAVE_OPTIONS);
}

/** The largest size up to `max` points at which `text` is at most `widthMm` wide (5 pt at least). */
function fitSize(font: PDFFont, text: string, widthMm: number, max: number): number {
  const width = font.widthOfTextAtSize(text, max);
  return Math.max(5, Math.min(max, (max * mmToPt(widthMm)) / width));
}
