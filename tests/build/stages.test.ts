// The stage marks a build writes on stderr when MIMEO_STAGES=1 asks for them (src/stages.ts),
// which bench/incremental.ts reads to say where a rebuild's time goes; and none without it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { mimeo, REPO } from "../mimeo-process.ts";
import { settle } from "../tree.ts";
import { STAGES_ENV, stagesIn } from "../../src/stages.ts";

let work: string;
const build = ["build", "--content", "content", "--out", "output", "--no-pdf"];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-stages-"));
  await cp(path.join(REPO, "tests", "fixtures", "minimal"), path.join(work, "content"), {
    recursive: true,
  });
  await settle(path.join(work, "content"));
});

afterAll(async () => {
  delete process.env[STAGES_ENV];
  await rm(work, { recursive: true, force: true });
});

/** Adds a line to the body of the fixture's circle-only report. */
async function editReport(): Promise<void> {
  const file = path.join(work, "content", "reports", "circle-one.md");
  await writeFile(file, `${await readFile(file, "utf8")}\nOne more line.\n`);
}

/** The browser started before the content was read and checked. */
function browserBeforeContent(marks: string[]): void {
  expect(marks.indexOf("browser starting")).toBeGreaterThan(-1);
  expect(marks.indexOf("browser starting")).toBeLessThan(
    marks.indexOf("content loaded and checked"),
  );
}

describe("stage marks", () => {
  it("are written on stderr, in order, by a rebuild run with MIMEO_STAGES=1, and only then", async () => {
    const quiet = await mimeo(build, work);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain("mimeo stage");

    await editReport();
    process.env[STAGES_ENV] = "1";
    const marked = await mimeo(build, work);
    delete process.env[STAGES_ENV];
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).not.toContain("mimeo stage");
    const stages = stagesIn(marked.stderr);
    const names = stages.map(([, what]) => what);
    for (const expected of [
      "build begun",
      "output surveyed",
      "reading cache read",
      "content loaded and checked",
      "search index begun on its thread",
      // Made from the last build's index, which the record says this one is.
      "search index patched on its thread",
      "search index asked for",
      "circle: pages planned",
      "circle: pages made",
      "output swapped",
      "record written",
      "reading cache written",
    ]) {
      expect(names, marked.stderr).toContain(expected);
    }
    // Each mark comes after the one before it, in the order the build goes.
    const times = stages.map(([at]) => at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(names.indexOf("content loaded and checked")).toBeLessThan(
      names.indexOf("circle: pages made"),
    );
    expect(names.at(-1)).toBe("reading cache written");
    // Nothing but the marks: the build says no more than it does without them.
    expect(marked.stderr.split("\n").filter((l) => l && !l.startsWith("mimeo stage "))).toEqual(
      quiet.stderr.split("\n").filter(Boolean),
    );
  });

  it("show a rebuild with PDFs start the browser before the content is read, and begin the edited report's sheets first", async () => {
    const pdfWork = await mkdtemp(path.join(os.tmpdir(), "mimeo-stages-pdf-"));
    try {
      await cp(path.join(REPO, "tests", "fixtures", "minimal"), path.join(pdfWork, "content"), {
        recursive: true,
      });
      await settle(path.join(pdfWork, "content"));
      const withPdfs = ["build", "--content", "content", "--out", "output"];
      process.env[STAGES_ENV] = "1";
      const first = await mimeo(withPdfs, pdfWork);
      expect(first.code, first.stderr).toBe(0);
      const names = (stderr: string): string[] => stagesIn(stderr).map(([, what]) => what);
      // Left to itself, the circle's sheets begin with its first report's.
      expect(names(first.stderr)).toContain(
        "circle: first sheet begun, reports/circle-one.reading.pdf",
      );

      // The public report edited: the browser starts while the content is read, and the
      // circle's sheets begin with that report's, whose are the ones the cache lacks.
      const file = path.join(pdfWork, "content", "reports", "public-one.md");
      await writeFile(file, `${await readFile(file, "utf8")}\nOne more line.\n`);
      await settle(path.join(pdfWork, "content"));
      const edited = await mimeo(withPdfs, pdfWork);
      expect(edited.code, edited.stderr).toBe(0);
      const marks = names(edited.stderr);
      browserBeforeContent(marks);
      expect(marks).toContain("circle: first sheet begun, reports/public-one.reading.pdf");
      // Eleventy is loaded once the first sheet is begun, while the browser renders, not after.
      expect(marks).toContain("public: first sheet begun, reports/public-one.reading.pdf");
      expect(marks.indexOf("Eleventy loaded")).toBeGreaterThan(-1);
      expect(marks.indexOf("Eleventy loaded")).toBeGreaterThan(
        marks.indexOf("public: first sheet begun, reports/public-one.reading.pdf"),
      );
      expect(marks.indexOf("Eleventy loaded")).toBeLessThan(marks.indexOf("public: sheets made"));

      // Nothing changed (the fixture's expired report is read anew each time, and does not
      // count): no browser.
      const again = await mimeo(withPdfs, pdfWork);
      expect(again.code, again.stderr).toBe(0);
      expect(names(again.stderr)).not.toContain("browser starting");
      expect(names(again.stderr)).not.toContain("Eleventy loaded");
      expect(again.stdout).toMatch(/PDFs: 0 rendered/);

      // Saved and built at once, as a person does while writing: the build cannot yet trust
      // the file's stat, and does not keep what it read of it. Saved again: the next build
      // starts the browser before the content is read all the same.
      await writeFile(file, `${await readFile(file, "utf8")}\nAnother line.\n`);
      const quick = await mimeo(withPdfs, pdfWork);
      expect(quick.code, quick.stderr).toBe(0);
      await writeFile(file, `${await readFile(file, "utf8")}\nAnd one more.\n`);
      const requick = await mimeo(withPdfs, pdfWork);
      expect(requick.code, requick.stderr).toBe(0);
      browserBeforeContent(names(requick.stderr));
      // Not saved since: no browser, though the file is read again.
      const still = await mimeo(withPdfs, pdfWork);
      expect(still.code, still.stderr).toBe(0);
      expect(names(still.stderr)).not.toContain("browser starting");
      expect(still.stdout).toMatch(/PDFs: 0 rendered/);
    } finally {
      delete process.env[STAGES_ENV];
      await rm(pdfWork, { recursive: true, force: true });
    }
  }, 120_000);
});
