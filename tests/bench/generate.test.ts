// The benchmark's synthetic circles must be valid content, and the same seed the same files.
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateCircle, sizeFor } from "../../bench/generate.ts";
import { prepareCircle } from "../../src/prepare.ts";

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile())
      out[path.relative(dir, path.join(f.parentPath, f.name))] = await readFile(
        path.join(f.parentPath, f.name),
        "utf8",
      );
  }
  return out;
}

describe("synthetic circles for the benchmarks", () => {
  it("pass every check of the content format, and the same seed writes the same files", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "mimeo-gen-"));
    try {
      await generateCircle(path.join(work, "a"), sizeFor(60));
      await generateCircle(path.join(work, "b"), sizeFor(60));
      const { prepared, problems } = await prepareCircle(path.join(work, "a"));
      expect(problems).toEqual([]);
      expect(prepared?.circle.reports.length).toBe(60);
      expect(await snapshot(path.join(work, "b"))).toEqual(await snapshot(path.join(work, "a")));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
