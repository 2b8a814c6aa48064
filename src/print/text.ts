// Reading the text back out of a PDF, page by page: for the archive's table of contents (which
// page each tactic starts on) and for the leak guard (what a PDF says).
// pdf.js is loaded when a PDF is first read: a rebuild that takes every sheet from the cache and
// has no new public PDF to guard reads none.
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

/** A PDF opened with pdf.js: no system fonts looked up, no code evaluated, errors only. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const { getDocument, VerbosityLevel } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  return getDocument({
    data: new Uint8Array(bytes),
    verbosity: VerbosityLevel.ERRORS,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
}

// pdf.js 5.4 keeps the page count of the document opened last in one object shared by every
// document (PagesMapper.instance), so a one-page poster opened while a long zine is being read
// makes the zine's later pages "invalid": documents are read one after another.
let queue: Promise<unknown> = Promise.resolve();

/** Open a PDF, let `read` look at it, and close it; never two documents at once. */
export function readPdfWith<T>(
  bytes: Uint8Array,
  read: (doc: PDFDocumentProxy) => Promise<T>,
): Promise<T> {
  const turn = queue.then(async () => {
    const doc = await openPdf(bytes);
    try {
      return await read(doc);
    } finally {
      await doc.destroy();
    }
  });
  queue = turn.catch(() => undefined);
  return turn;
}

/** The text of each page, runs joined with spaces. */
export function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  return readPdfWith(bytes, async (doc) => {
    const pages: string[] = [];
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
    return pages;
  });
}
