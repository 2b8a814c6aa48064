// Two-sided sheets for a printer without duplex: one PDF in the order the paper goes through
// the printer (every front, a page on turning the stack over, every back), as bookbinder-js's
// single-sided mode offers.
import { PDFDocument } from "pdf-lib";
import type { PDFFont } from "pdf-lib";
import { SAVE_OPTIONS } from "./finish.ts";
import { embedNoteFont } from "./note-font.ts";
import { Pen } from "./pen.ts";
import { ptToMm } from "./sizes.ts";
import { LINE_BREAK } from "../french-spacing.ts";

/**
 * Break `text` into lines no wider than `widthPt` at `size`, between words: each line takes as
 * many words as fit (a word wider than the line has one of its own). fontkit lays out a text
 * whole to measure it, so a line measured again with each word it took was laid out over and
 * over (about 0.08 s of the booklet's sheet for a printer without duplex). Here each word is
 * measured alone (note-font.ts keeps the widths), the words' widths say about how many fit, and
 * the line is measured whole only to settle that: most often twice.
 */
export function wrapText(text: string, font: PDFFont, size: number, widthPt: number): string[] {
  const words = text.split(LINE_BREAK).filter(Boolean);
  const lines: string[] = [];
  const fits = (from: number, to: number): boolean =>
    font.widthOfTextAtSize(words.slice(from, to).join(" "), size) <= widthPt;
  const space = font.widthOfTextAtSize(" ", size);
  let from = 0;
  while (from < words.length) {
    // About how many fit, from the words' own widths (kerning apart).
    let to = from + 1;
    let about = font.widthOfTextAtSize(words[from] ?? "", size);
    while (to < words.length) {
      about += space + font.widthOfTextAtSize(words[to] ?? "", size);
      if (about > widthPt) break;
      to++;
    }
    // Settled by measuring the line: one word more while it fits, one fewer while it does not.
    if (fits(from, to)) {
      while (to < words.length && fits(from, to + 1)) to++;
    } else {
      while (to - from > 1 && !fits(from, to - 1)) to--;
      if (to - from > 1) to--;
    }
    lines.push(words.slice(from, to).join(" "));
    from = to;
  }
  return lines;
}

/**
 * `duplex` holds sides in printing order (sheet 1 front, sheet 1 back, sheet 2 front, …).
 * Returns every front, then a page with `instructions(fronts)` (one paragraph per entry, the
 * first as a heading), then every back in the same sheet order.
 */
export async function feedOrder(
  duplex: Uint8Array,
  instructions: (fronts: number) => string[],
): Promise<Uint8Array> {
  const source = await PDFDocument.load(duplex, { updateMetadata: false });
  const count = source.getPageCount();
  const fronts = Array.from({ length: Math.ceil(count / 2) }, (_, i) => 2 * i);
  const backs = fronts.map((i) => i + 1).filter((i) => i < count);
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const page of await out.copyPages(source, fronts)) out.addPage(page);

  const { width, height } = source.getPage(0).getSize();
  const sheet = { width: ptToMm(width), height: ptToMm(height) };
  const pen = new Pen(out.addPage([width, height]), sheet);
  const font = await embedNoteFont(out);
  const margin = 20;
  let y = margin + 10;
  instructions(fronts.length).forEach((paragraph, i) => {
    const size = i === 0 ? 18 : 12;
    for (const line of wrapText(paragraph, font, size, ((sheet.width - 2 * margin) * 72) / 25.4)) {
      pen.text(line, { x: margin, y }, font, size);
      y += size * 0.5;
    }
    y += i === 0 ? 6 : 3;
  });

  for (const page of await out.copyPages(source, backs)) out.addPage(page);
  return out.save(SAVE_OPTIONS);
}
