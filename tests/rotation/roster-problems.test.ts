// A mistake in rotation.md is reported once, at its own line, in words that say what to write:
// the loader and the planner both read the roster, and neither repeats the other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFile, cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { formatProblem } from "../../src/content/problem.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { editFile } from "../edit.ts";

const EXAMPLE = path.join(import.meta.dirname, "..", "..", "content");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-roster-problems-"));
  await cp(EXAMPLE, dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The problems of the example circle with one edit to rotation.md, as `mimeo check` prints them. */
async function problemsWith(from: RegExp, to: string): Promise<string[]> {
  await copyFile(path.join(EXAMPLE, "rotation.md"), path.join(dir, "rotation.md"));
  await editFile(dir, "rotation.md", from, to);
  const { problems } = await prepareCircle(dir, { today: "2026-11-21" });
  return problems.map(formatProblem);
}

describe("rotation.md", () => {
  it.each([
    [
      /^seed: .*$/m,
      "seed: 1234",
      /^rotation\.md:7: seed: must be in quotes: without them YAML reads 1234 as a single number/,
    ],
    [
      /^seed: .*$/m,
      "seed:",
      /^rotation\.md:7: seed: must be the numbers drawn in public, in quotes/,
    ],
    [
      /^seed: .*$/m,
      "seed: 2026-01",
      /^rotation\.md:7: seed: the seed 2026-01 is a date, not the numbers drawn/,
    ],
    [
      /^roles: .*$/m,
      "roles: []",
      /^rotation\.md:2: roles: needs at least one role: list the roles the circle hands round/,
    ],
    [/^term: .*$/m, "term: 0 days", /^rotation\.md:3: term: a term lasts at least one day/],
    [
      /^ {2}- name: Heron$/m,
      "  - name: Heron\n    roles: [boss]",
      /^rotation\.md:10: members\[0\]\.roles\[0\]: unknown role/,
    ],
    [
      /^ {4}away: .*$/m,
      "    away: [2027-01-04, 2026-12-20]",
      /^rotation\.md:18: members\[7\]\.away: /,
    ],
  ])("%s → %j is said once, at its line", async (from, to, expected) => {
    const problems = await problemsWith(from, to);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });
});
