// The words mimeo prints straight onto imposed sheets, in a Spanish and a French circle, read
// back from the real PDFs: the note on how to print on every booklet front (and in the
// no-duplex files) and on every mini-zine, 5 mm or more inside the sheet, and tiled posters
// whose map and labels carry no English. The small test circle (Spanish) is built on A4 and a
// French copy of it, with the circle's own sheets too, on Letter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { build } from "../../src/build/build.ts";
import { openPdf } from "../../src/print/text.ts";
import { englishTileWords } from "../../src/print/tile-words.ts";
import { wordsFor, type Words } from "../../src/site/words.ts";

const root = path.join(import.meta.dirname, "..", "..");
const MM = 72 / 25.4;
const EDGE = 5;
let work: string;

const CIRCLES = [
  { language: "es", paper: "a4", audience: "public" },
  { language: "fr", paper: "letter", audience: "circle" },
] as const;
type Circle = (typeof CIRCLES)[number];
const printOf = (c: Circle): string => path.join(work, `out-${c.language}`, c.audience, "print");

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-print-words-"));
  delete process.env.SOURCE_DATE_EPOCH;
  for (const c of CIRCLES) {
    const content = path.join(work, `content-${c.language}`);
    await cp(path.join(root, "tests", "fixtures", "minimal"), content, { recursive: true });
    const yaml = path.join(content, "circle.yaml");
    const settings = (await readFile(yaml, "utf8")).replace(/^language: .*$/m, "");
    await writeFile(yaml, `${settings.trimEnd()}\nlanguage: ${c.language}\npaper: ${c.paper}\n`);
    await build({
      content,
      out: path.join(work, `out-${c.language}`),
      audiences: [c.audience],
      cacheDir: path.join(work, "cache"),
    });
  }
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Run {
  /** with no-break spaces read as plain ones, as pdf.js does */
  str: string;
  /** distance from the nearest edge of the sheet, mm */
  edge: number;
  /** the run's box, mm from the sheet's bottom left */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Each page's text runs, with how far each one's box stays from the sheet's edge. */
async function pagesOf(file: string): Promise<Run[][]> {
  const doc = await openPdf(await readFile(file));
  const pages: Run[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , w = 0, h = 0] = page.view;
    const runs: Run[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a = 0, b = 0, , , e = 0, f = 0] = item.transform as number[];
      const size = Math.hypot(a, b);
      // Upright, upside down or turned a quarter: the run's box from its origin.
      const box =
        Math.abs(a) >= Math.abs(b)
          ? a > 0
            ? [e, f - 0.25 * size, e + item.width, f + size]
            : [e - item.width, f - size, e, f + 0.25 * size]
          : [e - size, f, e + 0.25 * size, f + item.width];
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = box;
      runs.push({
        str: item.str.replace(/\s+/g, " "),
        edge: Math.min(x0, y0, w - x1, h - y1) / MM,
        x0: x0 / MM,
        x1: x1 / MM,
        y0: y0 / MM,
        y1: y1 / MM,
      });
    }
    pages.push(runs);
  }
  await doc.destroy();
  return pages;
}

async function pdfsIn(dir: string, suffix: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }))
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

const plain = (text: string): string => text.replace(/\s+/g, " ");

describe.each(CIRCLES)("a circle in $language on $paper", (circle) => {
  const words = (): Words => wordsFor(circle.language);

  it("prints its note on how to print on every booklet front and every mini-zine, 5 mm inside", async () => {
    const w = words();
    const print = printOf(circle);
    const booklets = await pdfsIn(print, ".booklet.pdf");
    expect(booklets.length).toBeGreaterThan(2);
    for (const file of booklets) {
      const sides = await pagesOf(file);
      const feed = await pagesOf(file.replace(/\.pdf$/, ".no-duplex.pdf"));
      sides.forEach((runs, i) => {
        const where = `${path.basename(file)} side ${i + 1}`;
        const notes = runs.filter((r) => r.str === plain(w.bookletNote));
        expect(notes, where).toHaveLength(i % 2 === 0 ? 1 : 0);
        // Nothing of the pages under it or beside it.
        for (const note of notes) {
          const over = runs.filter(
            (r) => r !== note && r.y0 < note.y1 && r.x1 > note.x0 && r.x0 < note.x1,
          );
          expect(
            over.map((r) => r.str),
            where,
          ).toEqual([]);
        }
        expect(
          runs.filter((r) => r.edge < EDGE).map((r) => r.str),
          where,
        ).toEqual([]);
      });
      for (let i = 0; i < sides.length / 2; i++) {
        expect(
          feed[i]?.some((r) => r.str === plain(w.bookletNote)),
          `${path.basename(file)} no-duplex ${i + 1}`,
        ).toBe(true);
      }
    }
    const zines = await pdfsIn(print, ".minizine.pdf");
    expect(zines.length).toBeGreaterThan(1);
    for (const file of zines) {
      const [runs = []] = await pagesOf(file);
      expect(runs.map((r) => r.str)).toContain(plain(w.minizineNote));
      expect(runs.map((r) => r.str)).toContain(plain(w.minizineCut));
      expect(runs.filter((r) => r.edge < EDGE).map((r) => r.str)).toEqual([]);
    }
  });

  it("leaves the foot of every reading page blank below its page number, for the booklet's note", async () => {
    // An accented capital starting a page (Í, É) once left its accent at the foot of the page
    // before, where the booklet's note goes.
    for (const file of await pdfsIn(printOf(circle), ".reading.pdf")) {
      (await pagesOf(file)).forEach((runs, i) => {
        const low = runs.filter((r) => r.y0 < 8.5);
        expect(
          low.map((r) => r.str),
          `${path.basename(file)} page ${i + 1}`,
        ).toEqual([]);
      });
    }
  });

  it("labels its tiled posters in its own language, with no English", async () => {
    const w = words();
    const tiles = await pdfsIn(printOf(circle), ".tiles.pdf");
    expect(tiles.length).toBe(circle.audience === "circle" ? 3 : 1);
    for (const file of tiles) {
      const pages = await pagesOf(file);
      const text = pages.map((runs) => runs.map((r) => r.str).join(" "));
      expect(text[0]).toContain(w.tiles.map);
      for (const step of w.tiles.steps) expect(text[0]).toContain(plain(step));
      expect(text[1]).toContain(plain(w.tiles.tile("A", 1, 1, pages.length - 1)));
      text.forEach((page, i) => {
        const where = `${path.basename(file)} page ${i + 1}`;
        for (const line of [englishTileWords.map, ...englishTileWords.steps]) {
          expect(page, where).not.toContain(line);
        }
        expect(page, where).not.toMatch(
          /\b(sheets?|rows?|columns?|tiles?|glue|strip|cut|this way up|poster|neighbour|finished)\b/i,
        );
      });
    }
  });
});
