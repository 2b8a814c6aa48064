// HTML to PDF in a real Chromium: page sizes, the font, the running title, what a page may
// load, neutral metadata, identical bytes for identical input, the render cache.

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../../src/print/browser.ts";
import { finishPdf } from "../../src/print/finish.ts";
import { fontDirUrl } from "../../src/print/fonts.ts";
import { printDocument } from "../../src/print/shell.ts";
import { PrintError, PrintShop } from "../../src/print/shop.ts";
import { resolveSize } from "../../src/print/sizes.ts";
import { openPdf } from "../../src/print/text.ts";
import type { SizeName } from "../../src/print/sizes.ts";
import { fontNames, numberedPages, pageMarkers, readPdf } from "./pdf-reader.ts";

let shop: PrintShop;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-print-test-"));
  shop = new PrintShop({ jobs: 2 });
});

afterAll(async () => {
  await shop?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const FINISH = {
  title: "After-action: the five-minute log-off",
  lang: "en",
  date: new Date("2026-05-01T00:00:00Z"),
};

function readingCopy(body: string, title = FINISH.title): string {
  return printDocument({ kind: "reading", title, lang: "en", body, fontBaseUrl: fontDirUrl() });
}

const READING_BODY = `
<section class="cover"><h1>The five-minute log-off</h1><p class="subtitle">What we tried</p></section>
<h2>PAGE TWO</h2><p>${"We logged off together at ten past two. ".repeat(20)}</p>
<div class="page-break"></div>
<h2>PAGE THREE</h2><p>Care mirror: the pantry stayed open.</p>
<section class="back-cover"><p>BACK COVER</p></section>`;

describe("page sizes", () => {
  const names: SizeName[] = [
    "a5",
    "half-letter",
    "a6",
    "quarter-letter",
    "a4",
    "letter",
    "a4-landscape",
    "letter-landscape",
    "minizine-panel-a4",
    "minizine-panel-letter",
    "a2",
    "poster-18x24",
  ];

  it("come out within 0.5 mm of what was asked, for every kind of sheet", async () => {
    const pdfs = await Promise.all(
      names.map((size) => shop.renderPdf({ html: numberedPages(2), size })),
    );
    for (const [i, pdf] of pdfs.entries()) {
      const want = resolveSize(names[i] as SizeName);
      const pages = await readPdf(pdf);
      expect(pages, names[i]).toHaveLength(2);
      for (const page of pages) {
        expect(Math.abs(page.width - want.width), `${names[i]} width`).toBeLessThan(0.5);
        expect(Math.abs(page.height - want.height), `${names[i]} height`).toBeLessThan(0.5);
      }
      expect(pageMarkers(pages[1])).toEqual(["PAGE 2"]);
    }
  });

  it("wins over an @page size in the document's own CSS", async () => {
    const pdf = await shop.renderPdf({ html: numberedPages(1, "@page { size: A3 }"), size: "a6" });
    const [page] = await readPdf(pdf);
    expect(page?.width).toBeCloseTo(105, 0);
  });
});

describe("a reading copy", () => {
  let pdf: Uint8Array;
  let ms = 0;

  beforeAll(async () => {
    await shop.renderPdf({ html: readingCopy("<p>warm up</p>"), size: "a5" });
    const started = performance.now();
    pdf = await shop.renderPdf({ html: readingCopy(READING_BODY), size: "a5", finish: FINISH });
    ms = performance.now() - started;
    console.log(`reading copy: ${ms.toFixed(0)} ms`);
  });

  it("embeds Atkinson Hyperlegible on every page", async () => {
    const count = (await PDFDocument.load(pdf)).getPageCount();
    for (let i = 0; i < count; i++) {
      expect((await fontNames(pdf, i)).some((n) => n.includes("Atkinson"))).toBe(true);
    }
  });

  it("has a running title and page numbers, but not on the covers", async () => {
    const pages = await readPdf(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const [cover, second] = pages;
    const back = pages[pages.length - 1];
    expect(cover?.text).toContain("The five-minute log-off");
    expect(cover?.text).not.toContain("After-action");
    expect(second?.text).toContain("After-action: the five-minute log-off");
    // the page number, alone, at the bottom of page 2
    const number = second?.runs.find((r) => r.str.trim() === "2");
    expect(number?.y).toBeLessThan(15);
    const title = second?.runs.find((r) => r.str.includes("After-action"));
    expect(title?.y).toBeGreaterThan(195);
    expect(back?.text).toContain("BACK COVER");
    expect(back?.text).not.toContain("After-action");
  });

  it("sets no text below 9 pt", async () => {
    for (const page of await readPdf(pdf)) {
      for (const run of page.runs) expect(Math.abs(run.a), run.str).toBeGreaterThanOrEqual(8.99);
    }
  });

  it("renders in reasonable time", () => {
    expect(ms).toBeLessThan(10_000);
  });
});

describe("the browser", () => {
  it("is driven through a pipe, and listens on no port another program could reach", async () => {
    const running = await launchBrowser();
    try {
      const args = running.browser.process()?.spawnargs ?? [];
      expect(args).toContain("--remote-debugging-pipe");
      expect(args.filter((arg) => arg.startsWith("--remote-debugging-port"))).toEqual([]);
      expect(running.browser.wsEndpoint()).toBe("");
      // It prints all the same.
      const [tab] = await running.browser.pages();
      await tab?.setContent("<p>pipe</p>");
      const pdf = await tab?.pdf();
      expect((await PDFDocument.load(pdf ?? new Uint8Array())).getPageCount()).toBe(1);
    } finally {
      await running.close();
    }
  });
});

describe("what a page may load", () => {
  it("runs no script", async () => {
    const html = numberedPages(1).replace(
      "</body>",
      `<p id="x">STATIC</p><script>document.getElementById("x").textContent = "SCRIPT RAN"</script></body>`,
    );
    const pages = await readPdf(await shop.renderPdf({ html, size: "a6" }));
    const text = pages.map((p) => p.text).join(" ");
    expect(text).toContain("STATIC");
    expect(text).not.toContain("SCRIPT RAN");
  });

  it("loads files from its own folder", async () => {
    const dir = path.join(work, "own");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "extra.css"), `.p::after { content: " FROM CSS"; }`);
    const html = numberedPages(1).replace(
      "</head>",
      `<link rel="stylesheet" href="extra.css"></head>`,
    );
    const [page] = await readPdf(await shop.renderPdf({ html, size: "a6", baseDir: dir }));
    expect(page?.text).toContain("FROM CSS");
  });

  it("refuses other hosts and files outside its folder, and says which", async () => {
    const dir = path.join(work, "fenced");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(work, "secret.css"), `.p::after { content: " SECRET"; }`);
    const html = numberedPages(1).replace(
      "</head>",
      `<link rel="stylesheet" href="../secret.css"><link rel="stylesheet" href="https://fonts.example.com/x.css"></head><img src="http://tracker.example.net/p.gif">`,
    );
    const error = await shop.renderPdf({ html, size: "a6", baseDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    const blocked = (error as PrintError).blocked;
    expect(blocked).toEqual(
      expect.arrayContaining([
        "https://fonts.example.com/x.css",
        "http://tracker.example.net/p.gif",
        expect.stringMatching(/secret\.css$/),
      ]),
    );
    const [page] = await readPdf(
      await shop.renderPdf({ html, size: "a6", baseDir: dir, onBlocked: "drop" }),
    );
    expect(page?.text).toContain("PAGE 1");
    expect(page?.text).not.toContain("SECRET");
  });
});

describe("finished PDFs", () => {
  const html = readingCopy(
    `<section class="cover"><h1>Cover</h1></section><p>Text with a <a href="../tactics/sick-out.html">relative link</a> and <a href="https://example.org/">an outside one</a>.</p>`,
  );

  it("carry neutral metadata and nothing about the machine", async () => {
    const raw = await shop.renderPdf({ html, size: "a5", baseDir: work });
    expect(Buffer.from(raw).toString("latin1")).toMatch(/HeadlessChrome/);
    const pdf = await finishPdf(raw, FINISH);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe(FINISH.title);
    expect(doc.getCreator()).toBe("mimeo");
    expect(doc.getProducer()).toBe("mimeo");
    expect(doc.getAuthor()).toBeUndefined();
    expect(doc.getSubject()).toBeUndefined();
    expect(doc.getKeywords()).toBeUndefined();
    expect(doc.getCreationDate()?.toISOString()).toBe(FINISH.date.toISOString());
    expect(doc.getModificationDate()?.toISOString()).toBe(FINISH.date.toISOString());
    expect(doc.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(en)");
    expect(doc.catalog.get(PDFName.of("Metadata"))).toBeUndefined();
    const text = Buffer.from(pdf).toString("latin1");
    for (const leak of [
      "Chrome",
      "Chromium",
      "Linux",
      "Skia",
      "Mozilla",
      "file:",
      work,
      os.userInfo().username === "root" ? "/root" : os.homedir(),
    ]) {
      expect(text, leak).not.toContain(leak);
    }
    expect(text).not.toMatch(/\/ID\s*\[/);
    // The outside link still works.
    expect(text).toContain("https://example.org/");
  });

  it("are byte-for-byte identical for identical input, even rendered seconds apart", async () => {
    const first = await finishPdf(await shop.renderPdf({ html, size: "a5" }), FINISH);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await finishPdf(await shop.renderPdf({ html, size: "a5" }), FINISH);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });

  it("can carry bookmarks", async () => {
    const pdf = await shop.renderPdf({
      html: numberedPages(3),
      size: "a5",
      outline: [
        { title: "Début", page: 1, children: [{ title: "Care mirror", page: 2 }] },
        { title: "Lessons", page: 3 },
      ],
      finish: FINISH,
    });
    const doc = await openPdf(pdf);
    const outline = await doc.getOutline();
    expect(outline.map((o) => o.title)).toEqual(["Début", "Lessons"]);
    expect(outline[0]?.items.map((o) => o.title)).toEqual(["Care mirror"]);
    const dest = outline[1]?.dest;
    const ref = Array.isArray(dest) ? dest[0] : undefined;
    expect(ref && typeof ref === "object" ? await doc.getPageIndex(ref) : -1).toBe(2);
    await doc.destroy();
  });
});

describe("the render cache", () => {
  it("renders nothing for an unchanged rebuild, and once for a changed input", async () => {
    const cacheDir = path.join(work, "cache");
    const site = path.join(work, "site");
    await mkdir(site, { recursive: true });
    await writeFile(path.join(site, "extra.css"), `.p { color: #000; }`);
    const html = numberedPages(2).replace(
      "</head>",
      `<link rel="stylesheet" href="extra.css"></head>`,
    );
    /** Builds whose browser started: the shop says so once, as it starts it. */
    let starts = 0;
    const build = async (): Promise<{ shop: PrintShop; pdfs: Uint8Array[] }> => {
      const s = new PrintShop({ jobs: 1, cacheDir, whileStarting: () => starts++ });
      try {
        const pdfs = [
          await s.renderPdf({ html, size: "a5", baseDir: site, finish: FINISH }),
          await s.renderPdf({ html: numberedPages(1), size: "a6", finish: FINISH }),
        ];
        return { shop: s, pdfs };
      } finally {
        await s.close();
      }
    };

    const first = await build();
    expect(first.shop.counters).toEqual({ rendered: 2, cached: 0 });
    expect(starts).toBe(1);

    const second = await build();
    expect(second.shop.counters).toEqual({ rendered: 0, cached: 2 });
    expect(starts).toBe(1);
    expect(
      Buffer.compare(Buffer.from(second.pdfs[0] ?? []), Buffer.from(first.pdfs[0] ?? [])),
    ).toBe(0);

    // A file the page references changed: that page, and only that page, renders again.
    await writeFile(path.join(site, "extra.css"), `.p { color: #000; letter-spacing: 1pt; }`);
    const third = await build();
    expect(third.shop.counters).toEqual({ rendered: 1, cached: 1 });

    // A caller-given dependency hash is part of the key too.
    const s = new PrintShop({ jobs: 1, cacheDir });
    try {
      await s.renderPdf({ html: numberedPages(1), size: "a6", finish: FINISH });
      expect(s.browserStarted).toBe(false);
      await s.renderPdf({
        html: numberedPages(1),
        size: "a6",
        finish: FINISH,
        deps: ["ledger:abc"],
      });
      expect(s.counters).toEqual({ rendered: 1, cached: 1 });
    } finally {
      await s.close();
    }
  });

  it("prints in the tab the browser started with before it opens another", async () => {
    for (const jobs of [1, 2]) {
      const s = new PrintShop({ jobs });
      try {
        s.start();
        const pdfs = await Promise.all(
          [1, 2, 3].map((n) => s.renderPdf({ html: numberedPages(n), size: "a6" })),
        );
        expect(pdfs.map((pdf) => pdf.length > 0)).toEqual([true, true, true]);
        // One tab for each page rendering at once, the first of them the browser's own.
        expect(await s.tabsOpen()).toBe(jobs);
      } finally {
        await s.close();
      }
    }
  });
});
