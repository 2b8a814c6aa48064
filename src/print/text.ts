// Reading the text back out of a PDF, page by page: for the archive's table of contents (which
// page each tactic starts on) and for the leak guard (what a PDF says).
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

/** A PDF opened with pdf.js: no system fonts looked up, no code evaluated, errors only. */
export function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({
    data: new Uint8Array(bytes),
    verbosity: VerbosityLevel.ERRORS,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
}

// pdf.js's in-process worker mixes up documents read at the same time ("Invalid page
// request"), and sheets are made in parallel: one document is read at a time.
let reading: Promise<unknown> = Promise.resolve();

/** The text of each page, runs joined with spaces. */
export function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const next = reading.then(() => readPageTexts(bytes));
  reading = next.catch(() => undefined);
  return next;
}

async function readPageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await openPdf(bytes);
  const pages: string[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      // Runs carry their own spaces, and a run can end mid-word (at a soft hyphen, or where
      // the font changes): join runs on one line as they are, and lines with a line break, so
      // a name is neither split nor glued to the next line's first word.
      let text = "";
      let lastY: number | undefined;
      for (const item of content.items) {
        if (!("str" in item)) continue;
        const y = (item.transform as number[])[5];
        if (
          lastY !== undefined &&
          y !== undefined &&
          Math.abs(y - lastY) > 1 &&
          !text.endsWith("\n")
        )
          text += "\n";
        text += item.str + (item.hasEOL ? "\n" : "");
        lastY = y;
      }
      pages.push(text.replace(/[ \t]+/g, " "));
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}
