// The example circle's printed sheets, read back from the real PDFs: every file for both
// audiences, page sizes, text, metadata, identical bytes build after build, and a rebuild that
// renders nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName, PDFString, PDFHexString } from "pdf-lib";
import { build, type BuildResult } from "../../src/build/build.ts";
import { pdfPageTexts } from "../../src/print/index.ts";

const root = path.join(import.meta.dirname, "..", "..");
let work: string;
let first: BuildResult;
let second: BuildResult;
let third: BuildResult;

const MM = 72 / 25.4;
async function sizesOf(file: string): Promise<[number, number][]> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  return doc.getPages().map((p) => [p.getWidth() / MM, p.getHeight() / MM]);
}
function expectSize(actual: [number, number] | undefined, w: number, h: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual?.[0] ?? 0) - w)).toBeLessThan(0.5);
  expect(Math.abs((actual?.[1] ?? 0) - h)).toBeLessThan(0.5);
}
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Every sheet cache entry's manifest in the first build's cache. */
async function sheetManifests(): Promise<string[]> {
  const sheets = path.join(work, "cache-1", "sheets");
  return (await readdir(sheets, { recursive: true }))
    .filter((f) => f.endsWith("manifest.json"))
    .map((f) => path.join(sheets, f));
}

/** The example built again into `<work>/<folder>/output`, from the first build's cache. */
async function fromFirstCache(folder: string): Promise<BuildResult> {
  process.env.SOURCE_DATE_EPOCH = "1795000000";
  try {
    return await build({
      content: path.join(root, "content"),
      out: path.join(work, folder, "output"),
      audiences: ["public", "circle"],
      cacheDir: path.join(work, "cache-1"),
    });
  } finally {
    delete process.env.SOURCE_DATE_EPOCH;
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-print-"));
  const content = path.join(root, "content");
  const audiences = ["public", "circle"] as const;
  // Reproducible builds: every embedded date from SOURCE_DATE_EPOCH (2026-11-18T11:06:40Z).
  process.env.SOURCE_DATE_EPOCH = "1795000000";
  // The second build runs from a folder whose path holds a marker that must appear nowhere.
  const marked = path.join(work, "b", "home-MIMEOMARKER7", "content");
  await cp(content, marked, { recursive: true });
  first = await build({
    content,
    out: path.join(work, "a", "output"),
    audiences: [...audiences],
    cacheDir: path.join(work, "cache-1"),
  });
  // A second cold build, from another folder with another cache: every byte must agree.
  second = await build({
    content: marked,
    out: path.join(work, "b", "output"),
    audiences: [...audiences],
    cacheDir: path.join(work, "cache-2"),
  });
  // A rebuild with nothing changed, from the first cache.
  third = await build({
    content,
    out: path.join(work, "c", "output"),
    audiences: [...audiences],
    cacheDir: path.join(work, "cache-1"),
  });
  delete process.env.SOURCE_DATE_EPOCH;
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("printed sheets of the example circle", () => {
  it("writes every kind of sheet for both audiences, circle-only sheets only for the circle", async () => {
    const pub = await files(path.join(work, "a", "output", "public", "print"));
    const circle = await files(path.join(work, "a", "output", "circle", "print"));
    for (const f of [
      "index.html",
      "archive.reading.pdf",
      "archive.booklet.pdf",
      "tactic-cards.pdf",
      "reports/heat-stoppage.reading.pdf",
      "reports/heat-stoppage.booklet.pdf",
      "reports/heat-stoppage.minizine.pdf",
      "tactics/solidarity-pantry.reading.pdf",
      "tactics/solidarity-pantry.booklet.pdf",
    ]) {
      expect(pub).toContain(f);
      expect(circle).toContain(f);
    }
    for (const f of [
      "charter.poster.pdf",
      "charter.tiles.pdf",
      "rotation.poster.pdf",
      "rotation.tiles.pdf",
      "calendar.poster.pdf",
      "calendar.tiles.pdf",
      "ledger/2026-10.assembly.pdf",
      "reports/fund-rumour.reading.pdf",
      "tactics/called-to-the-office.reading.pdf",
    ]) {
      expect(circle).toContain(f);
      expect(pub).not.toContain(f);
    }
  });

  it("prints on the circle's paper: A5 reading copies, A4 sheets, an A2 poster", async () => {
    const dir = path.join(work, "a", "output", "circle", "print");
    const reading = await sizesOf(path.join(dir, "reports", "heat-stoppage.reading.pdf"));
    // One-sided or on screen: no blank pages. The booklet pads to a multiple of four.
    for (const page of reading) expectSize(page, 148, 210);
    const booklet = await sizesOf(path.join(dir, "reports", "heat-stoppage.booklet.pdf"));
    expect(booklet).toHaveLength(Math.ceil(reading.length / 4) * 2);
    for (const page of booklet) expectSize(page, 297, 210);
    expectSize(
      (await sizesOf(path.join(dir, "reports", "heat-stoppage.minizine.pdf")))[0],
      297,
      210,
    );
    for (const page of await sizesOf(path.join(dir, "tactic-cards.pdf")))
      expectSize(page, 210, 297);
    expectSize((await sizesOf(path.join(dir, "charter.poster.pdf")))[0], 420, 594);
    const tiles = await sizesOf(path.join(dir, "charter.tiles.pdf"));
    expect(tiles.length).toBeGreaterThan(4);
    for (const page of tiles) expect(Math.min(...page) > 209 && Math.max(...page) < 298).toBe(true);
    const assembly = await sizesOf(path.join(dir, "ledger", "2026-10.assembly.pdf"));
    expect(assembly).toHaveLength(1);
    expectSize(assembly[0], 210, 297);
  });

  it("carries the text: cover title, running text, back cover, contents with page numbers", async () => {
    const dir = path.join(work, "a", "output", "public", "print");
    const flat = (texts: string[]): string[] => texts.map((t) => t.replace(/\s+/g, " "));
    const pages = flat(
      await pdfPageTexts(await readFile(path.join(dir, "reports", "heat-stoppage.reading.pdf"))),
    );
    expect(pages[0]).toContain("Heat safety stoppage at the north dock");
    expect(pages[1]).toContain("What we did");
    expect(pages.at(-1)).toContain("Copy, fold, pass it on.");
    const archive = flat(await pdfPageTexts(await readFile(path.join(dir, "archive.reading.pdf"))));
    const contents = archive[1] ?? "";
    const match = /Solidarity pantry\s+(\d+)/.exec(contents);
    expect(match).not.toBeNull();
    expect(archive[Number(match?.[1]) - 1]).toContain("Solidarity pantry");
  });

  it("rewrites the metadata: title, mimeo, a date from the content, the language, no author", async () => {
    const file = path.join(
      work,
      "a",
      "output",
      "public",
      "print",
      "reports",
      "heat-stoppage.reading.pdf",
    );
    const bytes = await readFile(file);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getTitle()).toBe("Heat safety stoppage at the north dock");
    expect(doc.getCreator()).toBe("mimeo");
    expect(doc.getProducer()).toBe("mimeo");
    expect(doc.getAuthor()).toBeUndefined();
    expect(doc.getCreationDate()?.toISOString()).toBe("2026-11-18T11:06:40.000Z");
    const lang = doc.catalog.lookup(PDFName.of("Lang"));
    expect(lang instanceof PDFString || lang instanceof PDFHexString ? lang.decodeText() : "").toBe(
      "en",
    );
    const text = bytes.toString("latin1");
    for (const leak of [
      "HeadlessChrome",
      "Skia",
      "Linux",
      "file:",
      os.userInfo().username === "root" ? "/root/" : os.homedir(),
    ]) {
      expect(text).not.toContain(leak);
    }
  });

  it("embeds its font in every PDF: no standard font the reader's machine would substitute", async () => {
    const dir = path.join(work, "a", "output", "circle", "print");
    const pdfs = (await files(dir)).filter((f) => f.endsWith(".pdf"));
    expect(pdfs.length).toBeGreaterThan(50);
    for (const f of pdfs) {
      const text = (await readFile(path.join(dir, f))).toString("latin1");
      expect(text, f).toMatch(
        /\/BaseFont\s*\/[A-Z]{6}\+Atkinson|\/BaseFont\s*\/AtkinsonHyperlegible/,
      );
      expect(text, f).not.toMatch(/\/BaseFont\s*\/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/);
    }
  });

  it("gives byte-identical outputs from two folders, and renders nothing when nothing changed", async () => {
    // Every differing file at once: SHA256SUMS sorts first and differs whenever anything does.
    const differing: string[] = [];
    for (const audience of ["public", "circle"]) {
      const a = path.join(work, "a", "output", audience);
      const b = path.join(work, "b", "output", audience);
      const list = await files(a);
      expect(await files(b)).toEqual(list);
      for (const f of list) {
        if (!(await readFile(path.join(b, f))).equals(await readFile(path.join(a, f))))
          differing.push(`${audience}/${f}`);
      }
    }
    expect(differing).toEqual([]);
    expect(first.printed?.rendered).toBeGreaterThan(50);
    expect(second.printed?.rendered).toBe(first.printed?.rendered);
    // Nothing of the folder the build ran in, in any file, text or binary.
    for (const audience of ["public", "circle"]) {
      const b = path.join(work, "b", "output", audience);
      for (const f of await files(b)) {
        expect((await readFile(path.join(b, f))).includes("MIMEOMARKER7"), f).toBe(false);
      }
      expect(await readFile(path.join(b, "SHA256SUMS"), "utf8")).toMatch(
        /^[0-9a-f]{64} {2}index\.html$/m,
      );
    }
    expect(third.printed?.rendered).toBe(0);
    expect(third.printed?.cached).toBeGreaterThan(100);
  });
});

describe("a rebuild after an edit", () => {
  it("starts the browser early only as a guess: a browser that cannot start fails no build that needs none", async () => {
    const content = path.join(work, "e", "content");
    await cp(path.join(root, "content"), content, { recursive: true });
    const out = path.join(work, "e", "output");
    const options = {
      content,
      out,
      audiences: ["public", "circle"] as ("public" | "circle")[],
      cacheDir: path.join(work, "cache-1"),
    };
    process.env.SOURCE_DATE_EPOCH = "1795000000";
    try {
      await build(options);
      // A new body, as the last build did not read it, whose sheets are the same: blank lines.
      const report = path.join(content, "reports", "heat-stoppage.md");
      await writeFile(report, `${await readFile(report, "utf8")}\n\n\n`);
      process.env.MIMEO_CHROME = path.join(work, "no-such-browser");
      const again = await build(options);
      expect(again.printed?.rendered).toBe(0);
      expect(again.incremental).toBe(true);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
      delete process.env.MIMEO_CHROME;
    }
  }, 300_000);
});

/** Each PDF the print index lists, with the line beside it: "A4 · 2 sheets, both sides". */
async function indexLines(printDir: string): Promise<[string, string][]> {
  const html = await readFile(path.join(printDir, "index.html"), "utf8");
  return [
    ...html.matchAll(/<a href="([^"]+\.pdf)">[^<]*<\/a> <span class="sheets">\(([^)]+)\)/g),
  ].map((m) => [m[1] ?? "", m[2] ?? ""]);
}

describe("the print index's line for each file", () => {
  it("tells each PDF's real pages and paper, whether the PDF was made or taken from the cache", async () => {
    const lines = await indexLines(path.join(work, "a", "output", "circle", "print"));
    expect(lines.length).toBeGreaterThan(60);
    for (const [href, line] of lines) {
      const doc = await PDFDocument.load(
        await readFile(path.join(work, "a", "output", "circle", "print", href)),
        { updateMetadata: false },
      );
      const pages = doc.getPageCount();
      const duplex = /\.booklet\.pdf$|^tactic-cards\.pdf$/.test(href);
      // Fronts, the page on turning the stack, backs: half the pages less one are sheets.
      const twoRuns = href.endsWith(".no-duplex.pdf");
      const count = href.endsWith(".reading.pdf")
        ? pages
        : duplex
          ? Math.ceil(pages / 2)
          : twoRuns
            ? (pages - 1) / 2
            : pages;
      expect(line, href).toMatch(new RegExp(`^(A4|A5|A3|A2) · ${count} (page|sheet)s?\\b`));
      if (twoRuns) expect(line, href).toContain("both sides, in two runs");
    }
    // The rebuild that took every sheet from the cache wrote the same index, byte for byte.
    for (const audience of ["public", "circle"]) {
      const index = (dir: string) =>
        readFile(path.join(work, dir, "output", audience, "print", "index.html"));
      expect((await index("c")).equals(await index("a")), audience).toBe(true);
    }
  });

  it("reads the shapes back from the PDFs of a cache entry made before shapes were kept, once", async () => {
    const manifests = await sheetManifests();
    expect(manifests.length).toBeGreaterThan(50);
    for (const file of manifests) {
      const entry = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
      expect(Array.isArray(entry.shapes), file).toBe(true);
      delete entry.shapes;
      await writeFile(file, JSON.stringify(entry));
    }
    const fourth = await fromFirstCache("d");
    expect(fourth.printed?.rendered).toBe(0);
    for (const audience of ["public", "circle"]) {
      const index = (dir: string) =>
        readFile(path.join(work, dir, "output", audience, "print", "index.html"));
      expect((await index("d")).equals(await index("a")), audience).toBe(true);
    }
    for (const file of manifests) {
      const entry = JSON.parse(await readFile(file, "utf8")) as {
        files: string[];
        shapes?: unknown[];
      };
      expect(entry.shapes?.length, file).toBe(entry.files.length);
    }
  }, 300_000);
});

describe("the printed copies of images", () => {
  it("are taken from the sheet cache by a rebuild, not encoded again", async () => {
    const image = path.join("print", "media", "stacked-crates.jpg");
    const made = await readFile(path.join(work, "a", "output", "circle", image));
    // The cache entry that holds the image's printed copy.
    const manifest = (await sheetManifests()).find((f) =>
      readFileSync(f, "utf8").includes(`"files":["${image}"]`),
    );
    expect(manifest).toBeDefined();
    const kept = path.join(path.dirname(manifest ?? ""), "0");
    expect((await readFile(kept)).equals(made)).toBe(true);
    // Bytes planted in the entry come out in the rebuild's output: it copied, it did not encode.
    await writeFile(kept, Buffer.concat([made, Buffer.from("planted")]));
    try {
      const again = await fromFirstCache("f");
      expect(again.printed?.rendered).toBe(0);
      for (const audience of ["public", "circle"]) {
        const copy = await readFile(path.join(work, "f", "output", audience, image));
        expect(copy.subarray(made.length).toString(), audience).toBe("planted");
      }
    } finally {
      await writeFile(kept, made);
    }
  }, 300_000);
});

describe("letter paper", () => {
  it("uses half-letter pages, letter sheets and an 18 × 24 in poster", async () => {
    const out = path.join(work, "letter");
    await build({
      content: path.join(root, "tests", "fixtures", "minimal"),
      out,
      audiences: ["public"],
      paper: "letter",
      cacheDir: path.join(work, "cache-letter"),
    });
    const dir = path.join(out, "public", "print");
    // Without SOURCE_DATE_EPOCH, a public report's PDFs are dated by the report's month only.
    const doc = await PDFDocument.load(
      await readFile(path.join(dir, "reports", "public-one.reading.pdf")),
      {
        updateMetadata: false,
      },
    );
    expect(doc.getCreationDate()?.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    for (const page of await sizesOf(path.join(dir, "reports", "public-one.reading.pdf")))
      expectSize(page, 139.7, 215.9);
    for (const page of await sizesOf(path.join(dir, "reports", "public-one.booklet.pdf")))
      expectSize(page, 279.4, 215.9);
    for (const page of await sizesOf(path.join(dir, "tactic-cards.pdf")))
      expectSize(page, 215.9, 279.4);
    expectSize((await sizesOf(path.join(dir, "charter.poster.pdf")))[0], 457.2, 609.6);
  });
});
