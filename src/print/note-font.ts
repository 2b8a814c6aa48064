// The bundled typeface for the few words mimeo writes straight onto an imposed sheet (how to
// cut, how to print, the tiles' labels), embedded with pdf-lib like Chromium embeds it in the pages.
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { fontDir } from "./fonts.ts";

type Weight = 400 | 700;

// Each weight's file is read on first use and kept; a failed read is forgotten so the next call
// tries again.
const files = new Map<Weight, Promise<Buffer>>();

function fontFile(weight: Weight): Promise<Buffer> {
  let file = files.get(weight);
  if (!file) {
    file = readFile(
      path.join(fontDir(), `atkinson-hyperlegible-latin-${weight}-normal.woff`),
    ).catch((error: unknown) => {
      files.delete(weight);
      throw error;
    });
    files.set(weight, file);
  }
  return file;
}

/**
 * Atkinson Hyperlegible (Latin, regular or bold) embedded in `doc`, subset. fontkit reads the
 * WOFF (1.0) file (its WOFF2 subsetter fails on these); a fixed name keeps pdf-lib from adding
 * a random suffix, so the bytes stay the same build after build.
 */
export async function embedNoteFont(doc: PDFDocument, weight: Weight = 400): Promise<PDFFont> {
  const bytes = await fontFile(weight);
  doc.registerFontkit(fontkit);
  return doc.embedFont(bytes, {
    subset: true,
    customName: weight === 700 ? "AtkinsonHyperlegible-Bold" : "AtkinsonHyperlegible",
  });
}
