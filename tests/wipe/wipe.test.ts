// What `mimeo wipe` removes, and what it leaves because a person put it there: a hand-made site
// in a folder no build marked, and other programs' files in a shared cache folder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { carryOut, planWipe } from "../../src/wipe/wipe.ts";
import { treeHashes } from "../tree.ts";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-wipe-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function put(file: string, text = "x\n"): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

describe("mimeo wipe", () => {
  it("removes a built output, and leaves a public folder no build marked", async () => {
    const built = path.join(work, "built");
    await put(path.join(built, ".mimeo-output"));
    await put(path.join(built, "public", "index.html"));
    await put(path.join(built, "circle", "index.html"));
    const own = path.join(work, "own");
    await put(path.join(own, "public", "index.html"), "<p>our own site</p>\n");
    await put(path.join(own, "src", "notes.md"));
    const before = await treeHashes(own);

    const content = path.join(work, "content");
    const plan = await planWipe({ out: own, content });
    expect(plan.remove.map((item) => item.path)).not.toContain(path.join(own, "public"));
    expect(plan.kept.map((item) => [path.basename(item.path), item.what])).toEqual([
      ["public", "not made by mimeo build"],
      ["src", "not made by mimeo build"],
    ]);
    await carryOut(plan);
    expect(await treeHashes(own)).toEqual(before);

    await carryOut(await planWipe({ out: built, content }));
    expect(await readdir(work)).not.toContain("built");
  });

  it("removes only mimeo's entries from a cache folder other programs use, and the one --cache names", async () => {
    const shared = path.join(work, "dot-cache");
    await put(path.join(shared, "keep.txt"), "another program's\n");
    await put(path.join(shared, "fontconfig", "cache"));
    await put(path.join(shared, "build-record", "0a1b.read.json"), "circle words\n");
    await put(path.join(shared, "ab", "ab12.pdf"));
    await put(path.join(shared, "sheets", "cd", "k1", "0"));
    const named = path.join(work, "named-cache");
    await put(path.join(named, "build-record", "2c3d.read.json"), "circle words\n");
    const saved = process.env.MIMEO_CACHE;
    process.env.MIMEO_CACHE = shared;
    try {
      const plan = await planWipe({
        out: path.join(work, "no-output"),
        content: path.join(work, "content"),
        cache: named,
      });
      await carryOut(plan);
    } finally {
      if (saved === undefined) delete process.env.MIMEO_CACHE;
      else process.env.MIMEO_CACHE = saved;
    }
    expect(Object.keys(await treeHashes(shared)).sort()).toEqual([
      path.join("fontconfig", "cache"),
      "keep.txt",
    ]);
    expect(await readdir(work)).not.toContain("named-cache");
  });
});
