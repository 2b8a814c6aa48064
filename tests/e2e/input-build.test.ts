// What build, check and serve do with input from other tools and unusual places: images that
// cannot be decoded, output folders beside look-alike or symlinked paths or on a stick that is
// not mounted, the print cache, and what is left on disk. Never a stack trace; nothing left behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { main, reportUnexpected } from "../../src/cli.ts";
import { ImageError, MAX_INPUT_PIXELS, reencodeImage } from "../../src/site/images.ts";
import { CacheUse } from "../../src/print/cache.ts";
import { PrintError } from "../../src/print/shop.ts";
import { printCacheFor, SERVE_SCRATCH_PREFIX } from "../../src/site/locations.ts";
import { serve } from "../../src/build/serve.ts";
import { treeHashes } from "../tree.ts";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");
const example = path.join(root, "content");
const minimal = path.join(root, "tests", "fixtures", "minimal");
const runFile = promisify(execFile);

async function mimeoBin(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await runFile(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A process id that is surely gone: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.on("exit", resolve));
  return pid;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-input-build-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("an unexpected error", () => {
  it("is one line saying what mimeo was doing and how to report it; MIMEO_DEBUG=1 adds the stack", () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const error = new PrintError("the poster runs onto 2 pages of 216 × 279 mm");
    reportUnexpected(error, "build", io, {});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^mimeo: unexpected error while building the site: the poster runs onto 2 pages .*\(PrintError\)\. Please report it .*MIMEO_DEBUG=1/,
    );
    reportUnexpected(error, "build", io, { MIMEO_DEBUG: "1" });
    expect(lines.slice(1).join("\n")).toMatch(/\n\s+at /);
  });

  it("from the command (a browser that will not start) exits 1 saying what to do, and writes nothing", async () => {
    const parent = path.join(work, "no-browser");
    await cp(minimal, path.join(parent, "content"), { recursive: true });
    const args = ["build", "--content", "content", "--out", "output", "--cache", "cache"];
    const env = { MIMEO_CHROME: "/bin/false", MIMEO_DEBUG: "" };
    const result = await mimeoBin(args, { cwd: parent, env });
    expect(result.code).toBe(1);
    // The machine's problem, which the person can fix: not an error of mimeo's to report.
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^mimeo: could not start the browser at \/bin\/false \(.+\)\. Check that it runs \(false --version\), or point MIMEO_CHROME at another Chrome or Chromium\.$/,
    );
    expect(lines[1]).toMatch(/mimeo build --no-pdf/);
    expect(lines[0]).not.toMatch(/ {2}/);
    expect(result.stderr).not.toMatch(/unexpected|report it|TROUBLESHOOTING|pptr\.dev/);
    expect(result.stderr).not.toMatch(/\n\s+at |Node\.js v/);
    // A browser path that is not there says so, as plainly.
    const missing = await mimeoBin(args, {
      cwd: parent,
      env: { ...env, MIMEO_CHROME: path.join(parent, "no-such-browser") },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^mimeo: MIMEO_CHROME is set to ".*no-such-browser", but there is no browser there/,
    );
    expect(missing.stderr).not.toMatch(/unexpected|\n\s+at /);
    // A browser that cannot run says why, in its own words: a library missing, most often.
    const broken = path.join(work, "broken-chrome");
    await writeFile(
      broken,
      '#!/bin/sh\necho "chrome: error while loading shared libraries: libnss3.so" >&2\nexit 127\n',
      { mode: 0o755 },
    );
    const unrunnable = await mimeoBin(args, { cwd: parent, env: { ...env, MIMEO_CHROME: broken } });
    expect(unrunnable.code).toBe(1);
    expect(unrunnable.stderr).toMatch(
      /^mimeo: could not start the browser at .*broken-chrome \(broken-chrome --version: chrome: error while loading shared libraries: libnss3\.so\)\./,
    );
    expect((await readdir(parent)).sort()).toEqual(["content"]);

    // A cache that was there before the failed build stays, with what it held.
    await mkdir(path.join(parent, "cache"));
    await writeFile(path.join(parent, "cache", "kept"), "from an earlier build\n");
    const debug = await mimeoBin(args, { cwd: parent, env: { ...env, MIMEO_DEBUG: "1" } });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(await readFile(path.join(parent, "cache", "kept"), "utf8")).toBe(
      "from an earlier build\n",
    );
  });
});

describe("images that cannot be decoded", () => {
  const broken: Record<string, (file: string) => Promise<void>> = {
    "an empty file": (file) => writeFile(file, ""),
    "a JPEG cut short": async (file) => writeFile(file, (await readFile(file)).subarray(0, 20_000)),
    "a PNG whose header claims 100000 × 100000 pixels": (file) => writeFile(file, hugePng()),
    "a symlink to a text file": async (file) => {
      await writeFile(path.join(path.dirname(file), "notes.txt"), "not a picture\n");
      await rm(file);
      await symlink("notes.txt", file);
    },
  };

  for (const [name, breakIt] of Object.entries(broken)) {
    it(`${name}: check names the report and line; build fails cleanly and keeps the old output`, async () => {
      const parent = await mkdtemp(path.join(work, "image-"));
      const content = path.join(parent, "content");
      const out = path.join(parent, "output");
      await cp(example, content, { recursive: true });
      const built = await run(["build", "--no-pdf", "--content", content, "--out", out]);
      expect(built.code, built.err).toBe(0);
      const before = await treeHashes(out);

      await breakIt(path.join(content, "media", "stacked-crates.jpg"));
      const checked = await run(["check", "--content", content]);
      expect(checked.code).toBe(1);
      expect(checked.err).toMatch(
        /^reports\/heat-stoppage\.md:23: the image media\/stacked-crates\.jpg cannot be used: /m,
      );
      expect(checked.err).not.toMatch(/unexpected error|\n\s+at /);

      const rebuilt = await run(["build", "--no-pdf", "--content", content, "--out", out]);
      expect(rebuilt.code).toBe(1);
      expect(rebuilt.err).toMatch(/^reports\/heat-stoppage\.md:23: the image/m);
      expect(await treeHashes(out)).toEqual(before);
    });
  }

  it("the encoder itself answers with a plain ImageError, never sharp's own", async () => {
    const dir = await mkdtemp(path.join(work, "encode-"));
    const huge = path.join(dir, "huge.png");
    await writeFile(huge, hugePng());
    const cut = path.join(dir, "cut.jpg");
    await writeFile(
      cut,
      (await readFile(path.join(example, "media", "stacked-crates.jpg"))).subarray(0, 20_000),
    );
    const tooLarge = await reencodeImage(huge, path.join(dir, "out.png"), "media/huge.png").catch(
      (e: unknown) => e,
    );
    expect(tooLarge).toBeInstanceOf(ImageError);
    expect((tooLarge as ImageError).message).toMatch(/larger than the 200 megapixels mimeo reads/);
    const error = await reencodeImage(cut, path.join(dir, "out.jpg"), "media/cut.jpg").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).message).toMatch(/cut short or damaged/);
    expect(MAX_INPUT_PIXELS).toBeLessThan(100_000 * 100_000);
  });

  it("keeps no text a PNG carries: tEXt, zTXt and iTXt chunks", async () => {
    const dir = await mkdtemp(path.join(work, "text-"));
    const pixels = deflateSync(
      Buffer.concat(Array.from({ length: 4 }, () => Buffer.from([0, ...Array(12).fill(200)]))),
    );
    const said = ["SECRET-COMMENT-42.1234N", "Jane Roe", "at Mara's flat"];
    const input = path.join(dir, "said.png");
    await writeFile(
      input,
      png(4, 4, pixels, [
        pngChunk("tEXt", Buffer.from(`Comment\0${said[0] ?? ""}`, "latin1")),
        pngChunk(
          "zTXt",
          Buffer.concat([Buffer.from("Author\0\0", "latin1"), deflateSync(said[1] ?? "")]),
        ),
        pngChunk("iTXt", Buffer.from(`Description\0\0\0\0\0${said[2] ?? ""}`, "utf8")),
      ]),
    );
    expect((await readFile(input)).toString("latin1")).toContain(said[0]);
    const output = path.join(dir, "out.png");
    await reencodeImage(input, output, "media/said.png");
    const written = await readFile(output);
    for (const text of said) expect(written.toString("latin1")).not.toContain(text);
    expect(written.toString("latin1")).not.toMatch(/tEXt|zTXt|iTXt/);
    expect(deflatedTexts(written)).toEqual([]);
  });
});

/** The text of every zTXt chunk in a PNG (compressed, so not found by looking at the bytes). */
function deflatedTexts(bytes: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString("latin1", at + 4, at + 8) === "zTXt")
      texts.push(bytes.toString("latin1", at + 8, at + 8 + length));
    at += 12 + length;
  }
  return texts;
}

/** One PNG chunk: length, type, data and CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, sum]);
}

/** A PNG of `width` × `height` (8-bit RGB) with `chunks` before its pixels. */
function png(width: number, height: number, idat: Buffer, chunks: Buffer[] = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    ...chunks,
    pngChunk("IDAT", idat),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A valid PNG header that claims 100000 × 100000 pixels, with almost no data behind it. */
function hugePng(): Buffer {
  return png(100_000, 100_000, Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]));
}

describe("where the output goes", () => {
  it("builds from /x/nu into /x/nu-es/output: a path that starts like the working folder", async () => {
    const nu = path.join(work, "nu");
    await cp(minimal, path.join(nu, "content"), { recursive: true });
    await mkdir(path.join(work, "nu-es"));
    const previous = process.cwd();
    process.chdir(nu);
    try {
      const out = path.join(work, "nu-es", "output");
      const result = await run(["build", "--no-pdf", "--out", out]);
      expect(result.code, result.err).toBe(0);
      expect(existsSync(path.join(out, "public", "index.html"))).toBe(true);
    } finally {
      process.chdir(previous);
    }
  });

  it("refuses an output inside the real content folder reached through a symlink", async () => {
    const real = path.join(work, "real-circle");
    await cp(minimal, real, { recursive: true });
    const link = path.join(work, "circle-link");
    await symlink(real, link);
    const before = await treeHashes(real);
    const result = await run([
      "build",
      "--no-pdf",
      "--content",
      link,
      "--out",
      path.join(real, "output"),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/must be apart/);
    expect(await treeHashes(real)).toEqual(before);
  });

  it("refuses an output whose parent folder does not exist: the stick may not be mounted", async () => {
    const stick = path.join(work, "media-usb");
    const result = await run([
      "build",
      "--no-pdf",
      "--content",
      minimal,
      "--out",
      path.join(stick, "archive"),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/does not exist\. Is the stick plugged in and mounted\?/);
    expect(existsSync(stick)).toBe(false);
  });
});

describe("the print cache", () => {
  it("is where --cache or MIMEO_CACHE says, else beside the output", () => {
    expect(printCacheFor("/a/output", undefined, {})).toBe(
      path.join("/a", ".cache", "mimeo-print"),
    );
    expect(printCacheFor("/a/output", undefined, { MIMEO_CACHE: "/c" })).toBe(path.resolve("/c"));
    expect(printCacheFor("/a/output", "/d", { MIMEO_CACHE: "/c" })).toBe(path.resolve("/d"));
  });

  it("keeps only the entries a build used", async () => {
    const dir = path.join(work, "prune");
    const file = (rel: string): string => path.join(dir, rel);
    // A cache folder other programs use too (`--cache ~/.cache`): their files are not mimeo's.
    const others = ["notes.txt", "other-app/state.db", "Ab/x"];
    for (const rel of [
      "ab/ab1.pdf",
      "ab/ab2.pdf",
      "sheets/cd/k1/0",
      "sheets/cd/k2/0",
      "ab/x.part",
      ...others,
    ]) {
      await mkdir(path.dirname(file(rel)), { recursive: true });
      await writeFile(file(rel), "x");
    }
    const use = new CacheUse(dir);
    use.mark(file("ab/ab1.pdf"));
    use.mark(file("sheets/cd/k1"));
    expect(await use.prune()).toBe(3);
    expect(Object.keys(await treeHashes(dir)).sort()).toEqual(
      [
        path.join("ab", "ab1.pdf"),
        path.join("sheets", "cd", "k1", "0"),
        ...others.map((o) => path.join(...o.split("/"))),
      ].sort(),
    );
    const readOnly = new CacheUse(dir, false);
    expect(await readOnly.prune()).toBe(0);
    expect(Object.keys(await treeHashes(dir))).toHaveLength(5);
  });

  it("after a public build holds no circle-only sheet; check reads it and writes nothing anywhere", async () => {
    const parent = path.join(work, "cache-build");
    const content = path.join(parent, "content");
    await cp(minimal, content, { recursive: true });
    const cache = path.join(parent, ".cache", "mimeo-print");
    const previous = process.cwd();
    process.chdir(parent);
    try {
      const all = await run(["build"]);
      expect(all.code, all.err).toBe(0);
      expect(all.out).toContain(
        `print cache (only what this output and other outputs still there use): ${cache}`,
      );
      const full = Object.keys(await treeHashes(cache));
      // Left by an older build: a sheet nothing uses any more.
      await mkdir(path.join(cache, "sheets", "00", "old"), { recursive: true });
      await writeFile(path.join(cache, "sheets", "00", "old", "manifest.json"), "{}");

      const before = await treeHashes(parent);
      const tmpBefore = (await readdir(os.tmpdir())).filter((e) => e.includes(`-${process.pid}-`));
      const checked = await run(["check", "--audience", "public"]);
      expect(checked.code, checked.err).toBe(0);
      expect(await treeHashes(parent)).toEqual(before);
      expect((await readdir(os.tmpdir())).filter((e) => e.includes(`-${process.pid}-`))).toEqual(
        tmpBefore,
      );

      const pub = await run(["build", "--audience", "public"]);
      expect(pub.code, pub.err).toBe(0);
      const kept = Object.keys(await treeHashes(cache));
      expect(kept.length).toBeLessThan(full.length);
      expect(kept.some((f) => f.includes("old"))).toBe(false);
      expect((await readdir(parent)).sort()).toEqual([".cache", "content", "output"]);

      // Everything kept was used: the same build again renders nothing.
      const again = await run(["build", "--audience", "public"]);
      expect(again.out).toMatch(/PDFs: 0 rendered/);
    } finally {
      process.chdir(previous);
    }
  }, 300_000);
});

describe("mimeo serve", () => {
  it("prints the problems as check does and serves a page listing them, then the site again", async () => {
    const content = path.join(work, "serve-content");
    await cp(minimal, content, { recursive: true });
    const stale = path.join(os.tmpdir(), `${SERVE_SCRATCH_PREFIX}${await deadPid()}-stale`);
    await mkdir(stale, { recursive: true });
    // It starts with a problem: there is no site to show yet, only the problem.
    const circle = path.join(content, "circle.yaml");
    const good = await readFile(circle, "utf8");
    const broken = `${good}\nlanguage: [\n`;
    await writeFile(circle, broken);
    const said: string[] = [];
    const running = await serve({
      content,
      audience: "circle",
      port: 18_000 + (process.pid % 1000),
      log: (l) => said.push(l),
    });
    const page = async (): Promise<string> =>
      (await fetch(new URL("index.html", running.url))).text();
    /** Waits for the page to show something; saves the file again now and then, as people do
     * (a save while the watcher is still starting can go unseen on a busy machine). */
    const until = async (shows: (html: string) => boolean, text: string): Promise<string> => {
      let html = await page();
      for (let i = 1; i <= 150 && !shows(html); i++) {
        await new Promise((r) => setTimeout(r, 200));
        if (i % 25 === 0) await writeFile(circle, text);
        html = await page();
      }
      return html;
    };
    const problemsShown = (html: string): boolean => html.includes("in the content</h1>");
    try {
      expect(existsSync(stale)).toBe(false);
      expect((await stat(running.scratch)).isDirectory()).toBe(true);
      let shown = await page();
      expect(shown, said.join("\n")).toMatch(/\d+ problems? in the content/);
      expect(shown).toContain("circle.yaml:");
      expect(said.join("\n")).toMatch(/^circle\.yaml:\d+: /m);

      await writeFile(circle, good);
      shown = await until((html) => html.includes("<nav"), good);
      expect(shown, said.join("\n")).toContain("<nav");

      // A problem while serving: printed as check prints it, and every page shows it.
      said.length = 0;
      await writeFile(circle, broken);
      shown = await until(problemsShown, broken);
      expect(shown, said.join("\n")).toMatch(/\d+ problems? in the content/);
      expect(said.join("\n")).toMatch(/^circle\.yaml:\d+: /m);
      expect(said.join("\n")).not.toMatch(/\n\s+at |ContentError/);

      await writeFile(circle, good);
      shown = await until((html) => html.includes("<nav"), good);
      expect(shown).not.toContain("in the content</h1>");
    } finally {
      await running.stop();
    }
    expect(existsSync(running.scratch)).toBe(false);
  });

  it("stops on SIGTERM, and when the shell that started it (npx) is killed; removes its scratch", async () => {
    const content = path.join(work, "serve-signal");
    await cp(minimal, content, { recursive: true });
    const port = String(19_000 + (process.pid % 1000));
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    /** Starts `command`, waits until the server watches, and returns the server's process. */
    const start = async (command: string, args: string[]) => {
      const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
      let said = "";
      child.stdout.on("data", (b: Buffer) => (said += b.toString("utf8")));
      child.stderr.on("data", (b: Buffer) => (said += b.toString("utf8")));
      for (let i = 0; i < 300 && !said.includes("Watching"); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(said).toContain("Watching");
      return child;
    };
    const scratchOf = async (pid: number): Promise<string> => {
      const names = (await readdir(os.tmpdir())).filter((e) =>
        e.startsWith(`${SERVE_SCRATCH_PREFIX}${pid}-`),
      );
      expect(names).toHaveLength(1);
      return path.join(os.tmpdir(), names[0] ?? "");
    };
    const gone = async (pid: number, scratch: string): Promise<void> => {
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(false);
      expect(existsSync(scratch)).toBe(false);
    };

    const direct = await start(process.execPath, [
      bin,
      "serve",
      "--content",
      content,
      "--port",
      port,
    ]);
    const directScratch = await scratchOf(direct.pid ?? 0);
    direct.kill("SIGTERM");
    await gone(direct.pid ?? 0, directScratch);

    // As npx starts it: under a shell that does not pass signals on, and the shell is killed.
    const shell = await start("sh", [
      "-c",
      `"${process.execPath}" "${bin}" serve --content "${content}" --port ${port}; true`,
    ]);
    const { stdout } = await runFile("ps", ["-o", "pid=", "--ppid", String(shell.pid)]);
    const server = Number(stdout.trim());
    expect(server).toBeGreaterThan(0);
    const scratch = await scratchOf(server);
    shell.kill("SIGKILL");
    await gone(server, scratch);
  });
});
