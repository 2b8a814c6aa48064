// Imposition in a real Chromium: booklets, mini-zines, tactic cards and tiled posters, read
// back to check which page landed where and which way up.

import { decodePDFRawStream, PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef } from "pdf-lib";
import type { PDFPage } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { planBooklet } from "../../src/print/booklet.ts";
import { finishPdf } from "../../src/print/finish.ts";
import { fontDirUrl } from "../../src/print/fonts.ts";
import { imposeBooklet, imposeCards, imposeMinizine } from "../../src/print/impose.ts";
import { planMinizine } from "../../src/print/minizine.ts";
import {
  fitPoster,
  posterFill,
  posterTiling,
  renderPoster,
  tilePoster,
} from "../../src/print/poster.ts";
import { posterLines } from "../../src/print/poster-lines.ts";
import { printDocument } from "../../src/print/shell.ts";
import { PrintError, PrintShop } from "../../src/print/shop.ts";
import { mirroredSlot } from "../../src/print/cards.ts";
import { englishTileWords } from "../../src/print/tile-words.ts";
import { wordsFor } from "../../src/site/words.ts";
import { findRun, fontNames, numberedPages, pageMarkers, readPdf } from "./pdf-reader.ts";
import type { ReadPage, TextRun } from "./pdf-reader.ts";
import { ptToMm } from "../../src/print/sizes.ts";
import { rowLabel } from "../../src/print/tiles.ts";

let shop: PrintShop;
beforeAll(() => {
  shop = new PrintShop({ jobs: 2 });
});
afterAll(async () => {
  await shop?.close();
});

const FINISH = { title: "Test sheet", lang: "en", date: new Date("2026-05-01T00:00:00Z") };

const close = (actual: number | undefined, expected: number, within = 0.5): void => {
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(within);
};

/** Which "PAGE n" markers sit left and right of the sheet's middle. */
function halves(page: ReadPage | undefined): { left: number[]; right: number[] } {
  const mid = (page?.width ?? 0) / 2;
  const left: number[] = [];
  const right: number[] = [];
  for (const run of page?.runs ?? []) {
    const m = /^PAGE (\d+)$/.exec(run.str.trim());
    if (m) (run.x < mid ? left : right).push(Number(m[1]));
  }
  return { left, right };
}

describe("imposeBooklet", () => {
  for (const count of [8, 6]) {
    it(`puts ${count} A5 pages on A4 sheets in saddle-stitch order`, async () => {
      const reading = await shop.renderPdf({ html: numberedPages(count), size: "a5" });
      const booklet = await imposeBooklet(reading, "a4");
      const sides = await readPdf(booklet);
      const plan = planBooklet(count);
      expect(sides).toHaveLength(plan.sides.length);
      sides.forEach((side, i) => {
        close(side.width, 297);
        close(side.height, 210);
        const want = plan.sides[i];
        expect(halves(side)).toEqual({
          left: want?.left === null ? [] : [want?.left],
          right: want?.right === null ? [] : [want?.right],
        });
      });
      if (count === 6) {
        // sheet 1: back cover beside the front cover; blanks inside, before the back cover
        expect(halves(sides[0])).toEqual({ left: [6], right: [1] });
        expect(halves(sides[1])).toEqual({ left: [2], right: [] });
        expect(halves(sides[2])).toEqual({ left: [], right: [3] });
      }
    });
  }

  it("draws Chromium's compressed page streams as they are, and other pages through pdf-lib", async () => {
    const reading = await shop.renderPdf({ html: numberedPages(4), size: "a5" });
    const source = await PDFDocument.load(reading, { updateMetadata: false });
    const pageStreams = new Set<string>();
    for (const page of source.getPages()) {
      const contents = page.node.Contents();
      if (contents instanceof PDFRawStream)
        pageStreams.add(Buffer.from(contents.contents).toString("hex"));
    }
    expect(pageStreams.size).toBe(4);
    // Page 2 gets a second content stream, which pdf-lib's own embedder has to join.
    (source.getPages()[1] as PDFPage).drawText("DRAWN LATER", { x: 20, y: 20, size: 12 });
    const booklet = await imposeBooklet(await source.save(), "a4");

    const out = await PDFDocument.load(booklet, { updateMetadata: false });
    const forms = out.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (object): object is PDFRawStream =>
          object instanceof PDFRawStream &&
          object.dict.get(PDFName.of("Subtype")) === PDFName.of("Form"),
      );
    expect(forms).toHaveLength(4);
    const kept = forms.filter((form) =>
      pageStreams.has(Buffer.from(form.contents).toString("hex")),
    );
    expect(kept).toHaveLength(3);
    const text = (await readPdf(booklet)).flatMap((side) => side.runs.map((run) => run.str.trim()));
    expect(text).toEqual(
      expect.arrayContaining(["PAGE 1", "PAGE 2", "PAGE 3", "PAGE 4", "DRAWN LATER"]),
    );
  });

  for (const [paper, size, width] of [
    ["a4", "a5", 297],
    ["letter", "half-letter", 279.4],
  ] as const) {
    it(`prints its note at the foot of every front on ${paper}, on the fold, 5 mm inside`, async () => {
      const note = "Print at 100 %, never “fit to page”. Both sides, flip on the short edge.";
      const reading = await shop.renderPdf({ html: numberedPages(10), size });
      const plan = planBooklet(10);
      const sides = await readPdf(await imposeBooklet(reading, paper, { note }));
      expect(sides).toHaveLength(plan.sides.length);
      sides.forEach((side, i) => {
        const want = plan.sides[i];
        // The pages stay where they were, at full size.
        expect(halves(side)).toEqual({
          left: want?.left === null ? [] : [want?.left],
          right: want?.right === null ? [] : [want?.right],
        });
        const notes = side.runs.filter((r) => r.str === note);
        expect(notes, `side ${i + 1}`).toHaveLength(want?.side === "front" ? 1 : 0);
        for (const run of notes) {
          // Baseline 6.5 mm up: its descenders stay above 5 mm, its capitals under 9 mm.
          close(run.y, 6.5, 0.1);
          expect(run.a).toBeLessThanOrEqual(6.5);
          expect(run.a).toBeGreaterThanOrEqual(5);
          // Centred on the fold, between the two pages' page numbers (at a quarter and three
          // quarters of the width).
          expect(run.x).toBeGreaterThan(width / 4 + 5);
          expect(run.x).toBeLessThan(width / 2);
        }
      });
    });
  }

  it("uses landscape Letter for half-letter pages, the pages meeting at the fold", async () => {
    const reading = await shop.renderPdf({ html: numberedPages(4), size: "half-letter" });
    const [front] = await readPdf(await imposeBooklet(reading, "letter"));
    close(front?.width, 279.4);
    close(front?.height, 215.9);
    expect(halves(front)).toEqual({ left: [4], right: [1] });
    // Both pages sit against the fold: PAGE 1 starts one page-margin right of the middle.
    close(findRun(front, "PAGE 1")?.x, 279.4 / 2 + 10, 1.5);
  });
});

describe("imposeMinizine", () => {
  it("lays eight panels 5 4 3 2 / 6 7 8 1 on landscape A4, the top row upside down", async () => {
    const panels = await shop.renderPdf({ html: numberedPages(8), size: "minizine-panel-a4" });
    const [sheet, ...rest] = await readPdf(await imposeMinizine(panels, "a4"));
    expect(rest).toHaveLength(0);
    close(sheet?.width, 297);
    close(sheet?.height, 210);
    for (const panel of planMinizine()) {
      const run = findRun(sheet, `PAGE ${panel.page}`);
      expect(run, `PAGE ${panel.page}`).toBeDefined();
      // Cell from the run's position: x across 4 columns, y (from the bottom) across 2 rows.
      expect(Math.floor((run?.x ?? 0) / (297 / 4))).toBe(panel.col);
      expect((run?.y ?? 0) > 105 ? 0 : 1).toBe(panel.row);
      if (panel.rotation === 180) {
        expect(run?.a).toBeLessThan(0);
        expect(run?.d).toBeLessThan(0);
      } else {
        expect(run?.a).toBeGreaterThan(0);
      }
    }
  });

  it("prints its note under the cut, in the strip the panels keep clear", async () => {
    const note = "Print at 100 %, never “fit to page”. Fold short edge to short edge, then cut.";
    const panels = await shop.renderPdf({ html: numberedPages(8), size: "minizine-panel-a4" });
    const [sheet] = await readPdf(
      await imposeMinizine(panels, "a4", { cutLabel: "cut along the dashes only", note }),
    );
    const run = findRun(sheet, note);
    expect(run).toBeDefined();
    // Below the centre line (105 mm up), inside its 6 mm clear strip, upright, under the cut
    // (which runs along the middle two columns).
    expect(run?.y).toBeLessThan(105 - 2);
    expect(run?.y).toBeGreaterThan(105 - 6);
    expect(run?.a).toBeGreaterThan(0);
    expect(run?.x).toBeGreaterThan(297 / 4);
    expect(findRun(sheet, "cut along the dashes only")?.y).toBeGreaterThan(105);
    expect(pageMarkers(sheet)).toHaveLength(8);
  });

  it("fills Letter too", async () => {
    const panels = await shop.renderPdf({ html: numberedPages(8), size: "minizine-panel-letter" });
    const [sheet] = await readPdf(await imposeMinizine(panels, "letter"));
    close(sheet?.width, 279.4);
    close(sheet?.height, 215.9);
    expect(pageMarkers(sheet).sort()).toHaveLength(8);
  });
});

describe("fitsMinizine", () => {
  const zine = (paragraphs: number): string =>
    printDocument({
      kind: "minizine",
      title: "Sick-out",
      lang: "en",
      fontBaseUrl: fontDirUrl(),
      body:
        `<section class="cover"><h1>Sick-out</h1></section>` +
        Array.from(
          { length: paragraphs },
          (_, i) => `<p>Paragraph ${i + 1}: we called in together and the pantry fed everyone.</p>`,
        ).join("") +
        `<section class="back-cover"><p>LAST PAGE</p></section>`,
    });

  it("returns eight panels, blanks before the back cover, when the text fits at 7 pt", async () => {
    const { fitsMinizine } = await import("../../src/print/zine.ts");
    const panels = await fitsMinizine(shop, { html: zine(6), paper: "a4" });
    expect(panels).toBeDefined();
    const pages = await readPdf(panels ?? new Uint8Array());
    expect(pages).toHaveLength(8);
    expect(pages[7]?.text).toContain("LAST PAGE");
    expect(pages[6]?.text).toBe("");
    for (const page of pages)
      for (const run of page.runs) expect(Math.abs(run.a)).toBeGreaterThanOrEqual(6.99);
    expect(
      (await fontNames(panels ?? new Uint8Array(), 0)).some((n) => n.includes("Atkinson")),
    ).toBe(true);
    // The padded panels impose as they are: the last page lands on the back cover panel.
    const [sheet] = await readPdf(await imposeMinizine(panels ?? new Uint8Array(), "a4"));
    const last = findRun(sheet, "LAST PAGE");
    expect(Math.floor((last?.x ?? 0) / (297 / 4))).toBe(2);
    expect(last?.y).toBeLessThan(105);
  });

  /**
   * A stand-in for the browser: a page of "SIZE n" prints `pagesAt(n)` pages, each as wide as
   * the size it was set in (to tell which size came back); `rendered` lists the sizes asked for.
   */
  const browserStandIn = (
    pagesAt: (pt: number) => number,
    freePages: number,
  ): { standIn: PrintShop; rendered: number[] } => {
    const rendered: number[] = [];
    const renderPdf = async ({ html }: { html: string }): Promise<Uint8Array> => {
      const pt = Number(/SIZE (\d+(?:\.\d+)?)/.exec(html)?.[1]);
      rendered.push(pt);
      const doc = await PDFDocument.create();
      for (let i = 0; i < pagesAt(pt); i++) doc.addPage([pt * 10, 300]);
      return doc.save();
    };
    return { standIn: { renderPdf, freePages: () => freePages } as unknown as PrintShop, rendered };
  };

  it("sets the largest size that fits, even when the text's length makes it look too long", async () => {
    const { fitsMinizine, MINIZINE_BODY_SIZES, startingSize } =
      await import("../../src/print/zine.ts");
    // The text takes room as the square of its size, 2.2 pages at 7 pt, so 10 pt prints 7
    // pages (covers and 5 of text), which fit; the article's length says it would not.
    const textPages = (pt: number): number => Math.ceil(2.2 * (pt / 7) ** 2);
    const article = `<article>${"<p>One line.</p>".repeat(170)}</article>`;
    const start = startingSize(article);
    expect(MINIZINE_BODY_SIZES[start]).toBeLessThan(9);
    const { standIn, rendered } = browserStandIn((pt) => 2 + textPages(pt), 0);
    const panels = await fitsMinizine(standIn, {
      html: `SIZE 7${article}`,
      htmlAt: (pt) => `SIZE ${pt}${article}`,
      paper: "a4",
    });
    const doc = await PDFDocument.load(panels ?? new Uint8Array());
    expect(doc.getPageCount()).toBe(8);
    expect(doc.getPage(0).getWidth() / 10).toBe(MINIZINE_BODY_SIZES.at(-1));
    // Seven pages of eight used: one blank, before the back cover, and no more.
    expect(textPages(10) + 2).toBe(7);
    // One size at a time from the start up, none twice.
    expect(rendered).toEqual(MINIZINE_BODY_SIZES.slice(start));
  });

  it("chooses the size the steps from the text's length give, rendering the next size beside each step when a page is free", async () => {
    const { fitsMinizine, MINIZINE_BODY_SIZES, startingSize } =
      await import("../../src/print/zine.ts");
    const sizes = MINIZINE_BODY_SIZES;
    // What the steps one at a time choose: from the start, up while the next size fits, or
    // down until one does; none down to 7 pt: no mini-zine.
    const stepped = (fits: (i: number) => boolean, start: number): number | undefined => {
      if (fits(start)) {
        let i = start;
        while (i + 1 < sizes.length && fits(i + 1)) i++;
        return i;
      }
      for (let i = start - 1; i >= 0; i--) if (fits(i)) return i;
      return undefined;
    };
    await fc.assert(
      fc.asyncProperty(
        // The text pages each size takes, as a browser might lay them out: most often more for
        // a larger size, but not always (a block kept whole moves to the next page).
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 7, maxLength: 7 }),
        // How long the article is: where the steps start.
        fc.integer({ min: 0, max: 12_000 }),
        fc.boolean(),
        async (textPages, length, spare) => {
          const article = `<article><p>${"word ".repeat(length / 5)}</p></article>`;
          const pagesAt = (pt: number): number => 2 + (textPages[sizes.indexOf(pt as 7)] ?? 9);
          let inFlight = 0;
          let most = 0;
          const rendered: number[] = [];
          const renderPdf = async ({ html }: { html: string }): Promise<Uint8Array> => {
            const pt = Number(/SIZE (\d+(?:\.\d+)?)/.exec(html)?.[1]);
            rendered.push(pt);
            inFlight++;
            most = Math.max(most, inFlight);
            const doc = await PDFDocument.create();
            for (let i = 0; i < pagesAt(pt); i++) doc.addPage([pt * 10, 300]);
            const bytes = await doc.save();
            await new Promise((r) => setTimeout(r, 1));
            inFlight--;
            return bytes;
          };
          // A rebuild's shop has pages to spare; a first build's has none.
          const standIn = { renderPdf, freePages: () => (spare ? 1 : 0) } as unknown as PrintShop;
          const page = (pt: number): string => `SIZE ${pt}${article}`;
          const panels = await fitsMinizine(standIn, {
            html: page(7),
            htmlAt: page,
            paper: "a4",
          });
          const start = startingSize(page(7));
          const fits = (i: number): boolean => pagesAt(sizes[i] ?? 7) <= 8;
          const expected = stepped(fits, start);
          if (expected === undefined) expect(panels).toBeUndefined();
          else {
            const chosen =
              (await PDFDocument.load(panels ?? new Uint8Array())).getPage(0).getWidth() / 10;
            expect(chosen).toBe(sizes[expected]);
          }
          // The steps begin where the text's length says, not at 7 pt.
          expect(rendered[0]).toBe(sizes[start]);
          // The first step up is rendered beside the start when a page is free; otherwise one
          // size at a time, and none that is not used.
          if (spare && start + 1 < sizes.length) expect(most).toBe(2);
          if (!spare) expect(most).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("starts from the size the text's length suggests: a short report takes one render, at 10 pt", async () => {
    const { fitsMinizine, startingSize, textPanelsAt10, MINIZINE_BODY_SIZES } =
      await import("../../src/print/zine.ts");
    const paragraph = `<p>${"We called in together and the pantry fed everyone. ".repeat(4)}</p>`;
    const short = `<article>${paragraph.repeat(6)}</article>`;
    const long = `<article>${paragraph.repeat(30)}</article>`;
    expect(MINIZINE_BODY_SIZES[startingSize(short)]).toBe(10);
    expect(MINIZINE_BODY_SIZES[startingSize(long)]).toBeLessThan(10);
    expect(startingSize(`<article>${paragraph.repeat(400)}</article>`)).toBe(0);
    // A short list item takes a whole line, and an image most of a panel.
    const items = `<article><ul>${"<li>boots</li>".repeat(34)}</ul></article>`;
    expect(textPanelsAt10(items)).toBeCloseTo(2, 5);
    expect(textPanelsAt10(`<article><img src="a.jpg"></article>`)).toBeCloseTo(0.75, 5);
    // A circle's own layout without an article: its body is read.
    expect(textPanelsAt10(`<html><body>${paragraph}</body></html>`)).toBeGreaterThan(0);

    const { standIn, rendered } = browserStandIn(() => 6, 2);
    const panels = await fitsMinizine(standIn, {
      html: `SIZE 7${short}`,
      htmlAt: (pt) => `SIZE ${pt}${short}`,
      paper: "a4",
    });
    expect(panels).toBeDefined();
    expect(rendered).toEqual([10]);
  });

  it("returns undefined when it needs more than eight panels", async () => {
    const { fitsMinizine } = await import("../../src/print/zine.ts");
    expect(await fitsMinizine(shop, { html: zine(200), paper: "a4" })).toBeUndefined();
  });
});

describe("imposeCards", () => {
  const cards = (word: string, n: number): string =>
    printDocument({
      kind: "card",
      title: "Cards",
      lang: "en",
      fontBaseUrl: fontDirUrl(),
      body: Array.from(
        { length: n },
        (_, i) => `<section class="card"><h1>${word} ${i + 1}</h1></section>`,
      ).join(""),
    });

  for (const [paper, size, sheetW, sheetH] of [
    ["a4", "a6", 210, 297],
    ["letter", "quarter-letter", 215.9, 279.4],
  ] as const) {
    it(`puts each back behind its front on ${paper}, flipped on the long edge`, async () => {
      const n = 5;
      const [fronts, backs] = await Promise.all([
        shop.renderPdf({ html: cards("FRONT", n), size }),
        shop.renderPdf({ html: cards("BACK", n), size }),
      ]);
      const sheets = await readPdf(await imposeCards(fronts, backs, paper));
      expect(sheets).toHaveLength(4);
      const cw = sheetW / 2;
      const ch = sheetH / 2;
      const slotOf = (x: number, yFromBottom: number) => ({
        col: Math.floor(x / cw),
        row: Math.floor((sheetH - yFromBottom) / ch),
      });
      for (let card = 1; card <= n; card++) {
        const pair = Math.floor((card - 1) / 4);
        const frontSheet = sheets[pair * 2];
        const backSheet = sheets[pair * 2 + 1];
        close(frontSheet?.width, sheetW);
        close(frontSheet?.height, sheetH);
        const front = findRun(frontSheet, `FRONT ${card}`);
        const back = findRun(backSheet, `BACK ${card}`);
        expect(front && back, `card ${card}`).toBeTruthy();
        const frontSlot = slotOf(front?.x ?? 0, front?.y ?? 0);
        const i = (card - 1) % 4;
        expect(frontSlot).toEqual({ col: i % 2, row: Math.floor(i / 2) });
        expect(slotOf(back?.x ?? 0, back?.y ?? 0)).toEqual(mirroredSlot(frontSlot));
        // Turned over on the long (vertical) edge, the back's x becomes sheetW − x:
        // it lands in the very card area its front is printed on.
        const behind = slotOf(sheetW - (back?.x ?? 0) - 1, back?.y ?? 0);
        expect(behind).toEqual(frontSlot);
      }
    });
  }

  it("repeats a single back, and makes only front sheets without backs", async () => {
    const fronts = await shop.renderPdf({ html: cards("FRONT", 6), size: "a6" });
    const oneBack = await shop.renderPdf({ html: cards("BACK", 1), size: "a6" });
    const both = await readPdf(await imposeCards(fronts, oneBack, "a4"));
    expect(both).toHaveLength(4);
    expect(both[1]?.runs.filter((r) => r.str.trim() === "BACK 1")).toHaveLength(4);
    expect(both[3]?.runs.filter((r) => r.str.trim() === "BACK 1")).toHaveLength(2);
    const frontsOnly = await readPdf(await imposeCards(fronts, null, "a4"));
    const frontsPerSheet = frontsOnly.map(
      (p) => p.runs.filter((r) => /^FRONT \d$/.test(r.str.trim())).length,
    );
    expect(frontsPerSheet).toEqual([4, 2]);
    expect(frontsOnly[1]?.text).toContain("FRONT 6");
    const twoBacks = await shop.renderPdf({ html: cards("BACK", 2), size: "a6" });
    await expect(imposeCards(fronts, twoBacks, "a4")).rejects.toThrow(/expected 1 page .* or 6/);
  });
});

describe("posters", () => {
  const poster = (extra = ""): string =>
    printDocument({
      kind: "poster",
      title: "Our charter",
      lang: "en",
      fontBaseUrl: fontDirUrl(),
      css: `@page { margin: 0 } .nw { position: absolute; left: 30mm; top: 30mm; margin: 0 }
            .se { position: absolute; left: 330mm; top: 540mm; margin: 0 }`,
      body: `<p class="nw">NORTHWEST</p><h1 style="margin-top:60mm">Article 1</h1><p class="se">SOUTHEAST</p>${extra}`,
    });

  it("renders on one A2 or 18 × 24 in sheet with the font embedded", async () => {
    const a2 = await renderPoster(shop, { html: poster(), size: "a4" });
    const [page] = await readPdf(a2);
    close(page?.width, 420);
    close(page?.height, 594);
    expect((await fontNames(a2, 0)).some((n) => n.includes("Atkinson"))).toBe(true);
    const [big] = await readPdf(await renderPoster(shop, { html: poster(), size: "letter" }));
    close(big?.width, 457.2);
    close(big?.height, 609.6);
  });

  it("refuses content that runs past one sheet", async () => {
    const long = `<div style="height: 2000mm"></div>`;
    await expect(renderPoster(shop, { html: poster(long), size: "a4" })).rejects.toThrow(
      PrintError,
    );
  });

  it("tiles onto A4 with a map first, each tile labelled and showing its part of the poster", async () => {
    const a2 = await renderPoster(shop, { html: poster(), size: "a4" });
    const plan = await posterTiling(a2, "a4");
    const tiled = await finishPdf(await tilePoster(a2, "a4"), FINISH);
    const pages = await readPdf(tiled);
    expect(pages).toHaveLength(1 + plan.tiles.length);
    expect(plan.tiles).toHaveLength(8);

    const [map, ...tiles] = pages;
    close(map?.width, 210);
    close(map?.height, 297);
    expect(map?.text).toContain("Assembly map");
    // Rows by letter beside the poster, columns by number above it: B2 is row B, column 2.
    for (const t of plan.tiles) {
      expect(map?.runs.some((r) => r.str === rowLabel(t.row))).toBe(true);
      expect(map?.runs.some((r) => r.str === String(t.col + 1))).toBe(true);
    }

    tiles.forEach((page, i) => {
      const tile = plan.tiles[i];
      close(page.width, plan.sheet.width);
      close(page.height, plan.sheet.height);
      expect(page.runs.some((r) => r.str === tile?.label)).toBe(true);
    });

    // A word on the poster shows on every tile whose rectangle holds it, at actual size and
    // in the right place: sheet position = margin + (poster position − tile origin).
    const nwOn = tiles.flatMap((p, i) => (findRun(p, "NORTHWEST") ? [plan.tiles[i]?.label] : []));
    const seOn = tiles.flatMap((p, i) => (findRun(p, "SOUTHEAST") ? [plan.tiles[i]?.label] : []));
    expect(nwOn).toEqual(["A1"]);
    expect(seOn).toContain("D2");
    const a1 = findRun(tiles[0], "NORTHWEST");
    const posterRun = findRun((await readPdf(a2))[0], "NORTHWEST");
    close(a1?.x, plan.margin + (posterRun?.x ?? 0), 0.5);
    const d2 = plan.tiles[7];
    const se = findRun(tiles[7], "SOUTHEAST");
    const posterSe = findRun((await readPdf(a2))[0], "SOUTHEAST");
    close(se?.x, plan.margin + (posterSe?.x ?? 0) - (d2?.x ?? 0), 0.5);
    close(
      plan.sheet.height - (se?.y ?? 0),
      plan.margin + (594 - (posterSe?.y ?? 0)) - (d2?.y ?? 0),
      0.6,
    );
  });

  it("labels the map's rows and columns beside the poster, over none of its text", async () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const a2 = await renderPoster(shop, {
      html: poster(`<p style="font-size: 24pt; margin: 0 20mm">${words}</p>`),
      size: "a4",
    });
    const plan = await posterTiling(a2, "a4");
    const [map] = await readPdf(await tilePoster(a2, "a4"));
    const runs = map?.runs ?? [];
    // Boxes in mm, from the baseline: a run stands 0.75 of its size above it, 0.25 below.
    const box = (r: TextRun) => {
      const h = ptToMm(r.size);
      return { x0: r.x, x1: r.x + r.width, y0: r.y - 0.25 * h, y1: r.y + 0.75 * h };
    };
    const art = runs.filter((r) => /^word\d+|NORTHWEST|SOUTHEAST|Article/.test(r.str));
    expect(art.length).toBeGreaterThan(20);
    const labels = [
      ...Array.from({ length: plan.rows }, (_, row) => rowLabel(row)),
      ...Array.from({ length: plan.cols }, (_, col) => String(col + 1)),
    ];
    for (const label of labels) {
      const found = runs.filter((r) => r.str === label);
      expect(found.length, label).toBeGreaterThan(0);
      for (const r of found) {
        const l = box(r);
        for (const a of art.map(box)) {
          const overlaps = l.x0 < a.x1 && a.x0 < l.x1 && l.y0 < a.y1 && a.y0 < l.y1;
          expect(overlaps, `${label} over the poster's text`).toBe(false);
        }
      }
    }
  });

  it("labels the map and every tile in the circle's language", async () => {
    const a2 = await renderPoster(shop, { html: poster(), size: "a4" });
    for (const language of ["fr", "es"] as const) {
      const words = wordsFor(language).tiles;
      const pages = await readPdf(await tilePoster(a2, "a4", { words }));
      // pdf.js reads a no-break space (French, before a colon) as a plain one.
      const plain = (text: string | undefined): string => (text ?? "").replace(/\s+/g, " ");
      const [map, ...tiles] = pages.map((page) => plain(page.text));
      expect(map).toContain(words.map);
      expect(map).toContain(plain(words.finished("420 × 594")));
      for (const step of words.steps) expect(map).toContain(plain(step));
      expect(tiles[0]).toContain(plain(words.tile("A", 1, 1, tiles.length)));
      expect(tiles[0]).toContain(plain(words.glue("A2")));
      expect(tiles[1]).toContain(plain(words.cut("A1")));
      const english = [englishTileWords.map, ...englishTileWords.steps];
      for (const [i, page] of pages.entries()) {
        const labels = page.text.replace(/NORTHWEST|SOUTHEAST|Article 1/g, "");
        for (const line of english) expect(labels, `${language} page ${i + 1}`).not.toContain(line);
        expect(labels, `${language} page ${i + 1}`).not.toMatch(
          /\b(sheets?|rows?|columns?|tiles?|glue|cut|this way up|poster|neighbour)\b/i,
        );
      }
    }
  });

  it("paints what it strokes: every path on a tile is stroked or filled before its Q", async () => {
    const a2 = await renderPoster(shop, { html: poster(), size: "a4" });
    const tiled = await PDFDocument.load(await tilePoster(a2, "a4"), { updateMetadata: false });
    let rings = 0;
    for (const page of tiled.getPages().slice(1)) {
      const contents = page.node.Contents();
      const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
      for (const ref of streams) {
        const stream = ref instanceof PDFRef ? tiled.context.lookup(ref) : ref;
        if (!(stream instanceof PDFRawStream)) continue;
        const ops = Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
        // A ring is four Bézier curves; `Q` right before a painting operator drops the path.
        rings += (ops.match(/(\s[\d.-]+){6}\s+c\s/g) ?? []).length / 4;
        expect(ops).not.toMatch(/\sQ\s+(S|s|f|F|f\*|B|B\*|b|b\*)\s/);
      }
    }
    expect(rings).toBeGreaterThan(0);
  });

  it("sizes a poster's type to fill one sheet: a short text grows, a long one shrinks", async () => {
    const page = (lines: number) => (scale: number) =>
      printDocument({
        kind: "poster",
        title: "Fit",
        lang: "en",
        fontBaseUrl: fontDirUrl(),
        css: `html { font-size: ${(20 * scale).toFixed(1)}pt }`,
        body: Array.from({ length: lines }, (_, i) => `<p>Line ${i + 1} of the poster</p>`).join(
          "",
        ),
      });
    const short = await fitPoster(shop, { html: page(20), size: "a4" });
    expect(await posterFill(short)).toBeGreaterThan(0.8);
    const [grown] = await readPdf(short);
    const line = findRun(grown, "Line 1 of the poster");
    // Larger than the 20 pt the text starts at (pdf.js reports the run's scale as `d`).
    expect(line?.d ?? 0).toBeGreaterThan(24);
    const long = await fitPoster(shop, { html: page(80), size: "a4" });
    expect(await PDFDocument.load(long).then((d) => d.getPageCount())).toBe(1);
    const [shrunk] = await readPdf(long);
    expect(findRun(shrunk, "Line 80 of the poster")?.d ?? 99).toBeLessThan(20);
  });

  it("ends a short poster's tiles below its last line, so no row of tiles is blank", async () => {
    const short = await renderPoster(shop, {
      html: printDocument({
        kind: "poster",
        title: "Short",
        lang: "en",
        fontBaseUrl: fontDirUrl(),
        body: "<h1>Only a heading</h1><p>and one line, far from the foot of the sheet</p>",
      }),
      size: "a4",
    });
    const whole = await posterTiling(short, "a4");
    const plan = await posterTiling(short, "a4", { endAfterText: true });
    expect(plan.tiles.length).toBeLessThan(whole.tiles.length);
    expect(plan.poster.height).toBeLessThan(200);
    const pages = await readPdf(await tilePoster(short, "a4", { endAfterText: true }));
    expect(pages).toHaveLength(plan.tiles.length + 1);
    // Every row of tiles starts a line of the poster's text.
    for (let row = 0; row < plan.rows; row++) {
      const starts = plan.tiles.flatMap((tile, i) => {
        if (tile.row !== row) return [];
        const page = pages[i + 1];
        return (page?.runs ?? []).filter(
          (r) =>
            r.x > plan.margin &&
            r.x < plan.margin + tile.width &&
            (page?.height ?? 0) - r.y > plan.margin &&
            (page?.height ?? 0) - r.y < plan.margin + tile.height,
        );
      });
      expect(starts.length, `row ${row + 1}`).toBeGreaterThan(0);
    }
  });

  it("cuts a ruled table's tiles 8 mm or more from its rules, read from the poster itself", async () => {
    // A table whose rows are ruled every 20 mm from 100 to 500 mm down, with column rules at
    // 20, 147, 260 and 400 mm: cut evenly onto A4, the seams would fall at 136, 272 and 408 mm
    // down, 4 mm from a rule, and 147 mm across, on one.
    const rows = Array.from(
      { length: 20 },
      (_, i) =>
        `<tr><td style="width: 127mm">Row ${i + 1}</td><td style="width: 113mm">a</td>` +
        `<td style="width: 140mm">b</td></tr>`,
    ).join("");
    const css = `@page { margin: 0 } table { position: absolute; left: 20mm; top: 100mm;
      border-collapse: collapse; table-layout: fixed; width: 380mm }
      td { border: 0.8mm solid black; height: 20mm; padding: 0 2mm; box-sizing: border-box }`;
    const html = printDocument({
      kind: "poster",
      title: "Ruled",
      lang: "en",
      fontBaseUrl: fontDirUrl(),
      css,
      body: `<table>${rows}</table>`,
    });
    const a2 = await renderPoster(shop, { html, size: "a4" });
    const ys = Array.from({ length: 21 }, (_, i) => 100 + 20 * i);
    const xs = [20, 147, 260, 400];
    // The rules as the poster paints them, each within a millimetre of where the page put it.
    const lines = await posterLines(a2);
    for (const y of ys) {
      expect(
        lines.down.rules.some((r) => Math.abs((r.from + r.to) / 2 - y) < 1),
        `${y}`,
      ).toBe(true);
    }
    for (const x of xs) {
      expect(
        lines.across.rules.some((r) => Math.abs((r.from + r.to) / 2 - x) < 1),
        `${x}`,
      ).toBe(true);
    }
    // Every seam, the edge of a cut sheet laid on its neighbour's glue line, keeps clear.
    const plan = await posterTiling(a2, "a4");
    const seams = {
      x: plan.tiles.filter((t) => t.row === 0 && t.col > 0).map((t) => t.x),
      y: plan.tiles.filter((t) => t.col === 0 && t.row > 0).map((t) => t.y),
    };
    expect([seams.x.length, seams.y.length]).toEqual([1, 3]);
    for (const x of seams.x) {
      for (const rule of xs) expect(Math.abs(x - rule) - 0.4, `x ${x}`).toBeGreaterThanOrEqual(8);
    }
    for (const y of seams.y) {
      for (const rule of ys) expect(Math.abs(y - rule) - 0.4, `y ${y}`).toBeGreaterThanOrEqual(8);
    }
    // One sheet per tile of that plan, after the map.
    const pages = await readPdf(await tilePoster(a2, "a4"));
    expect(pages).toHaveLength(1 + plan.tiles.length);
  });

  it("tiles an 18 × 24 in poster onto Letter", async () => {
    const big = await renderPoster(shop, { html: poster(), size: "letter" });
    const plan = await posterTiling(big, "letter");
    const pages = await readPdf(await tilePoster(big, "letter"));
    expect(pages).toHaveLength(1 + plan.tiles.length);
    close(pages[0]?.width, 215.9);
    close(pages[1]?.width, plan.sheet.width);
    await expect(tilePoster(big, "letter", { overlap: 5 })).rejects.toThrow(/at least 10 mm/);
  });
});

describe("finished imposed sheets", () => {
  it("carry no trace of the browser or the build, and come out the same twice", async () => {
    const make = async (): Promise<Uint8Array> => {
      const reading = await shop.renderPdf({
        html: numberedPages(6).replace("PAGE 2", `PAGE 2 <a href="other.html">x</a>`),
        size: "a5",
        baseDir: process.cwd(),
      });
      return finishPdf(await imposeBooklet(reading, "a4"), FINISH);
    };
    const first = await make();
    const second = await make();
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
    const text = Buffer.from(first).toString("latin1");
    for (const leak of ["Chrome", "Linux", "Skia", "pdf-lib", "file:", process.cwd()]) {
      expect(text, leak).not.toContain(leak);
    }
    const doc = await PDFDocument.load(first, { updateMetadata: false });
    expect(doc.getProducer()).toBe("mimeo");
    expect(doc.getTitle()).toBe("Test sheet");
  });
});
