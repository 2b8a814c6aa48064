// USB bundles end to end on disk: what lands in the folder, that sha256sum and mimeo verify both
// accept it and spot every change, and that a folder holding anything else is never touched.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  unlink,
  writeFile,
} from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  bundle,
  BundleError,
  formatVerifyReport,
  isClean,
  parseSums,
  verify,
} from "../../src/bundle/index.ts";
import type { BundleOptions } from "../../src/bundle/index.ts";
import { build } from "../../src/build/build.ts";
import { treeHashes } from "../tree.ts";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");
const PUBLIC: BundleOptions = { audience: "public", circleName: "Night Shift", language: "en" };

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-bundle-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A small finished build, shaped like output/public. */
async function fakeBuild(
  name = "build",
  audience: "public" | "circle" = "public",
  extra: Record<string, string> = {},
): Promise<string> {
  const dir = path.join(work, name);
  const files: Record<string, string> = {
    "index.html": `<!doctype html><body class="audience-${audience}"><a href="tactics/a.html">A</a></body>`,
    "tactics.html": "<!doctype html><p>tactics</p>",
    "tactics/a.html": "<!doctype html><p>a</p>",
    "assets/site.css": "body { margin: 0 }",
    "media/photo.jpg": "\u00ff\u00d8 not really a jpeg",
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** Names in `dir` that a killed or failed bundle would leave behind. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes(".bundle-"));
}

describe("bundle", () => {
  it("writes START-HERE.html, README.txt, SHA256SUMS and the site, and verifies clean", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "usb", "archive");
    await mkdir(path.dirname(target));
    const result = await bundle(buildDir, target, PUBLIC);
    expect(result).toEqual({ target, files: 7, replaced: false });
    expect((await readdir(target)).sort()).toEqual([
      "README.txt",
      "SHA256SUMS",
      "START-HERE.html",
      "site",
    ]);
    const sums = parseSums(await readFile(path.join(target, "SHA256SUMS"), "utf8"));
    expect(sums.map((line) => line.path)).toEqual([
      "README.txt",
      "START-HERE.html",
      "site/assets/site.css",
      "site/index.html",
      "site/media/photo.jpg",
      "site/tactics.html",
      "site/tactics/a.html",
    ]);
    const report = await verify(target);
    expect(report).toEqual({ changed: [], missing: [], extra: [], checked: 7, language: "en" });
    expect(isClean(report)).toBe(true);
    expect(formatVerifyReport(report)).toBe(
      "OK: all 7 files match SHA256SUMS, and there are no others.\n",
    );
    expect(await leftovers(path.dirname(target))).toEqual([]);
  });

  it("makes a start page with no script that links to the site, in the circle's language", async () => {
    const buildDir = await fakeBuild("build", "circle", { "print/index.html": "<p>print</p>" });
    const target = path.join(work, "archive");
    await bundle(buildDir, target, {
      audience: "circle",
      circleName: 'Comité <b>"Nuit"</b>',
      language: "fr",
    });
    const start = await readFile(path.join(target, "START-HERE.html"), "utf8");
    expect(start).toContain('<html lang="fr">');
    expect(start).toContain('href="site/index.html"');
    expect(start).toContain('href="site/print/index.html"');
    expect(start).toContain("Comité &lt;b&gt;&quot;Nuit&quot;&lt;/b&gt;");
    expect(start).toContain("Réservé au cercle");
    expect(start).not.toMatch(/<script|https?:|\/\/|\bsrc=/i);
    for (const href of start.matchAll(/href="([^"]+)"/g)) {
      expect(existsSync(path.join(target, href[1] ?? ""))).toBe(true);
    }
    const readme = await readFile(path.join(target, "README.txt"), "utf8");
    expect(readme).toContain("sha256sum -c SHA256SUMS");
    expect(readme).toContain("shasum -a 256 -c SHA256SUMS");
    expect(readme).toContain("mimeo verify");
    expect(readme).toContain("Réservé au cercle");
    expect(readme).not.toContain(work);
  });

  it("is accepted by coreutils sha256sum -c and by shasum -c, for a real build", async () => {
    const output = path.join(work, "output");
    await build({ content: path.join(root, "content"), out: output, audiences: ["public"] });
    const target = path.join(work, "archive");
    await bundle(path.join(output, "public"), target, PUBLIC);
    const { stdout } = await run("sha256sum", ["-c", "--strict", "SHA256SUMS"], { cwd: target });
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line).toMatch(/: OK$/);
    if (existsSync("/usr/bin/shasum")) {
      await expect(
        run("shasum", ["-a", "256", "-c", "SHA256SUMS"], { cwd: target }),
      ).resolves.toBeDefined();
    }
    expect(isClean(await verify(target))).toBe(true);
  });

  it("refuses a folder holding anything else, and leaves it untouched", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "photos");
    await mkdir(target);
    await writeFile(path.join(target, "holiday.jpg"), "mine");
    const before = await treeHashes(target);
    await expect(bundle(buildDir, target, PUBLIC)).rejects.toThrow(
      /photos holds files that are not a mimeo bundle \(holiday\.jpg\)/,
    );
    expect(await treeHashes(target)).toEqual(before);
    expect(await leftovers(work)).toEqual([]);
  });

  it("refuses an earlier bundle that someone added a file to, at the top", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "archive");
    await bundle(buildDir, target, PUBLIC);
    await writeFile(path.join(target, "notes.txt"), "mine");
    const before = await treeHashes(target);
    await expect(bundle(buildDir, target, PUBLIC)).rejects.toThrow(/notes\.txt/);
    expect(await treeHashes(target)).toEqual(before);
  });

  it("refuses an earlier bundle holding a file a person added or changed inside, naming it, before writing anything", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "archive");
    await bundle(buildDir, target, PUBLIC);
    await writeFile(path.join(target, "site", "CNAME"), "archive.example.org\n");
    await writeFile(path.join(target, "site", "tactics", "notes.txt"), "mine");
    await appendFile(path.join(target, "README.txt"), "\nKept in the drawer.\n");
    const before = await treeHashes(target);
    const refused = bundle(buildDir, target, PUBLIC);
    await expect(refused).rejects.toThrow(BundleError);
    await expect(refused).rejects.toThrow(
      `${target} holds files mimeo did not write (site/CNAME, site/tactics/notes.txt) and files changed since mimeo wrote them (README.txt). A new bundle replaces the whole folder and they would be lost: move them out of ${target} first, or delete them if they are not wanted, then bundle again. Nothing was written.`,
    );
    expect(await treeHashes(target)).toEqual(before);
    expect(await leftovers(work)).toEqual([]);
  });

  it("replaces an earlier bundle holding only OS litter inside", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "archive");
    await bundle(buildDir, target, PUBLIC);
    for (const file of [
      ".DS_Store",
      "site/Thumbs.db",
      "site/tactics/desktop.ini",
      "site/._a.html",
    ]) {
      await writeFile(path.join(target, ...file.split("/")), "litter");
    }
    await expect(bundle(buildDir, target, PUBLIC)).resolves.toMatchObject({ replaced: true });
    expect(isClean(await verify(target))).toBe(true);
  });

  it("refuses an earlier bundle whose SHA256SUMS cannot be read, saying what to do", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "archive");
    await bundle(buildDir, target, PUBLIC);
    await appendFile(path.join(target, "SHA256SUMS"), "not a line\n");
    const before = await treeHashes(target);
    await expect(bundle(buildDir, target, PUBLIC)).rejects.toThrow(
      /SHA256SUMS cannot be read .*so mimeo cannot tell the files it wrote from yours/,
    );
    expect(await treeHashes(target)).toEqual(before);
  });

  it("refuses a folder that only looks like a bundle (no mimeo marker)", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "archive");
    await mkdir(path.join(target, "site"), { recursive: true });
    await writeFile(path.join(target, "START-HERE.html"), "<p>someone else's</p>");
    await writeFile(path.join(target, "SHA256SUMS"), "");
    const before = await treeHashes(target);
    await expect(bundle(buildDir, target, PUBLIC)).rejects.toThrow(BundleError);
    expect(await treeHashes(target)).toEqual(before);
  });

  it("refuses a file as the target and a parent folder that does not exist", async () => {
    const buildDir = await fakeBuild();
    await writeFile(path.join(work, "file"), "x");
    await expect(bundle(buildDir, path.join(work, "file"), PUBLIC)).rejects.toThrow(/not a folder/);
    await expect(
      bundle(buildDir, path.join(work, "not-mounted", "archive"), PUBLIC),
    ).rejects.toThrow(/Is the stick plugged in and mounted/);
    expect(existsSync(path.join(work, "not-mounted"))).toBe(false);
  });

  it("accepts an empty folder, or one holding only OS litter", async () => {
    const buildDir = await fakeBuild();
    const target = path.join(work, "archive");
    await mkdir(target);
    await writeFile(path.join(target, ".DS_Store"), "finder");
    await bundle(buildDir, target, PUBLIC);
    expect(isClean(await verify(target))).toBe(true);
  });

  it("replaces an earlier bundle whole, leaving nothing behind", async () => {
    const first = await fakeBuild("first", "public", { "old-only.html": "<p>old</p>" });
    const second = await fakeBuild("second", "public", { "new-only.html": "<p>new</p>" });
    const target = path.join(work, "archive");
    await bundle(first, target, PUBLIC);
    const result = await bundle(second, target, PUBLIC);
    expect(result.replaced).toBe(true);
    expect(existsSync(path.join(target, "site", "old-only.html"))).toBe(false);
    expect(existsSync(path.join(target, "site", "new-only.html"))).toBe(true);
    expect(isClean(await verify(target))).toBe(true);
    expect(await leftovers(work)).toEqual([]);
  });

  it("refuses a build holding a symbolic link, naming it", async () => {
    const buildDir = await fakeBuild();
    await writeFile(path.join(work, "secret.txt"), "outside the build");
    await symlink(path.join(work, "secret.txt"), path.join(buildDir, "tactics", "leak.html"));
    const target = path.join(work, "archive");
    await expect(bundle(buildDir, target, PUBLIC)).rejects.toThrow(
      /tactics\/leak\.html in the build is a symbolic link/,
    );
    expect(existsSync(target)).toBe(false);
    expect(await leftovers(work)).toEqual([]);
  });

  it("refuses a build of the other audience, so circle pages never go out labelled public", async () => {
    const circle = await fakeBuild("circle", "circle");
    await expect(bundle(circle, path.join(work, "archive"), PUBLIC)).rejects.toThrow(
      /is the circle build, not the public one/,
    );
    await expect(
      bundle(path.join(work, "nothing"), path.join(work, "archive"), PUBLIC),
    ).rejects.toThrow(/not a folder/);
    expect(existsSync(path.join(work, "archive"))).toBe(false);
  });

  it("refuses to put the bundle inside the build", async () => {
    const buildDir = await fakeBuild();
    await expect(bundle(buildDir, path.join(buildDir, "usb"), PUBLIC)).rejects.toThrow(
      /must be apart/,
    );
  });

  it("makes byte-identical bundles from identical builds", async () => {
    const buildDir = await fakeBuild();
    const a = path.join(work, "a");
    const b = path.join(work, "b");
    await bundle(buildDir, a, PUBLIC);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a second later: no clock inside
    await bundle(buildDir, b, PUBLIC);
    const left = await treeHashes(a);
    expect(Object.keys(left)).toHaveLength(8);
    expect(await treeHashes(b)).toEqual(left);
  });
});

describe("verify", () => {
  async function freshBundle(options: BundleOptions = PUBLIC): Promise<string> {
    const target = path.join(work, "archive");
    await bundle(await fakeBuild(), target, options);
    return target;
  }

  it("reports a changed file", async () => {
    const target = await freshBundle();
    await appendFile(path.join(target, "site", "tactics", "a.html"), "<script>");
    expect(await verify(target)).toEqual({
      changed: ["site/tactics/a.html"],
      missing: [],
      extra: [],
      checked: 7,
      language: "en",
    });
  });

  it("reports a missing file", async () => {
    const target = await freshBundle();
    await unlink(path.join(target, "site", "assets", "site.css"));
    expect(await verify(target)).toMatchObject({
      changed: [],
      missing: ["site/assets/site.css"],
      extra: [],
    });
  });

  it("reports an added file, and a file swapped for a link as changed", async () => {
    const target = await freshBundle();
    await writeFile(path.join(target, "site", "tactics", "b.html"), "<p>planted</p>");
    await writeFile(path.join(target, "SHA256SUMS.bak"), "");
    await unlink(path.join(target, "site", "index.html"));
    await symlink("tactics.html", path.join(target, "site", "index.html"));
    const report = await verify(target);
    expect(report).toMatchObject({
      changed: ["site/index.html"],
      missing: [],
      extra: ["SHA256SUMS.bak", "site/tactics/b.html"],
    });
    expect(formatVerifyReport(report)).toBe(
      [
        "changed  site/index.html",
        "extra    SHA256SUMS.bak",
        "extra    site/tactics/b.html",
        "3 problems: this bundle is not as it was made. Do not trust the files named above.",
        "",
      ].join("\n"),
    );
  });

  it("reports an added empty folder, the outermost one only, and no folder a listed file was in", async () => {
    const target = await freshBundle();
    await mkdir(path.join(target, "site", "drafts", "old"), { recursive: true });
    await mkdir(path.join(target, "empty"));
    // Every file of a listed folder gone: the files are missing, the folder is no extra.
    await unlink(path.join(target, "site", "assets", "site.css"));
    // A folder holding an added file: the file says it.
    await mkdir(path.join(target, "site", "more"));
    await writeFile(path.join(target, "site", "more", "b.html"), "<p>planted</p>");
    const report = await verify(target);
    expect(report).toMatchObject({
      changed: [],
      missing: ["site/assets/site.css"],
      extra: ["empty/", "site/drafts/", "site/more/b.html"],
    });
    expect(isClean(report)).toBe(false);
    expect(formatVerifyReport(report)).toContain("extra    site/drafts/\n");
  });

  it("passes a stick that a Mac or Windows opened, and still names a planted page beside it", async () => {
    const target = await freshBundle();
    // Finder's and Spotlight's files, macOS's ._ companions on a FAT stick, Windows' own folders.
    await writeFile(path.join(target, ".DS_Store"), "\x00\x00\x00\x01Bud1");
    await writeFile(path.join(target, "site", "._index.html"), "\x00\x05\x16\x07");
    await mkdir(path.join(target, ".Trashes"));
    await mkdir(path.join(target, ".fseventsd"));
    await writeFile(path.join(target, ".fseventsd", "fseventsd-uuid"), "x");
    await mkdir(path.join(target, "System Volume Information"));
    await writeFile(path.join(target, "System Volume Information", "IndexerVolumeGuid"), "x");
    const opened = await verify(target);
    expect(opened).toMatchObject({ changed: [], missing: [], extra: [] });
    expect(isClean(opened)).toBe(true);
    await writeFile(path.join(target, "site", "tactics", "b.html"), "<p>planted</p>");
    expect((await verify(target)).extra).toEqual(["site/tactics/b.html"]);
  });

  it("shows control characters in a planted file name escaped", async () => {
    const target = await freshBundle();
    await writeFile(path.join(target, "site", "evil\u001b[2Jname"), "x");
    const text = formatVerifyReport(await verify(target));
    expect(text).toContain("extra    site/evil\\u001b[2Jname");
    expect(text).not.toContain("\u001b");
  });

  it("speaks the bundle's language", async () => {
    const target = await freshBundle({ ...PUBLIC, language: "es" });
    expect(formatVerifyReport(await verify(target))).toBe(
      "Correcto: los 7 archivos coinciden con SHA256SUMS y no hay ningún otro.\n",
    );
    await unlink(path.join(target, "site", "assets", "site.css"));
    expect(formatVerifyReport(await verify(target))).toBe(
      "falta     site/assets/site.css\n1 problema: esta copia no está como se hizo. No confíes en los archivos nombrados arriba.\n",
    );
  });

  it("refuses a SHA256SUMS that points outside the bundle, or is missing", async () => {
    const target = await freshBundle();
    await writeFile(path.join(target, "SHA256SUMS"), `${"0".repeat(64)}  ../secret.txt\n`);
    await expect(verify(target)).rejects.toThrow(/SHA256SUMS line 1 names "..\/secret.txt"/);
    await writeFile(path.join(target, "SHA256SUMS"), "not a checksum line\n");
    await expect(verify(target)).rejects.toThrow(/SHA256SUMS line 1 is not/);
    await unlink(path.join(target, "SHA256SUMS"));
    await expect(verify(target)).rejects.toThrow(/has no SHA256SUMS/);
  });
});
