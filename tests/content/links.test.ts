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
