// Reading PDFs back in tests: page sizes in mm, the text on each page with its position and
// direction (pdf.js), and the fonts a page uses (pdf-lib).

import { PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from "pdf-lib";
import type { PDFObject } from "pdf-lib";
import { openPdf } from "../../src/print/text.ts";

export const PT_PER_MM = 72 / 25.4;

export interface TextRun {
  str: string;
  /** baseline origin, mm from the page's bottom-left corner */
  x: number;
  y: number;
  /** the text matrix's first entry: positive when upright, negative when turned 180° */
  a: number;
  d: number;
  /** how far the run reaches along its baseline, mm */
  width: number;
  /** type size, pt */
  size: number;
}

export interface ReadPage {
  width: number;
  height: number;
  runs: TextRun[];
  /** all of the page's text, joined with spaces */
  text: string;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPage[]> {
  const doc = await openPdf(bytes);
  const pages: ReadPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
    const content = await page.getTextContent();
    const runs: TextRun[] = [];
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a = 0, b = 0, , d = 0, e = 0, f = 0] = item.transform as number[];
      runs.push({
        str: item.str,
        x: e / PT_PER_MM,
        y: f / PT_PER_MM,
        a,
        d,
        width: item.width / PT_PER_MM,
        size: Math.hypot(a, b),
      });
    }
    pages.push({
      width: (x1 - x0) / PT_PER_MM,
      height: (y1 - y0) / PT_PER_MM,
      runs,
      text: runs.map((r) => r.str).join(" "),
    });
  }
  await doc.destroy();
  return pages;
}

/** The run whose text is exactly `str` (e.g. "PAGE 3"), or undefined. */
export const findRun = (page: ReadPage | undefined, str: string): TextRun | undefined =>
  page?.runs.find((r) => r.str.trim() === str);

/** "PAGE n" markers found on a page, in the order pdf.js reads them. */
export const pageMarkers = (page: ReadPage | undefined): string[] =>
  (page?.runs ?? []).map((r) => r.str.trim()).filter((s) => /^PAGE \d+$/.test(s));

/** The BaseFont names in the page's font resources (following form XObjects, for imposed pages). */
export async function fontNames(bytes: Uint8Array, pageIndex: number): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = new Set<string>();
  const seen = new Set<PDFObject>();
  const visitResources = (resources: PDFObject | undefined): void => {
    const dict = resources instanceof PDFRef ? doc.context.lookup(resources) : resources;
    if (!(dict instanceof PDFDict) || seen.has(dict)) return;
    seen.add(dict);
    const fonts = dict.lookupMaybe(PDFName.of("Font"), PDFDict);
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref);
      if (font instanceof PDFDict) {
        const base = font.get(PDFName.of("BaseFont"));
        if (base) names.add(base.toString());
      }
    }
    const xobjects = dict.lookupMaybe(PDFName.of("XObject"), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) {
      const x = doc.context.lookup(ref);
      if (x instanceof PDFStream) visitResources(x.dict.get(PDFName.of("Resources")));
    }
  };
  visitResources(doc.getPage(pageIndex).node.get(PDFName.of("Resources")));
  return [...names];
}

/** HTML with `count` pages, each saying only "PAGE n", at the given size. */
export function numberedPages(count: number, css = ""): string {
  const pages = Array.from(
    { length: count },
    (_, i) => `<section class="p">PAGE ${i + 1}</section>`,
  ).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test</title>
<style>
@page { margin: 10mm; }
html { font: 14pt sans-serif; }
body { margin: 0; }
.p { break-after: page; }
.p:last-child { break-after: auto; }
${css}
</style></head><body>
${pages}
</body></html>`;
}
