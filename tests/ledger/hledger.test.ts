// The hledger export, checked by hledger itself: it must accept the journal, its balance
// assertions must pass, and its fund must end where mimeo's does, to the cent.
// (The one place the ledger's tests touch the disk and run a program.)

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  closingBalances,
  formatAmount,
  ledgerHledger,
  readLedger,
} from "../../src/ledger/index.ts";
import type { LedgerMonthInput } from "../../src/ledger/index.ts";
import { monthFile, quarter, settings } from "./helpers.ts";

const hledger = "/usr/bin/hledger";
const dir = mkdtempSync(join(tmpdir(), "mimeo-ledger-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runHledger(months: LedgerMonthInput[], name: string, args: string[]) {
  const { ledger, problems } = readLedger(months, settings);
  const file = join(dir, `${name}.journal`);
  writeFileSync(file, ledgerHledger(ledger));
  const run = spawnSync(hledger, ["-f", file, ...args], { encoding: "utf8" });
  return { ledger, problems, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** hledger's fund balance, one "105.55 EUR" per currency, from its CSV output. */
function fundPerCurrency(stdout: string): string[] {
  const line = stdout.split("\n").find((l) => l.startsWith('"assets:fund"')) ?? "";
  const balance = /^"assets:fund","(.*)"$/.exec(line.trim())?.[1] ?? "";
  return balance.split(", ").sort();
}

describe.skipIf(!existsSync(hledger))("hledger accepts the export", () => {
  it("runs a realistic quarter: opening, dues, stipends, assertions, care, two currencies", () => {
    const run = runHledger(quarter(), "quarter", ["bal", "assets:fund", "-N", "-O", "csv"]);
    expect(run.problems).toEqual([]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const mimeo = closingBalances(run.ledger)
      .map((a) => formatAmount(a, a.unit))
      .sort();
    expect(mimeo).toEqual(["105.55 EUR", "5000 JPY"]);
    expect(fundPerCurrency(run.stdout)).toEqual(mimeo);
  });

  it("balances care in its own commodities", () => {
    const run = runHledger(quarter(), "care", ["bal", "care", "-O", "csv"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"care:hours:Kestrel","7.0 hours"');
    expect(run.stdout).toContain('"care:given","-7.3 hours, -24 meals, -2 rides"');
  });

  it("an opening that SETS the balance (books that don't join) still ends where mimeo does", () => {
    const months = [
      monthFile("2026-10", ["| 2026-10-03 | Wren | dues | 185.00 EUR | |"]),
      monthFile(
        "2026-11",
        [
          "| 2026-11-03 | Heron | dues | 10.00 EUR | |",
          "| 2026-11-30 | fund | balance | = 200.00 EUR | |",
        ],
        { opening: "190.00 EUR" },
      ),
    ];
    const run = runHledger(months, "opening", ["bal", "assets:fund", "-N", "-O", "csv"]);
    expect(run.problems.map((p) => p.field)).toEqual(["opening"]); // mimeo tells the treasurer
    expect(run.status).toBe(0); // hledger agrees the balance was set
    expect(fundPerCurrency(run.stdout)).toEqual(["200.00 EUR"]);
  });

  it("keeps amounts past 2^53 minor units exact", () => {
    const months = [
      monthFile("2026-11", [
        "| 2026-11-02 | Wren | dues | 90071992547409.93 EUR | |",
        "| 2026-11-02 | Heron | dues | 0.10 EUR | |",
        "| 2026-11-02 | Heron | dues | 0.20 EUR | |",
        "| 2026-11-30 | fund | balance | = 90071992547410.23 EUR | |",
      ]),
    ];
    const run = runHledger(months, "huge", ["bal", "assets:fund", "-N", "-O", "csv"]);
    expect(run.problems).toEqual([]);
    expect(run.status).toBe(0);
    expect(fundPerCurrency(run.stdout)).toEqual(["90071992547410.23 EUR"]);
  });

  it("fails, as mimeo does, on a wrong balance assertion", () => {
    const months = quarter();
    const november = months[2]!;
    months[2] = { ...november, body: november.body.replace("= 105.55 EUR", "= 105.56 EUR") };
    const run = runHledger(months, "wrong", ["bal"]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]?.message).toContain(
      "asserted 105.56 EUR, computed 105.55 EUR, difference 0.01 EUR",
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("balance assertion");
    expect(run.stderr).toMatch(/calculated:\s+105\.55/);
    expect(run.stderr).toMatch(/asserted:\s+105\.56/);
  });
});
