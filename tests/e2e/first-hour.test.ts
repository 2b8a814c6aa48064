// A circle's first hour, the way a new user lives it: mimeo installed with npm outside its
// clone, `mimeo init` for a Spanish, a French and an English circle, each checked and built on
// its paper from a folder outside the repository. The pages must speak the circle's language,
// every page must have a title, and the ledger must read on a 360 px phone in real Chromium.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { appendFile, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PDFDocument } from "pdf-lib";
import { launchBrowser, type RunningBrowser } from "../../src/print/browser.ts";

const root = path.join(import.meta.dirname, "..", "..");
const run = promisify(execFile);

let scratch: string;
let bin: string;
let env: NodeJS.ProcessEnv;

/** Runs the installed `mimeo`, as a person would type it, in `cwd`. */
async function mimeo(
  args: string[],
  cwd: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, { cwd, env: { ...env, ...extraEnv } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".html"))
    .map((e) => path.join(e.parentPath, e.name));
}

// 1 December 2026 at noon UTC: the French circle's dates fall on the first of the month.
const FIRST_OF_DECEMBER = String(Date.UTC(2026, 11, 1, 12) / 1000);

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "mimeo-first-hour-"));
  const prefix = path.join(scratch, "prefix");
  // Installing the clone's folder links it: offline and fast, the same files a person gets.
  await run(
    "npm",
    ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", root],
    { cwd: scratch, env: { ...process.env, npm_config_ignore_scripts: "true" } },
  );
  bin = path.join(prefix, "bin", "mimeo");
  env = { ...process.env, PATH: `${path.join(prefix, "bin")}${path.delimiter}${process.env.PATH}` };
  delete env.SOURCE_DATE_EPOCH;
}, 180_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** English interface words that must not show on a Spanish circle's pages. */
// prettier-ignore
const ENGLISH = [
  "the", "and", "of", "to", "for", "with", "by", "per", "is", "on", "at", "from", "in",
  "Home", "Reports", "Tactics", "Charter", "Ledger", "Rhythm", "Print", "Search", "Find", "Skip",
  "Balance", "balance", "Care", "care", "Fund", "fund", "given", "month", "Month", "Date",
  "Who", "What", "Amount", "Note", "Risk", "low", "Opening", "Taken", "Paid", "Holds", "Year",
  "unit", "Members", "Term", "Seed", "Method", "Made", "Copy", "fold", "sheet", "page",
  "Booklet", "Reading", "Poster", "Cards", "Calendar", "days", "Nothing", "Thank", "won",
  "lost", "ongoing", "partial", "Disruption", "Skill", "Defence", "Assembly", "assembly",
  "moon", "Rest", "rest", "Handover", "hours", "meals", "rides", "credits", "Article",
  "Adopted", "Amendments", "Roles", "Start", "Lottery", "Away", "Contents", "Circle", "Public",
  "archive", "Used", "report", "Kind", "Preparation", "Pairs", "Smallest", "Outcome",
  "Participants", "Tags", "Charts", "chart", "recorded", "ends", "opening",
];
const englishWord = new RegExp(`(?<![\\p{L}\\p{N}])(${ENGLISH.join("|")})(?![\\p{L}\\p{N}])`, "gu");

/** What a reader sees or hears of a page: its text, and the text of its attributes. */
function readable(html: string): string {
  const body = html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ");
  const attributes = [...body.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/g)];
  return `${body.replace(/<[^>]*>/g, " ")} ${attributes.map((m) => m[1]).join(" ")}`;
}

describe("a circle's first hour, with mimeo installed outside its clone", () => {
  it("prints its version and each command's help", async () => {
    const version = await mimeo(["--version"], scratch);
    expect(version.stdout.trim()).toMatch(/^mimeo \d+\.\d+\.\d+$/);
    const help = await mimeo(["build", "--help"], scratch);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--jobs N .*\(default: \d+, one per CPU\)/);
  });

  it("starts, checks and builds a Spanish circle on Letter paper, all in Spanish", async () => {
    const init = await mimeo(
      [
        "init",
        "comite",
        "--language",
        "es",
        "--paper",
        "letter",
        "--currency",
        "MXN",
        "--timezone",
        "America/Mexico_City",
      ],
      scratch,
    );
    expect(init.code, init.stderr).toBe(0);
    const circle = path.join(scratch, "comite");
    const check = await mimeo(["check"], circle);
    expect(check.stderr).toBe("");
    expect(check.stdout).toMatch(/1 report, 1 tactic, 1 ledger month; no problems found/);

    // A month as a treasurer fills it in: long notes, large and negative amounts. On the day
    // of the starter's rows (mimeo init's today in the circle's zone), after them: rows are
    // balanced in date order, so earlier days would come before the starter's 10 MXN, and the
    // count would be wrong from the 3rd of any month on.
    const [ledgerFile = ""] = await readdir(path.join(circle, "content", "ledger"));
    const starter = await readFile(path.join(circle, "content", "ledger", ledgerFile), "utf8");
    const day = /^\| (\d{4}-\d{2}-\d{2}) \|/m.exec(starter)?.[1] ?? "";
    expect(day).not.toBe("");
    await appendFile(
      path.join(circle, "content", "ledger", ledgerFile),
      [
        `| ${day} | anonymous | donativo de la asamblea vecinal | 11575.50 MXN | entregado en mano durante la asamblea del barrio |`,
        `| ${day} | fund | ayuda por salario perdido | -3640.25 MXN | una familia, una semana entera sin turno |`,
        `| ${day} | fund | saldo | = 7945.25 MXN | contado dos veces, por dos personas distintas |`,
        "",
        "Leído en voz alta en la asamblea.",
        "",
      ].join("\n"),
    );

    const build = await mimeo(["build"], circle);
    expect(build.code, build.stderr).toBe(0);
    const out = path.join(circle, "output");

    // Printed on the circle's paper: the tiled charter poster's pages are US Letter.
    const tiles = await PDFDocument.load(
      await readFile(path.join(out, "circle", "print", "charter.tiles.pdf")),
    );
    const { width, height } = tiles.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)].sort()).toEqual([612, 792]);

    for (const audience of ["public", "circle"]) {
      for (const file of await htmlFiles(path.join(out, audience))) {
        const html = await readFile(file, "utf8");
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
        expect(title, file).toMatch(/^[^·\s][^·]* · Nuestro comité de solidaridad$/);
        const english = [...readable(html).matchAll(englishWord)].map((m) => m[0]);
        expect([...new Set(english)], path.relative(out, file)).toEqual([]);
      }
    }
    // The print index marks its own menu item as the current page.
    expect(await readFile(path.join(out, "circle", "print", "index.html"), "utf8")).toContain(
      '<a href="index.html" aria-current="page">Imprimir</a>',
    );
    const ledger = await readFile(path.join(out, "circle", "ledger.html"), "utf8");
    expect(ledger).toContain("Saldo en MXN");
    expect(ledger).toContain("\u22123.640,25\u00a0MXN");
    // Prose written after the table shows after it.
    expect(ledger.indexOf("Leído en voz alta")).toBeGreaterThan(ledger.indexOf("</table>"));

    // The ledger on a 360 px phone: no amount broken over two lines, no header broken inside
    // a word, and the wide table scrolls in its own box rather than the page.
    const chromium: RunningBrowser = await launchBrowser();
    try {
      const page = await chromium.browser.newPage();
      await page.setViewport({ width: 360, height: 740 });
      await page.goto(pathToFileURL(path.join(out, "circle", "ledger.html")).href);
      const layout = await page.evaluate(() => {
        const lines = (el: Element): number => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        const words = (el: Element): number =>
          (el.textContent ?? "").trim().split(/\s+/).filter(Boolean).length;
        return {
          amounts: [...document.querySelectorAll("table.ledger td.number")]
            .filter((td) => (td.textContent ?? "").trim() !== "")
            .map((td) => ({ text: td.textContent, lines: lines(td) })),
          headers: [...document.querySelectorAll("table.ledger th")].map((th) => ({
            text: th.textContent,
            lines: lines(th),
            words: words(th),
          })),
          pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
        };
      });
      expect(layout.amounts.length).toBeGreaterThanOrEqual(8);
      for (const amount of layout.amounts) expect(amount.lines, amount.text ?? "").toBe(1);
      for (const header of layout.headers) {
        expect(header.lines, header.text ?? "").toBeLessThanOrEqual(header.words);
      }
      expect(layout.pageScrolls).toBe(false);

      // On a laptop the whole table fits: nothing to scroll sideways.
      await page.setViewport({ width: 1100, height: 800 });
      await page.reload();
      const fits = await page.evaluate(() =>
        [...document.querySelectorAll(".scroll")].every(
          (box) => box.scrollWidth <= box.clientWidth + 1,
        ),
      );
      expect(fits).toBe(true);
    } finally {
      await chromium.close();
    }
  }, 300_000);

  it("writes French dates and punctuation the French way", async () => {
    const at = { SOURCE_DATE_EPOCH: FIRST_OF_DECEMBER };
    const init = await mimeo(
      ["init", "comite-fr", "--language", "fr", "--paper", "a4", "--timezone", "Europe/Paris"],
      scratch,
      at,
    );
    expect(init.code, init.stderr).toBe(0);
    const circle = path.join(scratch, "comite-fr");
    const build = await mimeo(["build", "--no-pdf"], circle, at);
    expect(build.code, build.stderr).toBe(0);
    const out = path.join(circle, "output", "circle");
    const index = await readFile(path.join(out, "index.html"), "utf8");
    expect(index).toContain("1er décembre 2026");
    expect(index).toContain("Risque\u202f: faible");
    for (const file of await htmlFiles(out)) {
      expect(/<title>([^<]*)<\/title>/.exec(await readFile(file, "utf8"))?.[1], file).toMatch(
        /^[^·\s][^·]* · Notre comité de solidarité$/,
      );
    }
    const ledger = await readFile(path.join(out, "ledger.html"), "utf8");
    expect(ledger).toContain("Solde en EUR");
    expect(ledger).not.toMatch(/Balance in|Care given/);
  }, 120_000);

  it("starts an English circle, refuses to start one over it, and keeps new files working", async () => {
    const init = await mimeo(["init", "circle", "--paper", "letter", "--currency", "USD"], scratch);
    expect(init.code, init.stderr).toBe(0);
    const again = await mimeo(["init", "circle"], scratch);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is not empty; nothing was written/);

    const circle = path.join(scratch, "circle");
    for (const args of [
      ["new", "report", "Overtime refusal"],
      ["new", "tactic", "Slow-down drill"],
      ["new", "ledger", "2027-01"],
    ]) {
      const created = await mimeo(args, circle);
      expect(created.code, created.stderr).toBe(0);
    }
    expect(await readFile(path.join(circle, "content", "ledger", "2027-01.md"), "utf8")).toContain(
      "= 0.00 USD",
    );
    const check = await mimeo(["check"], circle);
    expect(check.stderr).toBe("");
    const build = await mimeo(["build", "--no-pdf"], circle);
    expect(build.code, build.stderr).toBe(0);
    for (const file of await htmlFiles(path.join(circle, "output"))) {
      expect(/<title>([^<]*)<\/title>/.exec(await readFile(file, "utf8"))?.[1], file).toMatch(
        /^[^·\s][^·]* · Our solidarity circle$/,
      );
    }
  }, 120_000);
});
