// Seeded mutations of the example circle, the way files come back from other tools and other
// hands: lines dropped, doubled or garbled, numbers, dates and YAML types changed, Windows line
// endings, a byte-order mark, a file cut short, binary bytes. Whatever the content, mimeo answers
// with problems that name a file, never a stack trace, exits 0, 1 or 2, writes nothing outside
// --out, and a failed build leaves the previous output byte for byte as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { main } from "../../src/cli.ts";
import { treeHashes } from "../tree.ts";

const root = path.join(import.meta.dirname, "..", "..");
const example = path.join(root, "content");
/** At least 300 in CI; MIMEO_MUTATIONS and MIMEO_MUTATION_SEED change them for a longer hunt. */
const RUNS = Number(process.env.MIMEO_MUTATIONS ?? 300);
const SEED = Number(process.env.MIMEO_MUTATION_SEED ?? 13);
const BUILD_RUNS = 4;

type Mutation =
  | { kind: "drop" | "duplicate"; at: number }
  | { kind: "garble"; at: number; from: number; text: string }
  | { kind: "number"; at: number; value: number }
  | { kind: "date"; at: number; date: string }
  | { kind: "yaml-type"; at: number; value: string }
  | { kind: "crlf" }
  | { kind: "bom" }
  | { kind: "truncate"; at: number }
  | { kind: "binary"; at: number; bytes: number[] };

/** Characters that mean something to YAML or Markdown, and a few that should not be there. */
const NOISE = [..."abc xyz019:-[]{}#&*!|>'\"%@`,?~\\\t", "é", "ñ", "—", "\u00a0", "\u200b"];
/** Ten anchors in one flow list, each a list of nine aliases of the one before. */
const ALIAS_BOMB = `[&a [x, x], ${[..."bcdefghij"]
  .map((n, i) => `&${n} [${Array(9).fill(`*${"abcdefghij"[i]}`).join(", ")}]`)
  .join(", ")}]`;
const YAML_VALUES = [
  ...["[]", "{}", "null", "~", "true", "1.5", "-3", '""', "[a, b]", "{a: 1}", "x"],
  ...["*nope", ".inf", "-.inf", ".nan", ALIAS_BOMB],
];
const DATES = ["2026-02-30", "2026-13-01", "1999-01-01", "2099-12-31", "0000-00-00", "26-1-1"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("drop" as const, "duplicate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("garble" as const),
    at: fc.nat(),
    from: fc.nat(),
    text: fc
      .array(fc.constantFrom(...NOISE), { minLength: 1, maxLength: 6 })
      .map((a) => a.join("")),
  }),
  fc.record({
    kind: fc.constant("number" as const),
    at: fc.nat(),
    value: fc.oneof(
      fc.integer({ min: -5, max: 400 }),
      fc.constantFrom(0, 99999, 100000, 99999999, 1000000000, 2 ** 53 + 1),
    ),
  }),
  fc.record({ kind: fc.constant("date" as const), at: fc.nat(), date: fc.constantFrom(...DATES) }),
  fc.record({
    kind: fc.constant("yaml-type" as const),
    at: fc.nat(),
    value: fc.constantFrom(...YAML_VALUES),
  }),
  fc.constant({ kind: "crlf" as const }),
  fc.constant({ kind: "bom" as const }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("binary" as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
);

/** Applies one mutation to a file's bytes. Positions are taken modulo what the file has. */
export function mutate(bytes: Buffer, m: Mutation): Buffer {
  if (m.kind === "bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  if (m.kind === "truncate") return bytes.subarray(0, m.at % (bytes.length + 1));
  if (m.kind === "binary") {
    const at = m.at % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
  }
  const text = bytes.toString("utf8");
  if (m.kind === "crlf") return Buffer.from(text.replace(/\r?\n/g, "\r\n"));
  const lines = text.split("\n");
  const i = m.at % lines.length;
  const line = lines[i] ?? "";
  switch (m.kind) {
    case "drop":
      lines.splice(i, 1);
      break;
    case "duplicate":
      lines.splice(i, 0, line);
      break;
    case "garble": {
      const from = m.from % (line.length + 1);
      lines[i] = line.slice(0, from) + m.text + line.slice(from + m.text.length);
      break;
    }
    case "number": {
      const numbers = [...text.matchAll(/\d+(\.\d+)?/g)];
      const hit = numbers[m.at % Math.max(1, numbers.length)];
      if (!hit || hit.index === undefined) return bytes;
      return Buffer.from(
        text.slice(0, hit.index) + String(m.value) + text.slice(hit.index + hit[0].length),
      );
    }
    case "date": {
      const dates = [...text.matchAll(/\d{4}-\d{2}-\d{2}/g)];
      const hit = dates[m.at % Math.max(1, dates.length)];
      if (!hit || hit.index === undefined) return bytes;
      return Buffer.from(text.slice(0, hit.index) + m.date + text.slice(hit.index + 10));
    }
    case "yaml-type": {
      // A `key: value` line keeps its key and gets a value of another type.
      const fields = lines.flatMap((l, n) => (/^\s*[\w-]+:\s*\S/.test(l) ? [n] : []));
      const n = fields[m.at % Math.max(1, fields.length)];
      if (n === undefined) return bytes;
      lines[n] = (lines[n] ?? "").replace(/^(\s*[\w-]+:\s*).*$/, `$1${m.value}`);
      break;
    }
  }
  return Buffer.from(lines.join("\n"));
}

const change = fc.record({
  file: fc.nat(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
});

let work: string;
let files: string[];
let count = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-mutations-"));
  files = (await readdir(example, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(example, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the example circle with the change made; returns the file changed. */
async function mutatedCopy(
  content: string,
  c: { file: number; mutations: Mutation[] },
): Promise<string> {
  await rm(content, { recursive: true, force: true });
  await cp(example, content, { recursive: true });
  const file = files[c.file % files.length] ?? "circle.yaml";
  let bytes: Buffer = await readFile(path.join(content, file));
  for (const m of c.mutations) bytes = mutate(bytes, m);
  await writeFile(path.join(content, file), bytes);
  return file;
}

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** What every answer must be, whatever the content. */
function expectCleanAnswer(result: { code: number; out: string[]; err: string[] }, why: string) {
  const all = [...result.out, ...result.err].join("\n");
  expect([0, 1, 2], why).toContain(result.code);
  expect(all, why).not.toMatch(/\n\s+at |Node\.js v|unexpected error/);
  if (result.code === 0) return;
  const problems = result.err.filter((l) => !/^\d+ problems? found/.test(l));
  expect(problems.length, why).toBeGreaterThan(0);
  for (const line of problems) {
    const named = /^([^:\s]+?)(?::\d+)?: /.exec(line)?.[1];
    expect(files, `${why}\n${line}`).toContain(named);
  }
}

describe("mutations of the example circle", () => {
  it(`mimeo check answers every one of ${RUNS} with problems that name a file, and writes nothing`, async () => {
    const content = path.join(work, "check", "content");
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        const file = await mutatedCopy(content, c);
        const before = await treeHashes(path.dirname(content));
        const result = await run(["check", "--content", content]);
        const why = `${file}: ${JSON.stringify(c.mutations)}`;
        expectCleanAnswer(result, why);
        expect(await treeHashes(path.dirname(content)), why).toEqual(before);
        count++;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(count).toBe(RUNS);
  }, 600_000);

  it("a failed build leaves the previous output byte-identical and nothing beside it", async () => {
    const parent = path.join(work, "build");
    const content = path.join(parent, "content");
    const out = path.join(parent, "output");
    await cp(example, content, { recursive: true });
    const first = await run(["build", "--no-pdf", "--content", content, "--out", out]);
    expect(first.code, first.err.join("\n")).toBe(0);
    let previous = await treeHashes(out);
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(change, async (c) => {
        const file = await mutatedCopy(content, c);
        const result = await run(["build", "--no-pdf", "--content", content, "--out", out]);
        const why = `${file}: ${JSON.stringify(c.mutations)}`;
        expectCleanAnswer(result, why);
        // Beside the output only the record an HTML build keeps for the next (names and hashes).
        expect((await readdir(parent)).sort(), why).toEqual([".cache", "content", "output"]);
        const kept = await readdir(path.join(parent, ".cache", "mimeo-print"));
        expect(
          kept.filter((e) => e !== "build-record"),
          why,
        ).toEqual([]);
        if (result.code === 0) {
          previous = await treeHashes(out);
        } else {
          failed++;
          expect(await treeHashes(out), why).toEqual(previous);
        }
      }),
      // Seeded so that some of these builds fail and some succeed.
      { seed: 7, numRuns: BUILD_RUNS, endOnFailure: true },
    );
    expect(failed).toBeGreaterThan(0);
  }, 600_000);
});
