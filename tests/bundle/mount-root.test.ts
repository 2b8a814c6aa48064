// A USB stick's root as the folder to fill: `mimeo bundle` and `mimeo unseal` into the root of
// a mounted disk (a tmpfs mounted in a user namespace, where this machine allows one). Such a
// folder cannot be renamed or removed, and the folder beside it is on another disk: nothing of
// the bundle or of the opened archive may be written there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { mimeo, REPO } from "../mimeo-process.ts";

const run = promisify(execFile);
const bin = path.join(REPO, "bin", "mimeo.js");

/** Whether this machine lets a test mount a tmpfs in a user namespace of its own. */
function canMount(): boolean {
  try {
    execFileSync("unshare", ["--user", "--map-root-user", "--mount", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-mount-root-"));
  await cp(path.join(REPO, "tests", "fixtures", "minimal"), path.join(work, "content"), {
    recursive: true,
  });
  const built = await mimeo(["build", "--no-pdf", "--out", "output"], work);
  expect(built.code, built.stderr).toBe(0);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs mimeo with a fresh tmpfs mounted on `stick`; gives its output and what the stick holds. */
async function onStick(
  args: string[],
  times = 1,
  /** Shell run on the mounted stick ("$1") first: what a computer put there. */
  setup = "",
): Promise<{ code: number; said: string; stick: string[] }> {
  const stick = path.join(work, "stick");
  await rm(stick, { recursive: true, force: true });
  await mkdir(stick);
  const again = Array.from({ length: times }, () => 'node "$@"').join(" && ");
  const script = `mount -t tmpfs none "$1" && ${setup} shift && ${again}; code=$?; ls -A "${stick}"; exit $code`;
  try {
    const { stdout } = await run(
      "unshare",
      ["--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", stick, bin, ...args],
      { cwd: work },
    );
    const lines = stdout.trim().split("\n");
    return { code: 0, said: stdout, stick: lines.filter((l) => !l.includes(" ")) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, said: `${e.stdout}${e.stderr}`, stick: [] };
  }
}

describe.skipIf(!canMount())("the root of a mounted stick", () => {
  it("takes a bundle, and again a second time, writing nothing beside it", async () => {
    const beside = (await readdir(work)).sort();
    const first = await onStick(["bundle", "stick", "--audience", "public"], 2);
    expect(first.code, first.said).toBe(0);
    expect(first.said).toContain("wrote a bundle to stick");
    expect(first.said).toContain("replaced the bundle in stick");
    expect(first.stick.sort()).toEqual(["README.txt", "SHA256SUMS", "START-HERE.html", "site"]);
    expect((await readdir(work)).sort()).toEqual([...beside, "stick"].sort());
  });

  it("leaves the stick's own folders where they are: its trash is still the person's", async () => {
    const made =
      'mkdir "$1/.Trashes" "$1/.Spotlight-V100" && echo flyer > "$1/.Trashes/flyer.pdf" &&';
    const shown = await onStick(["bundle", "stick", "--audience", "public"], 2, made);
    expect(shown.code, shown.said).toBe(0);
    expect(shown.said).toContain("replaced the bundle in stick");
    expect(shown.stick.sort()).toEqual(
      [".Spotlight-V100", ".Trashes", "README.txt", "SHA256SUMS", "START-HERE.html", "site"].sort(),
    );
  });

  it("opens a sealed archive, writing nothing decrypted beside it", async () => {
    await run("age-keygen", ["-o", "key.txt"], { cwd: work });
    const key = /age1[0-9a-z]+/.exec(await readFile(path.join(work, "key.txt"), "utf8"))?.[0];
    const sealed = await mimeo(
      ["seal", "s.age", "--from", "output", "--recipient", key ?? ""],
      work,
    );
    expect(sealed.code, sealed.stderr).toBe(0);
    const beside = (await readdir(work)).sort();
    const opened = await onStick(["unseal", "s.age", "stick", "--identity", "key.txt"]);
    expect(opened.code, opened.said).toBe(0);
    expect(opened.said).toContain("opened s.age into stick");
    expect(opened.stick.sort()).toEqual(["SHA256SUMS", "site"]);
    expect((await readdir(work)).sort()).toEqual(beside);
  });
});
