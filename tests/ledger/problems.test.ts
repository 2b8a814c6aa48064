// Every check the ledger reader makes: each problem names the file, the line, the column and
// what to change.

import { describe, expect, it } from "vitest";
import { readLedger } from "../../src/ledger/index.ts";
import type { LedgerMonthInput } from "../../src/ledger/index.ts";
import { monthFile, rowLine, settings } from "./helpers.ts";

function problemsOf(...months: LedgerMonthInput[]) {
  return readLedger(months, settings).problems;
}

function onlyProblem(...months: LedgerMonthInput[]) {
  const problems = problemsOf(...months);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("the table", () => {
  it("reads a table with prose before and after, header names in any case", () => {
    const input: LedgerMonthInput = {
      file: "ledger/2026-11.md",
      month: "2026-11",
      audience: "circle",
      bodyStartLine: 4,
      body: [
        "Read aloud at the assembly.",
        "",
        "| Date | WHO | What | Amount | Note |",
        "|:-----|-----|------|-------:|------|",
        "| 2026-11-02 | Heron | pantry cooking | 12 meals | sick-out day |",
        "",
        "Thank you all.",
      ].join("\n"),
    };
    const { ledger, problems } = readLedger([input], settings);
    expect(problems).toEqual([]);
    expect(ledger.months[0]?.rows[0]).toMatchObject({
      line: 8,
      who: "Heron",
      what: "pantry cooking",
    });
  });

  it("names a row a blank line or an indent cut off from the table, instead of dropping it", () => {
    // A blank line: the rows after it are one paragraph. An indent: that row is code, and the
    // row after it a paragraph of its own.
    for (const [gap, lines] of [
      ["", [10]],
      ["    ", [9, 10]],
    ] as const) {
      const body = [
        "| date | who | what | amount | note |",
        "|---|---|---|---|---|",
        "| 2026-11-02 | Heron | pantry cooking | 12 meals | |",
        ...(gap === "" ? [""] : []),
        `${gap}| 2026-11-04 | Linnet | rides | 3 rides | |`,
        "| 2026-11-05 | Heron | rides | 2 rides | |",
      ].join("\n");
      const problems = problemsOf({
        file: "ledger/2026-11.md",
        month: "2026-11",
        audience: "circle",
        body,
        bodyStartLine: 6,
      });
      expect(problems.map((p) => [p.file, p.line, p.field])).toEqual(
        lines.map((line) => ["ledger/2026-11.md", line, "table"]),
      );
      expect(problems[0]?.found).toBe("| 2026-11-04 | Linnet | rides | 3 rides | |");
      expect(problems[0]?.message).toMatch(/not in any table/);
    }
  });

  it("reports a file with no table", () => {
    const p = onlyProblem({
      file: "ledger/2026-11.md",
      month: "2026-11",
      audience: "circle",
      body: "Nothing this month.\n",
      bodyStartLine: 4,
    });
    expect(p).toMatchObject({ file: "ledger/2026-11.md", line: 0, field: "table" });
    expect(p.message).toMatch(/no ledger table.*date \| who \| what \| amount \| note/);
  });

  it("reports a second table at its own line, and still reads the first", () => {
    const input = monthFile("2026-11", ["| 2026-11-02 | Heron | pantry cooking | 12 meals | |"], {
      after: "| a | b |\n|---|---|\n| 1 | 2 |",
    });
    const { ledger, problems } = readLedger([input], settings);
    expect(problems).toHaveLength(1);
    // body: "", header, delimiter, row, "", then the second table: body line 5.
    expect(problems[0]).toMatchObject({ line: 5 + 5, field: "table", found: "| a | b |" });
    expect(problems[0]?.message).toMatch(/holds one table.*starts on line 6/);
    expect(ledger.months[0]?.rows).toHaveLength(1);
  });

  it("reports wrong columns at the header line", () => {
    const p = onlyProblem({
      file: "ledger/2026-11.md",
      month: "2026-11",
      audience: "circle",
      body: "| date | who | amount | note |\n|---|---|---|---|\n| 2026-11-02 | Heron | 12 meals | |\n",
      bodyStartLine: 4,
    });
    expect(p).toMatchObject({ line: 4, field: "table", found: "| date | who | amount | note |" });
    expect(p.message).toContain('columns are "date | who | amount | note"');
    expect(p.message).toContain(
      "exactly the columns date | who | what | amount | note, in that order",
    );
  });

  it("reports columns in the wrong order", () => {
    const p = onlyProblem({
      file: "ledger/2026-11.md",
      month: "2026-11",
      audience: "circle",
      body: "| who | date | what | amount | note |\n|---|---|---|---|---|\n",
      bodyStartLine: 4,
    });
    expect(p).toMatchObject({ line: 4, field: "table" });
  });

  it("reports prose that runs on into the table without a blank line", () => {
    const input: LedgerMonthInput = {
      file: "ledger/2026-11.md",
      month: "2026-11",
      audience: "circle",
      bodyStartLine: 4,
      body: "| date | who | what | amount | note |\n|---|---|---|---|---|\n| 2026-11-02 | Heron | cooking | 12 meals | |\nThanks everyone\n",
    };
    const p = onlyProblem(input);
    expect(p).toMatchObject({ line: 7, field: "table", found: "Thanks everyone" });
    expect(p.message).toContain("leave a blank line");
  });

  it("reports a row with more cells than columns (an unescaped pipe)", () => {
    const p = onlyProblem(
      monthFile("2026-11", ["| 2026-11-02 | Heron | cooking | 12 meals | rice | beans |"]),
    );
    expect(p).toMatchObject({ line: rowLine(0), field: "note" });
    expect(p.message).toContain('write a "|" inside a cell as "\\|"');
  });

  it("accepts an escaped pipe inside a cell", () => {
    const { ledger, problems } = readLedger(
      [monthFile("2026-11", ["| 2026-11-02 | Heron | cooking | 12 meals | rice \\| beans |"])],
      settings,
    );
    expect(problems).toEqual([]);
    expect(ledger.months[0]?.rows[0]?.note).toBe("rice | beans");
  });
});

describe("date", () => {
  it("reports a day that does not exist", () => {
    const row = "| 2026-11-31 | Heron | cooking | 12 meals | |";
    const p = onlyProblem(monthFile("2026-11", [row]));
    expect(p).toMatchObject({
      file: "ledger/2026-11.md",
      line: rowLine(0),
      field: "date",
      found: row,
    });
    expect(p.message).toContain("2026-11 has 30 days");
  });

  it("knows leap years", () => {
    expect(
      problemsOf(monthFile("2028-02", ["| 2028-02-29 | Heron | cooking | 1 meals | |"])),
    ).toEqual([]);
    const p = onlyProblem(monthFile("2026-02", ["| 2026-02-29 | Heron | cooking | 1 meals | |"]));
    expect(p.message).toContain("2026-02 has 28 days");
  });

  it("reports a date not written as YYYY-MM-DD", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 3 Nov | Heron | cooking | 12 meals | |"]));
    expect(p).toMatchObject({ line: rowLine(0), field: "date" });
    expect(p.message).toMatch(/"3 Nov" is not a date: write it as YYYY-MM-DD/);
  });

  it("reports a date outside the file's month and names the file it belongs in", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 2026-12-01 | Heron | cooking | 12 meals | |"]));
    expect(p).toMatchObject({ line: rowLine(0), field: "date" });
    expect(p.message).toContain("outside this file's month (2026-11)");
    expect(p.message).toContain("ledger/2026-12.md");
  });
});

describe("who", () => {
  it("suggests the member a typo was meant for", () => {
    const row = "| 2026-11-02 | Heorn | cooking | 12 meals | |";
    const p = onlyProblem(monthFile("2026-11", [row]));
    expect(p).toMatchObject({ line: rowLine(0), field: "who", found: row });
    expect(p.message).toContain('"Heorn" is not a member in rotation.md: did you mean "Heron"?');
  });

  it("suggests the right case", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 2026-11-02 | wren | dues | 20.00 EUR | |"]));
    expect(p.message).toContain('did you mean "Wren"?');
  });

  it("gives no suggestion for a name far from every member, and says to write anonymous", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 2026-11-02 | Margaret | dues | 20.00 EUR | |"]));
    expect(p.field).toBe("who");
    expect(p.message).not.toContain("did you mean");
    expect(p.message).toContain('write "anonymous" and keep their name off the ledger');
  });

  it("accepts fund and anonymous", () => {
    const rows = [
      "| 2026-11-02 | fund | stipend | -10.00 EUR | |",
      "| 2026-11-02 | anonymous | gift | 10.00 EUR | |",
    ];
    expect(problemsOf(monthFile("2026-11", rows))).toEqual([]);
  });

  it("reports an empty who", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 2026-11-02 |  | dues | 20.00 EUR | |"]));
    expect(p).toMatchObject({ field: "who" });
    expect(p.message).toMatch(/^who is empty/);
  });

  it("still counts the money of a row whose who is misspelt, so later assertions hold", () => {
    const rows = [
      "| 2026-11-02 | Wern | dues | 20.00 EUR | |",
      "| 2026-11-30 | fund | balance | = 20.00 EUR | |",
    ];
    const problems = problemsOf(monthFile("2026-11", rows));
    expect(problems.map((p) => p.field)).toEqual(["who"]);
  });
});

describe("amount", () => {
  const cases: [string, RegExp][] = [
    ["twenty EUR", /"twenty" is not a number/],
    ["20", /the amount 20 has no unit/],
    ["20EUR", /put a space between the number and the unit: "20 EUR"/],
    ["1,000.00 EUR", /without thousands separators: "1000.00 EUR"/],
    ["20,50 EUR", /decimals with a point: "20.50 EUR"/],
    ["EUR 20.00", /number before the unit: "20.00 EUR"/],
    [".5 hours", /digit before the point: "0.5 hours"/],
    ["", /the amount is empty/],
    ["3 hours of care", /write the amount as a number and a unit/],
  ];
  for (const [amount, message] of cases) {
    it(`reports "${amount}"`, () => {
      const p = onlyProblem(
        monthFile("2026-11", [`| 2026-11-02 | Heron | cooking | ${amount} | |`]),
      );
      expect(p).toMatchObject({ line: rowLine(0), field: "amount" });
      expect(p.message).toMatch(message);
    });
  }

  it("reports an unknown unit, suggests the near one and lists the allowed units", () => {
    const p = onlyProblem(
      monthFile("2026-11", ["| 2026-11-02 | Kestrel | childcare | 3 hour | |"]),
    );
    expect(p).toMatchObject({ field: "amount" });
    expect(p.message).toContain('unknown unit "hour": did you mean "hours"?');
    expect(p.message).toContain("hours, meals, rides, credits");
  });

  it("suggests the capitals of a currency code", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 2026-11-02 | Wren | dues | 20.00 eur | |"]));
    expect(p.message).toContain('did you mean "EUR"?');
  });

  it("takes any ISO 4217 code as money", () => {
    const rows = [
      "| 2026-11-02 | Wren | dues | 20.00 USD | |",
      "| 2026-11-02 | Wren | dues | 2000 JPY | |",
      "| 2026-11-02 | Wren | dues | 1.250 KWD | |",
    ];
    expect(problemsOf(monthFile("2026-11", rows))).toEqual([]);
  });

  it("reports negative care", () => {
    const p = onlyProblem(
      monthFile("2026-11", ["| 2026-11-02 | Kestrel | childcare | -2 hours | |"]),
    );
    expect(p).toMatchObject({ line: rowLine(0), field: "amount" });
    expect(p.message).toMatch(/care is never negative \(-2 hours\)/);
  });

  it("reports more decimals than the currency has", () => {
    const eur = onlyProblem(monthFile("2026-11", ["| 2026-11-02 | Wren | dues | 20.005 EUR | |"]));
    expect(eur).toMatchObject({ field: "amount" });
    expect(eur.message).toContain("20.005 EUR has more decimals than EUR has (2 decimals)");
    const jpy = onlyProblem(monthFile("2026-11", ["| 2026-11-02 | Wren | dues | 20.5 JPY | |"]));
    expect(jpy.message).toContain("more decimals than JPY has (no decimals)");
    const kwd = onlyProblem(monthFile("2026-11", ["| 2026-11-02 | Wren | dues | 1.2345 KWD | |"]));
    expect(kwd.message).toContain("(3 decimals)");
  });

  it("reports an amount beyond what a ledger holds", () => {
    const big = onlyProblem(
      monthFile("2026-11", ["| 2026-11-02 | Wren | dues | 99999999999999999999999 EUR | |"]),
    );
    expect(big).toMatchObject({ line: rowLine(0), field: "amount" });
    expect(big.message).toContain("write at most 18 digits before the point");
    const fine = onlyProblem(
      monthFile("2026-11", ["| 2026-11-02 | Heron | cooking | 1.000000001 hours | |"]),
    );
    expect(fine.message).toContain("write at most 4 digits after the point");
    const largest = ["| 2026-11-02 | Wren | dues | 999999999999999999.99 EUR | |"];
    expect(problemsOf(monthFile("2026-11", largest))).toEqual([]);
  });

  it("reports a balance assertion on a care unit", () => {
    const p = onlyProblem(monthFile("2026-11", ["| 2026-11-30 | fund | balance | = 12 meals | |"]));
    expect(p).toMatchObject({ line: rowLine(0), field: "amount" });
    expect(p.message).toContain("only money has a balance");
  });
});

describe("balance assertions", () => {
  it("reports a mismatch with asserted, computed and difference in the currency's decimals", () => {
    const rows = [
      "| 2026-11-03 | Wren | dues | 20.00 EUR | |",
      "| 2026-11-05 | fund | hardship stipend | -5.00 EUR | |",
      "| 2026-11-30 | fund | balance | = 210.00 EUR | counted at the assembly |",
    ];
    const p = onlyProblem(monthFile("2026-11", rows, { opening: "190.00 EUR" }));
    expect(p).toMatchObject({
      file: "ledger/2026-11.md",
      line: rowLine(2),
      field: "amount",
      found: "| 2026-11-30 | fund | balance | = 210.00 EUR | counted at the assembly |",
    });
    expect(p.message).toContain("asserted 210.00 EUR, computed 205.00 EUR, difference 5.00 EUR");
    expect(p.message).toContain("more than the rows add up to");
  });

  it("counts in date order, not file order", () => {
    const rows = [
      "| 2026-11-30 | fund | balance | = 20.00 EUR | |",
      "| 2026-11-03 | Wren | dues | 20.00 EUR | |",
    ];
    expect(problemsOf(monthFile("2026-11", rows))).toEqual([]);
  });

  it("counts rows of the same day in file order", () => {
    const rows = [
      "| 2026-11-03 | Wren | dues | 20.00 EUR | |",
      "| 2026-11-03 | fund | balance | = 20.00 EUR | |",
      "| 2026-11-03 | Heron | dues | 20.00 EUR | |",
      "| 2026-11-03 | fund | balance | = 40.00 EUR | |",
    ];
    expect(problemsOf(monthFile("2026-11", rows))).toEqual([]);
  });

  it("carries the balance across months", () => {
    const problems = problemsOf(
      monthFile("2026-10", ["| 2026-10-03 | Wren | dues | 20.00 EUR | |"]),
      monthFile("2026-11", ["| 2026-11-30 | fund | balance | = 19.00 EUR | |"]),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(
      "asserted 19.00 EUR, computed 20.00 EUR, difference -1.00 EUR",
    );
  });

  it("keeps each currency's balance apart", () => {
    const rows = [
      "| 2026-11-03 | Wren | dues | 20.00 EUR | |",
      "| 2026-11-03 | Heron | dues | 3000 JPY | |",
      "| 2026-11-30 | fund | balance | = 20.00 EUR | |",
      "| 2026-11-30 | fund | balance | = 3000 JPY | |",
    ];
    expect(problemsOf(monthFile("2026-11", rows))).toEqual([]);
  });
});

describe("opening", () => {
  it("reports a malformed opening at its line", () => {
    const p = onlyProblem(monthFile("2026-11", [], { opening: "lots" }));
    expect(p).toMatchObject({ line: 3, field: "opening", found: "lots" });
    // The field is named once, by the problem's field: not again inside the message.
    expect(p.message).toMatch(/^write the amount as a number and a unit/);
  });

  it("says to remove quotes around an opening", () => {
    const p = onlyProblem(monthFile("2026-11", [], { opening: '"190.00 EUR"' }));
    expect(p).toMatchObject({
      line: 3,
      field: "opening",
      message: "remove the quotes: write 190.00 EUR",
    });
  });

  it("reports an opening in a care unit", () => {
    const p = onlyProblem(monthFile("2026-11", [], { opening: "12 meals" }));
    expect(p).toMatchObject({ line: 3, field: "opening" });
    expect(p.message).toContain("only money has a balance");
  });

  it("reports a currency given twice", () => {
    const p = onlyProblem(monthFile("2026-11", [], { opening: "190.00 EUR; 200.00 EUR" }));
    expect(p.message).toContain("gives EUR twice (190.00 EUR and 200.00 EUR)");
  });

  it("reports a decimal comma instead of splitting on it", () => {
    const p = onlyProblem(monthFile("2026-11", [], { opening: "190,00 EUR" }));
    expect(p.message).toContain('"190.00 EUR"');
  });

  it("accepts several currencies", () => {
    const rows = ["| 2026-11-30 | fund | balance | = 5000 JPY | |"];
    expect(problemsOf(monthFile("2026-11", rows, { opening: "190.00 EUR, 5000 JPY" }))).toEqual([]);
  });

  it("sets the balance, and reports when the months before carry something else", () => {
    const { ledger, problems } = readLedger(
      [
        monthFile("2026-10", ["| 2026-10-03 | Wren | dues | 185.00 EUR | |"]),
        monthFile("2026-11", ["| 2026-11-30 | fund | balance | = 190.00 EUR | |"], {
          opening: "190.00 EUR",
        }),
      ],
      settings,
    );
    // The assertion agrees with the opening: the opening set the balance.
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "ledger/2026-11.md", line: 3, field: "opening" });
    expect(problems[0]?.message).toContain("sets the fund's EUR balance to 190.00 EUR");
    expect(problems[0]?.message).toContain("carry 185.00 EUR into 2026-11");
    expect(problems[0]?.message).toContain("difference 5.00 EUR");
    expect(ledger.months[1]?.openings[0]?.carried.value).toBe(18500n);
  });

  it("starts a currency the months before never used without complaint", () => {
    const problems = problemsOf(
      monthFile("2026-10", ["| 2026-10-03 | Kestrel | childcare | 2 hours | |"]),
      monthFile("2026-11", [], { opening: "190.00 EUR" }),
    );
    expect(problems).toEqual([]);
  });
});

describe("one run", () => {
  it("collects every problem in every file, sorted by file and line", () => {
    const problems = problemsOf(
      monthFile("2026-11", [
        "| 2026-11-31 | Heron | cooking | 12 meals | |",
        "| 2026-11-02 | Heorn | cooking | 12 meal | |",
        "| 2026-11-03 | Wren | dues | 20.001 EUR | |",
        "| 2026-11-04 | Kestrel | childcare | -1 hours | |",
      ]),
      monthFile("2026-10", ["| 2026-10-02 | Wren | dues | 20 | |"], { opening: "x" }),
    );
    expect(problems.map((p) => `${p.file}:${p.line}:${p.field}`)).toEqual([
      "ledger/2026-10.md:3:opening",
      `ledger/2026-10.md:${rowLine(0)}:amount`,
      `ledger/2026-11.md:${rowLine(0)}:date`,
      `ledger/2026-11.md:${rowLine(1)}:who`,
      `ledger/2026-11.md:${rowLine(1)}:amount`,
      `ledger/2026-11.md:${rowLine(2)}:amount`,
      `ledger/2026-11.md:${rowLine(3)}:amount`,
    ]);
  });

  it("reports two files for one month", () => {
    const a = monthFile("2026-11", []);
    const b = { ...monthFile("2026-11", []), file: "ledger/2026-11b.md" };
    const p = onlyProblem(a, b);
    expect(p).toMatchObject({ file: "ledger/2026-11b.md", line: 0, field: "month" });
    expect(p.message).toContain("ledger/2026-11.md already holds the ledger for 2026-11");
  });
});

describe("an amount written in quotes", () => {
  it("says to remove the quotes, and what else is wrong", () => {
    const cases: [string, string][] = [
      ['"15.00 EUR"', "remove the quotes: write 15.00 EUR"],
      ["\u201c15.00 EUR\u201d", "remove the quotes: write 15.00 EUR"],
      ["'4' rides", "remove the quotes: write 4 rides"],
      ['= "68.60 EUR"', "remove the quotes: write = 68.60 EUR"],
      ['"12,50 EUR"', 'remove the quotes; also, write decimals with a point: "12.50 EUR"'],
    ];
    for (const [amount, message] of cases) {
      const p = onlyProblem(monthFile("2026-11", [`| 2026-11-02 | Heron | dues | ${amount} | |`]));
      expect(p, amount).toMatchObject({ line: rowLine(0), field: "amount", message });
    }
  });
});
