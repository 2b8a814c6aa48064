// The example circle's reading copies and archive zine on A4 and Letter, read back from the
// real PDFs: no paragraph leaves fewer than three lines at the foot of a page or strands
// fewer than three at the top of the next (docs/printing.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { build, type BuildResult } from "../../src/build/build.ts";
import { siteFor, type Site } from "../../src/site/audience.ts";
import { archiveHtml, readingHtml, reportSource, tacticSource } from "../../src/site/printables.ts";
import { readPdf } from "../print/pdf-reader.ts";
import { htmlBlocks, splitBlocks, strandedPieces } from "../print/paragraphs.ts";

const root = path.join(import.meta.dirname, "..", "..");
const PAPERS = ["a4", "letter"] as const;
let work: string;
let result: BuildResult;
let site: Site;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-paragraphs-"));
  result = await build({
    content: path.join(root, "content"),
    out: path.join(work, "output"),
    audiences: ["circle"],
    cacheDir: path.join(work, "cache"),
    paper: PAPERS,
  });
  site = siteFor(result.prepared, "circle");
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every reading copy: its file under print/<paper>/ and the HTML it was printed from. */
function readingCopies(): { file: string; html: string }[] {
  return [
    ...site.reports.map((r) => ({
      file: `reports/${r.slug}.reading.pdf`,
      html: readingHtml(site, reportSource(site, r)),
    })),
    ...site.tactics.map((t) => ({
      file: `tactics/${t.slug}.reading.pdf`,
      html: readingHtml(site, tacticSource(site, t)),
    })),
    // The page numbers of cross-references are digits, which the comparison leaves out.
    { file: "archive.reading.pdf", html: archiveHtml(site) },
  ];
}

// reading.css: 16 mm above the text (the running title stands in it), 17 mm below (the page
// number).
const FURNITURE = { top: 15, bottom: 14 };

describe.each(PAPERS)("reading copies on %s", (paper) => {
  it("never strand one or two lines of a paragraph at the foot or the top of a page", async () => {
    const stranded: string[] = [];
    let blocks = 0;
    const copies = readingCopies();
    // The documents that showed it, among all of them.
    expect(copies.map((c) => c.file)).toEqual(
      expect.arrayContaining(["reports/handover-log-off.reading.pdf", "archive.reading.pdf"]),
    );
    for (const { file, html } of copies) {
      const bytes = await readFile(path.join(work, "output", "circle", "print", paper, file));
      // Every block is found in the PDF's text, in order, or this throws.
      const found = splitBlocks(await readPdf(bytes), htmlBlocks(html), FURNITURE);
      blocks += htmlBlocks(html).length;
      stranded.push(...strandedPieces(found).map((s) => `${file} ${s}`));
    }
    expect(stranded).toEqual([]);
    expect(blocks).toBeGreaterThan(500);
  });
});
