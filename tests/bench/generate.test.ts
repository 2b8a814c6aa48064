// The benchmark's synthetic circles must be valid content, and the same seed the same files.
import { describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateCircle, sizeFor } from "../../bench/generate.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { treeHashes } from "../tree.ts";

describe("synthetic circles for the benchmarks", () => {
  it("pass every check of the content format, and the same seed writes the same files", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "mimeo-gen-"));
    try {
      await generateCircle(path.join(work, "a"), sizeFor(60));
      await generateCircle(path.join(work, "b"), sizeFor(60));
      const { prepared, problems } = await prepareCircle(path.join(work, "a"));
      expect(problems).toEqual([]);
      expect(prepared?.circle.reports.length).toBe(60);
      expect(await treeHashes(path.join(work, "b"))).toEqual(
        await treeHashes(path.join(work, "a")),
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
