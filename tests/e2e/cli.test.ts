// The mimeo command as a person runs it: exit codes, messages, and an output folder that a
// failed or killed build leaves exactly as it was.
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, readdir, rm, writeFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");
const run = promisify(execFile);

async function mimeo(
  args: string[],
  cwd = root,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every file under `dir` with the SHA-256 of its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return out;
}

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
    const before = await snapshot(out);
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
    expect(await snapshot(out)).toEqual(before);

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
    expect(await snapshot(out)).toEqual(before);
    const again = await mimeo(["build", "--content", content, "--out", out]);
    expect(again.code).toBe(0);
    expect((await readdir(work)).filter((e) => e.startsWith(tmpPrefix))).toEqual([]);
  });

  it("refuses to write into a folder of someone else's files", async () => {
    const out = path.join(work, "precious");
    await cp(path.join(root, "tests", "fixtures", "minimal"), out, { recursive: true });
    const before = await snapshot(out);
    const result = await mimeo(["build", "--content", path.join(work, "content"), "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds files mimeo did not make/);
    expect(await snapshot(out)).toEqual(before);
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
  it("serves the site on localhost and rebuilds when the content changes", async () => {
    const content = path.join(work, "serve-content");
    await cp(path.join(root, "tests", "fixtures", "minimal"), content, { recursive: true });
    const port = 18000 + Math.floor(Math.random() * 1000);
    const child = spawn(
      process.execPath,
      [bin, "serve", "--content", content, "--port", String(port)],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const get = async (url: string): Promise<string> => {
      for (let i = 0; i < 200; i++) {
        const text = await fetch(`http://localhost:${port}${url}`)
          .then((r) => (r.ok ? r.text() : ""))
          .catch(() => "");
        if (text !== "") return text;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no answer from ${url}`);
    };
    try {
      expect(await get("/tactics/pantry.html")).toContain("Despensa solidaria");
      const file = path.join(content, "tactics", "pantry.md");
      await writeFile(
        file,
        (await readFile(file, "utf8")).replace("Despensa solidaria", "Despensa renovada"),
      );
      let page = "";
      for (let i = 0; i < 100 && !page.includes("Despensa renovada"); i++) {
        await new Promise((r) => setTimeout(r, 200));
        page = await get("/tactics/pantry.html");
      }
      expect(page).toContain("Despensa renovada");
    } finally {
      child.kill("SIGTERM");
    }
  });
});
