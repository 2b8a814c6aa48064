// Front matter read without the yaml library must be read exactly as the yaml library reads it:
// the same data, key for key and type for type, the same lines, the same problems. Whatever
// the plain reading is not sure of, it leaves to yaml.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  parseMarkdownFile,
  parseYaml,
  parseYamlDocument,
  plainFrontMatter,
} from "../../src/content/frontmatter.ts";

const KEYS = ["title", "date", "tags", "care-mirror", "people", "true", "Null", "x2", "a_b"];
const VALUES = [
  "Heat stoppage at the north dock",
  "Tea & biscuits, then a walk-out",
  `It's the "quiet" one`,
  "Night shift | day shift",
  "a * b > c! 50% @ noon `x` \\ y",
  "café in Zürich",
  "wait\u00a0here",
  "rides 🚗 ring",
  "2026-10-14",
  "2026-13-45",
  "2026-10-14 evening",
  "0",
  "7",
  "23",
  "0123",
  "123456789012345",
  "99999999999999999999",
  "1e3",
  "12.",
  "1.5",
  "0x1f",
  "0o17",
  "+12",
  "-3",
  "1_000",
  "3 days",
  "two weeks",
  "true",
  "True",
  "TRUE",
  "tRUE",
  "false",
  "null",
  "Null",
  "~",
  ".inf",
  ".NaN",
  "[safety, night-shift]",
  "[safety,night-shift]",
  "[ safety , heat ]",
  "[]",
  "[ ]",
  "[a, 2]",
  "[a b]",
  "[true]",
  "[a,]",
  "[Safety]",
  "[a, [b]]",
  "a]b",
  "x: y",
  "9:30",
  "https://example.org",
  "one # comment",
  "one#two",
  '"quoted"',
  "'quoted'",
  "- item",
  "*alias",
  "&anchor value",
  "!tag value",
  "| block",
  "> folded",
  "{a: b}",
  "%percent",
  "@at",
  "`tick`",
  "?question",
  "",
];
const SEPARATORS = [": ", ":  ", ":", " : ", ":\t", ": \t"];
const ENDINGS = ["", " ", "  ", "\t", "\u00a0"];
const EXTRA_LINES = ["", "  continued", "# a comment", "- item", "---", "   ", "\t"];

// Mostly rows a circle writes, so that many documents take the plain reading; the rest is every
// kind of row that must not.
const plainRow = fc
  .tuple(
    fc.constantFrom("title", "date", "tags", "care-mirror", "people", "x2"),
    fc.constantFrom(
      ...VALUES.slice(0, 14),
      ...["[safety, night-shift]", "[]", "3 days", "True", "null", "1e3", "0x1f", "12.", "[true]"],
    ),
    fc.constantFrom("", " "),
  )
  .map(([k, v, e]) => `${k}: ${v}${e}`);
const anyRow = fc
  .tuple(
    fc.constantFrom(...KEYS),
    fc.constantFrom(...SEPARATORS),
    fc.constantFrom(...VALUES),
    fc.constantFrom(...ENDINGS),
  )
  .map(([k, s, v, e]) => k + s + v + e);
const row = fc.oneof(
  { weight: 8, arbitrary: plainRow },
  { weight: 3, arbitrary: anyRow },
  { weight: 1, arbitrary: fc.constantFrom(...EXTRA_LINES) },
);

/** Everything parseYaml says about `text`, asked the way load.ts and schemas.ts ask it. */
function reading(parsed: ReturnType<typeof parseYaml>, keys: readonly string[]) {
  const paths: (string | number)[][] = [[], ["missing"], ["missing", 0]];
  for (const key of keys) paths.push([key], [key, 0], [key, 1], [key, 9], [key, "x"]);
  return {
    data: parsed.data,
    order: parsed.data && typeof parsed.data === "object" ? Object.keys(parsed.data) : [],
    problems: parsed.problems,
    lines: paths.map((p) => parsed.lineOf(p)),
    sources: paths.map((p) => parsed.sourceOf(p)),
  };
}

describe("front matter read without the yaml library", () => {
  it("reads what the yaml library reads, or leaves the text to it", () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (rows, firstLine) => {
        const text = rows.join("\n");
        if (plainFrontMatter(text)) plain++;
        expect(reading(parseYaml("x.md", text, firstLine), KEYS)).toStrictEqual(
          reading(parseYamlDocument("x.md", text, firstLine), KEYS),
        );
      }),
      { numRuns: 1000 },
    );
    // Enough of the runs took the plain reading for the comparison to mean something.
    expect(plain).toBeGreaterThan(40);
  });

  it("reads the example circle's reports and tactics without the yaml library", () => {
    const root = path.join(import.meta.dirname, "..", "..", "content");
    let files = 0;
    for (const folder of ["reports", "tactics"]) {
      for (const name of readdirSync(path.join(root, folder)).filter((n) => n.endsWith(".md"))) {
        const source = readFileSync(path.join(root, folder, name), "utf8").replace(/\r\n?/g, "\n");
        const yamlText = source.split("\n---\n")[0]?.replace(/^---\n/, "") ?? "";
        const parsed = parseMarkdownFile(name, source);
        expect(parsed.data).toStrictEqual(parseYamlDocument(name, yamlText, 2).data);
        if (!/^(?:allow|audience-note):/m.test(yamlText)) {
          expect(plainFrontMatter(yamlText), name).toBeDefined();
          files++;
        }
      }
    }
    expect(files).toBeGreaterThan(20);
  });
});
