// The example circle's ledger through the command line, hledger and the built pages.
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, rm, writeFile, cp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { build } from "../../src/build/build.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { closingBalances, formatAmount, fundByMonth } from "../../src/ledger/index.ts";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");
const run = promisify(execFile);
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-ledger-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the example circle's ledger", () => {
  it("hledger accepts the export and agrees with mimeo on every month-end balance", async () => {
    const { prepared } = await prepareCircle(path.join(root, "content"));
    if (!prepared) throw new Error("example circle should load");
    const { stdout: journal } = await run(
      process.execPath,
      [bin, "ledger", "--format", "hledger"],
      { cwd: root },
    );
    const file = path.join(work, "circle.journal");
    await writeFile(file, journal);
    for (const month of fundByMonth(prepared.ledger)) {
      const [y, m] = month.month.split("-").map(Number) as [number, number];
      const end = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
      const { stdout } = await run("hledger", [
        "-f",
        file,
        "bal",
        "assets:fund",
        "-e",
        end,
        "-N",
        "--flat",
      ]);
      expect(stdout.trim(), month.month).toBe(
        `${formatAmount(month.holds, month.currency)}  assets:fund`,
      );
    }
    const closing = closingBalances(prepared.ledger).map((a) => formatAmount(a, a.unit));
    expect(closing).toEqual(["68.60 EUR"]);
  });

  it("prints totals as a table and every row with its running balance as CSV", async () => {
    const { stdout: table } = await run(process.execPath, [bin, "ledger"], { cwd: root });
    expect(table).toMatch(/2026-11\s+EUR\s+135\.00\s+118\.75\s+68\.60/);
    const { stdout: csv } = await run(process.execPath, [bin, "ledger", "--format", "csv"], {
      cwd: root,
    });
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("date,who,what,amount,unit,balance,currency,note,file,line");
    expect(lines.at(-1)).toMatch(/^2026-11-30,fund,balance,,EUR,68\.60,EUR,/);
  });

  it("fails the build on a wrong assertion or a misspelt name, with what to change", async () => {
    const content = path.join(work, "content");
    await cp(path.join(root, "content"), content, { recursive: true });
    const file = path.join(content, "ledger", "2026-11.md");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("= 68.60 EUR", "= 70.00 EUR").replace("| Heron ", "| Heorn "),
    );
    const result = await run(process.execPath, [bin, "check", "--content", content]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect("code" in result ? result.code : 0).toBe(1);
    const stderr = "stderr" in result ? result.stderr : "";
    expect(stderr).toMatch(
      /ledger\/2026-11\.md:\d+: amount: .*asserted 70\.00 EUR, computed 68\.60 EUR, difference 1\.40 EUR/,
    );
    expect(stderr).toMatch(
      /ledger\/2026-11\.md:\d+: who: "Heorn" is not a member in rotation\.md: did you mean "Heron"\?/,
    );
  });
});

describe("the ledger page", () => {
  it("shows rows with balances for the circle, and only totals in public", async () => {
    const out = path.join(work, "site");
    await build({ content: path.join(root, "content"), out, audiences: ["public", "circle"] });
    const circle = await readFile(path.join(out, "circle", "ledger.html"), "utf8");
    expect(circle).toContain("€68.60");
    expect(circle).toContain("Heron");
    expect(circle.match(/<svg/g)).toHaveLength(2);
    expect(circle).toMatch(/<title[^>]*>[^<]+<\/title>/);
    const pub = await readFile(path.join(out, "public", "ledger.html"), "utf8");
    const { prepared } = await prepareCircle(path.join(root, "content"));
    for (const member of prepared?.circle.roster?.members ?? [])
      expect(pub).not.toContain(member.name);
    expect(pub).toContain("October 2026");
    expect(pub).not.toContain("September 2026");
    expect(pub).not.toMatch(/2026-10-\d\d/);
  });
});
