// A sealed circle bundle on a stick, bundled again over itself with the real command, in a
// French circle: replaced when the folder holds only what mimeo wrote, refused (naming the
// file, writing nothing) when a person changed its README.txt or put a file of their own there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  appendFile,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { mimeo } from "../mimeo-process.ts";
import { treeHashes } from "../tree.ts";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");

let work: string;
let circle: string;
let stick: string;
let target: string;

const bundleSealed = () =>
  mimeo(["bundle", target, "--audience", "circle", "--recipients-file", "keys.txt"], circle);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-sealed-bundle-"));
  circle = path.join(work, "circle");
  stick = path.join(work, "usb");
  target = path.join(stick, "archive");
  await mkdir(stick);
  await cp(path.join(root, "tests", "fixtures", "minimal"), path.join(circle, "content"), {
    recursive: true,
  });
  const yaml = path.join(circle, "content", "circle.yaml");
  await writeFile(yaml, (await readFile(yaml, "utf8")).replace("language: es", "language: fr"));
  const { stderr } = await run("age-keygen", ["-o", path.join(work, "member.key")]);
  await writeFile(path.join(circle, "keys.txt"), `${/age1[0-9a-z]+/.exec(stderr)?.[0]}\n`);
  const built = await mimeo(["build", "--audience", "circle", "--no-pdf"], circle);
  expect(built.stderr).toBe("");
  const first = await bundleSealed();
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** What a refused or killed bundle would leave beside the target. */
async function leftovers(): Promise<string[]> {
  return (await readdir(stick)).filter((name) => name !== "archive");
}

describe("mimeo bundle --audience circle over an earlier sealed bundle", () => {
  it("replaces it when it holds only what mimeo wrote, OS litter aside", async () => {
    expect((await readdir(target)).sort()).toEqual(["README.txt", "archive.age"]);
    expect(await readFile(path.join(target, "README.txt"), "utf8")).toContain("Archive scellée");
    await writeFile(path.join(target, ".DS_Store"), "finder");
    await writeFile(path.join(target, "._README.txt"), "\x00\x05\x16\x07");
    const again = await bundleSealed();
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`replaced the bundle in ${target}`);
  }, 60_000);

  it("refuses it when a person changed its README.txt or added a file, naming them and writing nothing", async () => {
    await appendFile(path.join(target, "README.txt"), "\nLa clé est chez Camille.\n");
    await writeFile(path.join(target, "notes.txt"), "à rendre en décembre");
    const before = await treeHashes(target);
    const refused = await bundleSealed();
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      `mimeo: ${target} holds files mimeo did not write (notes.txt) and a README.txt that is not the one mimeo writes (changed by hand, or written by another version of mimeo). A new bundle replaces the whole folder and they would be lost: move them out of ${target} first, or delete them if they are not wanted, then bundle again. Nothing was written.\n`,
    );
    expect(await treeHashes(target)).toEqual(before);
    expect(await leftovers()).toEqual([]);
    // Sealed with a passphrase: refused before one is asked for (here, with no terminal to ask on).
    const unasked = await mimeo(["bundle", target, "--audience", "circle"], circle);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toBe(refused.stderr);

    // The plain bundle would replace it just the same: refused the same way.
    await rename(path.join(target, "notes.txt"), path.join(work, "notes.txt"));
    const plain = await mimeo(["bundle", target, "--audience", "circle", "--plain"], circle);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(
      `${target} holds a README.txt that is not the one mimeo writes (changed by hand, or written by another version of mimeo).`,
    );
    expect(await treeHashes(target)).toEqual({ ...before, "notes.txt": undefined });
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it("replaces it again once the README is moved away, and takes mimeo's README in another language", async () => {
    await rm(path.join(target, "README.txt"));
    // README.txt gone: a lone archive.age may be anyone's, and is kept, saying what to do.
    const lone = await bundleSealed();
    expect(lone.code).toBe(2);
    expect(lone.stderr).toBe(
      `mimeo: ${target} holds only archive.age, with no README.txt from mimeo beside it, so mimeo cannot tell an earlier sealed bundle from an archive someone keeps there, and never overwrites it. If it is an old bundle you no longer need, delete it; otherwise choose an empty or new folder. Nothing was written.\n`,
    );
    await rm(path.join(target, "archive.age"));
    expect((await bundleSealed()).code).toBe(0);
    // The circle changes its language: the French README mimeo wrote is still its own.
    const yaml = path.join(circle, "content", "circle.yaml");
    await writeFile(yaml, (await readFile(yaml, "utf8")).replace("language: fr", "language: en"));
    const replaced = await bundleSealed();
    expect(replaced.stderr).toBe("");
    expect(replaced.code).toBe(0);
    expect(await readFile(path.join(target, "README.txt"), "utf8")).toContain("Sealed archive");
  }, 60_000);
});
