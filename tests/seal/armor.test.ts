// An archive in ASCII armor, as `age -a` writes it: mimeo seals a small circle build, the Debian
// `age` command opens it and seals it again armored to a member's key, and `mimeo unseal` opens
// that armored file into the same tree. Keys only: the age command asks a terminal for a
// passphrase.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { treeHashes } from "../tree.ts";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");

let work: string;
let publicKey: string;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function command(file: string, args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: work, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const mimeo = (...args: string[]): Promise<Ran> => command(process.execPath, [bin, ...args]);
const shell = (script: string): Promise<Ran> => command("sh", ["-c", script]);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-armor-test-"));
  // What mimeo seal takes from a circle build: its index page, and whatever else it holds.
  await mkdir(path.join(work, "build", "print"), { recursive: true });
  await writeFile(
    path.join(work, "build", "index.html"),
    '<!doctype html><body class="audience-circle">circle</body>\n',
  );
  await writeFile(path.join(work, "build", "print", "sheet.pdf"), Buffer.alloc(5000, 3));
  const made = await command("age-keygen", ["-o", "key.txt"]);
  expect(made.code).toBe(0);
  publicKey = /age1[0-9a-z]+/.exec(made.stderr)?.[0] ?? "";
  const sealed = await mimeo("seal", "binary.age", "--from", "build", "--recipient", publicKey);
  expect(sealed.stderr).toBe("");
  expect(sealed.code).toBe(0);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("an archive in ASCII armor", () => {
  it("sealed again with age -a, opens with mimeo unseal into the same tree", async () => {
    const armored = await shell(
      `age -d -i key.txt binary.age | age -a -r ${publicKey} -o armored.age`,
    );
    expect(armored.stderr).toBe("");
    const text = await readFile(path.join(work, "armored.age"), "utf8");
    expect(text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")).toBe(true);
    const opened = await mimeo("unseal", "armored.age", "opened", "--identity", "key.txt");
    expect(opened.stderr).toBe("");
    expect(opened.code).toBe(0);
    expect(opened.stdout).toContain("3 files, each matching SHA256SUMS");
    expect(await treeHashes(path.join(work, "opened", "site"))).toEqual(
      await treeHashes(path.join(work, "build")),
    );
    // With Windows line ends, as an armored file may come back from an email.
    await writeFile(path.join(work, "crlf.age"), text.replaceAll("\n", "\r\n"));
    const crlf = await mimeo("unseal", "crlf.age", "crlf", "--identity", "key.txt");
    expect(crlf.code).toBe(0);
    expect(await treeHashes(path.join(work, "crlf"))).toEqual(
      await treeHashes(path.join(work, "opened")),
    );
  });

  it("refuses a cut or changed armored file in one line, writing nothing", async () => {
    const text = await readFile(path.join(work, "armored.age"), "utf8");
    const lines = text.trimEnd().split("\n");
    // A changed character well after the header, and the end cut off.
    const at = lines.length - 4;
    const line = lines[at] ?? "";
    lines[at] = `${line[0] === "A" ? "B" : "A"}${line.slice(1)}`;
    await writeFile(path.join(work, "changed.age"), `${lines.join("\n")}\n`);
    await writeFile(path.join(work, "cut.age"), `${text.split("\n").slice(0, -3).join("\n")}\n`);
    for (const file of ["changed.age", "cut.age"]) {
      const before = await readdir(work);
      const opened = await mimeo("unseal", file, `from-${file}`, "--identity", "key.txt");
      expect(opened.code).toBe(1);
      expect(opened.stderr).toBe(
        `mimeo: ${file} is damaged: it was changed or cut short after it was sealed; nothing was written.\n`,
      );
      expect(await readdir(work)).toEqual(before);
    }
  });
});
