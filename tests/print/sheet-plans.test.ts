// The pure parts of the cut-and-fold sheets: card layout and crop marks, mini-zine guides,
// the print tone curve, splitting a text into blocks, page references, the print index's
// sheet counts, and each tactic named once on a card.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import { CARD_SHEET, cardCropMarks, cardLayout } from "../../src/print/cards.ts";
import {
  minizineGuides,
  MINIZINE_SAFE_EDGE,
  MINIZINE_WORDS_STRIP,
} from "../../src/print/minizine.ts";
import { landscape, paperKit, SIZES } from "../../src/print/sizes.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { siteFor, type Site } from "../../src/site/audience.ts";
import { printImage, toneCurve } from "../../src/site/images.ts";
import { paperName, sheetsLine } from "../../src/build/print-build.ts";
import { cardDeck, topLevelBlocks, withPageRefs } from "../../src/site/printables.ts";
import { wordsFor } from "../../src/site/words.ts";

const root = path.join(import.meta.dirname, "..", "..");
let site: Site;

beforeAll(async () => {
  const { prepared } = await prepareCircle(path.join(root, "content"));
  if (!prepared) throw new Error("the example circle does not load");
  site = siteFor(prepared, "circle");
});

describe("card sheets", () => {
  for (const paper of ["a4", "letter"] as const) {
    const sheet = paperKit(paper).sheet;
    it(`on ${paper}: four cards inside the margin, a gap between them, marks outside every card`, () => {
      const { card, boxes } = cardLayout(sheet);
      const cards = boxes.flat();
      expect(cards).toHaveLength(4);
      for (const c of cards) {
        expect(c.x).toBeGreaterThanOrEqual(CARD_SHEET.margin - 1e-9);
        expect(c.y).toBeGreaterThanOrEqual(CARD_SHEET.margin - 1e-9);
        expect(sheet.width - c.x - c.width).toBeGreaterThanOrEqual(CARD_SHEET.margin - 1e-9);
        expect(sheet.height - c.y - c.height).toBeGreaterThanOrEqual(CARD_SHEET.margin - 1e-9);
      }
      expect(boxes[0]?.[1]?.x).toBeCloseTo((boxes[0]?.[0]?.x ?? 0) + card.width + CARD_SHEET.gap);
      expect(boxes[1]?.[0]?.y).toBeCloseTo((boxes[0]?.[0]?.y ?? 0) + card.height + CARD_SHEET.gap);
      const marks = cardCropMarks(sheet);
      // Four vertical and four horizontal cut lines, two ends each, and the gutters' marks.
      expect(marks.length).toBe(16 + 8);
      for (const m of marks) {
        for (const c of cards) {
          const crosses =
            Math.max(m.x1, m.x2) > c.x &&
            Math.min(m.x1, m.x2) < c.x + c.width &&
            Math.max(m.y1, m.y2) > c.y &&
            Math.min(m.y1, m.y2) < c.y + c.height;
          expect(crosses).toBe(false);
        }
        // Only a mark's outer end comes near the sheet's edge.
        const inner = Math.max(
          Math.min(m.x1, m.y1, sheet.width - m.x1, sheet.height - m.y1),
          Math.min(m.x2, m.y2, sheet.width - m.x2, sheet.height - m.y2),
        );
        expect(inner).toBeGreaterThanOrEqual(5);
      }
    });
  }
});

describe("mini-zine guides", () => {
  it("cut the middle half of the centre line; folds stop 5 mm short of the edge", () => {
    const sheet = landscape(SIZES.a4);
    const { cut, folds } = minizineGuides(sheet);
    expect(cut).toEqual({ x1: 297 / 4, y1: 105, x2: (297 * 3) / 4, y2: 105 });
    expect(folds).toHaveLength(6);
    // No fold runs through the words printed along the cut, just above and below its middle.
    for (const f of folds) {
      const across = f.x1 === f.x2 && f.x1 > cut.x1 && f.x1 < cut.x2;
      if (across) {
        const [top, bottom] = [Math.min(f.y1, f.y2), Math.max(f.y1, f.y2)];
        expect(bottom <= 105 - MINIZINE_WORDS_STRIP || top >= 105 + MINIZINE_WORDS_STRIP).toBe(
          true,
        );
      }
    }
    for (const f of folds) {
      for (const v of [f.x1, f.x2]) {
        expect(v).toBeGreaterThanOrEqual(MINIZINE_SAFE_EDGE - 1e-9);
        expect(sheet.width - v).toBeGreaterThanOrEqual(MINIZINE_SAFE_EDGE - 1e-9);
      }
      for (const v of [f.y1, f.y2]) {
        expect(v).toBeGreaterThanOrEqual(MINIZINE_SAFE_EDGE - 1e-9);
        expect(sheet.height - v).toBeGreaterThanOrEqual(MINIZINE_SAFE_EDGE - 1e-9);
      }
    }
  });
});

describe("the print tone curve", () => {
  it("keeps white white, prints black as grey, and lite lighter than normal everywhere", () => {
    const normal = toneCurve("normal");
    const lite = toneCurve("lite");
    expect(normal[255]).toBe(255);
    expect(lite[255]).toBe(255);
    expect(normal[0]).toBe(51); // 80 % ink
    expect(lite[0]).toBe(115); // 55 % ink
    for (let v = 0; v < 255; v++) {
      expect(normal[v]).toBeGreaterThanOrEqual(v);
      expect(lite[v]).toBeGreaterThanOrEqual(normal[v] ?? 0);
      expect(normal[v + 1]).toBeGreaterThanOrEqual(normal[v] ?? 0);
    }
  });
});

describe("printed images", () => {
  it("are greyscale, lighter than the photo, and lighter still with --ink lite", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-ink-"));
    try {
      const photo = path.join(root, "content", "media", "stacked-crates.jpg");
      const ink = async (file: string): Promise<number> => {
        const stats = await sharp(file).greyscale().stats();
        return 1 - (stats.channels[0]?.mean ?? 255) / 255;
      };
      const inks: number[] = [];
      for (const setting of ["normal", "lite"] as const) {
        const out = path.join(dir, `${setting}.jpg`);
        await writeFile(out, await printImage(await readFile(photo), ".jpg", setting));
        const meta = await sharp(out).metadata();
        expect(meta.channels).toBe(1);
        expect(meta.exif).toBeUndefined();
        inks.push(await ink(out));
      }
      const [normal = 1, lite = 1] = inks;
      expect(normal).toBeLessThan((await ink(photo)) * 0.8);
      expect(lite).toBeLessThan(normal * 0.7);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("--ink takes normal or lite, anything else is a usage error", async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (line: string) => err.push(line) };
    expect(await main(["build", "--ink", "dark"], io)).toBe(2);
    expect(err.join("\n")).toContain("--ink must be normal or lite");
  });
});

describe("splitting rendered Markdown into blocks", () => {
  it("keeps nested lists and paragraphs whole", () => {
    const html =
      '<h3>Before</h3>\n<p>One <a href="x.html">link</a>.</p>\n<ol>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ol>\n<p>End<br>\nline</p>\n<hr>\n';
    expect(topLevelBlocks(html)).toEqual([
      "<h3>Before</h3>",
      '<p>One <a href="x.html">link</a>.</p>',
      "<ol>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ol>",
      "<p>End<br>\nline</p>",
      "<hr>",
    ]);
  });
});

describe("page references in the archive", () => {
  it("follow a link to another tactic with its page, and leave other links alone", () => {
    const body =
      '<p>Ask the <a href="tactics/ride-share-ring.html">ride-share ring</a>, see <a href="reports/x.html">x</a>.</p>';
    const slugs = new Set(["ride-share-ring"]);
    expect(withPageRefs(body, new Map([["ride-share-ring", 21]]), slugs, "page")).toBe(
      '<p>Ask the <a href="tactics/ride-share-ring.html">ride-share ring</a><span class="page-ref"> (page 21)</span>, see <a href="reports/x.html">x</a>.</p>',
    );
    expect(withPageRefs(body, undefined, slugs, "page")).toContain("(page 00)");
  });
});

describe("the print index's sheet counts", () => {
  const w = wordsFor("en");
  it("names the paper and counts sheets, two sides to a sheet when printed both sides", () => {
    expect(paperName({ width: 297, height: 210 })).toBe("A4");
    expect(paperName({ width: 148, height: 210 })).toBe("A5");
    expect(paperName({ width: 279.4, height: 215.9 })).toBe("Letter");
    expect(paperName({ width: 100, height: 50 })).toBe("100 × 50 mm");
    // Inches in the reader's words: "in" is English.
    expect(paperName({ width: 139.7, height: 215.9 })).toBe("5.5 × 8.5 in");
    expect(paperName({ width: 139.7, height: 215.9 }, "pulg.")).toBe("5.5 × 8.5 pulg.");
    const a4 = { width: 210, height: 297 };
    expect(sheetsLine(w, { pages: 6, size: a4, duplex: true, reading: false })).toBe(
      "A4 · 3 sheets, both sides",
    );
    expect(sheetsLine(w, { pages: 1, size: a4, duplex: false, reading: false })).toBe(
      "A4 · 1 sheet, one side",
    );
    expect(
      sheetsLine(w, { pages: 5, size: { width: 148, height: 210 }, duplex: false, reading: true }),
    ).toBe("A5 · 5 pages");
    // Four fronts, the page on turning the stack, four backs: four sheets, not nine.
    expect(
      sheetsLine(w, { pages: 9, size: a4, duplex: false, reading: false, twoRuns: true }),
    ).toBe("A4 · 4 sheets, both sides, in two runs");
    expect(
      sheetsLine(w, { pages: 3, size: a4, duplex: false, reading: false, twoRuns: true }),
    ).toBe("A4 · 1 sheet, both sides, in two runs");
  });
});

describe("tactic cards", () => {
  it("name a tactic once, whether it pairs with the card's tactic or mirrors it", () => {
    const deck = cardDeck(site);
    const html = deck.html(deck.heads.map(() => ({ size: 9 })));
    const mirrors = [...html.matchAll(/<p class="mirrors"><strong>[^<]*<\/strong> ([^<]*)<\/p>/g)];
    expect(mirrors.length).toBeGreaterThan(0);
    for (const m of mirrors) {
      const names = (m[1] ?? "").split(", ");
      expect(new Set(names).size).toBe(names.length);
    }
    const childcare = html.slice(html.indexOf("<h1>Childcare pod</h1>"));
    expect(childcare.slice(0, childcare.indexOf("</section>"))).toMatch(
      /<p class="mirrors">.*Solidarity pantry/,
    );
  });

  it("cut short, keep whole blocks and say where the rest is", () => {
    const deck = cardDeck(site);
    const settings = deck.heads.map(() => ({ size: 7.5 }));
    const short = deck.html(
      settings.map((s, i) => (i === 0 ? { ...s, keep: 2 } : s)),
      0,
    );
    expect(short.match(/<section class="card"/g)).toHaveLength(1);
    expect(short).toContain(`<p class="continues">`);
    expect(deck.html(settings, 0)).not.toContain(`<p class="continues">`);
  });
});
