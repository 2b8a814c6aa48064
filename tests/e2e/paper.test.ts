// Both papers in one build, read back as a printer would: the example circle with a 59-row
// month and `paper: [a4, letter]`, built from a folder outside the repo without
// SOURCE_DATE_EPOCH. Every sheet kind on both papers; nothing within 5 mm of a sheet's edge
// on posters, tiles, assembly sheets and booklets (rasterised with pdftoppm, so clipped and drawn marks
// count as they print); the assembly sheet's type; no blank tile; only the bundled fonts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { build } from "../../src/build/build.ts";
import { openPdf } from "../../src/print/text.ts";
import { posterFill, posterTiling } from "../../src/print/poster.ts";
import { posterLines } from "../../src/print/poster-lines.ts";
import type { Span } from "../../src/print/tiles.ts";
import { longMonthCircle, LONG_MONTH } from "./long-month.ts";

const root = path.join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
const MM = 72 / 25.4;
const PAPERS = { a4: [210, 297], letter: [215.9, 279.4] } as const;
let work: string;
let print: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-paper-"));
  const content = path.join(work, "our circle", "content");
  await longMonthCircle(path.join(root, "content"), content, "[a4, letter]");
  delete process.env.SOURCE_DATE_EPOCH;
  await build({
    content,
    out: path.join(work, "out"),
    audiences: ["circle"],
    cacheDir: path.join(work, "cache"),
  });
  print = path.join(work, "out", "circle", "print");
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function pdfsIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith(".pdf"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

const sheetsOf = (files: string[]): string[] =>
  files.filter((f) => /\.(poster|tiles|assembly|booklet)\.pdf$/.test(f));

interface Gray {
  width: number;
  height: number;
  pixels: Buffer;
}

/** Every page of a PDF as a greyscale image at `dpi`, as a printer would put ink down. */
async function raster(file: string, dpi: number): Promise<Gray[]> {
  const { stdout } = await run("pdftoppm", ["-gray", "-r", String(dpi), file], {
    encoding: "buffer",
    maxBuffer: 1 << 30,
  });
  const pages: Gray[] = [];
  let at = 0;
  const token = (): string => {
    while (/\s/.test(String.fromCharCode(stdout[at] ?? 0))) at++;
    const start = at;
    while (!/\s/.test(String.fromCharCode(stdout[at] ?? 32))) at++;
    return stdout.toString("latin1", start, at);
  };
  while (at < stdout.length) {
    if (token() !== "P5") break;
    const width = Number(token());
    const height = Number(token());
    token(); // maxval, 255
    at++; // the one whitespace byte before the pixels
    pages.push({ width, height, pixels: stdout.subarray(at, at + width * height) });
    at += width * height;
  }
  return pages;
}

/** Dark pixels within `band` mm of the image's edge, as "x,y" mm. */
function inkNearEdge(page: Gray, dpi: number, band: number): string[] {
  const px = Math.floor((band * dpi) / 25.4);
  const found: string[] = [];
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      const inner = x >= px && y >= px && x < page.width - px && y < page.height - px;
      if (inner) {
        x = page.width - px - 1;
        continue;
      }
      if ((page.pixels[y * page.width + x] ?? 255) < 200) {
        found.push(`${((x * 25.4) / dpi).toFixed(1)},${((y * 25.4) / dpi).toFixed(1)}`);
      }
    }
  }
  return found;
}

describe("both papers in one build", () => {
  it("writes every kind of sheet on A4 and on Letter, each set in its own folder", async () => {
    const a4 = await pdfsIn(path.join(print, "a4"));
    const letter = await pdfsIn(path.join(print, "letter"));
    expect(letter).toEqual(a4);
    for (const kind of [
      /^reports\/[^/]+\.reading\.pdf$/,
      /^reports\/[^/]+\.booklet\.pdf$/,
      /^reports\/[^/]+\.minizine\.pdf$/,
      /^archive\.reading\.pdf$/,
      /^archive\.booklet\.pdf$/,
      /^tactic-cards\.pdf$/,
      /^charter\.poster\.pdf$/,
      /^charter\.tiles\.pdf$/,
      /^rotation\.poster\.pdf$/,
      /^rotation\.tiles\.pdf$/,
      /^calendar\.poster\.pdf$/,
      /^calendar\.tiles\.pdf$/,
      /^ledger\/\d{4}-\d{2}\.assembly\.pdf$/,
    ]) {
      expect(
        a4.some((f) => kind.test(f)),
        String(kind),
      ).toBe(true);
    }
    // Nothing is left at the top of print/ but the index, the two sets and the greyscale
    // images both sets print.
    expect((await readdir(print)).sort()).toEqual(["a4", "index.html", "letter", "media"]);
    for (const [paper, [w, h]] of Object.entries(PAPERS)) {
      for (const f of [...sheetsOf(a4), "tactic-cards.pdf"].filter((f) => !f.includes("poster"))) {
        const doc = await openPdf(await readFile(path.join(print, paper, f)));
        for (let n = 1; n <= doc.numPages; n++) {
          const [, , pw = 0, ph = 0] = (await doc.getPage(n)).view;
          const size = [pw / MM, ph / MM].sort((a, b) => a - b);
          expect(Math.abs((size[0] ?? 0) - w), `${paper}/${f}`).toBeLessThan(0.5);
          expect(Math.abs((size[1] ?? 0) - h), `${paper}/${f}`).toBeLessThan(0.5);
        }
        await doc.destroy();
      }
    }
    const index = await readFile(path.join(print, "index.html"), "utf8");
    expect(index).toContain("A4 (210 × 297 mm)");
    expect(index).toContain("Letter (8.5 × 11 in)");
    for (const f of a4) {
      expect(index).toContain(`href="a4/${f}"`);
      expect(index).toContain(`href="letter/${f}"`);
    }
  });

  it("keeps every text and mark at least 5 mm inside the sheet on posters, tiles, assembly sheets and booklets (with their note on how to print)", async () => {
    const dpi = 100;
    for (const paper of Object.keys(PAPERS)) {
      for (const f of sheetsOf(await pdfsIn(path.join(print, paper)))) {
        const pages = await raster(path.join(print, paper, f), dpi);
        expect(pages.length).toBeGreaterThan(0);
        pages.forEach((page, i) => {
          // A pixel is 0.25 mm at 100 dpi: look at the outer 4.9 mm.
          expect(inkNearEdge(page, dpi, 4.9).slice(0, 5), `${paper}/${f} page ${i + 1}`).toEqual(
            [],
          );
        });
      }
    }
  });

  it("keeps every text, page number, cut line and fold guide of a mini-zine 5 mm inside A4 and Letter", async () => {
    const dpi = 100;
    for (const paper of Object.keys(PAPERS)) {
      const zines = (await pdfsIn(path.join(print, paper))).filter((f) =>
        f.endsWith(".minizine.pdf"),
      );
      expect(zines.length, paper).toBeGreaterThan(5);
      for (const f of zines) {
        const [page] = await raster(path.join(print, paper, f), dpi);
        expect(page, f).toBeDefined();
        if (page) expect(inkNearEdge(page, dpi, 4.9).slice(0, 5), `${paper}/${f}`).toEqual([]);
      }
    }
  });

  it("sets the assembly sheet's figures and thank-yous at 14 pt or more; a long month takes more sheets", async () => {
    for (const paper of Object.keys(PAPERS)) {
      const sheets = (await pdfsIn(path.join(print, paper))).filter((f) =>
        f.endsWith(".assembly.pdf"),
      );
      expect(sheets).toHaveLength(3);
      for (const f of sheets) {
        const doc = await openPdf(await readFile(path.join(print, paper, f)));
        const sizes: number[] = [];
        let figures = 0;
        for (let n = 1; n <= doc.numPages; n++) {
          for (const item of (await (await doc.getPage(n)).getTextContent()).items) {
            if (!("str" in item) || item.str.trim() === "") continue;
            const [, , c = 0, d = 0] = item.transform as number[];
            sizes.push(Math.hypot(c, d));
            if (/\d/.test(item.str)) figures++;
          }
        }
        const pages = doc.numPages;
        await doc.destroy();
        expect(figures, f).toBeGreaterThan(5);
        expect(Math.min(...sizes), `${paper}/${f}`).toBeGreaterThanOrEqual(14 - 0.01);
        if (f.includes(LONG_MONTH)) expect(pages, f).toBeGreaterThanOrEqual(2);
        else expect(pages, f).toBe(1);
      }
    }
  });

  it("fills each poster's sheet and leaves no tile blank or with only the footer", async () => {
    for (const paper of ["a4", "letter"] as const) {
      for (const name of ["charter", "rotation", "calendar"]) {
        const poster = await readFile(path.join(print, paper, `${name}.poster.pdf`));
        expect(await posterFill(poster), `${paper}/${name}`).toBeGreaterThan(0.75);
        const plan = await posterTiling(poster, paper, { endAfterText: true });
        const doc = await openPdf(await readFile(path.join(print, paper, `${name}.tiles.pdf`)));
        expect(doc.numPages).toBe(plan.tiles.length + 1);
        for (const [i, tile] of plan.tiles.entries()) {
          const page = await doc.getPage(i + 2);
          const height = (page.view[3] ?? 0) / MM;
          // Text of the poster whose origin lies inside the tile's print (the drawn poster is
          // clipped there; labels and marks are all in the margins).
          const inside = (await page.getTextContent()).items.filter((item) => {
            if (!("str" in item) || item.str.trim() === "") return false;
            const [, , , , e = 0, f = 0] = item.transform as number[];
            const x = e / MM;
            const y = height - f / MM;
            return (
              x > plan.margin + 1 &&
              x < plan.margin + tile.width - 1 &&
              y > plan.margin + 1 &&
              y < plan.margin + tile.height - 1
            );
          });
          const words = inside.map((item) => ("str" in item ? item.str : "")).join(" ");
          expect(
            words.replace(/Pallet Jack Solidarity Committee.*$/, "").trim(),
            `${paper}/${name} ${tile.label}`,
          ).not.toBe("");
        }
        await doc.destroy();
      }
    }
  });

  it("cuts the rotation table's tiles 8 mm or more from its rules, on A4 and on Letter", async () => {
    for (const paper of ["a4", "letter"] as const) {
      const poster = await readFile(path.join(print, paper, "rotation.poster.pdf"));
      const { across, down } = await posterLines(poster);
      expect(down.rules.length, paper).toBeGreaterThan(10);
      const plan = await posterTiling(poster, paper, { endAfterText: true });
      const gap = (at: number, rules: readonly Span[]) =>
        Math.min(...rules.map((r) => Math.max(r.from - at, at - r.to, 0)));
      for (const t of plan.tiles) {
        if (t.col > 0)
          expect(gap(t.x, across.rules), `${paper} ${t.label}`).toBeGreaterThanOrEqual(8);
        if (t.row > 0)
          expect(gap(t.y, down.rules), `${paper} ${t.label}`).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it("embeds every font, and every font is the bundled Atkinson Hyperlegible", async () => {
    for (const paper of Object.keys(PAPERS)) {
      const files = await pdfsIn(path.join(print, paper));
      expect(files.length).toBeGreaterThan(60);
      for (const f of files) {
        const { stdout } = await run("pdffonts", [path.join(print, paper, f)]);
        const rows = stdout.trim().split("\n").slice(2);
        expect(rows.length, f).toBeGreaterThan(0);
        for (const row of rows) {
          const cols = row.trim().split(/\s+/);
          const name = cols[0] ?? "";
          const emb = cols.at(-5);
          expect(name, `${paper}/${f}`).toMatch(/^([A-Z]{6}\+)?AtkinsonHyperlegible(-[A-Za-z]+)?$/);
          expect(emb, `${paper}/${f} ${name}`).toBe("yes");
        }
      }
    }
  });
});

describe("--paper on the command line", () => {
  it("takes a4, letter or both, and refuses any other paper with exit 2", async () => {
    const bin = path.join(root, "bin", "mimeo.js");
    const err = await run(process.execPath, [bin, "build", "--paper", "a4,a5"], { cwd: work }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain("--paper must be a4, letter or a4,letter");
  });
});
