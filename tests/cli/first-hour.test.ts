// What a new circle meets in its first hour, piece by piece: help and version, `init`'s
// questions and its refusal to write over files, `new` that never locks, messages said once,
// pages, charts and `verify` in the circle's language, and what a rebuild says it did.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { main, progressBar } from "../../src/cli.ts";
import { COMMANDS } from "../../src/help.ts";
import { askSettings, starterCircle, writeStarter } from "../../src/init.ts";
import { ledgerCharts, readLedger } from "../../src/ledger/index.ts";
import { formatDay } from "../../src/site/dates.ts";
import { wordsFor } from "../../src/site/words.ts";
import { monthFile, settings } from "../ledger/helpers.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-first-hour-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function mimeo(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("help and version", () => {
  it.each(COMMANDS)(
    "mimeo %s --help lists its options with defaults and an example",
    async (command) => {
      const { code, out } = await mimeo([command, "--help"]);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^mimeo ${command}`));
      expect(out).toMatch(/\nExample:\n {2}mimeo /);
      if (command !== "verify") expect(out).toMatch(/Options:\n(.*\n)*.*\(default: /);
    },
  );

  it("says how many browser pages --jobs opens by default", async () => {
    expect((await mimeo(["build", "--help"])).out).toContain(
      `(default: ${os.availableParallelism()}, one per CPU)`,
    );
  });

  it("prints its version", async () => {
    const manifest = JSON.parse(
      await readFile(path.join(import.meta.dirname, "..", "..", "package.json"), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-V", "version"]) {
      expect(await mimeo([flag])).toEqual({ code: 0, out: `mimeo ${manifest.version}`, err: "" });
    }
  });

  it("ends the progress bar's last line before the next log line", () => {
    let written = "";
    const bar = progressBar({ isTTY: true, write: (t: string) => (written += t) }, {});
    bar?.(1, 2, "a.pdf");
    expect(written.endsWith("\n")).toBe(false);
    bar?.(2, 2, "archive.reading.pdf");
    expect(written.endsWith("archive.reading.pdf\n")).toBe(true);
  });
});

describe("mimeo init", () => {
  it("asks for each setting not given, again when an answer cannot be used", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = "";
    output.on("data", (chunk: Buffer) => (asked += chunk.toString()));
    input.end("es\n\nfolio\nletter\nmxn\nMXN\n");
    const answers = await askSettings({ timezone: "America/Mexico_City" }, input, output);
    expect(answers).toEqual({
      language: "es",
      name: "Nuestro comité de solidaridad",
      paper: "letter",
      currency: "MXN",
      timezone: "America/Mexico_City",
    });
    expect(asked).toContain("Paper (a4, letter) [a4]: ");
    expect(asked).toContain('--paper must be a4 or letter (found "folio")');
    expect(asked).not.toContain("Time zone");
  });

  it("refuses a folder that holds anything, and writes nothing there", async () => {
    const dir = path.join(work, "busy");
    await mkdir(dir);
    await writeFile(path.join(dir, "notes.txt"), "ours");
    const files = starterCircle(
      { name: "X", language: "en", paper: "a4", currency: "EUR", timezone: "UTC" },
      "2026-12-01",
    );
    await expect(writeStarter(dir, files)).rejects.toThrow(/is not empty; nothing was written/);
    expect(await readdir(dir)).toEqual(["notes.txt"]);
    const result = await mimeo(["init", dir]);
    expect(result.code).toBe(2);
  });

  it("refuses settings it cannot use, as a command-line mistake", async () => {
    const result = await mimeo(["init", path.join(work, "bad"), "--currency", "euro"]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--currency must be an ISO 4217 code/);
  });
});

describe("mimeo new never locks a circle", () => {
  it("refuses a report while there is no tactic, then works once there is one", async () => {
    const content = path.join(work, "empty", "content");
    await mkdir(content, { recursive: true });
    await writeFile(
      path.join(content, "circle.yaml"),
      "name: Cercle\nlanguage: es\ncurrency: USD\n",
    );
    const report = await mimeo(["new", "report", "Paro", "--content", content]);
    expect(report.code).toBe(2);
    expect(report.err).toMatch(/mimeo new tactic/);
    expect((await mimeo(["new", "tactic", "Paro de seguridad", "--content", content])).code).toBe(
      0,
    );
    expect((await mimeo(["new", "report", "Paro", "--content", content])).code).toBe(0);
    const written = await readFile(path.join(content, "reports", "paro.md"), "utf8");
    expect(written).toContain("tactic: paro-de-seguridad");
    expect(written).toContain("## Qué hicimos");
    expect((await mimeo(["new", "ledger", "2026-12", "--content", content])).code).toBe(0);
    expect(await readFile(path.join(content, "ledger", "2026-12.md"), "utf8")).toContain(
      "= 0.00 USD",
    );
    const check = await mimeo(["check", "--content", content]);
    expect(check.err).toBe("");
    expect(check.out).toContain("1 report, 1 tactic, 1 ledger month; no problems found.");
  });

  it("still starts a file when another file has a problem", async () => {
    const content = path.join(work, "broken", "content");
    await mkdir(path.join(content, "tactics"), { recursive: true });
    await writeFile(path.join(content, "circle.yaml"), "name: Circle\n");
    await writeFile(path.join(content, "tactics", "bad.md"), "---\ntitle: Bad\nkind: nope\n---\n");
    const created = await mimeo(["new", "tactic", "Good one", "--content", content]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/already had 2 problems; run mimeo check/);
  });
});

describe("messages said once", () => {
  it("says once that rotation.md is missing, not once per ledger name", () => {
    const { problems } = readLedger(
      [
        monthFile("2026-11", [
          "| 2026-11-02 | Heron | dues | 5.00 EUR | |",
          "| 2026-11-03 | Wren | meals | 2 meals | |",
        ]),
      ],
      { ...settings, members: [], hasRoster: false },
    );
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^rotation.md is missing/),
    ]);
  });

  it("gives one problem for a date written the wrong way", async () => {
    const content = path.join(work, "dates", "content");
    await mkdir(path.join(content, "tactics"), { recursive: true });
    await writeFile(path.join(content, "circle.yaml"), "name: Circle\n");
    await writeFile(
      path.join(content, "charter.md"),
      "---\ntitle: Charter\nadopted: 20/11/2026\n---\n## One\n",
    );
    const result = await mimeo(["check", "--content", content]);
    expect(result.err).toMatch(/1 problem found/);
    expect(result.err).toContain("charter.md:3: adopted: must be a date written YYYY-MM-DD");
  });
});

describe("the circle's language", () => {
  it("writes the first of the month the French way", () => {
    expect(formatDay("2026-12-01", "fr", "Europe/Paris")).toBe("1er décembre 2026");
    expect(formatDay("2026-12-02", "fr", "Europe/Paris")).toBe("2 décembre 2026");
    expect(formatDay("2026-12-01", "es", "Europe/Madrid")).toBe("1 de diciembre de 2026");
    expect(wordsFor("fr").colon).toBe("\u202f:");
  });

  it("draws the charts in the circle's words and figures", () => {
    const { ledger } = readLedger(
      [
        monthFile("2026-11", ["| 2026-11-02 | Heron | dues | 1234.50 EUR | |"], {
          opening: "100.00 EUR",
        }),
        monthFile("2026-12", ["| 2026-12-02 | fund | stipend | -1300.00 EUR | |"]),
      ],
      settings,
    );
    const charts = ledgerCharts(ledger, {
      words: wordsFor("es").chart,
      figure: (q, unit, kind) =>
        kind === "care" ? q.value.toString() : `${q.value.toString()} ${unit}`,
    });
    expect(charts.fundBalance).toContain("Saldo en EUR");
    expect(charts.fundBalance).toContain("El saldo del fondo en el tiempo");
    expect(charts.fundBalance).not.toMatch(/Balance in|opening/);
    // December's label sits above November's level, which the step comes in at.
    const levels = [...charts.fundBalance.matchAll(/V([\d.]+)/g)].map((m) => Number(m[1]));
    const labelY = [
      ...charts.fundBalance.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="9" stroke/g),
    ].map((m) => Number(m[1]));
    expect(labelY.at(-1)).toBeLessThan(Math.min(...levels));
  });
});

describe("a rebuild", () => {
  it("says which folder it left as it was and which it wrote", async () => {
    const content = path.join(work, "rebuild", "content");
    const out = path.join(work, "rebuild", "out");
    await cp(EXAMPLE, content, { recursive: true });
    const build = ["build", "--no-pdf", "--content", content, "--out", out];
    const first = await mimeo(build);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^wrote .*public\/ \(\d+ pages\)$/m);
    // A report the circle keeps to itself: the public site is the same.
    await appendFile(path.join(content, "reports", "fund-rumour.md"), "\nOne line more.\n");
    const again = await mimeo(build);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^left .*public\/ as it was \(\d+ pages\)$/m);
    expect(again.out).toMatch(/^wrote .*circle\/ \(\d+ pages\)$/m);
  });
});
