// The exchange folder: only public documents and public fields, report dates as months, links to
// anything not exported turned into words, a manifest whose hashes match, and the guard
// scanning exchange/ like every other public file.
import { describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { prepareCircle } from "../../src/prepare.ts";
import {
  exchangeFiles,
  exchangePlan,
  publicBody,
  type Manifest,
} from "../../src/exchange/export.ts";
import { sha256 } from "../../src/bundle/files.ts";
import { build } from "../../src/build/build.ts";
import { LeakError } from "../../src/build/guard-step.ts";

const root = path.join(import.meta.dirname, "..", "..");
const minimal = path.join(root, "tests", "fixtures", "minimal");

async function circleOf(dir: string) {
  const { prepared, problems } = await prepareCircle(dir, { today: "2026-12-02" });
  if (!prepared) throw new Error(JSON.stringify(problems));
  return prepared.circle;
}

describe("exchange files", () => {
  it("carry the public documents only, report dates as months, and a manifest that matches", async () => {
    const files = exchangeFiles(await circleOf(minimal));
    const byPath = new Map(files.map((f) => [f.path, f.text]));
    expect([...byPath.keys()].sort()).toEqual([
      "manifest.json",
      "reports/public-one.md",
      "tactics/pantry.md",
      "tactics/stoppage.md",
    ]);
    const report = byPath.get("reports/public-one.md") ?? "";
    expect(report).toMatch(/^date: 2026-10$/m);
    expect(report).not.toContain("2026-10-14");
    // A link to a circle-only report keeps its words and loses its target.
    expect(report).toContain("Ver el informe interno.");
    expect(report).not.toContain("circle-one");
    expect(report).toContain("*Cajas apiladas*");
    expect(byPath.get("tactics/stoppage.md")).toContain("[despensa](pantry.md#como)");
    const manifest = JSON.parse(byPath.get("manifest.json") ?? "") as Manifest;
    expect(manifest).toMatchObject({ format: "mimeo-exchange", version: 1, circle: null });
    expect(manifest.made).toBe("2026-12");
    expect(JSON.stringify(manifest)).not.toContain("Night Shift");
    for (const doc of manifest.documents) {
      expect(doc.sha256).toBe(sha256(byPath.get(doc.file) ?? ""));
    }
  });

  it("name the circle only by its exchange-name", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "mimeo-export-"));
    try {
      await cp(minimal, work, { recursive: true });
      const yaml = path.join(work, "circle.yaml");
      await writeFile(
        yaml,
        `${await readFile(yaml, "utf8")}exchange-name: a night shift, east side\n`,
      );
      const files = exchangeFiles(await circleOf(work));
      const manifest = JSON.parse(files.at(-1)?.text ?? "") as Manifest;
      expect(manifest.circle).toBe("a night shift, east side");
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it("key each document by what its text is made from, links to exported files included", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "mimeo-export-"));
    try {
      await cp(minimal, work, { recursive: true });
      const keys = async (): Promise<Map<string, string>> =>
        new Map(exchangePlan(await circleOf(work)).documents.map((d) => [d.path, d.key]));
      const before = await keys();
      expect(await keys()).toEqual(before);
      // Another document's body: only its key changes.
      const report = path.join(work, "reports", "public-one.md");
      await writeFile(report, `${await readFile(report, "utf8")}\nOne more line.\n`);
      const edited = await keys();
      expect(edited.get("reports/public-one.md")).not.toBe(before.get("reports/public-one.md"));
      expect(edited.get("tactics/stoppage.md")).toBe(before.get("tactics/stoppage.md"));
      // The pantry no longer public: stoppage's link to it becomes words, so its key changes.
      const pantry = path.join(work, "tactics", "pantry.md");
      await writeFile(
        pantry,
        (await readFile(pantry, "utf8")).replace(/^---\n/, "---\naudience: circle\n"),
      );
      const hidden = await keys();
      expect(hidden.has("tactics/pantry.md")).toBe(false);
      expect(hidden.get("tactics/stoppage.md")).not.toBe(edited.get("tactics/stoppage.md"));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it("drop comments, and links and definitions to files not exported", () => {
    const body =
      "a <!-- Garza said so --> b [x](../reports/secret.md) [y](https://example.org) [z](pantry.md)\n\n[ref]: ../reports/secret.md\n";
    const out = publicBody(body, "tactics/t.md", new Set(["tactics/pantry.md"]));
    expect(out).toBe("a  b x [y](https://example.org) [z](pantry.md)\n\n\n");
  });

  it("are scanned by the guard: a member's name in exchange/ stops the public build", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "mimeo-export-"));
    try {
      await cp(minimal, path.join(work, "content"), { recursive: true });
      const tactic = path.join(work, "content", "tactics", "pantry.md");
      // The name is only in a field the exchange carries: the page shows prep too, so both leak.
      await writeFile(
        tactic,
        (await readFile(tactic, "utf8")).replace("risk: low", "risk: low\nprep: ask Jilguero"),
      );
      const error = await build({
        content: path.join(work, "content"),
        out: path.join(work, "output"),
        audiences: ["public"],
        pdf: false,
        today: "2026-12-02",
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LeakError);
      const outputs = (error as LeakError).report.findings.map((f) => f.where.output);
      expect(outputs).toContain("exchange/tactics/pantry.md");
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 60_000);
});
