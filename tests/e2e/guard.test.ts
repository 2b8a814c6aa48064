// The leak guard over a real public build: one planted leak of every kind, in every place a
// leak can hide, each reported with its source file and line in one run; nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { build } from "../../src/build/build.ts";
import { LeakError, formatGuardReport } from "../../src/build/guard-step.ts";
import { groupFindings } from "../../src/guard/group.ts";

const root = path.join(import.meta.dirname, "..", "..");
let work: string;
let content: string;

const PUBLIC_REPORT = `---
title: Stoppage with Garza at the dock
date: 2026-10-14
tactic: stoppage
care-mirror: pantry
outcome: won
audience: public
---
## What we did

We stopped on 14 October 2026. Ask Maria *Quin\u00ADtero* or write to
organiser@example.org, call +34 612 345 678.

![A crowd, phone 06 12 34 56 78](../media/photo.jpg)
`;

const PUBLIC_TACTIC = `---
title: Pantry fund
kind: care
risk: low
---
Send money to ES91 2100 0418 4502 0005 1332 for the pantry.
`;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-guard-"));
  content = path.join(work, "content");
  await cp(path.join(root, "tests", "fixtures", "minimal"), content, { recursive: true });
  await writeFile(path.join(content, "reports", "public-one.md"), PUBLIC_REPORT);
  await writeFile(path.join(content, "tactics", "garza-fund.md"), PUBLIC_TACTIC);
  // An image with a GPS position and an author in its EXIF.
  await sharp({ create: { width: 64, height: 48, channels: 3, background: "#777" } })
    .jpeg()
    .withExif({ IFD0: { Artist: "Maria Quintero", ImageDescription: "at the north dock" } })
    .toFile(path.join(content, "media", "photo.jpg"));
  // A circle-only report may name members: it must neither fail the public build nor appear.
  await writeFile(
    path.join(content, "reports", "circle-one.md"),
    "---\ntitle: Internal\ndate: 2026-10-20\ntactic: internal\ncare-mirror: soup\noutcome: ongoing\n---\nJilguero and Maria Quintero cooked.\n",
  );
  await mkdir(path.join(work, ".mimeo"));
  await writeFile(path.join(work, ".mimeo", "deny.txt"), "# real names\nMaria Quintero\n");
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("a public build with planted leaks", () => {
  it("fails, names every leak with its source file and line, and writes nothing", async () => {
    const out = path.join(work, "output");
    const error = await build({
      content,
      out,
      audiences: ["public", "circle"],
      cacheDir: path.join(work, "cache"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeakError);
    const report = (error as LeakError).report;
    const found = (kind: string, output: RegExp, part?: string) =>
      report.findings.filter(
        (f) =>
          f.kind === kind &&
          output.test(f.where.output) &&
          (part === undefined || f.where.part === part),
      );
    const from = (kind: string, output: RegExp, part?: string) =>
      found(kind, output, part).flatMap((f) => f.sources.map((s) => `${s.file}:${s.line}`));

    // The private deny-list, through markup and a soft hyphen, in the page and in the PDF.
    expect(from("deny-list", /^reports\/public-one\.html$/, "text")).toContain(
      "reports/public-one.md:11",
    );
    expect(
      found("deny-list", /^print\/reports\/public-one\.reading\.pdf$/, "pdf-text").length,
    ).toBeGreaterThan(0);
    // A member's name in a title, in a file name, and in the search index.
    expect(from("member-name", /^reports\/public-one\.html$/)).toContain("reports/public-one.md:2");
    expect(found("member-name", /^tactics\/garza-fund\.html$/, "filename").length).toBe(1);
    expect(found("member-name", /^search-index\.js$/).length).toBeGreaterThan(0);
    // Contact details and an IBAN, in text and in alt text.
    expect(from("email", /^reports\/public-one\.html$/)).toContain("reports/public-one.md:12");
    expect(from("phone", /^reports\/public-one\.html$/, "text")).toContain(
      "reports/public-one.md:12",
    );
    expect(found("phone", /^reports\/public-one\.html$/, "attribute").length).toBeGreaterThan(0);
    expect(from("iban", /^tactics\/garza-fund\.html$/)).toContain("tactics/garza-fund.md:6");
    // The exact day of a public report.
    expect(from("exact-date", /^reports\/public-one\.html$/)).toContain("reports/public-one.md:11");
    expect(found("exact-date", /\.pdf$/, "pdf-text").length).toBeGreaterThan(0);

    // One entry per leak: each planted leak reported once, by the content line it was written
    // on, listing every output and form it reached (pages, the search index, PDF text and the
    // PDF's metadata).
    const leaks = groupFindings(report.findings);
    const entries = leaks.map((l) => `${l.kind} ${l.source?.file}:${l.source?.line}`);
    expect([...entries].sort()).toEqual([
      "deny-list reports/public-one.md:11",
      "email reports/public-one.md:12",
      "exact-date reports/public-one.md:11",
      "iban tactics/garza-fund.md:6",
      "member-name reports/public-one.md:2",
      "phone reports/public-one.md:12",
      "phone reports/public-one.md:14",
    ]);
    const reached = (entry: string) =>
      leaks[entries.indexOf(entry)]?.reached.map((r) => `${r.output} | ${r.form}`) ?? [];
    expect(reached("member-name reports/public-one.md:2")).toEqual(
      expect.arrayContaining([
        "reports/public-one.html | page text",
        "search-index.js | script",
        "print/reports/public-one.reading.pdf | PDF text",
        "print/reports/public-one.reading.pdf | PDF metadata Title",
        "tactics/garza-fund.html | file name",
      ]),
    );
    expect(reached("deny-list reports/public-one.md:11")).toEqual(
      expect.arrayContaining([
        "reports/public-one.html | page text",
        "print/reports/public-one.booklet.pdf | PDF text",
      ]),
    );
    expect(reached("phone reports/public-one.md:14")).toEqual(
      expect.arrayContaining(["reports/public-one.html | attribute img[alt]"]),
    );
    const lines = formatGuardReport(report);
    expect(lines.filter((l) => l.startsWith("leak "))).toHaveLength(7);
    expect(lines.some((l) => l.startsWith("  from reports/public-one.md:11"))).toBe(true);

    // Masked in what a person (or a CI log) reads.
    const text = formatGuardReport(report).join("\n");
    expect(text).toContain("from reports/public-one.md:11");
    for (const secret of [
      "Quintero",
      "organiser@example.org",
      "612 345 678",
      "ES91 2100",
      "Garza",
    ]) {
      expect(text).not.toContain(secret);
    }
    // Nothing written: no output folder at all.
    await expect(readdir(out)).rejects.toThrow();
    // The sheets it rendered stay in its print cache, for the next try once the leaks are gone.
    expect((await readdir(path.join(work, "cache", "sheets"))).length).toBeGreaterThan(0);
  });

  it("passes once the leaks are removed, with circle-only names neither failing nor appearing", async () => {
    await writeFile(
      path.join(content, "reports", "public-one.md"),
      PUBLIC_REPORT.replace("Stoppage with Garza", "Stoppage")
        .replace("on 14 October 2026", "one October morning")
        .replace(/Ask Maria[^\n]*\n[^\n]*\n/, "Ask the committee.\n")
        .replace(", phone 06 12 34 56 78", ""),
    );
    await rm(path.join(content, "tactics", "garza-fund.md"));
    const out = path.join(work, "output");
    const result = await build({
      content,
      out,
      audiences: ["public", "circle"],
      cacheDir: path.join(work, "cache"),
    });
    expect(result.waived).toEqual([]);
    const pub = path.join(out, "public");
    const everything = await readdir(pub, { recursive: true });
    for (const file of everything) {
      const full = path.join(pub, file);
      const bytes = await readFile(full).catch(() => undefined);
      if (!bytes) continue;
      for (const secret of ["Jilguero", "Quintero", "Internal"]) {
        expect(bytes.includes(secret), `${file} holds ${secret}`).toBe(false);
      }
    }
    // The image was re-encoded without its EXIF.
    const meta = await sharp(path.join(pub, "media", "photo.jpg")).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    // The circle output still has the circle's names.
    expect(
      await readFile(path.join(out, "circle", "reports", "circle-one.html"), "utf8"),
    ).toContain("Jilguero");
  });

  it("honours a waiver in the content file, for that file only, and lists it", async () => {
    await writeFile(
      path.join(content, "tactics", "pantry.md"),
      "---\ntitle: Despensa solidaria\nkind: care\nrisk: low\nallow:\n  - text: pantry@example.org\n    reason: the pantry's public address\n---\nWrite to pantry@example.org.\n",
    );
    const out = path.join(work, "output");
    const result = await build({
      content,
      out,
      audiences: ["public"],
      cacheDir: path.join(work, "cache"),
    });
    expect(result.waived.map((w) => [w.file, w.reason])).toContainEqual([
      "tactics/pantry.md",
      "the pantry's public address",
    ]);
    // The same address written in another public file is not covered by that waiver.
    await writeFile(
      path.join(content, "tactics", "stoppage.md"),
      "---\ntitle: Paro de seguridad\nkind: disruption\nrisk: medium\npairs-with: [pantry]\n---\nWrite to pantry@example.org.\n",
    );
    const error = await build({
      content,
      out,
      audiences: ["public"],
      cacheDir: path.join(work, "cache"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeakError);
    expect((error as LeakError).report.findings.some((f) => f.kind === "email")).toBe(true);
  });
});
