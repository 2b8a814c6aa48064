// The CLI's exports (table, CSV) and the page's charts.

import { describe, expect, it } from "vitest";
import { ledgerCharts, ledgerCsv, ledgerTable, readLedger } from "../../src/ledger/index.ts";
import { monthFile, quarter, settings } from "./helpers.ts";

const { ledger } = readLedger(quarter(), settings);

describe("ledgerCsv", () => {
  const csv = ledgerCsv(ledger);
  const lines = csv.split("\r\n");

  it("has the header, one record per row, CRLF endings", () => {
    expect(lines[0]).toBe("date,who,what,amount,unit,balance,currency,note,file,line");
    expect(lines).toHaveLength(1 + 20 + 1); // header, 20 rows, "" after the last CRLF
    expect(lines.at(-1)).toBe("");
    expect(csv.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("writes money, care and the running balance", () => {
    expect(lines[1]).toBe("2026-09-03,Wren,dues,20.00,EUR,210.00,EUR,,ledger/2026-09.md,8");
    expect(lines[3]).toBe(
      "2026-09-10,Kestrel,childcare pod,3.5,hours,,,sick-out day,ledger/2026-09.md,10",
    );
  });

  it("quotes commas, and leaves an assertion's amount empty", () => {
    expect(lines[5]).toBe(
      '2026-09-20,fund,hardship stipend,-50.00,EUR,180.00,EUR,"one family, one week",ledger/2026-09.md,12',
    );
    expect(lines[6]).toBe(
      "2026-09-30,fund,balance,,EUR,180.00,EUR,balance asserted: 180.00 EUR; counted at the assembly,ledger/2026-09.md,13",
    );
  });

  it("doubles quotes and defuses formulas in free text", () => {
    const { ledger: tricky } = readLedger(
      [monthFile("2026-11", ['| 2026-11-02 | Heron | =SUM(A1) | 1 meals | say "hi" |'])],
      settings,
    );
    expect(ledgerCsv(tricky).split("\r\n")[1]).toBe(
      `2026-11-02,Heron,'=SUM(A1),1,meals,,,"say ""hi""",ledger/2026-11.md,8`,
    );
  });
});

describe("ledgerTable", () => {
  it("prints aligned sections of exact totals", () => {
    const text = ledgerTable(ledger);
    expect(text).toContain("Care ledger, 2026-09 to 2026-11");
    expect(text).toContain("Totals by month\nmonth    EUR (net)  JPY (net)  hours  meals  rides");
    expect(text).toContain("2026-10     -44.45       5000    0.3             2");
    expect(text).toContain("The fund by month");
    expect(text).toMatch(/2026-11\s+EUR\s+20\.00\s+50\.00\s+105\.55/);
  });

  it("says so when the ledger is empty", () => {
    const { ledger: empty } = readLedger([], settings);
    expect(ledgerTable(empty)).toMatch(/empty/);
  });
});

describe("ledgerCharts", () => {
  const charts = ledgerCharts(ledger);

  for (const [name, svg] of Object.entries(charts)) {
    it(`${name} is an accessible, scalable, script-free SVG`, () => {
      expect(svg).toMatch(
        /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 320 [\d.]+" role="img"/,
      );
      expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc>/);
      const openTag = svg.slice(0, svg.indexOf(">"));
      expect(openTag).not.toMatch(/\s(width|height)=/);
      expect(svg).not.toMatch(/<script|on\w+=|href="http|url\(http|<image/i);
      expect(svg).not.toMatch(/fill="#(?!000|fff)/); // black and white only
    });
  }

  it("labels every bar with its unit and figure, and tells the data in the desc", () => {
    expect(charts.careByMonth).toContain(">hours</text>");
    expect(charts.careByMonth).toContain(">0.3</text>");
    expect(charts.careByMonth).toContain("2026-10: 0.3 hours, 2 rides.");
  });

  it("labels the month-end balances and openings", () => {
    expect(charts.fundBalance).toContain(">105.55 EUR</text>");
    expect(charts.fundBalance).toContain("opening 190.00 EUR on 2026-09-01");
    expect(charts.fundBalance).toContain("2026-10 ends at 135.55 EUR");
  });

  it("is deterministic and takes an id prefix", () => {
    expect(ledgerCharts(readLedger(quarter(), settings).ledger)).toEqual(charts);
    expect(ledgerCharts(ledger, { idPrefix: "x" }).careByMonth).toContain('id="x-care-title"');
  });

  it("draws something sensible for an empty ledger and a long one", () => {
    const { ledger: empty } = readLedger([], settings);
    expect(ledgerCharts(empty).careByMonth).toContain("No care has been recorded");
    const year = Array.from({ length: 12 }, (_, i) => {
      const month = `2026-${String(i + 1).padStart(2, "0")}`;
      return monthFile(month, [
        `| ${month}-05 | Wren | dues | ${i * 7}.50 EUR | |`,
        `| ${month}-06 | Heron | cooking | ${i} meals | |`,
      ]);
    });
    const long = ledgerCharts(readLedger(year, settings).ledger);
    expect(long.fundBalance).toContain("rotate(-90");
    expect(long.careByMonth).toContain("2026-12: 11 meals.");
  });
});
