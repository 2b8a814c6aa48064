// Wall posters: one big sheet for a copy shop, or the same poster tiled onto the circle's
// own A4/Letter printer with an assembly map. Any caller (charter, rotation table, calendar,
// ledger) hands over HTML or a one-page PDF; nothing here knows what the poster says.

import { PDFDocument, type PDFPage } from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fontDir } from "./fonts.ts";
import { SAVE_OPTIONS } from "./finish.ts";
import { alignmentMarks, cornerMarks, MARK } from "./marks.ts";
import { Pen } from "./pen.ts";
import { PrintError } from "./shop.ts";
import type { PrintShop, RenderRequest } from "./shop.ts";
import { mmToPt, paperKit, ptToMm, sheetOf } from "./sizes.ts";
import type { Paper, SheetSpec, Size } from "./sizes.ts";
import { planTilesBestFit, rowLabel, tileCells } from "./tiles.ts";
import type { TilePlan } from "./tiles.ts";

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

export interface TileOptions {
  /** white border on every side of each sheet, mm; default 10 (printers can't reach the edge) */
  margin?: number;
  /** how much neighbouring tiles share, mm; default 15, never less than 10 */
  overlap?: number;
}

export const MIN_OVERLAP = 10;

/** The tiling tilePoster would use, so callers and tests can see it without drawing. */
export async function posterTiling(
  poster: Uint8Array,
  paper: SheetSpec,
  options: TileOptions = {},
): Promise<TilePlan> {
  const source = await PDFDocument.load(poster, { updateMetadata: false });
  return posterPlan(source, paper, options).plan;
}

/** A loaded poster's first page, and its tiling onto `paper`. */
function posterPlan(
  source: PDFDocument,
  paper: SheetSpec,
  options: TileOptions,
): { page: PDFPage; plan: TilePlan } {
  const page = source.getPage(0);
  const size = { width: ptToMm(page.getWidth()), height: ptToMm(page.getHeight()) };
  return { page, plan: tilingFor(size, paper, options) };
}

function tilingFor(poster: Size, paper: SheetSpec, options: TileOptions): TilePlan {
  const overlap = options.overlap ?? 15;
  if (overlap < MIN_OVERLAP) {
    throw new Error(`tiles need at least ${MIN_OVERLAP} mm of overlap to line up; got ${overlap}`);
  }
  return planTilesBestFit(poster, sheetOf(paper), options.margin ?? 10, overlap);
}

interface LabelFonts {
  regular: Buffer;
  bold: Buffer;
}

// The label fonts' files, read on first use and kept: every tilePoster call embeds the same
// bytes. A failed read is forgotten, so the next call tries again.
let labelFontFiles: Promise<LabelFonts> | undefined;

function labelFonts(): Promise<LabelFonts> {
  const fontFile = (weight: number): Promise<Buffer> =>
    readFile(path.join(fontDir(), `atkinson-hyperlegible-latin-${weight}-normal.woff`));
  labelFontFiles ??= Promise.all([fontFile(400), fontFile(700)]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      labelFontFiles = undefined;
      throw error;
    },
  );
  return labelFontFiles;
}

/**
 * Split a one-page poster onto the circle's own sheets, at actual size. Page 1 is the
 * assembly map (the poster small, with the grid of sheets labelled A1, A2, … B1 …); then
 * one page per tile, labelled in its margin, with trim marks at the corners of the printed
 * area and crosshairs in the overlaps to line neighbours up.
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
  const { page: sourcePage, plan } = posterPlan(source, paper, options);

  const out = await PDFDocument.create({ updateMetadata: false });
  // One copy of the poster, drawn clipped on every tile: fonts and images are stored once.
  const [art] = await out.embedPages([sourcePage]);
  if (!art) throw new Error("could not read the poster page");
  // Labels in the bundled font, embedded like everything else. fontkit reads the WOFF (1.0)
  // files (its WOFF2 subsetter fails on these); a fixed name keeps pdf-lib from adding a random
  // suffix, so the bytes stay the same build after build.
  out.registerFontkit(fontkit);
  const files = await labelFonts();
  const font = await out.embedFont(files.regular, {
    subset: true,
    customName: "AtkinsonHyperlegible",
  });
  const bold = await out.embedFont(files.bold, {
    subset: true,
    customName: "AtkinsonHyperlegible-Bold",
  });
  const total = plan.tiles.length;

  // The assembly map, on a portrait sheet.
  const mapSheet = sheetOf(paper);
  const map = new Pen(out.addPage([mmToPt(mapSheet.width), mmToPt(mapSheet.height)]), mapSheet);
  const m = 15;
  map.text("Assembly map", { x: m, y: m + 5 }, bold, 16);
  const lines = [
    `${total} sheets: ${plan.rows} rows (A to ${rowLabel(plan.rows - 1)}) x ${plan.cols} columns.`,
    `Finished poster: ${Math.round(plan.poster.width)} x ${Math.round(plan.poster.height)} mm.`,
    "Print at actual size (100%), never 'fit to page'. Start at A1, top left.",
    "Trim the top and left margins of each sheet at the corner marks, lay it over its",
    "neighbours so the crosshairs match, and tape or glue it from the back.",
  ];
  lines.forEach((line, i) => map.text(line, { x: m, y: m + 13 + i * 5 }, font, 9.5));
  const top = m + 13 + lines.length * 5 + 4;
  const room = { width: mapSheet.width - 2 * m, height: mapSheet.height - top - m };
  const scale = Math.min(room.width / plan.poster.width, room.height / plan.poster.height);
  const origin = {
    x: m + (room.width - plan.poster.width * scale) / 2,
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
  // The map shows each sheet's own share, cut back to the middle of the overlaps, so the
  // grid reads as plain cells rather than a tangle of overlapping frames.
  for (const cell of tileCells(plan)) {
    const r = thumb(cell);
    map.outline(r, 0.75);
    const size = 12;
    const w = ptToMm(bold.widthOfTextAtSize(cell.label, size));
    const h = ptToMm(size);
    const cx = r.x + r.width / 2;
    const cy = r.y + r.height / 2;
    map.blank({ x: cx - w / 2 - 1.5, y: cy - h * 0.55, width: w + 3, height: h * 1.1 });
    map.text(cell.label, { x: cx, y: cy + h * 0.35 }, bold, size, { align: "center" });
  }

  // One sheet per tile.
  const sheet = plan.sheet;
  const margin = plan.margin;
  plan.tiles.forEach((tile, i) => {
    const pen = new Pen(out.addPage([mmToPt(sheet.width), mmToPt(sheet.height)]), sheet);
    const area = { x: margin, y: margin, width: tile.width, height: tile.height };
    pen.drawClipped(art, margin - tile.x, margin - tile.y, 1, area);
    for (const mark of cornerMarks(area)) pen.line(mark);
    for (const p of alignmentMarks(plan, tile)) {
      pen.crosshair({ x: p.x - tile.x + margin, y: p.y - tile.y + margin });
    }
    const row = rowLabel(tile.row);
    // Labels start clear of the corner marks, which sit at the margin's inner edge.
    const labelX = margin + MARK.gap + MARK.length + 2;
    pen.text(tile.label, { x: labelX, y: margin - 3 }, bold, 11);
    pen.text(
      `row ${row}, column ${tile.col + 1} - tile ${i + 1} of ${total} - this way up`,
      { x: labelX + ptToMm(bold.widthOfTextAtSize(tile.label, 11)) + 3, y: margin - 3 },
      font,
      7.5,
    );
    // Neighbours' labels at the edges they share, so a sheet on the floor finds its place.
    const label = (r: number, c: number): string | undefined =>
      plan.tiles.find((t) => t.row === r && t.col === c)?.label;
    const midX = margin + tile.width / 2;
    const midY = margin + tile.height / 2;
    const right = label(tile.row, tile.col + 1);
    const left = label(tile.row, tile.col - 1);
    const below = label(tile.row + 1, tile.col);
    const above = label(tile.row - 1, tile.col);
    if (above)
      pen.text(`${above} above`, { x: midX, y: margin - 3 }, font, 7.5, { align: "center" });
    if (below) {
      pen.text(`${below} below`, { x: midX, y: margin + tile.height + 5.5 }, font, 7.5, {
        align: "center",
      });
    }
    if (left)
      pen.text(`${left} left`, { x: margin - 3, y: midY }, font, 7.5, {
        align: "center",
        rotate: 90,
      });
    if (right) {
      pen.text(`${right} right`, { x: margin + tile.width + 5.5, y: midY }, font, 7.5, {
        align: "center",
        rotate: 90,
      });
    }
  });
  return out.save(SAVE_OPTIONS);
}
