// The example circle's cut-and-fold sheets as a zine printer checks them, read back from the
// real PDFs: nothing printed within 5 mm of the sheet's edge, the smallest body text of each
// kind, tactic cards carrying their whole text, images in greyscale. Mini-zines and cards are
// checked on A4 and on Letter, from one build of both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from "pdf-lib";
import type { PDFPage } from "pdf-lib";
import { build, type BuildResult } from "../../src/build/build.ts";
import { siteFor, type Site } from "../../src/site/audience.ts";
import { openPdf } from "../../src/print/text.ts";
import { CARD_SHEET, planCards } from "../../src/print/cards.ts";

const root = path.join(import.meta.dirname, "..", "..");
const MM = 72 / 25.4;
const EDGE = 5;
let work: string;
let result: BuildResult;
/** The A4 set; `sheetsFor` gives either paper's. */
let print: string;
const PAPERS = ["a4", "letter"] as const;
const sheetsFor = (paper: (typeof PAPERS)[number]): string => path.join(path.dirname(print), paper);
let site: Site;

interface Run {
  str: string;
  /** the run's box in mm from the sheet's bottom left */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** type size in points */
  size: number;
}
interface Sheet {
  width: number;
  height: number;
  runs: Run[];
}

async function sheets(file: string): Promise<Sheet[]> {
  const doc = await openPdf(await readFile(file));
  const out: Sheet[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , w = 0, h = 0] = page.view;
    const runs: Run[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a = 0, b = 0, , d = 0, e = 0, f = 0] = item.transform as number[];
      const size = Math.hypot(a, b);
      const width = item.width;
      // Upright text runs right from its origin and stands on it; upside down (180°), the
      // other way round.
      const upright = a > 0 || d > 0;
      const [x0, x1] = upright ? [e, e + width] : [e - width, e];
      const [y0, y1] = upright ? [f - 0.25 * size, f + size] : [f - size, f + 0.25 * size];
      runs.push({ str: item.str, x0: x0 / MM, x1: x1 / MM, y0: y0 / MM, y1: y1 / MM, size });
    }
    out.push({ width: w / MM, height: h / MM, runs });
  }
  await doc.destroy();
  return out;
}

const distanceToEdge = (sheet: Sheet, r: Run): number =>
  Math.min(r.x0, r.y0, sheet.width - r.x1, sheet.height - r.y1);

/** The straight lines drawn on the sheet itself (cut, fold and crop marks), in mm. */
async function marks(
  file: string,
): Promise<{ page: number; x1: number; y1: number; x2: number; y2: number }[]> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const found: { page: number; x1: number; y1: number; x2: number; y2: number }[] = [];
  doc.getPages().forEach((page: PDFPage, i) => {
    const contents = page.node.get(PDFName.of("Contents"));
    const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
      if (!(stream instanceof PDFStream)) continue;
      const bytes =
        stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
      const ops = Buffer.from(bytes).toString("latin1");
      for (const m of ops.matchAll(/(-?[\d.]+) (-?[\d.]+) m\s+(-?[\d.]+) (-?[\d.]+) l/g)) {
        const [x1, y1, x2, y2] = [m[1], m[2], m[3], m[4]].map((v) => Number(v) / MM);
        found.push({ page: i, x1: x1 ?? 0, y1: y1 ?? 0, x2: x2 ?? 0, y2: y2 ?? 0 });
      }
    }
  });
  return found;
}

async function pdfsIn(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }))
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Letters and digits only: how text compares across line breaks, bullets and hyphens. */
const compact = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-sheets-"));
  // As people run it: no SOURCE_DATE_EPOCH.
  delete process.env.SOURCE_DATE_EPOCH;
  result = await build({
    content: path.join(root, "content"),
    out: path.join(work, "output"),
    audiences: ["public"],
    cacheDir: path.join(work, "cache"),
    paper: PAPERS,
  });
  print = path.join(work, "output", "public", "print", "a4");
  site = siteFor(result.prepared, "public");
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.each(PAPERS)("mini-zines on %s", (paper) => {
  it("keep every word, page number and guide at least 5 mm inside the sheet", async () => {
    const files = await pdfsIn(sheetsFor(paper), ".minizine.pdf");
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const [sheet] = await sheets(file);
      if (!sheet) throw new Error(`${file} has no page`);
      const near = sheet.runs.filter((r) => distanceToEdge(sheet, r) < EDGE);
      expect(
        near.map((r) => r.str),
        path.basename(file),
      ).toEqual([]);
      const lines = await marks(file);
      // The dashed cut, three folds across (the middle one broken where it crosses the cut)
      // and two half folds along the middle.
      expect(lines.length).toBe(7);
      for (const l of lines) {
        const inside = Math.min(
          l.x1,
          l.x2,
          l.y1,
          l.y2,
          sheet.width - Math.max(l.x1, l.x2),
          sheet.height - Math.max(l.y1, l.y2),
        );
        expect(inside, path.basename(file)).toBeGreaterThanOrEqual(EDGE);
      }
    }
  });

  it("fill the panels before shrinking the type: body at 7 pt or more, larger when it fits", async () => {
    const sizes: number[] = [];
    for (const file of await pdfsIn(sheetsFor(paper), ".minizine.pdf")) {
      const [sheet] = await sheets(file);
      const notes = [site.words.minizineCut, site.words.minizineNote];
      const body = (sheet?.runs ?? []).filter((r) => !notes.includes(r.str));
      const smallest = Math.min(...body.map((r) => r.size));
      expect(smallest, path.basename(file)).toBeGreaterThanOrEqual(6.95);
      // The most common size is the body's.
      const counts = new Map<number, number>();
      for (const r of body)
        counts.set(
          Math.round(r.size * 2) / 2,
          (counts.get(Math.round(r.size * 2) / 2) ?? 0) + r.str.length,
        );
      sizes.push([...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0);
    }
    // The example reports are short: none is left at the 7 pt floor with panels to spare.
    expect(Math.min(...sizes)).toBeGreaterThan(7);
  });
});

describe.each(PAPERS)("booklets and mini-zines on %s", (paper) => {
  it("carry the note on how to print them on every front and every mini-zine, 5 mm inside the sheet", async () => {
    const booklets = await pdfsIn(sheetsFor(paper), ".booklet.pdf");
    expect(booklets.length).toBeGreaterThan(20);
    for (const file of booklets) {
      const sides = await sheets(file);
      const feed = await sheets(file.replace(/\.pdf$/, ".no-duplex.pdf"));
      const n = sides.length / 2;
      sides.forEach((side, i) => {
        const where = `${path.basename(file)} side ${i + 1}`;
        const notes = side.runs.filter((r) => r.str === site.words.bookletNote);
        expect(notes, where).toHaveLength(i % 2 === 0 ? 1 : 0);
        for (const note of notes) {
          // Not over anything of the pages: every other run ends above it or lies beside it.
          for (const r of side.runs) {
            if (r === note) continue;
            const apart = r.y0 >= note.y1 || r.x1 <= note.x0 || r.x0 >= note.x1;
            expect(apart, `${where}: "${r.str}"`).toBe(true);
          }
        }
        const near = side.runs.filter((r) => distanceToEdge(side, r) < EDGE);
        expect(
          near.map((r) => r.str),
          where,
        ).toEqual([]);
      });
      // The no-duplex file's fronts are the same sheets: they carry it too.
      for (let i = 0; i < n; i++) {
        expect(
          feed[i]?.runs.some((r) => r.str === site.words.bookletNote),
          `${path.basename(file)} no-duplex ${i + 1}`,
        ).toBe(true);
      }
    }
    for (const file of await pdfsIn(sheetsFor(paper), ".minizine.pdf")) {
      const [sheet] = await sheets(file);
      const note = sheet?.runs.find((r) => r.str === site.words.minizineNote);
      expect(note, path.basename(file)).toBeDefined();
      if (!sheet || !note) continue;
      // In the clear strip under the centre line, under the cut (the middle half of the width).
      expect(note.y1).toBeLessThan(sheet.height / 2);
      expect(note.y0).toBeGreaterThan(sheet.height / 2 - 6);
      expect(note.x0).toBeGreaterThan(sheet.width / 4);
      expect(note.x1).toBeLessThan((sheet.width * 3) / 4);
    }
  });
});

describe.each(PAPERS)("tactic cards on %s", (paper) => {
  const file = (): string => path.join(sheetsFor(paper), "tactic-cards.pdf");

  it("keep text 5 mm inside the sheet, and crop marks outside every card", async () => {
    const all = await sheets(file());
    for (const sheet of all) {
      const near = sheet.runs.filter((r) => distanceToEdge(sheet, r) < EDGE);
      expect(near.map((r) => r.str)).toEqual([]);
    }
    const sheet = all[0];
    if (!sheet) throw new Error("no sheets");
    const lines = await marks(file());
    expect(lines.length).toBeGreaterThan(16);
    // Card boxes from the text on the first sheet: every mark stays out of them.
    const quarter = (x: number, y: number) =>
      [x < sheet.width / 2 ? 0 : 1, y < sheet.height / 2 ? 0 : 1].join();
    const boxes = new Map<string, { x0: number; x1: number; y0: number; y1: number }>();
    for (const r of sheet.runs) {
      const k = quarter(r.x0, r.y0);
      const b = boxes.get(k) ?? { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
      boxes.set(k, {
        x0: Math.min(b.x0, r.x0),
        x1: Math.max(b.x1, r.x1),
        y0: Math.min(b.y0, r.y0),
        y1: Math.max(b.y1, r.y1),
      });
    }
    for (const l of lines) {
      // The inner end of every mark is 5 mm or more from the sheet's edge.
      const inner = Math.max(
        Math.min(l.x1, l.y1, sheet.width - l.x1, sheet.height - l.y1),
        Math.min(l.x2, l.y2, sheet.width - l.x2, sheet.height - l.y2),
      );
      expect(inner).toBeGreaterThanOrEqual(EDGE);
      for (const b of boxes.values()) {
        const crosses =
          Math.max(l.x1, l.x2) > b.x0 &&
          Math.min(l.x1, l.x2) < b.x1 &&
          Math.max(l.y1, l.y2) > b.y0 &&
          Math.min(l.y1, l.y2) < b.y1;
        expect(crosses).toBe(false);
      }
    }
  });

  /** The runs of card `i` (0-based): its front, then its back. */
  const cardRuns = (all: Sheet[], i: number): Run[] => {
    const p = planCards(site.tactics.length)[i];
    if (!p) throw new Error(`no card ${i}`);
    const inSlot = (sheet: Sheet | undefined, slot: { col: number; row: number }): Run[] =>
      sheet
        ? sheet.runs.filter(
            (r) =>
              // not the note on how to print, in the sheet's bottom margin
              r.y0 > CARD_SHEET.margin - 1 &&
              Math.floor(r.x0 / (sheet.width / 2)) === slot.col &&
              Math.floor((sheet.height - r.y1) / (sheet.height / 2)) === slot.row,
          )
        : [];
    return [
      ...inSlot(all[p.front.sheet - 1], p.front.slot),
      ...inSlot(all[p.back.sheet - 1], p.back.slot),
    ];
  };

  it("carry each tactic's whole text (or say where the rest is), at 7.5 pt or more", async () => {
    const all = await sheets(file());
    site.tactics.forEach((t, i) => {
      const runs = cardRuns(all, i);
      // Ordered lists' numbers are printed but are not part of the plain text.
      const words = runs.map((r) => r.str).filter((str) => !/^\s*\d+\.\s*$/.test(str));
      const text = compact(words.join(" "));
      expect(text.startsWith(compact(`${site.words.kinds[t.kind]} ${t.title}`)), t.title).toBe(
        true,
      );
      const whole = text.includes(compact(t.plainText));
      const pointer = text.includes(compact(site.words.cardContinues));
      expect(whole || pointer, t.title).toBe(true);
      for (const r of runs) expect(r.size, `${t.title}: "${r.str}"`).toBeGreaterThanOrEqual(7.49);
    });
    // The example's tactics all fit whole.
    const text = compact(all.flatMap((s) => s.runs.map((r) => r.str)).join(" "));
    expect(text).not.toContain(compact(site.words.cardContinues));
  });

  it("name a tactic once on a card, whether it pairs with it or mirrors it", async () => {
    const all = await sheets(file());
    const childcare = site.tactics.findIndex((t) => t.slug === "childcare-pod");
    const text = cardRuns(all, childcare)
      .map((r) => r.str)
      .join(" ");
    const mirrors = text.slice(text.lastIndexOf(site.words.mirroredBy));
    expect(mirrors).toContain("Ride-share ring");
    expect(mirrors.match(/Solidarity pantry/g)).toHaveLength(1);
  });
});

describe("reading copies", () => {
  it("carry no blank pages, and set their body at 9 pt or more", async () => {
    for (const file of [...(await pdfsIn(print, ".reading.pdf"))]) {
      const pages = await sheets(file);
      pages.forEach((page, i) => {
        expect(page.runs.length, `${path.basename(file)} page ${i + 1}`).toBeGreaterThan(0);
        for (const r of page.runs) expect(r.size, path.basename(file)).toBeGreaterThanOrEqual(8.95);
      });
    }
  });

  it("strand no single line of a paragraph at the top of a page", async () => {
    const files = [...(await pdfsIn(print, ".reading.pdf"))];
    for (const file of files) {
      const pages = await sheets(file);
      pages.forEach((page, i) => {
        // Lines by baseline, top down, without the running title and the page number.
        const lines = new Map<number, Run[]>();
        for (const r of page.runs) {
          const y = Math.round(r.y0 * 2) / 2;
          if (y > page.height - 15 || y < 15) continue;
          lines.set(y, [...(lines.get(y) ?? []), r]);
        }
        const ys = [...lines.keys()].sort((a, b) => b - a);
        const [first, second] = ys;
        if (first === undefined || second === undefined) return;
        const line = (y: number): Run[] => lines.get(y) ?? [];
        const text = (y: number): string =>
          line(y)
            .map((r) => r.str)
            .join("")
            .trim();
        const width = (y: number): number =>
          Math.max(...line(y).map((r) => r.x1)) - Math.min(...line(y).map((r) => r.x0));
        const measure = Math.max(...ys.map(width));
        // A short line that continues a paragraph (lower case) followed by the start of
        // another: the paragraph's last line, alone at the top of the page.
        const stranded =
          /^\p{Ll}/u.test(text(first)) &&
          width(first) < 0.6 * measure &&
          /^[\p{Lu}\d•]/u.test(text(second));
        expect(stranded, `${path.basename(file)} page ${i + 1}: "${text(first)}"`).toBe(false);
      });
    }
  });

  it("name the tactic being read in the archive's running title, and give cross-references their page", async () => {
    const pages = await sheets(path.join(print, "archive.reading.pdf"));
    const texts = pages.map((p) =>
      p.runs
        .map((r) => r.str)
        .join(" ")
        .replace(/\s+/g, " "),
    );
    const pantry = texts.findIndex((t, i) => i > 1 && t.includes("Solidarity pantry Kind"));
    expect(pantry).toBeGreaterThan(1);
    // Every page of a tactic after its first carries the tactic's title at the top.
    const next = texts.findIndex(
      (t, i) => i > pantry && /Kind Care|Kind Skill|Kind Defence|Kind Disruption/.test(t),
    );
    for (let i = pantry + 1; i < (next < 0 ? pantry + 2 : next); i++) {
      const top = pages[i]?.runs.reduce((a, b) => (b.y0 > a.y0 ? b : a));
      expect(top?.str, `page ${i + 1}`).toContain("Solidarity pantry");
    }
    // "pantry (page N)": N is where the pantry starts.
    const refs = texts.join(" ").match(/pantry \(page (\d+)\)/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toBe(`pantry (page ${pantry + 1})`);
  });
});

describe("printers without duplex", () => {
  it("get booklets and cards in feed order: every front, a page on turning the stack, every back", async () => {
    for (const name of ["tactic-cards", "archive.booklet", "reports/heat-stoppage.booklet"]) {
      const duplex = await sheets(path.join(print, `${name}.pdf`));
      const feed = await sheets(path.join(print, `${name}.no-duplex.pdf`));
      const n = duplex.length / 2;
      expect(feed, name).toHaveLength(2 * n + 1);
      const text = (s: Sheet | undefined): string => (s?.runs ?? []).map((r) => r.str).join(" ");
      for (let i = 0; i < n; i++) {
        expect(text(feed[i]), `${name} front ${i + 1}`).toBe(text(duplex[2 * i]));
        expect(text(feed[n + 1 + i]), `${name} back ${i + 1}`).toBe(text(duplex[2 * i + 1]));
      }
      const turn = text(feed[n]);
      // One sheet's front and back are one page each: "page 1", never "pages 1 to 1".
      expect(turn).toContain(n === 1 ? "Print page 1:" : `Print pages 1 to ${n}:`);
      expect(turn).toContain(n === 1 ? "Print page 3:" : `Print pages ${n + 2} to ${2 * n + 1}:`);
      expect(turn).not.toMatch(/pages (\d+) to \1\b/);
      expect(turn).toContain(name === "tactic-cards" ? "long edge" : "short edge");
    }
  });
});

describe("photocopier-safe", () => {
  it("prints images in greyscale", async () => {
    const doc = await PDFDocument.load(
      await readFile(path.join(print, "reports", "heat-stoppage.reading.pdf")),
      { updateMetadata: false },
    );
    const spaces: string[] = [];
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFStream)) continue;
      const dict: PDFDict = object.dict;
      if (dict.get(PDFName.of("Subtype"))?.toString() !== "/Image") continue;
      spaces.push(String(dict.get(PDFName.of("ColorSpace"))));
    }
    expect(spaces.length).toBeGreaterThan(0);
    for (const s of spaces) expect(s).toBe("/DeviceGray");
  });
});
