// The bundled typeface for the few words mimeo writes straight onto an imposed sheet (how to
// cut, how to print), embedded with pdf-lib like Chromium embeds it in the pages.
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { fontDir } from "./fonts.ts";

// Read on first use and kept; a failed read is forgotten so the next call tries again.
let regular: Promise<Buffer> | undefined;

/**
 * Atkinson Hyperlegible (regular, Latin) embedded in `doc`, subset. fontkit reads the WOFF
 * (1.0) file (its WOFF2 subsetter fails on these); a fixed name keeps pdf-lib from adding a
 * random suffix, so the bytes stay the same build after build.
 */
export async function embedNoteFont(doc: PDFDocument): Promise<PDFFont> {
  regular ??= readFile(path.join(fontDir(), "atkinson-hyperlegible-latin-400-normal.woff")).catch(
    (error: unknown) => {
      regular = undefined;
      throw error;
    },
  );
  doc.registerFontkit(fontkit);
  return doc.embedFont(await regular, { subset: true, customName: "AtkinsonHyperlegible" });
}
