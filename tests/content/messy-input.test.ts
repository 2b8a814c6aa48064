// Hostile, broken and Windows-saved content: every case is a problem with file and line (or
// reads exactly like the plain file), never a crash, a hang or a silent skip.
import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadCircle } from "../../src/content/load.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { formatProblem, type ContentProblem } from "../../src/content/problem.ts";
import { decodeContent } from "../../src/content/source.ts";
import { saveAsWindows } from "../windows.ts";

const example = path.join(import.meta.dirname, "..", "..", "content");
const today = "2026-11-21";
const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the example circle, inside a fresh folder so links can lead outside it. */
async function exampleCopy(): Promise<{ dir: string; outside: string }> {
  const base = await mkdtemp(path.join(os.tmpdir(), "mimeo-messy-"));
  made.push(base);
  const dir = path.join(base, "content");
  await cp(example, dir, { recursive: true });
  const outside = path.join(base, "outside");
  await mkdir(outside);
  return { dir, outside };
}

/** The example circle with files replaced: `{ "circle.yaml": "..." }`. */
async function exampleWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const { dir } = await exampleCopy();
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

async function problemsOf(dir: string): Promise<ContentProblem[]> {
  const { problems } = await prepareCircle(dir, { today });
  return problems;
}

const lines = (problems: ContentProblem[]): string[] => problems.map(formatProblem);

const report = (front: string, body = "## What we did\n\nWe stopped.\n"): string =>
  `---\ntitle: A stoppage\ndate: 2026-10-14\ntactic: safety-stoppage\ncare-mirror: solidarity-pantry\noutcome: won\n${front}---\n${body}`;

describe("YAML aliases", () => {
  it("names an alias to nothing in circle.yaml and in front matter", async () => {
    const circle = await readFile(path.join(example, "circle.yaml"), "utf8");
    const dir = await exampleWith({
      "circle.yaml": `${circle}emblem: *nope\n`,
      "reports/new.md": report("tags: *missing\n"),
    });
    const problems = await problemsOf(dir);
    const circleLine = circle.split("\n").length;
    expect(lines(problems)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^circle\\.yaml:${circleLine}: the alias \\*nope has no anchor`)),
        expect.stringMatching(/^reports\/new\.md:7: the alias \*missing has no anchor/),
      ]),
    );
  });

  it("refuses an alias bomb quickly, in circle.yaml and in a report", async () => {
    const letters = "abcdefghij";
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < letters.length; i++) {
      const before = `*${letters[i - 1]}`;
      bomb += `${letters[i]}: &${letters[i]} [${Array(9).fill(before).join(", ")}]\n`;
    }
    const dir = await exampleWith({
      "circle.yaml": `name: Bomb\n${bomb}`,
      "reports/new.md": report(`extra:\n${bomb.replace(/^(?=.)/gm, "  ")}`),
    });
    const started = Date.now();
    const problems = await problemsOf(dir);
    expect(Date.now() - started).toBeLessThan(5000);
    const bombs = problems.filter((p) => /repeat their anchors/.test(p.message));
    expect(bombs.map((p) => `${p.file}:${p.line}`)).toEqual(["circle.yaml:3", "reports/new.md:9"]);
  });
});

describe("deeply nested YAML", () => {
  it("is a problem, not a crash", async () => {
    const dir = await exampleWith({ "reports/new.md": report(`tags: ${"[".repeat(5000)}${"]".repeat(5000)}\n`) });
    expect(lines(await problemsOf(dir))).toEqual([
      expect.stringMatching(/^reports\/new\.md:\d+: the YAML is nested too deeply to read/),
    ]);
  });
});

describe("every number has a bound", () => {
  it("refuses a term, a number of terms and rest days no circle reaches, quickly", async () => {
    const rotation = await readFile(path.join(example, "rotation.md"), "utf8");
    const circle = await readFile(path.join(example, "circle.yaml"), "utf8");
    const dir = await exampleWith({
      "rotation.md": rotation
        .replace("term: 14 days", "term: 99999999 days")
        .replace("terms: 12", "terms: 1000000000"),
      "circle.yaml": circle.replace("decompress-days: 2", "decompress-days: 1000000000"),
      "reports/new.md": report("participants: 1000000000\nexpires: 99999-01-01\n"),
    });
    const started = Date.now();
    const problems = await problemsOf(dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(lines(problems)).toEqual([
      "circle.yaml:13: rhythm.decompress-days: must be at most 30 days (found: \"1000000000\")",
      'reports/new.md:7: participants: must be at most 100000 (found: "1000000000")',
      'reports/new.md:8: expires: must be a date written YYYY-MM-DD, like 2026-10-14 (found: "99999-01-01")',
      'rotation.md:3: term: a term lasts at most a year: 365 days or 52 weeks (found: "99999999 days")',
      'rotation.md:5: terms: must be at most 104 (found: "1000000000")',
    ]);
  });

  it("refuses a roster too large to plan in seconds", async () => {
    const roles = Array.from({ length: 13 }, (_, i) => `role-${i}`).join(", ");
    const members = Array.from({ length: 41 }, (_, i) => `  - name: Member ${i}`).join("\n");
    const dir = await exampleWith({
      "rotation.md": `---\nroles: [${roles}]\nterm: 7 days\nstart: 2026-11-02\nmembers:\n${members}\n---\n`,
    });
    const roster = (await problemsOf(dir)).filter((p) => p.file === "rotation.md");
    expect(lines(roster)).toEqual([
      expect.stringMatching(/^rotation\.md:2: roles: must name at most 12 roles/),
      expect.stringMatching(/^rotation\.md:5: members: must list at most 40 members/),
    ]);
  });

  it("refuses dates outside the years mimeo plans for", async () => {
    const dir = await exampleWith({ "reports/new.md": report("expires: 9999-12-31\n") });
    expect(lines(await problemsOf(dir))).toEqual([
      'reports/new.md:7: expires: must be a day between the years 1900 and 2999 (found: "9999-12-31")',
    ]);
  });

  it("quotes .inf and .nan as written", async () => {
    const dir = await exampleWith({ "reports/new.md": report("participants: .inf\n") });
    const rotation = (await readFile(path.join(example, "rotation.md"), "utf8")).replace(
      "terms: 12",
      "terms: .NaN",
    );
    await writeFile(path.join(dir, "rotation.md"), rotation);
    const found = (await problemsOf(dir)).map((p) => [p.file, p.line, p.found]);
    expect(found).toEqual([
      ["reports/new.md", 7, ".inf"],
      ["rotation.md", 5, ".NaN"],
    ]);
  });
});

describe("text that is not UTF-8", () => {
  it("names the line of a bad byte in a body, a title and circle.yaml's name", async () => {
    const latin1 = (text: string): Uint8Array => Buffer.from(text, "latin1");
    const dir = await exampleWith({
      "circle.yaml": latin1("# a comment\nname: Comité de solidaridad\n"),
      "reports/new.md": latin1(report("", "## What we did\n\nWe stopped the line at the muelle.\nLa huelga duró dos horas.\n").replace("A stoppage", "Parón")),
    });
    expect(lines(await problemsOf(dir))).toEqual([
      expect.stringMatching(/^circle\.yaml:2: this line holds bytes that are not UTF-8/),
      expect.stringMatching(/^reports\/new\.md:2: this line holds bytes that are not UTF-8/),
      expect.stringMatching(/^reports\/new\.md:11: this line holds bytes that are not UTF-8/),
    ]);
  });

  it("names five bad lines one by one and counts the rest", () => {
    const bytes = Buffer.from(Array.from({ length: 8 }, (_, i) => `line ${i + 1} caf\xe9`).join("\n"), "latin1");
    const { problems } = decodeContent("reports/x.md", bytes);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(problems[5]?.message).toMatch(/^and 3 more line\(s\) hold bytes that are not UTF-8/);
  });

  it("reads old Mac line endings (CR alone) as lines too", () => {
    expect(decodeContent("x.md", Buffer.from("a\rb\r\nc")).text).toBe("a\nb\nc\n");
  });

  it("names a file saved as UTF-16", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(report(""), "utf16le")]);
    const dir = await exampleWith({ "reports/new.md": utf16 });
    expect(lines(await problemsOf(dir))).toEqual([
      expect.stringMatching(/^reports\/new\.md:1: this file is saved as UTF-16/),
    ]);
  });
});

describe("Windows files", () => {
  it("read exactly like plain LF files: the whole example circle, prepared", async () => {
    const plain = await prepareCircle(example, { today });
    expect(plain.problems).toEqual([]);
    const { dir } = await exampleCopy();
    await saveAsWindows(dir);
    const windows = await prepareCircle(dir, { today });
    expect(lines(windows.problems)).toEqual([]);
    expect(windows.prepared).toEqual(plain.prepared);
  });

  it("keep every problem on the same line", async () => {
    const broken = path.join(import.meta.dirname, "..", "fixtures", "broken");
    const base = await mkdtemp(path.join(os.tmpdir(), "mimeo-messy-"));
    made.push(base);
    await cp(broken, base, { recursive: true });
    await saveAsWindows(base);
    const plain = await loadCircle(broken, { today });
    const windows = await loadCircle(base, { today });
    expect(plain.problems.length).toBeGreaterThan(10);
    expect(lines(windows.problems)).toEqual(lines(plain.problems));
  });
});

describe("what a content folder holds besides Markdown files", () => {
  it("follows links inside the folder and names everything else it does not read", async () => {
    const { dir, outside } = await exampleCopy();
    const tactics = path.join(dir, "tactics");
    await writeFile(path.join(outside, "elsewhere.md"), await readFile(path.join(tactics, "skill-circle.md")));
    await symlink("skill-circle.md", path.join(tactics, "skill-circle-again.md"));
    await symlink(path.join(outside, "elsewhere.md"), path.join(tactics, "from-outside.md"));
    await symlink("../outside-nothing.md", path.join(tactics, "dangling.md"));
    await symlink("loop-b.md", path.join(tactics, "loop-a.md"));
    await symlink("loop-a.md", path.join(tactics, "loop-b.md"));
    await mkdir(path.join(dir, "reports", "folder.md"));
    await mkdir(path.join(dir, "reports", "2025"));
    await writeFile(path.join(dir, "reports", "notes.md.txt"), "saved by Notepad");
    await writeFile(path.join(dir, "reports", "_draft.txt"), "ignored: starts with _");
    await writeFile(path.join(dir, "reports", "Thumbs.db"), "ignored: made by Windows");
    await writeFile(path.join(dir, "reports", "heat-stoppage.md~"), "ignored: an editor's backup");
    execFileSync("mkfifo", [path.join(dir, "reports", "pipe.md")]);

    const started = Date.now();
    const { circle, problems } = await loadCircle(dir, { today });
    expect(Date.now() - started).toBeLessThan(5000);
    const named = problems.map((p) => `${p.file}:${p.line}: ${p.message.split(/[:(,]/)[0]?.trim()}`);
    expect(named).toEqual([
      "reports/2025:0: this is a folder",
      "reports/folder.md:0: this is a folder",
      "reports/notes.md.txt:0: mimeo reads only .md files in reports/",
      "reports/pipe.md:0: this is not an ordinary file",
      'tactics/dangling.md:0: this link points at "../outside-nothing.md"',
      "tactics/from-outside.md:0: this leads outside the content folder",
      "tactics/loop-a.md:0: this link leads round in a loop and never reaches a file",
      "tactics/loop-b.md:0: this link leads round in a loop and never reaches a file",
    ]);
    // The link inside the folder is read as a tactic of its own.
    expect(circle?.tactics.map((t) => t.slug)).toContain("skill-circle-again");
  });

  it("refuses an image linked from outside the content folder, and a folder of them", async () => {
    const { dir, outside } = await exampleCopy();
    await cp(path.join(dir, "media", "stacked-crates.jpg"), path.join(outside, "face.jpg"));
    await symlink(path.join(outside, "face.jpg"), path.join(dir, "media", "face.jpg"));
    await symlink(outside, path.join(dir, "media", "more"));
    await symlink("stacked-crates.jpg", path.join(dir, "media", "crates-again.jpg"));
    await writeFile(
      path.join(dir, "reports", "new.md"),
      report("", "![Crates](../media/crates-again.jpg)\n\n![A face](../media/face.jpg)\n\n![Same face](../media/more/face.jpg)\n"),
    );
    const { circle, problems } = await loadCircle(dir, { today });
    expect(problems.map((p) => `${p.file}:${p.line} ${p.found}: ${p.message.slice(0, 40)}`)).toEqual([
      "reports/new.md:10 ../media/face.jpg: this image leads outside the content fol",
      "reports/new.md:12 ../media/more/face.jpg: this image leads outside the content fol",
    ]);
    expect(circle?.media.map((m) => m.path)).toContain("media/crates-again.jpg");
  });

  it("names a FIFO where circle.yaml should be, without waiting on it", async () => {
    const { dir } = await exampleCopy();
    await rm(path.join(dir, "circle.yaml"));
    execFileSync("mkfifo", [path.join(dir, "circle.yaml")]);
    const { problems } = await loadCircle(dir, { today });
    expect(lines(problems)).toEqual([
      expect.stringMatching(/^circle\.yaml: this is not an ordinary file/),
    ]);
  });
});
