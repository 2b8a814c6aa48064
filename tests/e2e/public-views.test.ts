// The example circle built as a circle builds it (no SOURCE_DATE_EPOCH, from a folder outside
// the repository), PDFs included: no public file holds a public report's exact day in any byte,
// Info date or decompressed stream, while the circle's sheets keep it; and circle-only or expired
// matter, added or taken out, changes no public byte.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { build } from "../../src/build/build.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { treeHashes } from "../tree.ts";
import {
  copyExample,
  plantCircleOnlyMatter,
  removeCircleOnlyMatter,
} from "../site/circle-only-matter.ts";

let work: string;
let example: string;
let out: string;
/** The exact days of the example's public reports, as of the build. */
let publicDays: string[];
const folders: string[] = [];
const savedEpoch = process.env.SOURCE_DATE_EPOCH;

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * Builds `content`'s public audience into a new folder. The sheet cache is shared, as between a
 * circle's builds: a sheet is keyed by its HTML, title and date, so one that circle-only matter
 * reached would be rendered again, and differ.
 */
async function buildPublic(content: string, name: string): Promise<string> {
  const target = path.join(work, name);
  await build({
    content,
    out: target,
    audiences: ["public"],
    cacheDir: path.join(work, "cache"),
    baseUrl: "https://archive.example.org/",
  });
  return path.join(target, "public");
}

/** Info's date strings as written in the file, and whether the catalog carries XMP. */
async function pdfDates(file: string): Promise<{ dates: string[]; xmp: boolean }> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const dates = ["CreationDate", "ModDate"].map((key) => {
    const value = info.get(PDFName.of(key));
    return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : "";
  });
  return { dates, xmp: doc.catalog.has(PDFName.of("Metadata")) };
}

beforeAll(async () => {
  delete process.env.SOURCE_DATE_EPOCH;
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-public-views-"));
  example = await copyExample();
  folders.push(work, path.dirname(example));
  const { prepared } = await prepareCircle(example);
  if (!prepared) throw new Error("the example circle should load");
  publicDays = prepared.circle.reports.filter((r) => r.audience === "public").map((r) => r.date);
  out = path.join(work, "example");
  await build({
    content: example,
    out,
    audiences: ["public", "circle"],
    cacheDir: path.join(work, "cache"),
    baseUrl: "https://archive.example.org/",
  });
}, 600_000);

afterAll(async () => {
  if (savedEpoch !== undefined) process.env.SOURCE_DATE_EPOCH = savedEpoch;
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("public dates no finer than the page", () => {
  it("no public file holds a public report's exact day, in any byte or stream", async () => {
    expect(publicDays.length).toBeGreaterThan(3);
    const dir = path.join(out, "public");
    const list = await files(dir);
    expect(list).toContain("feed.xml");
    const forms = publicDays.flatMap((day) => [day, day.replaceAll("-", "")]);
    const pdfs = list.filter((f) => f.endsWith(".pdf"));
    expect(pdfs.length).toBeGreaterThan(50);
    for (const f of list) {
      const bytes = await readFile(path.join(dir, f));
      const texts = [bytes.toString("latin1"), f];
      if (f.endsWith(".pdf")) {
        // Every stream decompressed, so a date inside compressed content is seen too.
        texts.push(
          execFileSync("qpdf", ["--qdf", "--object-streams=disable", path.join(dir, f), "-"], {
            maxBuffer: 256 * 1024 * 1024,
          }).toString("latin1"),
        );
      }
      for (const text of texts) {
        for (const form of forms) expect(text.includes(form), `${f} holds ${form}`).toBe(false);
      }
    }
  });

  it("dates every public PDF by a month (D:YYYYMM), with no XMP", async () => {
    const dir = path.join(out, "public");
    for (const f of (await files(dir)).filter((name) => name.endsWith(".pdf"))) {
      const { dates, xmp } = await pdfDates(path.join(dir, f));
      for (const date of dates) expect(date, f).toMatch(/^D:\d{6}$/);
      expect(xmp, f).toBe(false);
    }
    // A report's sheets carry its month; sheets of no one date, the newest public report's.
    const month = (name: string) => pdfDates(path.join(dir, "print", name));
    expect((await month("reports/heat-stoppage.reading.pdf")).dates).toEqual([
      "D:202607",
      "D:202607",
    ]);
    expect((await month("archive.booklet.pdf")).dates).toEqual(["D:202611", "D:202611"]);
    // Poppler reads the month-only date as the first of the month.
    const info = execFileSync("pdfinfo", [
      "-isodates",
      path.join(dir, "print", "reports", "heat-stoppage.booklet.pdf"),
    ]).toString();
    expect(info).toMatch(/^CreationDate:\s+2026-07-01T00:00:00/m);
  });

  it("the circle's sheets keep the exact day", async () => {
    const dir = path.join(out, "circle", "print");
    const { dates } = await pdfDates(path.join(dir, "reports", "heat-stoppage.reading.pdf"));
    expect(dates).toEqual(["D:20260709000000Z", "D:20260709000000Z"]);
    const circleOnly = await pdfDates(path.join(dir, "reports", "fund-rumour.reading.pdf"));
    expect(circleOnly.dates[0]).toBe("D:20260924000000Z");
  });
});

describe("public output from public matter only", () => {
  it("is byte-identical with circle-only and expired matter added, or the example's taken out", async () => {
    const before = await treeHashes(path.join(out, "public"));
    const planted = await copyExample();
    const stripped = await copyExample();
    folders.push(path.dirname(planted), path.dirname(stripped));
    await plantCircleOnlyMatter(planted);
    const removed = await removeCircleOnlyMatter(stripped, new Date().toISOString().slice(0, 10));
    expect(removed).toContain("reports/fund-rumour.md");
    expect(await treeHashes(await buildPublic(planted, "planted"))).toEqual(before);
    expect(await treeHashes(await buildPublic(stripped, "stripped"))).toEqual(before);
  }, 300_000);
});
