// Imposition alone, on real Chromium output made once: a 32-page reading copy imposed into a
// booklet, and eight mini-zine panels imposed onto a sheet 100 times. Without a browser, the
// pages are drawn with pdf-lib instead (text in a standard font on every page).

import { PDFDocument, StandardFonts } from "pdf-lib";
import {
  imposeBooklet,
  imposeMinizine,
  mmToPt,
  paperKit,
  PrintShop,
  type Size,
} from "../src/print/index.ts";
import { minizineHtml, readingHtml } from "../src/site/printables.ts";
import { median, timed } from "./measure.ts";
import type { PrintFixture } from "./print-fixture.ts";

export interface ImposeResult {
  /** where the pages came from: "chromium" or "pdf-lib" */
  source: string;
  bookletPages: number;
  /** median time to impose the booklet */
  bookletMs: number;
  bookletIterations: number;
  minizines: number;
  /** median time for all mini-zines, one after another */
  minizinesMs: number;
  runs: number;
}

/** The first `n` pages of a PDF (it must have at least that many). */
async function firstPages(bytes: Uint8Array, n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  if (doc.getPageCount() < n) throw new Error(`needed ${n} pages, got ${doc.getPageCount()}`);
  while (doc.getPageCount() > n) doc.removePage(doc.getPageCount() - 1);
  return doc.save({ useObjectStreams: false });
}

async function drawnPages(n: number, size: Size): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < n; i++) {
    const page = doc.addPage([mmToPt(size.width), mmToPt(size.height)]);
    for (let line = 0; line < 40; line++) {
      page.drawText(`Page ${i + 1}, line ${line + 1}: we stopped work together at shift change.`, {
        x: 30,
        y: page.getHeight() - 40 - line * 12,
        size: 8,
        font,
      });
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** A 32-page reading copy and eight mini-zine panels, rendered once. */
async function renderedPages(
  fixture: PrintFixture,
): Promise<{ booklet: Uint8Array; panels: Uint8Array }> {
  const kit = paperKit("a4");
  const shop = new PrintShop({ jobs: 1 });
  try {
    const first = fixture.sources[0];
    if (!first) throw new Error("the fixture has no reports");
    // One long reading copy: report bodies one after another, more of them until it has 32 pages.
    let reading: Uint8Array = new Uint8Array();
    for (let bodies = 15; bodies <= 120; bodies *= 2) {
      const body = Array.from(
        { length: bodies },
        (_, i) => fixture.sources[i % fixture.sources.length]?.body ?? "",
      ).join("\n");
      reading = await shop.renderPdf({
        html: readingHtml(fixture.site, { ...first, body }),
        baseDir: fixture.baseDir,
        size: kit.halfSheet,
      });
      if ((await PDFDocument.load(reading)).getPageCount() >= 32) break;
    }
    const panels = await shop.renderPdf({
      html: minizineHtml(fixture.site, first),
      baseDir: fixture.baseDir,
      size: kit.minizinePanel,
    });
    const count = (await PDFDocument.load(panels)).getPageCount();
    return {
      booklet: await firstPages(reading, 32),
      panels: await firstPages(panels, Math.min(8, count)),
    };
  } finally {
    await shop.close();
  }
}

export async function benchImpose(
  fixture: PrintFixture,
  options: { bookletIterations: number; minizines: number; runs: number; browser: boolean },
): Promise<ImposeResult> {
  const kit = paperKit("a4");
  let source = "chromium";
  let pages: { booklet: Uint8Array; panels: Uint8Array };
  if (options.browser) {
    pages = await renderedPages(fixture);
  } else {
    source = "pdf-lib";
    pages = {
      booklet: await drawnPages(32, kit.halfSheet),
      panels: await drawnPages(8, kit.minizinePanel),
    };
  }
  // One untimed pass first, so the first timed one does not pay for loading and compiling code.
  await imposeBooklet(pages.booklet, "a4");
  await imposeMinizine(pages.panels, "a4");

  const booklet: number[] = [];
  const minizines: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    for (let i = 0; i < options.bookletIterations; i++) {
      booklet.push((await timed(() => imposeBooklet(pages.booklet, "a4"))).ms);
    }
    const all = await timed(async () => {
      for (let i = 0; i < options.minizines; i++) await imposeMinizine(pages.panels, "a4");
    });
    minizines.push(all.ms);
  }
  return {
    source,
    bookletPages: 32,
    bookletMs: median(booklet),
    bookletIterations: options.bookletIterations * options.runs,
    minizines: options.minizines,
    minizinesMs: median(minizines),
    runs: options.runs,
  };
}
