// Every command in README.md, run as written and in order, the way a new reader follows it:
// mimeo installed from the clone, a circle started in the home folder, built, bundled onto a
// "stick" and verified. Only the set-up block is left out (it reinstalls mimeo's packages and
// runs the whole test suite, this file included), and three things are put somewhere safe: HOME
// is a scratch folder, npm installs into a scratch prefix, and /media/usb is a scratch folder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exec, spawn } from "node:child_process";
import { promisify } from "node:util";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const root = path.join(import.meta.dirname, "..", "..");
const shell = promisify(exec);

let scratch: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "mimeo-readme-"));
  const prefix = path.join(scratch, "prefix");
  await mkdir(path.join(scratch, "usb"));
  env = {
    ...process.env,
    HOME: scratch,
    PATH: `${path.join(prefix, "bin")}${path.delimiter}${process.env.PATH}`,
    // `npm install -g .` links the clone into a scratch prefix, offline, running no scripts.
    npm_config_prefix: prefix,
    npm_config_offline: "true",
    npm_config_ignore_scripts: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    // The README's `mimeo new ledger 2027-01` follows the month the circle was started in.
    SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 2, 12) / 1000),
  };
  delete env.CI;
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The README's shell commands, block by block, without comments and blank lines. */
async function readmeBlocks(): Promise<string[][]> {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    (m[1] ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
}

/** `mimeo serve` runs until stopped: start it, read a page from it, stop it. */
async function serveOnce(command: string, cwd: string): Promise<void> {
  const child = spawn("bash", ["-c", `exec ${command}`], { cwd, env, detached: true });
  let said = "";
  child.stdout.on("data", (chunk: Buffer) => (said += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (said += chunk.toString()));
  try {
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!(url = /http:\/\/localhost:\d+\/\S*/.exec(said)?.[0]) && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${command} stopped: ${said}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(url, said).toBeDefined();
    const response = await fetch(url ?? "");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>");
  } finally {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
  }
}

describe("README.md", () => {
  it("starts with exactly the two set-up commands", async () => {
    const [setup] = await readmeBlocks();
    expect(setup?.map((line) => line.replace(/\s+#.*$/, ""))).toEqual([
      "npm run setup",
      "npm test",
    ]);
  });

  it("every other command runs as written, in order", async () => {
    const [, ...blocks] = await readmeBlocks();
    const commands = blocks.flat();
    expect(commands.length).toBeGreaterThan(15);
    let cwd = root;
    for (const written of commands) {
      const command = written.replaceAll("/media/usb", path.join(scratch, "usb"));
      const cd = /^cd (\S+)$/.exec(command);
      if (cd) {
        cwd = path.resolve(cwd, (cd[1] ?? "").replace(/^~/, scratch));
        expect((await stat(cwd)).isDirectory()).toBe(true);
        continue;
      }
      if (/^mimeo serve\b/.test(command)) {
        await serveOnce(command, cwd);
        continue;
      }
      try {
        await shell(command, { cwd, env, shell: "/bin/bash" });
      } catch (error) {
        const e = error as { stdout: string; stderr: string };
        expect.fail(`${written}\n${e.stdout}\n${e.stderr}`);
      }
    }
    // What the commands were for: a circle built and bundled onto the stick, and verified.
    const stick = path.join(scratch, "usb", "archive");
    expect((await stat(path.join(stick, "START-HERE.html"))).isFile()).toBe(true);
    expect(
      (await stat(path.join(scratch, "our-circle", "output", "circle", "ledger.html"))).isFile(),
    ).toBe(true);
  }, 600_000);
});
