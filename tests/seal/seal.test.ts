// Sealed archives as a person uses them, with the real binaries: the example circle built from
// a folder outside the repository, sealed by mimeo, opened by the Debian `age` command and by
// `mimeo unseal`, refused cleanly when the passphrase is wrong or a byte changed, put on a
// "stick" with nothing readable beside it, and wiped with nothing of the circle left behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { treeHashes } from "../tree.ts";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");
const ageTty = path.join(import.meta.dirname, "age-tty.py");
const MEMBERS = ["Heron", "Kestrel", "Plover", "Linnet", "Curlew", "Dunlin", "Godwit", "Siskin"];
const PASSPHRASE = "saga sample engine attic unsocial onlooker";
/** scrypt in JavaScript takes seconds, and much longer on a busy machine. */
const SLOW = { timeout: 300_000 };

let work: string;
let tmp: string;
let env: NodeJS.ProcessEnv;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function command(file: string, args: string[], cwd = work): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const mimeo = (...args: string[]): Promise<Ran> => command(process.execPath, [bin, ...args]);

/** Every file under `dir` whose bytes hold a member's name, as "file: name". */
async function filesNaming(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const files = (await stat(dir)).isFile()
    ? [dir]
    : (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
  for (const file of files) {
    const text = (await readFile(file)).toString("latin1");
    for (const name of MEMBERS) if (text.includes(name)) found.push(`${file}: ${name}`);
  }
  return found;
}

/** filesNaming over the commands' temporary folder, less tsx's cache of mimeo's own code. */
async function filesNamingInTmp(): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(tmp)) {
    if (!name.startsWith("tsx-")) found.push(...(await filesNaming(path.join(tmp, name))));
  }
  return found;
}

/** Folders mimeo made in the commands' temporary folder. */
async function mimeoScratch(): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => name.startsWith("mimeo-"));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-seal-test-"));
  // The commands get a temporary folder of their own, so the wipe check reads only theirs.
  tmp = path.join(work, "tmp");
  await mkdir(tmp);
  env = { ...process.env, TMPDIR: tmp, TZ: "UTC" };
  delete env.SOURCE_DATE_EPOCH;
  delete env.MIMEO_PASSPHRASE_FILE;
  await cp(path.join(root, "content"), path.join(work, "content"), { recursive: true });
  await writeFile(path.join(work, "passphrase.txt"), `${PASSPHRASE}\n`);
  await writeFile(path.join(work, "wrong.txt"), "saga sample engine attic unsocial onlookers\n");
  // With PDFs: the archive must carry the print folder, and the wipe must find a real cache.
  const built = await mimeo("build", "--audience", "circle");
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("mimeo seal with a passphrase", SLOW, () => {
  it("writes an age file that the age command opens into a tree byte-identical to the build", async () => {
    const sealed = await mimeo(
      "seal",
      "circle.age",
      "--from",
      "output",
      "--passphrase-file",
      "passphrase.txt",
    );
    expect(sealed.stderr).toBe("");
    expect(sealed.code).toBe(0);
    const bytes = await readFile(path.join(work, "circle.age"));
    expect(bytes.subarray(0, 22).toString()).toBe("age-encryption.org/v1\n");
    expect(bytes.toString("latin1")).toMatch(/^-> scrypt /m);
    for (const name of MEMBERS) expect(bytes.toString("latin1")).not.toContain(name);

    const opened = await command("python3", [
      ageTty,
      PASSPHRASE,
      "age",
      "-d",
      "-o",
      "circle.tar",
      "circle.age",
    ]);
    expect(opened.stderr).toBe("");
    expect(opened.code).toBe(0);
    await mkdir(path.join(work, "by-age"));
    const listing = await command("tar", ["-tvf", "circle.tar"]);
    // Fixed owner and time on every entry; directories before what they hold, sorted.
    const lines = listing.stdout.trim().split("\n");
    expect(lines.every((line) => / 0\/0 .* 2000-01-01 00:00 circle\//.test(line))).toBe(true);
    const names = lines.map((line) => line.split(" ").at(-1) ?? "");
    expect(names).toEqual(
      [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    expect(names).toContain("circle/site/print/");
    expect((await command("tar", ["-xf", "circle.tar", "-C", "by-age"])).code).toBe(0);
    expect(await treeHashes(path.join(work, "by-age", "circle", "site"))).toEqual(
      await treeHashes(path.join(work, "output", "circle")),
    );
    const sums = await command(
      "sha256sum",
      ["-c", "--quiet", "SHA256SUMS"],
      path.join(work, "by-age", "circle"),
    );
    expect(sums.code).toBe(0);
  });

  it("opens again with mimeo unseal, the passphrase taken from the file the environment names", async () => {
    env.MIMEO_PASSPHRASE_FILE = path.join(work, "passphrase.txt");
    const opened = await mimeo("unseal", "circle.age", "by-mimeo").finally(() => {
      delete env.MIMEO_PASSPHRASE_FILE;
    });
    expect(opened.stderr).toBe("");
    expect(opened.code).toBe(0);
    expect(await treeHashes(path.join(work, "by-mimeo", "site"))).toEqual(
      await treeHashes(path.join(work, "output", "circle")),
    );
  });

  it("asks for the passphrase on the terminal and does not show it", async () => {
    const transcript = path.join(work, "terminal.txt");
    env.TTY_TRANSCRIPT = transcript;
    const opened = await command("python3", [
      ageTty,
      PASSPHRASE,
      process.execPath,
      bin,
      "unseal",
      "circle.age",
      "typed",
    ]).finally(() => {
      delete env.TTY_TRANSCRIPT;
    });
    expect(opened.stderr).toBe("");
    expect(opened.code).toBe(0);
    const shown = await readFile(transcript, "utf8");
    expect(shown).toContain("Passphrase: ");
    expect(shown).not.toContain("saga");
    expect(await treeHashes(path.join(work, "typed", "site"))).toEqual(
      await treeHashes(path.join(work, "output", "circle")),
    );
  });

  it("refuses a wrong passphrase in one line, with exit 1, writing nothing", async () => {
    const before = await readdir(work);
    const opened = await mimeo("unseal", "circle.age", "wrong", "--passphrase-file", "wrong.txt");
    expect(opened.code).toBe(1);
    expect(opened.stderr).toBe(
      "mimeo: the passphrase does not open circle.age; nothing was written.\n",
    );
    expect(await readdir(work)).toEqual(before);
  });
});

describe("mimeo seal to recipients' keys", SLOW, () => {
  const keys = ["first.key", "second.key"];

  it("seals to two keys, and each key opens it, with age and with mimeo", async () => {
    const publicKeys: string[] = [];
    for (const key of keys) {
      const made = await command("age-keygen", ["-o", key]);
      expect(made.code).toBe(0);
      publicKeys.push(/age1[0-9a-z]+/.exec(made.stderr)?.[0] ?? "");
    }
    await writeFile(path.join(work, "circle-keys.txt"), `# second member\n${publicKeys[1]}\n`);
    const sealed = await mimeo(
      "seal",
      "keys.age",
      "--from",
      "output",
      "--recipient",
      publicKeys[0] ?? "",
      "--recipients-file",
      "circle-keys.txt",
    );
    expect(sealed.stderr).toBe("");
    expect(sealed.stdout).toContain("locked with 2 keys");
    const build = await treeHashes(path.join(work, "output", "circle"));
    for (const key of keys) {
      const into = path.join(work, `with-${key}`);
      await mkdir(into);
      const opened = await command("sh", [
        "-c",
        `age -d -i ${key} keys.age | tar -x -C ${JSON.stringify(into)}`,
      ]);
      expect(opened.stderr).toBe("");
      expect(opened.code).toBe(0);
      expect(await treeHashes(path.join(into, "keys", "site"))).toEqual(build);
    }
    const unsealed = await mimeo("unseal", "keys.age", "by-key", "--identity", "second.key");
    expect(unsealed.code).toBe(0);
    expect(await treeHashes(path.join(work, "by-key", "site"))).toEqual(build);
  });

  it("refuses a changed byte or a cut file in one line, with exit 1, writing nothing", async () => {
    const sealed = await readFile(path.join(work, "keys.age"));
    const flipped = Buffer.from(sealed);
    const at = Math.floor(flipped.length / 2);
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    await writeFile(path.join(work, "flipped.age"), flipped);
    await writeFile(path.join(work, "cut.age"), sealed.subarray(0, sealed.length - 1000));
    const before = await readdir(work);
    for (const file of ["flipped.age", "cut.age"]) {
      const opened = await mimeo("unseal", file, "broken", "--identity", "first.key");
      expect(opened.code).toBe(1);
      expect(opened.stderr).toBe(
        `mimeo: ${file} is damaged: it was changed or cut short after it was sealed; nothing was written.\n`,
      );
      expect(await readdir(work)).toEqual(before);
    }
    // The age command agrees that the changed file is not to be trusted.
    expect(
      (await command("age", ["-d", "-i", "first.key", "-o", "x.tar", "flipped.age"])).code,
    ).toBe(1);
  });
  it("refuses an archive age made with more than one top folder, a ./ name or a link, writing nothing", async () => {
    const keygen = await command("age-keygen", ["-o", "odd.key"]);
    const key = /age1[0-9a-z]+/.exec(keygen.stderr)?.[0];
    expect(key).toBeDefined();
    // The circle's real site, megabytes of it: refusing must not wait for the rest to be read.
    const made = await command("sh", [
      "-c",
      [
        "mkdir -p odd/one odd/two && cp -r output/circle odd/one/site && cp -r output/circle odd/two/site",
        `tar -c -C odd one two | age -r ${key ?? ""} -o two-tops.age`,
        `tar -c -C odd/one . | age -r ${key ?? ""} -o dot-names.age`,
        "ln -s ../../content odd/one/site/content-link",
        `tar -c -C odd one | age -r ${key ?? ""} -o with-link.age`,
        "rm -r odd",
      ].join(" && "),
    ]);
    expect(made.code).toBe(0);
    expect(made.stderr).toBe("");
    const before = await readdir(work);
    for (const [file, why] of [
      ["two-tops.age", /holds more than one top folder \(one, two\)/],
      ["dot-names.age", /holds an entry mimeo will not unpack: the name "\.\/"/],
      [
        "with-link.age",
        /holds an entry mimeo will not unpack: "one\/site\/content-link" is a symlink/,
      ],
    ] as const) {
      const opened = await mimeo("unseal", file, "odd-open", "--identity", "odd.key");
      expect(opened.code, opened.stderr).toBe(1);
      expect(opened.stderr).toMatch(why);
      expect(opened.stderr.trim().split("\n")).toHaveLength(1);
      // No folder beside it holds what was decrypted.
      expect(await readdir(work)).toEqual(before);
    }
  });
});

describe("mimeo seal building the site itself", SLOW, () => {
  it("names the file for the month, holds the content folder, and leaves no plain copy behind", async () => {
    await mkdir(path.join(work, "stick"));
    const sealed = await mimeo(
      "seal",
      "stick",
      "--month",
      "2026-11",
      "--with-content",
      "--no-pdf",
      "--recipients-file",
      "circle-keys.txt",
    );
    expect(sealed.stderr).toBe("");
    expect(sealed.code).toBe(0);
    expect(await readdir(path.join(work, "stick"))).toEqual(["archive-2026-11.age"]);
    const opened = await mimeo("unseal", "stick/archive-2026-11.age", "month", "-i", "second.key");
    expect(opened.code).toBe(0);
    expect(await treeHashes(path.join(work, "month", "content"))).toEqual(
      await treeHashes(path.join(work, "content")),
    );
    expect(existsSync(path.join(work, "month", "site", "rotation.html"))).toBe(true);
    // The scratch build is gone (tsx keeps only its compile cache of mimeo's code there).
    expect(await mimeoScratch()).toEqual([]);
    expect(await filesNamingInTmp()).toEqual([]);
  });
});

describe("mimeo seal building the site with its PDFs", SLOW, () => {
  it("leaves no print cache behind where the circle never built one", async () => {
    const fresh = path.join(work, "fresh");
    await cp(path.join(root, "tests", "fixtures", "minimal"), path.join(fresh, "content"), {
      recursive: true,
    });
    const sealed = await command(
      process.execPath,
      [bin, "seal", "sheets.age", "--recipients-file", path.join(work, "circle-keys.txt")],
      fresh,
    );
    expect(sealed.stderr).toBe("");
    expect(sealed.code).toBe(0);
    expect((await readdir(fresh)).sort()).toEqual(["content", "sheets.age"]);
    const opened = await mimeo("unseal", "fresh/sheets.age", "fresh-open", "-i", "second.key");
    expect(opened.code).toBe(0);
    // The sheets were made, and went only into the sealed file.
    const inside = await readdir(path.join(work, "fresh-open", "site"), { recursive: true });
    expect(inside.filter((name) => name.endsWith(".pdf")).length).toBeGreaterThan(5);
    expect(await mimeoScratch()).toEqual([]);
  });
});

describe("mimeo bundle --audience circle", SLOW, () => {
  it("puts only the sealed file and a README on the stick, and no member's name in plain", async () => {
    const stick = path.join(work, "usb");
    await mkdir(stick);
    const bundled = await mimeo(
      "bundle",
      path.join(stick, "archive"),
      "--audience",
      "circle",
      "--recipients-file",
      "circle-keys.txt",
    );
    expect(bundled.stderr).toBe("");
    expect(bundled.code).toBe(0);
    expect((await readdir(path.join(stick, "archive"))).sort()).toEqual([
      "README.txt",
      "archive.age",
    ]);
    const readme = await readFile(path.join(stick, "archive", "README.txt"), "utf8");
    expect(readme).toContain("age -d -i key.txt archive.age | tar -x");
    expect(readme).toContain("mimeo unseal archive.age archive --identity key.txt");
    expect(readme).not.toContain("Pallet Jack");
    expect(await filesNaming(stick)).toEqual([]);
    // verify says where a sealed bundle's checksums are, not that it is no bundle.
    const verified = await mimeo("verify", path.join(stick, "archive"));
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain("is a sealed bundle: its SHA256SUMS is inside archive.age");
  });
});

describe("mimeo wipe --yes", SLOW, () => {
  it("leaves no file naming a member in the output, the cache or the temporary folder", async () => {
    // What killed runs leave: a build's temporary folder beside the output, and scratch
    // folders of check and serve in the temporary folder, each holding circle pages.
    const page = path.join(work, "output", "circle", "rotation.html");
    for (const dir of [
      path.join(work, ".output.tmp-999999999-abcd1234", "circle"),
      path.join(tmp, "mimeo-check-999999999", "output"),
      path.join(tmp, "mimeo-serve-Xy12Ab", "circle"),
    ]) {
      await mkdir(dir, { recursive: true });
      await cp(page, path.join(dir, "rotation.html"));
    }
    // The cache holds the rendered sheets, the rotation and the ledger among them.
    const cache = path.join(work, ".cache", "mimeo-print");
    expect(Object.keys(await treeHashes(cache)).length).toBeGreaterThan(10);
    expect(await filesNaming(path.join(work, "output"))).not.toEqual([]);
    const content = await treeHashes(path.join(work, "content"));

    const wiped = await mimeo("wipe", "--yes");
    expect(wiped.stderr).toBe("");
    expect(wiped.code).toBe(0);
    expect(wiped.stdout).toContain("removed output/circle  (built site)");
    expect(wiped.stdout).toContain("removed .cache/mimeo-print  (print cache)");
    expect(wiped.stdout).toContain("(temporary build folder)");
    expect(wiped.stdout).toContain("mimeo-serve-Xy12Ab  (scratch folder)");
    expect(existsSync(path.join(work, "output"))).toBe(false);
    expect(existsSync(path.join(work, ".cache"))).toBe(false);
    expect(await mimeoScratch()).toEqual([]);
    expect(await filesNamingInTmp()).toEqual([]);
    expect((await readdir(work)).filter((name) => name.startsWith(".output."))).toEqual([]);
    // The sources are the circle's own and stay exactly as they were.
    expect(await treeHashes(path.join(work, "content"))).toEqual(content);

    const again = await mimeo("wipe");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing to wipe");
  });

  it("asks before removing anything, and from a script without --yes removes nothing", async () => {
    // An output as a build leaves it: its marker, and a circle page.
    await mkdir(path.join(work, "output", "circle"), { recursive: true });
    await writeFile(path.join(work, "output", ".mimeo-output"), "");
    await writeFile(path.join(work, "output", "circle", "index.html"), "Heron");
    const refused = await mimeo("wipe");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("add --yes");
    expect(existsSync(path.join(work, "output", "circle", "index.html"))).toBe(true);
  });
});
