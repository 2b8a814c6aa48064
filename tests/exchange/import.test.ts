// Exchange end to end as circles run it: circle A signs a public bundle (with a key made by
// minisign -G), minisign -V and mimeo verify check it, circle B imports it, and every bad bundle
// (one changed byte, unsigned from a pinned circle, another key under a pinned name) is refused
// with one line and imports nothing.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFile, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { treeHashes } from "../tree.ts";
import { makeKeyFiles } from "../../src/exchange/keys.ts";
import { keyIdHex } from "../../src/exchange/minisign.ts";
import { mimeo } from "../mimeo-process.ts";
import { importBundle } from "../../src/exchange/import.ts";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");

let work: string;
const A = () => path.join(work, "a");
const B = () => path.join(work, "b");
const usb = (name: string) => path.join(work, "usb", name);

/** A key pair as `minisign -G -W` makes it, where mimeo looks for the circle's key. */
async function minisignKey(dir: string): Promise<string> {
  await mkdir(path.join(dir, ".mimeo"), { recursive: true });
  await run("minisign", ["-G", "-W", "-p", ".mimeo/exchange.pub", "-s", ".mimeo/exchange.key"], {
    cwd: dir,
  });
  return (await readFile(path.join(dir, ".mimeo", "exchange.pub"), "utf8"))
    .split("\n")[0]!
    .split(" ")
    .at(-1)!;
}

let keyA: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-exchange-"));
  await mkdir(path.join(work, "usb"));
  for (const circle of [A(), B()]) {
    await cp(path.join(root, "tests", "fixtures", "minimal"), path.join(circle, "content"), {
      recursive: true,
    });
  }
  await appendFile(
    path.join(A(), "content", "circle.yaml"),
    "exchange-name: a night shift, east side\n",
  );
  keyA = await minisignKey(A());
  expect((await mimeo(["build", "--audience", "public", "--no-pdf"], A())).code).toBe(0);
  const signed = await mimeo(["bundle", usb("a"), "--sign"], A());
  expect(signed.stderr).toBe("");
  expect(signed.stdout).toContain(`signed by key ${keyA}`);
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("signed bundles", () => {
  it("minisign -V verifies the bundle's SHA256SUMS with no mimeo, and mimeo verify names the key", async () => {
    const { stdout } = await run("minisign", ["-Vm", "SHA256SUMS", "-p", "minisign.pub"], {
      cwd: usb("a"),
    });
    expect(stdout).toContain('mimeo public bundle from "a night shift, east side"');
    const readme = await readFile(path.join(usb("a"), "README.txt"), "utf8");
    expect(readme).toContain("minisign -Vm SHA256SUMS -p minisign.pub");
    const verified = await mimeo(["verify", usb("a")], work);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`signed by key ${keyA}`);
  });

  it("opens a passphrase-protected key before writing: a wrong passphrase leaves no bundle", async () => {
    const files = {
      secret: path.join(work, "keys", "ours.key"),
      public: path.join(work, "keys", "ours.pub"),
    };
    const key = await makeKeyFiles(files, "the right long passphrase", {
      opsLimit: 2 ** 20,
      memLimit: 2 ** 24,
    });
    await writeFile(path.join(work, "wrong"), "not it\n");
    await writeFile(path.join(work, "right"), "the right long passphrase\n");
    const args = ["bundle", usb("pass"), "--sign", "--key", files.secret, "--passphrase-file"];
    const wrong = await mimeo([...args, path.join(work, "wrong")], A());
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("wrong passphrase");
    await expect(readFile(path.join(usb("pass"), "SHA256SUMS"))).rejects.toThrow();
    const right = await mimeo([...args, path.join(work, "right")], A());
    expect(right.stdout).toContain(`signed by key ${keyIdHex(key.keyId)}`);
    await run("minisign", ["-Vm", "SHA256SUMS", "-p", files.public], { cwd: usb("pass") });
  }, 60_000);

  it("a signed bundle needs an exchange-name, never falling back on the circle's name", async () => {
    await minisignKey(B());
    const result = await mimeo(["bundle", usb("b"), "--sign"], B());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("exchange-name");
  }, 60_000);
});

describe("mimeo import", () => {
  it("pins the circle on first import, writes circle-only documents under from/, and a second import changes nothing", async () => {
    const first = await mimeo(["import", usb("a")], B());
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain(`pinned to key ${keyA}`);
    expect(first.stdout).toContain("added    Despensa solidaria");
    const pins = await readFile(path.join(B(), "content", "circles.yaml"), "utf8");
    expect(pins).toContain("name: a night shift, east side");
    expect(pins).toContain(`key-id: ${keyA}`);
    const tactic = await readFile(
      path.join(B(), "content", "from", "a-night-shift-east-side", "tactics", "pantry.md"),
      "utf8",
    );
    expect(tactic).toMatch(/^audience: circle$/m);
    expect(tactic).toMatch(/^ {2}circle: a night shift, east side$/m);
    expect(tactic).not.toContain("Night Shift Care Circle");

    const before = await treeHashes(path.join(B(), "content"));
    // A file browser's litter on the stick is not a change to the bundle.
    await writeFile(path.join(usb("a"), "site", ".DS_Store"), "litter");
    const again = await mimeo(["import", usb("a")], B());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing changed");
    expect(await treeHashes(path.join(B(), "content"))).toEqual(before);
    // B's own content still loads with the imports beside it.
    expect((await mimeo(["check"], B())).code).toBe(0);
  }, 60_000);

  it("takes a bundle holding an added empty folder, saying so, while verify still names it", async () => {
    await cp(usb("a"), usb("with-empty"), { recursive: true });
    // A folder a person (or a file browser) made on the stick, left empty.
    await mkdir(path.join(usb("with-empty"), "New Folder"));
    await mkdir(path.join(usb("with-empty"), "site", "exchange", "drafts", "old"), {
      recursive: true,
    });
    const verified = await mimeo(["verify", usb("with-empty")], work);
    expect(verified.code).toBe(1);
    // The bundle speaks Spanish: "de más" is verify's "extra".
    expect(verified.stderr).toMatch(/^de más +New Folder\/$/m);
    expect(verified.stderr).toMatch(/^de más +site\/exchange\/drafts\/$/m);

    const before = await treeHashes(path.join(B(), "content"));
    const imported = await mimeo(["import", usb("with-empty")], B());
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      "note: the bundle holds empty folders it was not made with (New Folder/, site/exchange/drafts/); they carry nothing, so they were passed over.",
    );
    expect(imported.stdout).toContain("nothing changed");
    expect(await treeHashes(path.join(B(), "content"))).toEqual(before);

    // A file in such a folder is something added: still refused.
    await writeFile(path.join(usb("with-empty"), "New Folder", "notes.txt"), "mine");
    const refused = await mimeo(["import", usb("with-empty")], B());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("(extra    New Folder/notes.txt, 1 in all)");
    expect(await treeHashes(path.join(B(), "content"))).toEqual(before);
  }, 60_000);

  it("refuses a circle's own bundle, by its exchange-name or by its key, importing nothing", async () => {
    const before = await treeHashes(path.join(A(), "content"));
    const byName = await mimeo(["import", usb("a")], A());
    expect(byName.code).toBe(1);
    expect(byName.stderr).toBe(
      `mimeo: ${usb("a")} is your own circle's bundle: it names "a night shift, east side", the exchange-name in your content/circle.yaml. A circle imports other circles' bundles, never its own: its documents are already in its content folder. If another circle really has the same exchange-name, one of you must change it. Nothing was imported.\n`,
    );
    expect(await treeHashes(path.join(A(), "content"))).toEqual(before);
    // The same circle under a new exchange-name: its key still tells.
    const renamed = path.join(work, "a-renamed");
    await cp(A(), renamed, { recursive: true });
    const yaml = path.join(renamed, "content", "circle.yaml");
    await writeFile(
      yaml,
      (await readFile(yaml, "utf8")).replace("a night shift, east side", "the east docks"),
    );
    const byKey = await mimeo(["import", usb("a")], renamed);
    expect(byKey.code).toBe(1);
    expect(byKey.stderr).toBe(
      `mimeo: ${usb("a")} is your own circle's bundle: it is signed with your circle's key ${keyA} (${path.join(renamed, ".mimeo", "exchange.pub")}). A circle imports other circles' bundles, never its own: its documents are already in its content folder. Nothing was imported.\n`,
    );
    expect(existsSync(path.join(renamed, "content", "from"))).toBe(false);
    expect(existsSync(path.join(renamed, "content", "circles.yaml"))).toBe(false);
  });

  it("refuses a bundle with one changed byte, an unsigned bundle and another key, importing nothing", async () => {
    const before = await treeHashes(path.join(B(), "content"));
    await cp(usb("a"), usb("changed"), { recursive: true });
    const file = path.join(usb("changed"), "site", "exchange", "tactics", "pantry.md");
    const bytes = await readFile(file);
    const at = bytes.length - 2;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);
    await writeFile(file, bytes);

    expect((await mimeo(["bundle", usb("unsigned")], A())).code).toBe(0);
    await rename(path.join(A(), ".mimeo"), path.join(A(), ".mimeo-first"));
    const otherKey = await minisignKey(A());
    expect((await mimeo(["bundle", usb("other"), "--sign"], A())).code).toBe(0);

    const changed = await mimeo(["import", usb("changed")], B());
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(
      /does not match its SHA256SUMS \(changed {2}site\/exchange\/tactics\/pantry\.md/,
    );
    const unsigned = await mimeo(["import", usb("unsigned")], B());
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain(
      `is not signed, but "a night shift, east side" was pinned with key ${keyA}`,
    );
    const other = await mimeo(["import", usb("other")], B());
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      `signed with key ${otherKey}, but "a night shift, east side" was pinned with key ${keyA}`,
    );
    for (const result of [changed, unsigned, other]) {
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(await treeHashes(path.join(B(), "content"))).toEqual(before);
  }, 90_000);

  it("a newer bundle updates the imports and lists what was added, changed and removed by title", async () => {
    await rm(path.join(A(), ".mimeo"), { recursive: true });
    await rename(path.join(A(), ".mimeo-first"), path.join(A(), ".mimeo"));
    const content = path.join(A(), "content");
    const pantry = path.join(content, "tactics", "pantry.md");
    await writeFile(pantry, `${await readFile(pantry, "utf8")}\nLlevar agua también.\n`);
    const report = path.join(content, "reports", "public-one.md");
    await writeFile(
      report,
      (await readFile(report, "utf8")).replace("audience: public", "audience: circle"),
    );
    const internal = path.join(content, "tactics", "internal.md");
    await writeFile(
      internal,
      (await readFile(internal, "utf8")).replace("audience: circle", "audience: public"),
    );
    expect((await mimeo(["build", "--audience", "public", "--no-pdf"], A())).code).toBe(0);
    const signed = await mimeo(["bundle", usb("a2"), "--sign"], A());
    expect(signed.code, signed.stderr).toBe(0);
    const own = await treeHashes(path.join(B(), "content", "tactics"));

    const result = await mimeo(["import", usb("a2")], B());
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("added    Táctica interna");
    expect(result.stdout).toContain("changed  Despensa solidaria");
    expect(result.stdout).toContain("removed  Paro en el muelle");
    expect(result.stdout).toContain("1 added, 1 changed, 1 removed, 1 unchanged");
    const from = path.join(B(), "content", "from", "a-night-shift-east-side");
    expect(await readFile(path.join(from, "tactics", "pantry.md"), "utf8")).toContain(
      "Llevar agua",
    );
    await expect(readFile(path.join(from, "reports", "public-one.md"))).rejects.toThrow();
    expect(await treeHashes(path.join(B(), "content", "tactics"))).toEqual(own);
  }, 90_000);

  it("keeps a person's edits to an imported document, and refuses a bundle that would write over them", async () => {
    const from = path.join(B(), "content", "from", "a-night-shift-east-side");
    const pantry = path.join(from, "tactics", "pantry.md");
    const asCame = await readFile(pantry, "utf8");
    const edited = `${asCame}\nNuestra nota: probado en el turno de noche.\n`;
    await writeFile(pantry, edited);
    const same = await mimeo(["import", usb("a2")], B());
    expect(same.stderr).toBe("");
    expect(same.stdout).toContain("nothing changed");
    expect(await readFile(pantry, "utf8")).toBe(edited);

    // The other circle changes the same tactic: taking theirs would lose the note.
    const theirs = path.join(A(), "content", "tactics", "pantry.md");
    await writeFile(theirs, `${await readFile(theirs, "utf8")}\nY mantas en invierno.\n`);
    expect((await mimeo(["build", "--audience", "public", "--no-pdf"], A())).code).toBe(0);
    expect((await mimeo(["bundle", usb("a3"), "--sign"], A())).code).toBe(0);
    const before = await treeHashes(path.join(B(), "content"));
    const refused = await mimeo(["import", usb("a3")], B());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "you changed from/a-night-shift-east-side/tactics/pantry.md since it came",
    );
    expect(refused.stderr).toContain("Nothing was imported.");
    expect(await treeHashes(path.join(B(), "content"))).toEqual(before);

    // Their version, once the person has put the note elsewhere and undone the edit.
    await writeFile(pantry, asCame);
    const taken = await mimeo(["import", usb("a3")], B());
    expect(taken.code, taken.stderr).toBe(0);
    expect(await readFile(pantry, "utf8")).toContain("mantas en invierno");
  }, 90_000);

  it("puts everything back when the imported documents do not pass the circle's check", async () => {
    // A circle that never imported: the refused import must leave no from/ and no pins.
    const fresh = path.join(work, "fresh");
    await cp(path.join(B(), "content"), fresh, { recursive: true });
    await rm(path.join(fresh, "from"), { recursive: true });
    await rm(path.join(fresh, "circles.yaml"));
    const before = await treeHashes(fresh);
    const refusal = {
      file: "from/a-night-shift-east-side/tactics/pantry.md",
      line: 4,
      field: "risk",
      message: "must be one of: low | medium | high",
    };
    let checked = 0;
    const error = await importBundle(usb("a3"), fresh, "2026-12", async () => {
      checked++;
      // The check reads the content with the import in place.
      expect(await readFile(path.join(fresh, refusal.file), "utf8")).toContain("mantas");
      return [refusal, { file: "tactics/own.md", line: 2, message: "not the import's" }];
    }).catch((e: unknown) => e as Error);
    expect(checked).toBe(1);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      "holds what mimeo check refuses (from/a-night-shift-east-side/tactics/pantry.md:4: risk: must be one of",
    );
    expect((error as Error).message).toContain("Nothing was imported.");
    expect(await treeHashes(fresh)).toEqual(before);
    expect(existsSync(path.join(fresh, "from"))).toBe(false);
  }, 60_000);
});
