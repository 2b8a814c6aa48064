// `mimeo bundle` reads every byte it is about to put on a public stick with the leak guard: a
// name added to the deny-list after the build, or a build changed by hand since, never reaches
// the stick. The old stick stays as it was.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { main } from "../../src/cli.ts";
import { build } from "../../src/build/build.ts";

const root = path.join(import.meta.dirname, "..", "..");
let work: string;
let content: string;
let out: string;

async function mimeo(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const lines = { out: [] as string[], err: [] as string[] };
  const code = await main(args, {
    out: (line) => lines.out.push(line),
    err: (line) => lines.err.push(line),
  });
  return { code, out: lines.out.join("\n"), err: lines.err.join("\n") };
}

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-bundle-guard-"));
  content = path.join(work, "content");
  out = path.join(work, "output");
  await cp(path.join(root, "content"), content, { recursive: true });
  await build({ content, out, audiences: ["public"], pdf: false });
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("mimeo bundle", () => {
  it("writes a clean public bundle", async () => {
    const stick = path.join(work, "stick");
    const result = await mimeo(["bundle", stick, "--content", content, "--out", out]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(existsSync(path.join(stick, "README.txt"))).toBe(true);
  });

  it("refuses a bundle holding a name put on the deny-list after the build, once per leak, and writes nothing", async () => {
    await mkdir(path.join(work, ".mimeo"));
    await writeFile(path.join(work, ".mimeo", "deny.txt"), "north dock\n");
    const stick = path.join(work, "stick");
    const result = await mimeo(["bundle", stick, "--content", content, "--out", out]);
    expect(result.code).toBe(1);
    // One grouped entry for the leak, naming the content file it came from, masked.
    expect(result.err).toMatch(/reports\/heat-stoppage\.md:\d+/);
    expect(result.err).not.toContain("north dock");
    expect(result.err).toMatch(/1 possible leak in the public output/);
    expect(existsSync(stick)).toBe(false);
  });

  it("refuses a build changed by hand since it was guarded, and leaves the old stick as it was", async () => {
    const stick = path.join(work, "stick");
    expect((await mimeo(["bundle", stick, "--content", content, "--out", out])).code).toBe(0);
    const before = await readFile(path.join(stick, "site", "index.html"));
    const page = path.join(out, "public", "index.html");
    await writeFile(page, `${await readFile(page, "utf8")}<p>call 612 34 56 78</p>`);
    const result = await mimeo(["bundle", stick, "--content", content, "--out", out]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/phone/i);
    expect(await readFile(path.join(stick, "site", "index.html"))).toEqual(before);
  });
});
