// The bundled typeface for the few words mimeo writes straight onto an imposed sheet (how to
// cut, how to print, the tiles' labels), embedded with pdf-lib like Chromium embeds it in the pages.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { fontDir } from "./fonts.ts";
import { sfntOfWoff } from "./woff.ts";

type Weight = 400 | 700;

// Each weight's file is read on first use, turned from WOFF into TrueType (see woff.ts) and
// kept; a failed read is forgotten so the next call tries again.
const files = new Map<Weight, Promise<Buffer>>();

function fontFile(weight: Weight): Promise<Buffer> {
  let file = files.get(weight);
  if (!file) {
    file = readFile(path.join(fontDir(), `atkinson-hyperlegible-latin-${weight}-normal.woff`))
      .then(sfntOfWoff)
      .catch((error: unknown) => {
        files.delete(weight);
        throw error;
      });
    files.set(weight, file);
  }
  return file;
}

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type Font = ReturnType<Fontkit["create"]>;

/**
 * fontkit, keeping each font it has read. pdf-lib asks fontkit to read the font again for every
 * document it embeds it in, and every new reading parses its layout tables again at the first
 * measure (with the WOFF file, it also inflated its tables again): most of the time it took to
 * write a note on a sheet (about a second of a rebuild that made six sheets). A font read once is only read from
 * afterwards: each document's subset is an object of its own, and fontkit encodes a subset in
 * one synchronous step, so two documents never interleave on it.
 */
const read = new WeakMap<Uint8Array, Font>();
/** fontkit itself is loaded with the first note: half a second that a rebuild making no sheet saves. */
let keeping: Promise<Fontkit> | undefined;

function keepingFontkit(): Promise<Fontkit> {
  keeping ??= import("@pdf-lib/fontkit").then(({ default: fontkit }) => ({
    create(buffer, postscriptName) {
      if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
      let font = read.get(buffer);
      if (font === undefined) {
        font = fontkit.create(buffer);
        read.set(buffer, font);
      }
      return font;
    },
  }));
  return keeping;
}

/**
 * Starts loading fontkit without waiting for it: a PDF build calls this while the browser starts,
 * when this thread would only wait. A failure is the first note's to report.
 */
export function loadNoteFontkit(): void {
  keepingFontkit().catch(() => undefined);
}

/**
 * The width of each text measured lately, by weight, at 1000 pt. fontkit lays a text out in
 * full (substitutions, kerning) to measure it, about a millisecond a line, and every booklet and
 * mini-zine measures the same notes again. pdf-lib's width at a size is the width at 1000 pt
 * times size / 1000, so the product below is the very number pdf-lib gives.
 */
const widths = new Map<Weight, Map<string, number>>();
const WIDTHS_KEPT = 4096;

/**
 * Atkinson Hyperlegible (Latin, regular or bold) embedded in `doc`, subset. fontkit reads the
 * TrueType file made from the WOFF (1.0) one (its WOFF2 subsetter fails on these); a fixed name
 * keeps pdf-lib from adding a random suffix, so the bytes stay the same build after build.
 */
export async function embedNoteFont(doc: PDFDocument, weight: Weight = 400): Promise<PDFFont> {
  const bytes = await fontFile(weight);
  doc.registerFontkit(await keepingFontkit());
  const font = await doc.embedFont(bytes, {
    subset: true,
    customName: weight === 700 ? "AtkinsonHyperlegible-Bold" : "AtkinsonHyperlegible",
  });
  const measured = widths.get(weight) ?? new Map<string, number>();
  widths.set(weight, measured);
  const measure = font.widthOfTextAtSize.bind(font);
  font.widthOfTextAtSize = (text: string, size: number): number => {
    let width = measured.get(text);
    if (width === undefined) {
      width = measure(text, 1000);
      if (measured.size >= WIDTHS_KEPT) measured.clear();
      measured.set(text, width);
    }
    return width * (size / 1000);
  };
  return font;
}
