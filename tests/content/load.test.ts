import { afterAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadCircle, type ParsedFiles } from "../../src/content/load.ts";
import { formatProblem, type ContentProblem } from "../../src/content/problem.ts";

const fixtures = path.join(import.meta.dirname, "..", "fixtures");

async function problemsOf(dir: string): Promise<ContentProblem[]> {
  const { problems } = await loadCircle(dir, { today: "2026-11-21" });
  expect(problems.length).toBeGreaterThan(0);
  return problems;
}

/** The copies minimalWith made, removed when the file's tests end. */
const copies: string[] = [];
afterAll(async () => {
  for (const dir of copies) await rm(dir, { recursive: true, force: true });
});

/** A copy of the minimal circle with one file replaced, for one-error cases. */
async function minimalWith(file: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-load-"));
  copies.push(dir);
  await cp(path.join(fixtures, "minimal"), dir, { recursive: true });
  await writeFile(path.join(dir, file), text);
  return dir;
}

const find = (problems: ContentProblem[], file: string, field?: string) =>
  problems.filter((p) => p.file === file && (field === undefined || p.field === field));

describe("loading a valid circle", () => {
  it("reads every kind of file with defaults applied", async () => {
    const { circle, problems } = await loadCircle(path.join(fixtures, "minimal"), {
      today: "2026-11-21",
    });
    expect(problems).toEqual([]);
    expect(circle).toBeDefined();
    if (!circle) return;
    expect(circle.settings).toMatchObject({
      name: "Night Shift Care Circle",
      language: "es",
      paper: "a4",
      timezone: "America/Mexico_City",
      currency: "EUR",
      careUnits: ["hours", "meals", "rides", "credits"],
      rhythm: { pulse: { kind: "moon" }, decompressDays: 2, assembly: "first saturday" },
    });
    // Tactics default to public, reports to circle; `_draft.md` is ignored; `gone` expired.
    expect(circle.tactics.map((t) => [t.slug, t.audience])).toEqual([
      ["internal", "circle"],
      ["pantry", "public"],
      ["stoppage", "public"],
    ]);
    expect(circle.reports.map((r) => [r.slug, r.audience])).toEqual([
      ["circle-one", "circle"],
      ["public-one", "public"],
    ]);
    expect(circle.expired).toEqual(["reports/gone.md"]);
    const circleOne = circle.reports.find((r) => r.slug === "circle-one");
    expect(circleOne?.careMirror).toEqual({ text: "una comida compartida" });
    expect(circle.reports.find((r) => r.slug === "public-one")?.careMirror).toEqual({
      slug: "pantry",
      text: "pantry",
    });
  });

  it("numbers charter articles and files amendments beside them", async () => {
    const { circle } = await loadCircle(path.join(fixtures, "minimal"), { today: "2026-11-21" });
    const charter = circle?.charter;
    expect(charter?.articles.map((a) => [a.number, a.heading])).toEqual([
      [1, "Quiénes somos"],
      [2, "Cómo decidimos"],
    ]);
    expect(charter?.articles[1]?.amendments).toEqual([
      { date: "2026-10-07", article: 2, change: "Decidimos por consenso y, si no, por dos tercios" },
    ]);
    expect(charter?.preamble).toBe("Una carta breve.");
  });

  it("reads the roster with term lengths in weeks and member lines", async () => {
    const { circle } = await loadCircle(path.join(fixtures, "minimal"), { today: "2026-11-21" });
    expect(circle?.roster).toMatchObject({ termDays: 14, terms: 4, method: "rotation" });
    expect(circle?.roster?.members.map((m) => [m.name, m.line])).toEqual([
      ["Garza", 8],
      ["Colibrí", 9],
      ["Jilguero", 10],
    ]);
  });

  it("keeps body line numbers as the file's", async () => {
    const { circle } = await loadCircle(path.join(fixtures, "minimal"), { today: "2026-11-21" });
    expect(circle?.ledger[0]).toMatchObject({ month: "2026-10", bodyStartLine: 5 });
    expect(circle?.ledger[0]?.opening).toEqual({ text: "10.00 EUR", line: 3 });
    expect(circle?.media).toEqual([
      { path: "media/crates.png", alt: "Cajas apiladas", file: "reports/public-one.md", line: 12 },
    ]);
  });

  it("names the line a link or image is on, inside a paragraph, an alt text or a table", async () => {
    const header = (await readFile(path.join(fixtures, "minimal", "reports", "public-one.md"), "utf8")).split("## What we did")[0] ?? "";
    const body = [
      "Paramos en el muelle y luego",
      "seguimos. Ver [la táctica](../tactics/missing-a.md)", // line 11
      "",
      "Una foto ![cajas",
      "apiladas](../media/missing.png) y", // the image starts on line 13
      "[otra](../tactics/missing-b.md).", // line 15
      "",
      "| quién | dónde |",
      "|---|---|",
      "| nadie | [aquí](../tactics/missing-c.md) |", // line 19
    ].join("\n");
    const dir = await minimalWith("reports/public-one.md", `${header}${body}\n`);
    const problems = await problemsOf(dir);
    expect(find(problems, "reports/public-one.md").map((p) => [p.found, p.line])).toEqual([
      ["../tactics/missing-a.md", 11],
      ["../media/missing.png", 13],
      ["../tactics/missing-b.md", 15],
      ["../tactics/missing-c.md", 19],
    ]);
  });

  it("leaves HTML comments out of the body, keeps code as written, and names a comment inside a paragraph", async () => {
    const header =
      (await readFile(path.join(fixtures, "minimal", "reports", "public-one.md"), "utf8")).split(
        "## What we did",
      )[0] ?? "";
    const body = [
      "<!-- planned at Mara's flat on Elm Street -->", // line 10
      "Paramos en el muelle.",
      "<!--",
      "  and a longer note",
      "-->",
      "Ver [la táctica](../tactics/missing-a.md).", // line 15
      "",
      "```",
      "<!-- an example, kept as code -->",
      "```",
      "",
      "Luego <!-- hidden? --> seguimos.", // line 21
    ].join("\n");
    const dir = await minimalWith("reports/public-one.md", `${header}${body}\n`);
    const { circle, problems } = await loadCircle(dir, { today: "2026-11-21" });
    expect(find(problems, "reports/public-one.md").map((p) => [p.line, p.found ?? p.message])).toEqual([
      [15, "../tactics/missing-a.md"],
      [21, expect.stringMatching(/HTML comment is inside a paragraph/)],
    ]);
    // Read all the same: the report is there, without the notes.
    const report = circle?.reports.find((r) => r.slug === "public-one");
    expect(report?.body).not.toMatch(/Mara|longer note/);
    expect(report?.body).toContain("<!-- an example, kept as code -->");
    expect(report?.body.split("\n")).toHaveLength(body.split("\n").length + 1);
  });

  it("leaves a report out on its expiry day, not before", async () => {
    const before = await loadCircle(path.join(fixtures, "minimal"), { today: "2026-06-30" });
    expect(before.circle?.reports.map((r) => r.slug)).toContain("gone");
    const on = await loadCircle(path.join(fixtures, "minimal"), { today: "2026-07-01" });
    expect(on.circle?.reports.map((r) => r.slug)).not.toContain("gone");
  });
});

describe("paper in circle.yaml", () => {
  const circleWith = (paper: string) =>
    minimalWith(
      "circle.yaml",
      `name: Night Shift Care Circle\nlanguage: es\ntimezone: America/Mexico_City\npaper: ${paper}\n`,
    );

  it("takes one paper or a list of them, printed on each", async () => {
    for (const [paper, papers] of [
      ["letter", ["letter"]],
      ["[a4, letter]", ["a4", "letter"]],
      ["[letter, a4, letter]", ["letter", "a4"]],
    ] as const) {
      const dir = await circleWith(paper);
      try {
        const { circle, problems } = await loadCircle(dir, { today: "2026-11-21" });
        expect(problems).toEqual([]);
        expect(circle?.settings.papers).toEqual(papers);
        expect(circle?.settings.paper).toBe(papers[0]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it("names the line of a paper it does not know", async () => {
    for (const paper of ["a5", "[a4, a5]", "[]"]) {
      const dir = await circleWith(paper);
      try {
        const problems = find(await problemsOf(dir), "circle.yaml", "paper");
        expect(problems[0]?.line, paper).toBe(4);
        expect(formatProblem(problems[0] as ContentProblem), paper).toMatch(/a4|paper/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
});

describe("a broken circle lists every problem in one run", () => {
  it("names file, line, field and what was found for each", async () => {
    const problems = await problemsOf(path.join(fixtures, "broken"));
    const lines = problems.map(formatProblem);
    // One expectation per kind of error, each at the line a person sees in their editor.
    const expected: [string, number, string | undefined, RegExp][] = [
      ["circle.yaml", 2, "language", /one of: en \| es \| fr/],
      ["circle.yaml", 3, "timezone", /IANA time zone/],
      ["tactics/bad-kind.md", 3, "kind", /disruption \| care \| skill \| defence/],
      ["tactics/bad-kind.md", 4, "risk", /low \| medium \| high/],
      ["tactics/bad-kind.md", 5, "peple", /unknown field.*people/],
      ["tactics/Bad_Name.md", 0, undefined, /lowercase letters, digits and hyphens/],
      ["tactics/ok.md", 5, "pairs-with[0]", /no file tactics\/no-such-tactic\.md/],
      ["tactics/ok.md", 7, undefined, /link points at a content file that does not exist/],
      ["reports/yaml-error.md", 5, undefined, /YAML cannot be read/],
      ["reports/missing-fields.md", 2, "care-mirror", /required and missing/],
      ["reports/missing-fields.md", 3, "date", /not a real calendar day/],
      ["reports/missing-fields.md", 4, "tactic", /no file tactics\/no-such-tactic\.md/],
      ["reports/missing-fields.md", 5, "outcome", /won \| partial \| lost \| ongoing/],
      ["reports/missing-fields.md", 6, "participants", /must not be negative/],
      ["reports/missing-fields.md", 9, undefined, /image does not exist/],
      ["reports/missing-fields.md", 10, undefined, /never loads anything from another host/],
      ["reports/no-front-matter.md", 1, undefined, /must start with YAML front matter/],
      ["charter.md", 5, "amendments[0].date", /before the charter was adopted/],
      ["charter.md", 6, "amendments[0].article", /no article 9/],
      ["ledger/2026-11.md", 2, "month", /named 2026-11\.md but says month 2026-10/],
      ["rotation.md", 3, "term", /14 days.*2 weeks/],
      ["rotation.md", 5, "seed", /lottery needs a `seed`/],
      ["rotation.md", 8, "members[1].name", /listed twice/],
      ["rotation.md", 9, "members[1].roles[0]", /unknown role/],
    ];
    for (const [file, line, field, message] of expected) {
      const match = problems.find(
        (p) => p.file === file && p.line === line && p.field === field && message.test(p.message),
      );
      expect(match, `expected ${file}:${line} ${field ?? ""} ${message}\n${lines.join("\n")}`).toBeDefined();
    }
    expect(problems).toHaveLength(expected.length);
    // What was found is quoted, so a person sees what to change.
    expect(find(problems, "tactics/bad-kind.md", "kind")[0]?.found).toBe("sabotage");
    expect(lines).toContain(
      'reports/missing-fields.md:5: outcome: must be one of: won | partial | lost | ongoing (found: "victory")',
    );
  });

  it("sorts problems by file and line", async () => {
    const problems = await problemsOf(path.join(fixtures, "broken"));
    const keys = problems.map((p) => `${p.file}\u0000${String(p.line).padStart(6, "0")}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("reports a missing circle.yaml and a missing folder", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-empty-"));
    expect((await problemsOf(dir))[0]?.message).toMatch(/circle\.yaml is missing/);
    expect((await problemsOf(path.join(dir, "nope")))[0]?.message).toMatch(/does not exist/);
    await rm(dir, { recursive: true });
  });

  it("requires alt text on public images", async () => {
    const dir = await minimalWith(
      "reports/public-one.md",
      "---\ntitle: T\ndate: 2026-10-14\ntactic: stoppage\ncare-mirror: pantry\noutcome: won\naudience: public\n---\n![](../media/crates.png)\n",
    );
    const problems = await problemsOf(dir);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^reports\/public-one\.md:9: a public image needs alt text/),
    ]);
  });

  it("refuses paths that leave the content folder", async () => {
    const dir = await minimalWith(
      "tactics/pantry.md",
      "---\ntitle: P\nkind: care\nrisk: low\n---\n![secret](../../etc/photo.jpg)\n",
    );
    const problems = await problemsOf(dir);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^tactics\/pantry\.md:6: this path leads outside the content folder/),
    ]);
  });

  it("rejects an empty required field and a wrong type with the value found", async () => {
    const dir = await minimalWith(
      "tactics/pantry.md",
      "---\ntitle: ''\nkind: care\nrisk: low\npeople: many\ntags: [Night Shift]\n---\nBody\n",
    );
    const problems = await problemsOf(dir);
    expect(problems.map(formatProblem)).toEqual([
      "tactics/pantry.md:2: title: must not be empty (found: \"\")",
      'tactics/pantry.md:5: people: must be a whole number, like 12 (found: "many")',
      'tactics/pantry.md:6: tags[0]: each tag must be lowercase words joined by hyphens, like loading-dock (found: "Night Shift")',
    ]);
  });
});

describe("loading again, as mimeo serve does on every save", () => {
  it("sees an edit that keeps the file's size and modification time", async () => {
    const dir = await minimalWith("reports/circle-one.md", await readFixture("reports/circle-one.md"));
    const file = path.join(dir, "reports", "circle-one.md");
    // Whole seconds, which utimes sets exactly.
    const mtime = new Date("2026-11-01T10:00:00Z");
    await utimes(file, mtime, mtime);
    const parsed: ParsedFiles = new Map();
    const first = await loadCircle(dir, { today: "2026-11-21", parsed });
    const before = first.circle?.reports.find((r) => r.slug === "circle-one")?.title;
    expect(before).toBeDefined();
    // A copy that keeps times (cp -p, rsync -t) leaves the size and mtime as they were; only
    // the change time moves.
    const text = await readFile(file, "utf8");
    const swapped = text.replace(`title: ${before ?? ""}`, `title: ${swapCase(before ?? "")}`);
    expect(swapped).not.toBe(text);
    await writeFile(file, swapped);
    await utimes(file, mtime, mtime);
    const second = await loadCircle(dir, { today: "2026-11-21", parsed });
    expect(second.circle?.reports.find((r) => r.slug === "circle-one")?.title).toBe(
      swapCase(before ?? ""),
    );
  });

  it("lists a file's problem on every load until it is fixed", async () => {
    const dir = await minimalWith("reports/circle-one.md", await readFixture("reports/circle-one.md"));
    const file = path.join(dir, "reports", "circle-one.md");
    const text = await readFile(file);
    // A byte that is not UTF-8 in the body: the file is read, with a problem on its line.
    await writeFile(file, Buffer.concat([text, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]));
    const parsed: ParsedFiles = new Map();
    for (let load = 0; load < 3; load++) {
      const { problems } = await loadCircle(dir, { today: "2026-11-21", parsed });
      expect(problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^reports\/circle-one\.md:\d+: this line holds bytes that are not UTF-8/),
      ]);
    }
    await writeFile(file, text);
    expect((await loadCircle(dir, { today: "2026-11-21", parsed })).problems).toEqual([]);
  });
});

function readFixture(file: string): Promise<string> {
  return readFile(path.join(fixtures, "minimal", file), "utf8");
}

/** The same letters in the other case: the same length in bytes for ASCII. */
function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");
}
