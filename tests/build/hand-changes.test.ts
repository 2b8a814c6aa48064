// A build replaces public/ and circle/ whole. What a person put into them (a CNAME for a web
// host, a page corrected by hand) is theirs: `mimeo build` refuses, naming it, and leaves the
// output as it was, with the record of the last build and without it. Finder's and Explorer's
// litter does not stop a build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mimeo } from "../mimeo-process.ts";
import { treeHashes } from "../tree.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";

let root: string;
let content: string;
let out: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mimeo-hand-"));
  content = path.join(root, "content");
  out = path.join(root, "output");
  await cp(EXAMPLE, content, { recursive: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const buildArgs = (): string[] => ["build", "--no-pdf", "--content", content, "--out", out];

describe("mimeo build over files a person put into the output", () => {
  it("refuses an added file and a changed page, names them, and changes nothing", async () => {
    const first = await mimeo(buildArgs(), root);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    await writeFile(path.join(out, "public", "CNAME"), "archive.example.org\n");
    const index = path.join(out, "circle", "index.html");
    await writeFile(index, `${await readFile(index, "utf8")}<!-- fixed by hand -->\n`);
    const before = await treeHashes(out);

    const refused = await mimeo(buildArgs(), root);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("public/CNAME: not made by mimeo");
    expect(refused.stderr).toContain("circle/index.html: changed since the last build");
    expect(refused.stderr).toMatch(/Move these out of .*output/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await treeHashes(out)).toEqual(before);

    // Without the record of the last build (its cache wiped), the folders' own SHA256SUMS tell.
    await rm(path.join(root, ".cache"), { recursive: true, force: true });
    const again = await mimeo(buildArgs(), root);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("public/CNAME: not made by mimeo");
    expect(again.stderr).toContain("circle/index.html: changed since the last build");
    expect(await treeHashes(out)).toEqual(before);
  });

  it("builds once they are moved out, and drops Finder's and Explorer's litter", async () => {
    await rename(path.join(out, "public", "CNAME"), path.join(root, "CNAME"));
    await rm(path.join(out, "circle", "index.html"));
    await writeFile(path.join(out, "public", ".DS_Store"), "\x00\x00\x00\x01Bud1");
    await writeFile(path.join(out, "circle", "Thumbs.db"), "\0");
    await writeFile(path.join(out, "public", "._index.html"), "\x00\x05\x16\x07");
    const built = await mimeo(buildArgs(), root);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    expect(existsSync(path.join(out, "circle", "index.html"))).toBe(true);
    for (const litter of ["public/.DS_Store", "circle/Thumbs.db", "public/._index.html"]) {
      expect(existsSync(path.join(out, litter))).toBe(false);
    }
  });
});
