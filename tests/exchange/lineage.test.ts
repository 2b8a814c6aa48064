// Three circles made with mimeo init pass tactics on as circles do, each through the command
// line: A makes a key, signs and exports; B imports, adapts one of A's tactics and exports;
// C imports both. C's site credits each tactic's circle and shows the lineage A → B, its public
// build (once a person marks the imports public) is guard-clean, and a fourth circle made only
// of imports builds into a public archive of several circles.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { keyFiles, makeKeyFiles } from "../../src/exchange/keys.ts";
import { treeHashes } from "../tree.ts";
import { mimeo } from "../mimeo-process.ts";

const run = promisify(execFile);

/** Runs mimeo and expects it to succeed, so a failing step says why. */
async function ok(args: string[], cwd: string): Promise<string> {
  const result = await mimeo(args, cwd);
  expect(result.stderr + (result.code === 0 ? "" : result.stdout)).not.toMatch(/mimeo:|problem/i);
  expect(result.code).toBe(0);
  return result.stdout;
}

const A_NAME = "a warehouse circle, north side";
const B_NAME = "a hospital circle, night shift";
const A_FOLDER = "a-warehouse-circle-north-side";
const B_FOLDER = "a-hospital-circle-night-shift";

let work: string;
const dir = (name: string) => path.join(work, name);
const usb = (name: string) => path.join(work, "usb", name);
const page = async (circle: string, audience: string, file: string): Promise<string> => {
  const html = await readFile(path.join(dir(circle), "output", audience, file), "utf8");
  return /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "";
};
/** The words of a page as a reader sees them. */
const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

async function write(file: string, body: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, body);
}

/** What a person does to publish imported documents: change `audience: circle` to public. */
async function markImportsPublic(content: string): Promise<void> {
  const from = path.join(content, "from");
  for (const entry of await readdir(from, { recursive: true })) {
    if (!entry.endsWith(".md")) continue;
    const file = path.join(from, entry);
    const before = await readFile(file, "utf8");
    const after = before.replace(/^audience: circle$/m, "audience: public");
    expect(after).not.toBe(before);
    await writeFile(file, after);
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-lineage-"));
  await mkdir(path.join(work, "usb"));
  // One circle made by mimeo init, copied for the others (each with its own name).
  await ok(["init", "a", "--name", "Circle a", "--timezone", "UTC"], work);
  for (const c of ["b", "c"]) {
    await cp(dir("a"), dir(c), { recursive: true });
    const settings = path.join(dir(c), "content", "circle.yaml");
    await writeFile(
      settings,
      (await readFile(settings, "utf8")).replace("Circle a", `Circle ${c}`),
    );
  }
  for (const [circle, name] of [
    ["a", A_NAME],
    ["b", B_NAME],
  ] as const) {
    await appendFile(path.join(dir(circle), "content", "circle.yaml"), `exchange-name: ${name}\n`);
    await writeFile(path.join(dir(circle), "pass"), `the long passphrase of circle ${circle}\n`);
  }
  await write(
    path.join(dir("a"), "content", "tactics", "safety-stoppage.md"),
    "---\ntitle: Safety stoppage\nkind: disruption\nrisk: low\npeople: 4\npairs-with: [soup-pot]\ntags: [safety]\n---\nEveryone stops at the same minute to check the guards on the line, then has [soup](soup-pot.md).\n",
  );
  await write(
    path.join(dir("a"), "content", "tactics", "soup-pot.md"),
    "---\ntitle: Soup pot\nkind: care\nrisk: low\n---\nA pot of lentil soup in the break room for whoever stopped.\n",
  );
  await write(
    path.join(dir("a"), "content", "reports", "first-stoppage.md"),
    "---\ntitle: The first stoppage\ndate: 2026-10-14\ntactic: safety-stoppage\ncare-mirror: soup-pot\noutcome: won\naudience: public\n---\nThe line stood still for five minutes.\n",
  );
  // A makes its key as a person would (some seconds of scrypt, as minisign does); B's key has
  // a lighter scrypt cost, which mimeo reads from the key file when it signs.
  await ok(["keygen", "--passphrase-file", "pass"], dir("a"));
  await makeKeyFiles(keyFiles(path.join(dir("b"), "content")), "the long passphrase of circle b", {
    opsLimit: 2 ** 20,
    memLimit: 2 ** 24,
  });
  await ok(["build", "--audience", "public", "--no-pdf"], dir("a"));
  await ok(["bundle", usb("a"), "--sign", "--passphrase-file", "pass"], dir("a"));

  await ok(["import", usb("a")], dir("b"));
  await write(
    path.join(dir("b"), "content", "tactics", "ward-stoppage.md"),
    `---\ntitle: Ward safety stoppage\nkind: disruption\nrisk: medium\nadapted-from:\n  circle: ${A_NAME}\n  tactic: safety-stoppage\n---\nOn the ward, stop at handover and check the hoists together.\n`,
  );
  await ok(["build", "--audience", "public", "--no-pdf"], dir("b"));
  await ok(["bundle", usb("b"), "--sign", "--passphrase-file", "pass"], dir("b"));

  await ok(["import", usb("a")], dir("c"));
  await ok(["import", usb("b")], dir("c"));
  await ok(["build", "--no-pdf"], dir("c"));
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("three circles", () => {
  it("minisign -V verifies each signed bundle, with the key mimeo keygen made", async () => {
    for (const circle of ["a", "b"]) {
      await run("minisign", ["-Vm", "SHA256SUMS", "-p", "minisign.pub"], { cwd: usb(circle) });
      const made = path.join(dir(circle), ".mimeo", "exchange.pub");
      await run("minisign", ["-Vm", "SHA256SUMS", "-p", made], { cwd: usb(circle) });
    }
  });

  it("B's export carries the lineage in manifest.json and in the Markdown, and only B's own tactics", async () => {
    const exchange = path.join(usb("b"), "site", "exchange");
    const manifest = JSON.parse(await readFile(path.join(exchange, "manifest.json"), "utf8")) as {
      documents: { id: string; lineage: unknown[] }[];
    };
    const step = { circle: A_NAME, id: "tactics/safety-stoppage", title: "Safety stoppage" };
    expect(manifest.documents.find((d) => d.id === "tactics/ward-stoppage")?.lineage).toEqual([
      step,
    ]);
    // What B imported is A's to publish, not B's.
    expect(manifest.documents.map((d) => d.id)).not.toContain("tactics/soup-pot");
    const markdown = await readFile(path.join(exchange, "tactics", "ward-stoppage.md"), "utf8");
    expect(markdown).toContain(`lineage:\n  - circle: ${A_NAME}\n    id: tactics/safety-stoppage`);
    expect(markdown).not.toContain("adapted-from");
  });

  it("C's circle site credits each tactic's circle and shows the lineage A → B", async () => {
    const ward = text(await page("c", "circle", `tactics/${B_FOLDER}--ward-stoppage.html`));
    expect(ward).toContain(`From ${B_NAME}`);
    expect(ward).toContain(`Adapted from Safety stoppage (${A_NAME})`);
    const original = await page("c", "circle", `tactics/${A_FOLDER}--safety-stoppage.html`);
    expect(text(original)).toContain(`From ${A_NAME}`);
    expect(text(original)).toContain(`Adapted by Ward safety stoppage (${B_NAME})`);
    expect(original).toContain(`href="${B_FOLDER}--ward-stoppage.html"`);
    // The imported report links to its tactic and care mirror, dated by the month A published.
    const report = text(await page("c", "circle", `reports/${A_FOLDER}--first-stoppage.html`));
    expect(report).toContain("Date October 2026 Tactic Safety stoppage Care mirror Soup pot");

    const byOrigin = text(await page("c", "circle", "tactics-by-origin.html"));
    expect(byOrigin).toMatch(
      new RegExp(
        `Ours Five-minute log-off .* From other circles ${B_NAME} Ward safety stoppage .* ${A_NAME} Safety stoppage .* Soup pot`,
      ),
    );
    const index = await readFile(
      path.join(dir("c"), "output", "circle", "search-index.js"),
      "utf8",
    );
    expect(index).toContain("Ward safety stoppage");
    expect(index).toContain(`Tactics · Disruption · ${B_NAME}`);
    expect(index).toContain("lentil");
  });

  it("C's public build holds the imports only once a person marks them public, and is guard-clean", async () => {
    const publicTactics = await readdir(path.join(dir("c"), "output", "public", "tactics")).catch(
      () => [],
    );
    expect(publicTactics.filter((f) => f.includes("--"))).toEqual([]);

    await markImportsPublic(path.join(dir("c"), "content"));
    await ok(["build", "--audience", "public", "--no-pdf"], dir("c"));
    const ward = text(await page("c", "public", `tactics/${B_FOLDER}--ward-stoppage.html`));
    expect(ward).toContain(`From ${B_NAME}`);
    expect(ward).toContain(`Adapted from Safety stoppage (${A_NAME})`);
    // C exports only its own public tactics, none of what it imported.
    const manifest = await readFile(
      path.join(dir("c"), "output", "public", "exchange", "manifest.json"),
      "utf8",
    );
    expect(manifest).not.toContain("ward-stoppage");
  });

  it("refuses a signed bundle whose document carries waivers for the leak guard, importing nothing", async () => {
    // B's own key signs a bundle whose exported tactic was given an allow: after the build.
    const exchange = path.join(dir("b"), "output", "public", "exchange");
    const file = path.join(exchange, "tactics", "ward-stoppage.md");
    const text = (await readFile(file, "utf8")).replace(
      "audience: public\n",
      "audience: public\nallow:\n  - text: Plover\n    reason: a bird\n",
    );
    await writeFile(file, text);
    const manifestFile = path.join(exchange, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as {
      documents: { file: string; sha256: string }[];
    };
    for (const doc of manifest.documents) {
      if (doc.file === "tactics/ward-stoppage.md") {
        doc.sha256 = sha256(text);
      }
    }
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(manifestFile, manifestText);
    // The build's own SHA256SUMS, which mimeo bundle checks the build against.
    const sums = path.join(dir("b"), "output", "public", "SHA256SUMS");
    const hashes = new Map([
      ["exchange/tactics/ward-stoppage.md", sha256(text)],
      ["exchange/manifest.json", sha256(manifestText)],
    ]);
    await writeFile(
      sums,
      (await readFile(sums, "utf8")).replace(/^[0-9a-f]{64} {2}(\S+)$/gm, (line, file: string) =>
        hashes.has(file) ? `${hashes.get(file)}  ${file}` : line,
      ),
    );
    await ok(["bundle", usb("b-allow"), "--sign", "--passphrase-file", "pass"], dir("b"));

    const before = await treeHashes(path.join(dir("c"), "content"));
    const result = await mimeo(["import", usb("b-allow")], dir("c"));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(
        `REFUSED: tactics/ward-stoppage.md in the bundle from "${B_NAME}" carries allow`,
      ),
    ]);
    expect(await treeHashes(path.join(dir("c"), "content"))).toEqual(before);
  });

  it("mimeo new report names one of C's own tactics, never an imported one, and passes check", async () => {
    const created = await ok(["new", "report", "Night check"], dir("c"));
    expect(created).toContain("night-check.md");
    const report = await readFile(
      path.join(dir("c"), "content", "reports", "night-check.md"),
      "utf8",
    );
    expect(report).toMatch(/^tactic: five-minute-log-off/m);
    await ok(["check"], dir("c"));
    await rm(path.join(dir("c"), "content", "reports", "night-check.md"));
  });

  it("an imported text naming one of C's members stops C's public build", async () => {
    const file = path.join(dir("c"), "content", "from", B_FOLDER, "tactics", "ward-stoppage.md");
    const before = await readFile(file, "utf8");
    // Kestrel is on the roster mimeo init wrote for C.
    await writeFile(file, `${before}\nAsk Kestrel for the hoist keys.\n`);
    const result = await mimeo(["build", "--audience", "public", "--no-pdf"], dir("c"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`from/${B_FOLDER}/tactics/ward-stoppage.md`);
    expect(result.stderr).toContain("a member's name from rotation.md");
    await writeFile(file, before);
  });

  it("a tactic C adapts from B's carries the whole chain, so a fourth circle sees all three", async () => {
    await write(
      path.join(dir("c"), "content", "tactics", "depot-stoppage.md"),
      `---\ntitle: Depot stoppage\nkind: disruption\nrisk: low\nadapted-from: {circle: ${B_FOLDER}, tactic: ward-stoppage}\n---\nAt the depot, stop at the gate check.\n`,
    );
    await appendFile(
      path.join(dir("c"), "content", "circle.yaml"),
      "exchange-name: a depot circle\n",
    );
    await ok(["build", "--audience", "public", "--no-pdf"], dir("c"));
    const manifest = JSON.parse(
      await readFile(path.join(dir("c"), "output", "public", "exchange", "manifest.json"), "utf8"),
    ) as { documents: { id: string; lineage: { circle: string; id: string }[] }[] };
    const depot = manifest.documents.find((d) => d.id === "tactics/depot-stoppage");
    expect(depot?.lineage.map((s) => `${s.circle}: ${s.id}`)).toEqual([
      `${A_NAME}: tactics/safety-stoppage`,
      `${B_NAME}: tactics/ward-stoppage`,
    ]);
    const page_ = text(await page("c", "public", "tactics/depot-stoppage.html"));
    expect(page_).toContain(
      `Adapted from Safety stoppage (${A_NAME}) → Ward safety stoppage (${B_NAME})`,
    );
    const original = text(await page("c", "public", `tactics/${A_FOLDER}--safety-stoppage.html`));
    expect(original).toContain(`Ward safety stoppage (${B_NAME})`);
    expect(original).toContain("Depot stoppage (a depot circle)");
  });

  it("a content folder made only of imports builds into a public archive crediting each circle", async () => {
    const content = path.join(dir("archive"), "content");
    await write(path.join(content, "circle.yaml"), "name: Shared archive\n");
    await ok(["import", usb("a")], dir("archive"));
    await ok(["import", usb("b")], dir("archive"));
    await markImportsPublic(content);
    await ok(["build", "--audience", "public", "--no-pdf"], dir("archive"));
    const tactics = text(await page("archive", "public", "tactics.html"));
    expect(tactics).toContain(`Ward safety stoppage Risk: medium · From ${B_NAME}`);
    expect(tactics).toContain(`Safety stoppage Risk: low · Smallest group: 4 · From ${A_NAME}`);
    expect(tactics).toContain(`Soup pot Risk: low · From ${A_NAME}`);
    const byOrigin = text(await page("archive", "public", "tactics-by-origin.html"));
    expect(byOrigin).not.toContain("Ours");
    expect(byOrigin).toContain(`From other circles ${B_NAME}`);
  });
});
