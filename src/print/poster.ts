// Wall posters: one big sheet for a copy shop, or the same poster tiled onto the circle's
// own A4/Letter printer with an assembly map. Any caller (charter, rotation table, calendar,
// ledger) hands over HTML or a one-page PDF; nothing here knows what the poster says.

import { PDFDocument, type PDFPage } from "pdf-lib";
import { embedNoteFont } from "./note-font.ts";
import { SAVE_OPTIONS } from "./finish.ts";
import { cornerMarks, freeSpan, MARK, tileSeams } from "./marks.ts";
import type { Seam } from "./marks.ts";
import { Pen } from "./pen.ts";
import { PrintError } from "./shop.ts";
import { readPdfWith } from "./text.ts";
import type { PrintShop, RenderRequest } from "./shop.ts";
import { mmToPt, paperKit, ptToMm, sheetOf } from "./sizes.ts";
import type { Paper, SheetSpec, Size } from "./sizes.ts";
import { englishTileWords } from "./tile-words.ts";
import type { TileWords } from "./tile-words.ts";
import { posterLines } from "./poster-lines.ts";
import { planTilesBestFit, rowLabel, tileCells } from "./tiles.ts";
import type { Tile, TilePlan } from "./tiles.ts";

/** The one-sheet poster size for a paper family: A2, or 18 × 24 in. */
export const posterSize = (paper: Paper): Size => paperKit(paper).poster;

export interface PosterRequest extends Omit<RenderRequest, "size"> {
  /** the poster sheet: a paper family's poster size, or any explicit size */
  size: Paper | Size;
}

/**
 * Render a poster on one big sheet. A poster is one page: if the content runs onto a
 * second, that is an error to fix in the content (shorten it, or use smaller type), not
 * something to tile or hide.
 */
export async function renderPoster(shop: PrintShop, request: PosterRequest): Promise<Uint8Array> {
  const size = typeof request.size === "string" ? posterSize(request.size) : request.size;
  const pdf = await shop.renderPdf({ ...request, size });
  const pages = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
  if (pages !== 1) {
    throw new PrintError(
      `the poster runs onto ${pages} pages of ${Math.round(size.width)} × ` +
        `${Math.round(size.height)} mm; a poster must fit on one sheet: shorten the text`,
    );
  }
  return pdf;
}

/** Type scales tried, largest first, when a poster at full size runs past one sheet. */
const SHRINK = [0.85, 0.72, 0.6, 0.5, 0.42, 0.35];
/** The largest type scale a poster grows to: 60 pt body text, headings over 190 pt. */
const MAX_SCALE = 3;
/** A poster whose text reaches this far down its sheet is full enough. */
const FULL = 0.9;

export interface FitRequest extends Omit<PosterRequest, "html"> {
  /** the poster's page with its type at `scale` times full size (scale 1: 20 pt body) */
  html: (scale: number) => string;
}

/**
 * Render a poster with its type sized to fill one sheet: shrunk step by step while the text
 * runs past the sheet, grown while it leaves much of the sheet empty (a short rotation table
 * left at 20 pt fills a corner of A2, and its tiles come out blank). Every size tried is
 * rendered and checked, so the result always fits.
 */
export async function fitPoster(shop: PrintShop, request: FitRequest): Promise<Uint8Array> {
  let last: unknown;
  const attempt = async (scale: number): Promise<Uint8Array | undefined> => {
    try {
      return await renderPoster(shop, { ...request, html: request.html(scale) });
    } catch (error) {
      if (!(error instanceof PrintError) || error.blocked.length > 0) throw error;
      last = error;
      return undefined;
    }
  };
  let scale = 1;
  let best = await attempt(scale);
  if (!best) {
    for (const smaller of SHRINK) {
      best = await attempt(smaller);
      if (best) return best;
    }
    throw last;
  }
  // Grow: a first guess from how far down the sheet the text reaches, then halving the gap
  // between the largest size that fits and the smallest that did not.
  let tooBig = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 4; round++) {
    const fill = await posterFill(best);
    if (fill >= FULL) break;
    const guess = Math.min(MAX_SCALE, scale / Math.sqrt(fill), (scale + tooBig) / 2);
    if (guess <= scale * 1.04) break;
    const grown = await attempt(guess);
    if (grown) {
      best = grown;
      scale = guess;
    } else {
      tooBig = guess;
    }
  }
  return best;
}

/**
 * How much of the sheet's height the poster's text spans, from the top of the first line to
 * the foot of the last (the footer), as a share of the page less equal margins.
 */
export async function posterFill(pdf: Uint8Array): Promise<number> {
  const { top, bottom, height } = await textExtent(pdf);
  if (bottom <= top) return 1;
  return Math.min(1, (bottom - top) / Math.max(1, height - 2 * top));
}

/** Where the first page's text starts and ends, mm from the top, and the page's height. */
function textExtent(pdf: Uint8Array): Promise<{ top: number; bottom: number; height: number }> {
  return readPdfWith(pdf, async (doc) => {
    const page = await doc.getPage(1);
    const [, y0 = 0, , y1 = 0] = page.view;
    const height = y1 - y0;
    let top = height;
    let bottom = 0;
    for (const item of (await page.getTextContent()).items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const baseline = height - ((item.transform as number[])[5] ?? 0);
      top = Math.min(top, baseline - item.height);
      bottom = Math.max(bottom, baseline + item.height * 0.25);
    }
    return { top: ptToMm(top), bottom: ptToMm(bottom), height: ptToMm(height) };
  });
}

export interface TileOptions {
  /**
   * white border on every side of each sheet, mm; default 12: printers can't reach the edge,
   * and the labels and marks there keep 5 mm clear of it
   */
  margin?: number;
  /** how much neighbouring tiles share, mm; default 15, never less than 10 */
  overlap?: number;
  /**
   * End the tiled poster as far below its last line of text as its first line is below the
   * top, so no row of tiles is left blank. Only for posters whose last thing is text (all of
   * mimeo's end with their footer); default false.
   */
  endAfterText?: boolean;
  /** what the map and the tiles' labels say, in the circle's language; default English */
  words?: TileWords;
}

export const MIN_OVERLAP = 10;

/** The tiling tilePoster would use, so callers and tests can see it without drawing. */
export async function posterTiling(
  poster: Uint8Array,
  paper: SheetSpec,
  options: TileOptions = {},
): Promise<TilePlan> {
  const source = await PDFDocument.load(poster, { updateMetadata: false });
  return (await posterPlan(poster, source, paper, options)).plan;
}

/** A loaded poster's first page, and its tiling onto `paper`. */
async function posterPlan(
  poster: Uint8Array,
  source: PDFDocument,
  paper: SheetSpec,
  options: TileOptions,
): Promise<{ page: PDFPage; plan: TilePlan }> {
  const page = source.getPage(0);
  const size = { width: ptToMm(page.getWidth()), height: ptToMm(page.getHeight()) };
  if (options.endAfterText) {
    const { top, bottom } = await textExtent(poster);
    if (bottom > top) size.height = Math.min(size.height, bottom + top);
  }
  const overlap = options.overlap ?? 15;
  if (overlap < MIN_OVERLAP) {
    throw new Error(`tiles need at least ${MIN_OVERLAP} mm of overlap to line up; got ${overlap}`);
  }
  // The seams keep clear of the poster's rules and lines of text where the sheets allow.
  const lines = await posterLines(poster);
  return {
    page,
    plan: planTilesBestFit(size, sheetOf(paper), options.margin ?? 12, overlap, lines),
  };
}

/** A hairline's width in mm: a line moved this far off an edge lies wholly on one side of it. */
const HAIRLINE_MM = ptToMm(0.25);

/**
 * Split a one-page poster onto the circle's own sheets, at actual size. Page 1 is the
 * assembly map (the poster small, with the grid of sheets, rows lettered down its left side
 * and columns numbered along its top, both outside the poster); then one
 * page per tile, in the manner of pdfposter and plakativ: a dashed cut line where the sheet
 * lies over its neighbour, a glue strip with a line for the next sheet's cut edge where the
 * neighbour lies over it, trim marks at the corners of the print, labels in the margin.
 */
export async function tilePoster(
  poster: Uint8Array,
  paper: SheetSpec,
  options: TileOptions = {},
): Promise<Uint8Array> {
  const source = await PDFDocument.load(poster, { updateMetadata: false });
  if (source.getPageCount() !== 1) {
    throw new Error(`a poster to tile has one page; this one has ${source.getPageCount()}`);
  }
  const { page: sourcePage, plan } = await posterPlan(poster, source, paper, options);

  const out = await PDFDocument.create({ updateMetadata: false });
  // One copy of the poster, drawn clipped on every tile: fonts and images are stored once.
  const [art] = await out.embedPages([sourcePage]);
  if (!art) throw new Error("could not read the poster page");
  // Labels in the bundled font, embedded like everything else.
  const font = await embedNoteFont(out);
  const bold = await embedNoteFont(out, 700);
  const total = plan.tiles.length;
  const words = options.words ?? englishTileWords;
  /** `size` points, or smaller (to 6 pt) where `text` would run wider than `widthMm` */
  const fit = (text: string, widthMm: number, size: number): number =>
    Math.max(6, Math.min(size, (size * mmToPt(widthMm)) / font.widthOfTextAtSize(text, size)));

  // The assembly map, on a portrait sheet.
  const mapSheet = sheetOf(paper);
  const map = new Pen(out.addPage([mmToPt(mapSheet.width), mmToPt(mapSheet.height)]), mapSheet);
  const m = 15;
  map.text(words.map, { x: m, y: m + 5 }, bold, 16);
  const lines = [
    words.grid(total, plan.rows, rowLabel(plan.rows - 1), plan.cols),
    words.finished(`${Math.round(plan.poster.width)} × ${Math.round(plan.poster.height)}`),
    ...words.steps,
  ];
  lines.forEach((line, i) =>
    map.text(line, { x: m, y: m + 13 + i * 5 }, font, fit(line, mapSheet.width - 2 * m, 9.5)),
  );
  // Row letters stand left of the poster and column numbers above it, in gutters of their
  // own: a label inside a cell would cover the poster's text there.
  const size = 12;
  const gutter = 8;
  const top = m + 13 + lines.length * 5 + 4 + gutter;
  const room = { width: mapSheet.width - 2 * m - 2 * gutter, height: mapSheet.height - top - m };
  const scale = Math.min(room.width / plan.poster.width, room.height / plan.poster.height);
  const origin = {
    x: m + gutter + (room.width - plan.poster.width * scale) / 2,
    y: top,
  };
  const thumb = (r: { x: number; y: number; width: number; height: number }) => ({
    x: origin.x + r.x * scale,
    y: origin.y + r.y * scale,
    width: r.width * scale,
    height: r.height * scale,
  });
  const whole = thumb({ x: 0, y: 0, ...plan.poster });
  map.drawClipped(art, whole.x, whole.y, scale, whole);
  map.outline(whole, 0.75);
  // The map shows what shows of each sheet once glued, its cells' edges where the cut edges
  // go, so the grid reads as plain cells rather than a tangle of overlapping frames.
  const cells = tileCells(plan);
  for (const cell of cells) map.outline(thumb(cell), 0.75);
  const h = ptToMm(size);
  for (const cell of cells.filter((c) => c.row === 0)) {
    const r = thumb(cell);
    const label = String(cell.col + 1);
    map.text(label, { x: r.x + r.width / 2, y: whole.y - 2.5 }, bold, size, { align: "center" });
  }
  for (const cell of cells.filter((c) => c.col === 0)) {
    const r = thumb(cell);
    const label = rowLabel(cell.row);
    map.text(label, { x: whole.x - 3, y: r.y + r.height / 2 + h * 0.35 }, bold, size, {
      align: "right",
    });
  }

  // One sheet per tile. Its margins carry the labels and marks, and they are either cut off
  // or hidden under the next sheet: nothing printed here shows on the finished poster.
  const sheet = plan.sheet;
  const margin = plan.margin;
  const onSheet = (tile: Tile, x: number, y: number) => ({
    x: margin + x - tile.x,
    y: margin + y - tile.y,
  });
  plan.tiles.forEach((tile, i) => {
    const pen = new Pen(out.addPage([mmToPt(sheet.width), mmToPt(sheet.height)]), sheet);
    const area = { x: margin, y: margin, width: tile.width, height: tile.height };
    const right = margin + tile.width;
    const bottom = margin + tile.height;
    pen.drawClipped(art, margin - tile.x, margin - tile.y, 1, area);
    for (const mark of cornerMarks(area)) pen.line(mark);
    // Baselines in the margins, at least LABEL_CLEARANCE from the paper's edge for any glyph.
    const topLine = margin - 3.5;
    const bottomLine = bottom + 6;
    const leftLine = margin - 3.5;
    const rightLine = right + 6;
    const { cut, glue } = tileSeams(plan, tile);
    // Where the crosshairs stand: at the ends of each glue line, in the margins the labels
    // use too. Every label keeps clear of them (see freeSpan).
    const gluedRight = glue.find((seam) => seam.side === "right");
    const gluedBelow = glue.find((seam) => seam.side === "bottom");
    const crossX = gluedRight ? [onSheet(tile, gluedRight.line.x1, 0).x] : [];
    const crossY = gluedBelow ? [onSheet(tile, 0, gluedBelow.line.y1).y] : [];
    // The tile's own label, top left, clear of the corner marks.
    const labelX = margin + MARK.gap + MARK.length + 2;
    const about = words.tile(rowLabel(tile.row), tile.col + 1, i + 1, total);
    const aboutX = labelX + ptToMm(bold.widthOfTextAtSize(tile.label, 11)) + 3;
    const aboutEnd = aboutX + ptToMm(font.widthOfTextAtSize(about, 7.5));
    pen.text(tile.label, { x: labelX, y: topLine }, bold, 11);
    pen.text(about, { x: aboutX, y: topLine }, font, 7.5);
    // A note along one side of the print: in the longest stretch of that margin clear of the
    // corner marks, the tile's label and the crosshairs, shrunk only if it is longer.
    const along = (say: string, side: Seam["side"]): void => {
      if (side === "top") {
        const room = freeSpan(aboutEnd + 4, right - 2, crossX);
        const size = fit(say, room.to - room.from, 7.5);
        pen.text(say, { x: room.to, y: topLine }, font, size, { align: "right" });
      } else if (side === "bottom") {
        const room = freeSpan(margin + 8, right - 8, crossX);
        const size = fit(say, room.to - room.from, 7.5);
        const x = (room.from + room.to) / 2;
        pen.text(say, { x, y: bottomLine }, font, size, { align: "center" });
      } else {
        const room = freeSpan(margin + 8, bottom - 8, crossY);
        const size = fit(say, room.to - room.from, 7.5);
        const y = (room.from + room.to) / 2;
        const x = side === "left" ? leftLine : rightLine;
        pen.text(say, { x, y }, font, size, { align: "center", rotate: 90 });
      }
    };
    for (const seam of cut) {
      // Just outside the print, so a cut on the line leaves no dash on the poster.
      const edge = HAIRLINE_MM;
      const dash =
        seam.side === "left"
          ? { x1: margin - edge, y1: margin, x2: margin - edge, y2: bottom }
          : { x1: margin, y1: margin - edge, x2: right, y2: margin - edge };
      pen.line(dash, undefined, true);
      along(words.cut(seam.neighbour.label), seam.side);
    }
    for (const seam of glue) {
      const a = onSheet(tile, seam.line.x1, seam.line.y1);
      const b = onSheet(tile, seam.line.x2, seam.line.y2);
      // The line lies inside the glue strip, so the next sheet covers it.
      const inward = seam.side === "right" ? { x: HAIRLINE_MM, y: 0 } : { x: 0, y: HAIRLINE_MM };
      pen.line(
        { x1: a.x + inward.x, y1: a.y + inward.y, x2: b.x + inward.x, y2: b.y + inward.y },
        0.5,
      );
      // Crosshairs in the margins, where the line runs out: the next sheet's cut edge runs
      // through their centres.
      if (seam.side === "right") {
        pen.crosshair({ x: a.x, y: margin - 3.5 }, 2);
        pen.crosshair({ x: a.x, y: bottom + 3.5 }, 2);
      } else {
        pen.crosshair({ x: margin - 3.5, y: a.y }, 2);
        pen.crosshair({ x: right + 3.5, y: a.y }, 2);
      }
      along(words.glue(seam.neighbour.label), seam.side);
    }
  });
  return out.save(SAVE_OPTIONS);
}
