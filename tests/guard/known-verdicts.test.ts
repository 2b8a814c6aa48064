// A rebuild's guard skips a file that passed before, at the same path with the same bytes; so a
// file counts as clean only when both its name and its bytes are, or a waived name would not be
// listed again on the next build.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { scanOutput } from "../../src/guard/output.ts";
import { context } from "./support.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-known-"));
  await mkdir(path.join(dir, "reports"));
  await writeFile(path.join(dir, "reports", "dock.html"), "<p>Nothing to see.</p>");
  await writeFile(path.join(dir, "reports", "pantry@example.org.html"), "<p>Nothing here.</p>");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const scan = (known?: Parameters<typeof scanOutput>[5]) =>
  scanOutput(dir, context(), [], {}, new Set(), known);

describe("the guard's verdicts kept from the last build", () => {
  it("count a file clean only when its name is clean too", async () => {
    const report = await scan();
    expect([...report.clean]).toEqual(["reports/dock.html"]);
    expect(report.findings.map((f) => [f.kind, f.match, f.where.part])).toEqual([
      ["email", "pantry@example.org.html", "filename"],
    ]);
  });

  it("skip a file that passed with the same bytes, and read one whose bytes changed", async () => {
    await writeFile(path.join(dir, "reports", "dock.html"), "<p>Write to jo@example.org.</p>");
    const passed = (hash: string) => (output: string, now: string) =>
      output === "reports/dock.html" && now === hash;
    const kept = await scan({ hashOf: () => "h1", passed: passed("h1") });
    expect(kept.clean.has("reports/dock.html")).toBe(true);
    expect(kept.findings.map((f) => f.match)).toEqual(["pantry@example.org.html"]);
    const changed = await scan({ hashOf: () => "h2", passed: passed("h1") });
    expect(changed.clean.has("reports/dock.html")).toBe(false);
    expect(changed.findings.map((f) => f.match).sort()).toEqual([
      "jo@example.org",
      "pantry@example.org.html",
    ]);
  });

  it("read a folder's name with the path of each file in it, and an empty folder's alone", async () => {
    await mkdir(path.join(dir, "media", "heron@example.org"), { recursive: true });
    await writeFile(path.join(dir, "media", "heron@example.org", "crates.txt"), "crates");
    await mkdir(path.join(dir, "media", "kestrel@example.org"));
    const report = await scan();
    const named = report.findings.filter((f) => f.where.part === "filename");
    expect(named.map((f) => [f.where.output, f.match]).sort()).toEqual([
      ["media/heron@example.org/crates.txt", "heron@example.org"],
      ["media/kestrel@example.org", "kestrel@example.org"],
      ["reports/pantry@example.org.html", "pantry@example.org.html"],
    ]);
  });

  it("read no name at all when every file passed before", async () => {
    const report = await scan({ hashOf: () => "h1", passed: () => true });
    expect(report.findings).toEqual([]);
    expect(report.names).toBe(0);
    expect((await scan()).names).toBe(2);
  });
});
