// The mimeo command as a person runs it: exit codes, messages, and an output folder that a
// failed or killed build leaves exactly as it was.
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { treeHashes } from "../tree.ts";
import { mimeo } from "../mimeo-process.ts";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-cli-"));
  await cp(path.join(root, "tests", "fixtures", "minimal"), path.join(work, "content"), {
    recursive: true,
  });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("mimeo check", () => {
  it("lists every problem with file and line, exits 1 and prints no stack trace", async () => {
    const result = await mimeo([
      "check",
      "--content",
      path.join(root, "tests", "fixtures", "broken"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("tactics/bad-kind.md:3: kind: must be one of");
    expect(result.stderr).toContain("rotation.md:8: members[1].name: heron is listed twice");
    expect(result.stderr).toMatch(/24 problems found; nothing was written\./);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("passes the example circle", async () => {
    const result = await mimeo(["check"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no problems found/);
  });

  it("exits 2 on usage errors", async () => {
    expect((await mimeo(["frobnicate"])).code).toBe(2);
    expect((await mimeo(["build", "--audience", "everyone"])).stderr).toMatch(
      /--audience must be public, circle or all/,
    );
    expect((await mimeo(["check", "--no-such-flag"])).code).toBe(2);
  });
});

describe("mimeo build", () => {
  it("writes public/ and circle/ and leaves them byte-identical when a later build fails", async () => {
    const content = path.join(work, "content");
    const out = path.join(work, "output");
    const first = await mimeo(["build", "--content", content, "--out", out]);
    expect(first.code, first.stderr).toBe(0);
    const before = await treeHashes(out);
    expect(Object.keys(before)).toContain(path.join("public", "index.html"));
    expect(Object.keys(before)).toContain(path.join("circle", "rotation.html"));

    // A content error: nothing is written.
    const broken = path.join(work, "broken");
    await cp(content, broken, { recursive: true });
    await writeFile(
      path.join(broken, "tactics", "pantry.md"),
      "---\ntitle: x\nkind: nope\nrisk: low\n---\n",
    );
    const failed = await mimeo(["build", "--content", broken, "--out", out]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("tactics/pantry.md:3: kind:");
    expect(await treeHashes(out)).toEqual(before);

    // A build killed half-way: the old output stays, and the next build tidies up.
    const child = spawn(process.execPath, [bin, "build", "--content", content, "--out", out], {
      stdio: "ignore",
    });
    const tmpPrefix = ".output.tmp-";
    for (let i = 0; i < 400; i++) {
      const entries = await readdir(work);
      if (entries.some((e) => e.startsWith(tmpPrefix))) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(await treeHashes(out)).toEqual(before);
    const again = await mimeo(["build", "--content", content, "--out", out]);
    expect(again.code).toBe(0);
    expect((await readdir(work)).filter((e) => e.startsWith(tmpPrefix))).toEqual([]);
  });

  it("refuses to write into a folder of someone else's files", async () => {
    const out = path.join(work, "precious");
    await cp(path.join(root, "tests", "fixtures", "minimal"), out, { recursive: true });
    const before = await treeHashes(out);
    const result = await mimeo(["build", "--content", path.join(work, "content"), "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds files mimeo did not make/);
    expect(await treeHashes(out)).toEqual(before);
  });

  it("refuses an --out that is a file before building, and leaves it as it was", async () => {
    const out = path.join(work, "notes.txt");
    await writeFile(out, "our own notes\n");
    const result = await mimeo([
      "build",
      "--no-pdf",
      "--content",
      path.join(work, "content"),
      "--out",
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/notes\.txt is a file, not a folder/);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(await readFile(out, "utf8")).toBe("our own notes\n");
  });

  it("refuses a --cache inside the output or the content folder, writing nothing there", async () => {
    const content = path.join(work, "content");
    const before = await treeHashes(content);
    for (const [cache, name] of [
      [path.join(work, "cached-out", "public"), "output"],
      [path.join(content, "cache"), "content"],
    ] as const) {
      const result = await mimeo([
        "build",
        "--no-pdf",
        "--content",
        content,
        "--out",
        path.join(work, "cached-out"),
        "--cache",
        cache,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`is inside the ${name} folder`);
      expect(existsSync(cache)).toBe(false);
    }
    expect(await treeHashes(content)).toEqual(before);
  });

  it("refuses a folder whose only entry is a public folder a build did not make", async () => {
    const out = path.join(work, "hand-made");
    await mkdir(path.join(out, "public"), { recursive: true });
    await writeFile(path.join(out, "public", "index.html"), "<p>our own page</p>\n");
    const before = await treeHashes(out);
    const result = await mimeo(["build", "--content", path.join(work, "content"), "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds files mimeo did not make \(public\)/);
    expect(await treeHashes(out)).toEqual(before);
  });
});

describe("mimeo new", () => {
  it("creates a report dated today that passes check, and never overwrites", async () => {
    const content = path.join(work, "content");
    const made = await mimeo(["new", "report", "Night shift log-off", "--content", content], work);
    expect(made.code, made.stderr).toBe(0);
    const file = path.join(content, "reports", "night-shift-log-off.md");
    const text = await readFile(file, "utf8");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Mexico_City" }).format(
      new Date(),
    );
    expect(text).toContain(`date: ${today}`);
    expect(text).toContain("audience: circle");
    expect((await mimeo(["check", "--content", content])).code).toBe(0);

    await writeFile(file, text + "\nMy own words.\n");
    const again = await mimeo(["new", "report", "Night shift log-off", "--content", content], work);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(await readFile(file, "utf8")).toContain("My own words.");

    expect((await mimeo(["new", "tactic", "Slow-down drill", "--content", content])).code).toBe(0);
    expect((await mimeo(["new", "ledger", "2026-12", "--content", content])).code).toBe(0);
    expect(await stat(path.join(content, "ledger", "2026-12.md"))).toBeTruthy();
    expect((await mimeo(["check", "--content", content])).code).toBe(0);
  });
});

describe("mimeo serve", () => {
  it("serves the site on localhost, says where, and rebuilds when the content changes", async () => {
    const content = path.join(work, "serve-content");
    await cp(path.join(root, "tests", "fixtures", "minimal"), content, { recursive: true });
    // The port asked for is taken: the server moves to a free one and must say which.
    const taken = createServer((_, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => taken.listen(0, "localhost", resolve));
    const port = (taken.address() as AddressInfo).port;
    const child = spawn(
      process.execPath,
      [bin, "serve", "--content", content, "--port", String(port)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    // What the server said: where it serves, and for the failure message, what went wrong.
    let said = "";
    child.stdout.on("data", (b: Buffer) => (said += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (said += b.toString("utf8")));
    const served = async (): Promise<URL> => {
      for (let i = 0; i < 300; i++) {
        const url = /serving the circle site on (\S+)/.exec(said)?.[1];
        if (url !== undefined) return new URL(url);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`mimeo serve never said where it serves:\n${said}`);
    };
    try {
      const site = await served();
      expect(site.port).not.toBe(String(port));
      const get = async (page: string): Promise<string> => {
        const response = await fetch(new URL(page, site));
        expect(response.ok, said).toBe(true);
        return response.text();
      };
      expect(await get("tactics/pantry.html")).toContain("Despensa solidaria");
      const file = path.join(content, "tactics", "pantry.md");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace("Despensa solidaria", "Despensa renovada"),
      );
      let page = "";
      for (let i = 0; i < 100 && !page.includes("Despensa renovada"); i++) {
        await new Promise((r) => setTimeout(r, 200));
        page = await get("tactics/pantry.html");
      }
      expect(page, said).toContain("Despensa renovada");
    } finally {
      child.kill("SIGTERM");
      taken.close();
    }
  });
});

describe("mimeo draw and mimeo rotation", () => {
  it("prints RFC 3797's published example: the key, then each pick in order", async () => {
    const result = await mimeo([
      "draw",
      "--seed",
      "9319 / 2 5 8 10 12 / 9 18 26 34 41 45",
      "--pool",
      "25",
      "--pick",
      "10",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("key: 9319./2.5.8.10.12./9.18.26.34.41.45./");
    const picks = lines
      .filter((l) => /^\s+\d+\s+[0-9A-F]{32}/.test(l))
      .map((l) => Number(l.trim().split(/\s+/).at(-1)));
    // RFC 3797 section 6 (the quoted list had the last two wrong: the RFC prints 19, 13).
    expect(picks).toEqual([17, 7, 2, 16, 25, 23, 8, 24, 19, 13]);
    expect(lines[3]).toContain("990DD0A5692A029A98B5E01AA28F3459");
  });

  it("draws names from a file", async () => {
    const names = path.join(work, "names.txt");
    await writeFile(names, "Heron\nKestrel\n# not a name\nWren\n");
    const result = await mimeo(["draw", "--seed", "1 2 3 / 4 5", "--names", names]);
    expect(result.code).toBe(0);
    const picked = result.stdout
      .trim()
      .split("\n")
      .slice(3)
      .map((l) => l.trim().split(/\s+/).at(-1));
    expect([...picked].sort()).toEqual(["Heron", "Kestrel", "Wren"]);
    expect((await mimeo(["draw", "--seed", "x / y", "--pool", "5"])).code).toBe(2);
  });

  it("prints the plan as CSV, one row per term and role", async () => {
    const result = await mimeo([
      "rotation",
      "--format",
      "csv",
      "--content",
      path.join(root, "tests", "fixtures", "minimal"),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.trim().split(/\r?\n/);
    expect(rows[0]).toBe("term,start,end,role,member");
    expect(rows).toHaveLength(1 + 4 * 2);
    expect(rows[1]).toBe("1,2026-11-02,2026-11-15,facilitator,Garza");
  });
});

describe("mimeo bundle and mimeo verify", () => {
  it("bundles a build, verifies it, and reports a changed file with exit code 1", async () => {
    const content = path.join(work, "content");
    const out = path.join(work, "bundle-output");
    expect((await mimeo(["build", "--content", content, "--out", out])).code).toBe(0);
    const usb = path.join(work, "usb");
    const made = await mimeo(["bundle", usb, "--content", content, "--out", out]);
    expect(made.code, made.stderr).toBe(0);
    expect(await stat(path.join(usb, "START-HERE.html"))).toBeTruthy();
    expect((await mimeo(["verify", usb])).code).toBe(0);
    await writeFile(path.join(usb, "site", "index.html"), "tampered");
    const checked = await mimeo(["verify", usb]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/cambiado\s+site\/index\.html/);
  });
});

describe("absolute addresses and the feed", () => {
  it("writes an Atom feed only with --base-url, and no absolute address without it", async () => {
    const content = path.join(root, "tests", "fixtures", "minimal");
    const plain = path.join(work, "no-feed");
    expect((await mimeo(["build", "--content", content, "--out", plain, "--no-pdf"])).code).toBe(0);
    await expect(stat(path.join(plain, "public", "feed.xml"))).rejects.toThrow();
    for (const file of await readdir(path.join(plain, "public"), { recursive: true })) {
      if (!/\.(html|js|css|xml|ics)$/.test(file)) continue;
      const text = await readFile(path.join(plain, "public", file), "utf8");
      expect(text, file).not.toMatch(/(href|src)="(https?:|file:|\/)/);
    }
    const fed = path.join(work, "feed");
    const built = await mimeo([
      "build",
      "--content",
      content,
      "--out",
      fed,
      "--no-pdf",
      "--base-url",
      "http://archive.example/",
    ]);
    expect(built.code, built.stderr).toBe(0);
    const feed = await readFile(path.join(fed, "public", "feed.xml"), "utf8");
    expect(feed).toContain('<link href="http://archive.example/reports/public-one.html"/>');
    expect(feed).toContain("<updated>2026-10-01T00:00:00Z</updated>");
    expect(feed).not.toContain("circle-one");
    await expect(stat(path.join(fed, "circle", "feed.xml"))).rejects.toThrow();
    expect(
      (await mimeo(["build", "--content", content, "--out", fed, "--base-url", "ftp://x"])).code,
    ).toBe(2);
  });
});

describe("mimeo check --audience public", () => {
  it("runs the leak guard over a scratch build and writes nothing", async () => {
    const content = path.join(work, "check-content");
    await cp(path.join(root, "tests", "fixtures", "minimal"), content, { recursive: true });
    const clean = await mimeo(["check", "--content", content, "--audience", "public", "--no-pdf"]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("public output: no leaks found.");
    const file = path.join(content, "tactics", "pantry.md");
    await writeFile(file, (await readFile(file, "utf8")) + "\nAsk Garza.\n");
    const leaky = await mimeo(["check", "--content", content, "--audience", "public", "--no-pdf"]);
    expect(leaky.code).toBe(1);
    // One entry for the one leak, with every output it reached.
    expect(leaky.stderr).toMatch(/leak 1 of 1: a member's name from rotation\.md, "G\*\*\*\*"\n/);
    expect(leaky.stderr).toMatch(
      /reached \d+ outputs: .*public\/tactics\/pantry\.html \(page text/,
    );
    expect(leaky.stderr).toContain("1 possible leak in the public output");
    expect(leaky.stderr).toContain("from tactics/pantry.md:8");
    expect(leaky.stderr).not.toContain("Garza");
    expect(await readdir(work)).not.toContain("check-output");
  });
});
