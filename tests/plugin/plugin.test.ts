// mimeo's plugin inside another Eleventy site, run the way that site's people run it: the
// Eleventy command with the site's own config. The circle audience builds beside the site's
// pages; the public audience is refused before anything is written, since only `mimeo build`
// guards a whole public output before it is published.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const root = path.join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
let work: string;
let content: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-plugin-"));
  content = path.join(work, "content");
  await cp(path.join(root, "tests", "fixtures", "minimal"), content, { recursive: true });
  // A public report with a member's name, an email and a phone number: what the public
  // audience must never publish unguarded.
  await writeFile(
    path.join(content, "reports", "leaky.md"),
    "---\ntitle: Paro con Garza\ndate: 2026-10-14\ntactic: stoppage\ncare-mirror: pantry\noutcome: won\naudience: public\n---\nEscribe a garza@example.org o llama al 55 1234 5678.\n",
  );
  await mkdir(path.join(work, ".mimeo"));
  await writeFile(path.join(work, ".mimeo", "deny.txt"), "Garza\n");
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function eleventy(audience: string, out: string) {
  const site = path.join(root, "tests", "plugin", "site");
  return run(
    process.execPath,
    [
      path.join(root, "node_modules", "@11ty", "eleventy", "cmd.cjs"),
      "--config=eleventy.config.mjs",
      `--output=${out}`,
      "--quiet",
    ],
    {
      cwd: site,
      env: { ...process.env, CIRCLE_CONTENT: content, CIRCLE_AUDIENCE: audience },
    },
  ).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
}

describe("mimeo's plugin in another Eleventy site", () => {
  it("builds the circle audience beside the site's own pages", async () => {
    const out = path.join(work, "circle-site");
    const { code, stderr } = await eleventy("circle", out);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(await readFile(path.join(out, "about", "index.html"), "utf8")).toContain(
      "made by mimeo",
    );
    expect(await readFile(path.join(out, "reports", "leaky.html"), "utf8")).toContain("Garza");
  }, 60_000);

  it("refuses the public audience before writing anything, and says to use mimeo build", async () => {
    const out = path.join(work, "public-site");
    const { code, stderr } = await eleventy("public", out);
    expect(code).not.toBe(0);
    expect(stderr).toContain("renders the circle audience only");
    expect(stderr).toContain("mimeo build --audience public");
    // Nothing of the circle, nor the site's own page, was written.
    expect(await readdir(out).catch(() => [])).toEqual([]);
  }, 60_000);
});
