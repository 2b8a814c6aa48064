// Links between content files: what the check accepts, what it refuses, and that one broken file
// is reported once, not again at every link to it.
import { afterAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadCircle } from "../../src/content/load.ts";
import { formatProblem } from "../../src/content/problem.ts";

const minimal = path.join(import.meta.dirname, "..", "fixtures", "minimal");

const copies: string[] = [];
afterAll(async () => {
  for (const dir of copies) await rm(dir, { recursive: true, force: true });
});

/** A copy of the minimal circle with some files written over. */
async function minimalWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-links-"));
  copies.push(dir);
  await cp(minimal, dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

async function problemLines(dir: string): Promise<string[]> {
  const { problems } = await loadCircle(dir, { today: "2026-11-21" });
  return problems.map(formatProblem);
}

describe("a file whose front matter cannot be read", () => {
  it("is reported once, not again at every link to it", async () => {
    const stoppage = await readFile(path.join(minimal, "tactics", "stoppage.md"), "utf8");
    const dir = await minimalWith({
      "tactics/stoppage.md": stoppage.replace(/^kind: (\w+)$/m, "kind: [$1"),
      "reports/circle-one.md": (await readFile(path.join(minimal, "reports", "circle-one.md"), "utf8")).replace(
        /\n*$/,
        "\n\nVer [el paro](../tactics/stoppage.md) y [el otro](public-one.md).\n",
      ),
      "reports/public-one.md": "---\ntitle: [roto\n---\nNada.\n",
    });
    const lines = await problemLines(dir);
    expect(lines).toEqual([
      expect.stringMatching(/^reports\/public-one\.md:2: the YAML cannot be read/),
      expect.stringMatching(/^tactics\/stoppage\.md:4: the YAML cannot be read/),
    ]);
  });
});

describe("what a link may point at", () => {
  const report = async (): Promise<string> =>
    (await readFile(path.join(minimal, "reports", "circle-one.md"), "utf8")).trimEnd();

  it("refuses a link to anything but a content .md file, and says what to write instead", async () => {
    const body = [
      "Ver [el paro](../tactics/stoppage).", // line 10
      "Ver [el libro](../ledger/).",
      "Ver [ajustes](../circle.yaml).",
      "Ver [arriba](..).",
      "Ver [foto](../media/crates.png).",
      "Ver [tácticas](../tactics).",
      "Ver [bien](../tactics/stoppage.md#como), [aquí](#arriba) y [fuera](https://example.org/).",
    ];
    const dir = await minimalWith({ "reports/circle-one.md": `${await report()}\n\n${body.join("\n")}\n` });
    const lines = await problemLines(dir);
    expect(lines).toEqual([
      'reports/circle-one.md:10: this link leaves out .md: write ../tactics/stoppage.md, the file as it is named. (found: "../tactics/stoppage")',
      expect.stringMatching(/^reports\/circle-one\.md:11: this link points at a folder.*like \.\.\/tactics\/sick-out\.md\. \(found: "\.\.\/ledger\/"\)$/),
      expect.stringMatching(/^reports\/circle-one\.md:12: this link points at circle\.yaml, which is not a page.*\(found: "\.\.\/circle\.yaml"\)$/),
      expect.stringMatching(/^reports\/circle-one\.md:13: this link points at a folder.*\(found: "\.\."\)$/),
      expect.stringMatching(/^reports\/circle-one\.md:14: this link points at an image: to show it, write !\[what it shows\]\(\.\.\/media\/crates\.png\)\. \(found/),
      expect.stringMatching(/^reports\/circle-one\.md:15: this link points at a folder.*\(found: "\.\.\/tactics"\)$/),
    ]);
  });

  it("says to write a tactic by its name when a report or tactic gives a path", async () => {
    const text = (await report()).replace("tactic: internal", "tactic: ../tactics/internal.md");
    const stoppage = await readFile(path.join(minimal, "tactics", "stoppage.md"), "utf8");
    const dir = await minimalWith({
      "reports/circle-one.md": `${text}\n`,
      "tactics/stoppage.md": stoppage.replace("pairs-with: [pantry]", "pairs-with: [pantry.md]"),
    });
    expect(await problemLines(dir)).toEqual([
      'reports/circle-one.md:4: tactic: write just the tactic\'s name, its file name without .md and without a folder: tactic: internal (found: "../tactics/internal.md")',
      'tactics/stoppage.md:7: pairs-with[0]: write just the tactic\'s name, its file name without .md and without a folder: pantry (found: "pantry.md")',
    ]);
  });

  it("says so for care-mirror, which otherwise takes any words", async () => {
    const text = (await report()).replace(/^care-mirror: .*$/m, "care-mirror: ../tactics/pantry.md");
    const dir = await minimalWith({ "reports/circle-one.md": `${text}\n` });
    expect(await problemLines(dir)).toEqual([
      expect.stringMatching(
        /^reports\/circle-one\.md:\d+: care-mirror: write just the tactic's name, its file name without \.md and without a folder: care-mirror: pantry \(found: "\.\.\/tactics\/pantry\.md"\)$/,
      ),
    ]);
  });

  it("says so for adapted-from too", async () => {
    const stoppage = await readFile(path.join(minimal, "tactics", "stoppage.md"), "utf8");
    const dir = await minimalWith({
      "tactics/stoppage.md": stoppage.replace("tags:", "adapted-from: ../tactics/pantry.md\ntags:"),
    });
    expect(await problemLines(dir)).toEqual([
      'tactics/stoppage.md:8: adapted-from: write just the tactic\'s name, its file name without .md and without a folder: adapted-from: pantry (found: "../tactics/pantry.md")',
    ]);
  });
});

describe("the line a link's problem names", () => {
  it("counts the line ends inside a code span, a link's title and a link's text", async () => {
    const text = (await readFile(path.join(minimal, "reports", "circle-one.md"), "utf8")).trimEnd();
    const body = [
      "Una línea con `código que", // line 10
      "sigue` y [una](../tactics/missing-a.md).", // line 11
      '[con título](../tactics/missing-b.md "un título', // line 12
      'largo") y luego [otra](../tactics/missing-c.md).', // line 13
      "[texto", // line 14
      "partido](../tactics/missing-d.md) y <!-- nota -->", // the comment is on line 15
      "`más", // line 16
      "código` ![foto](../media/missing.png)", // line 17
    ];
    const dir = await minimalWith({ "reports/circle-one.md": `${text}\n\n${body.join("\n")}\n` });
    const { problems } = await loadCircle(dir, { today: "2026-11-21" });
    expect(problems.map((p) => [p.line, p.found ?? p.message.slice(0, 20)])).toEqual([
      [11, "../tactics/missing-a.md"],
      [12, "../tactics/missing-b.md"],
      [13, "../tactics/missing-c.md"],
      [14, "../tactics/missing-d.md"],
      [15, "this HTML comment is"],
      [17, "../media/missing.png"],
    ]);
  });
});
