// A date's shape is checked by a regex, then isCalendarDay says whether it is a real day: the
// same answer luxon gives, for every month and day around the edges of many years.
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import type { z } from "zod";
import {
  charterSchema,
  circleSchema,
  importedReportSchema,
  importedTacticSchema,
  isCalendarDay,
  reportSchema,
  rosterSchema,
  validate,
} from "../../src/content/schemas.ts";
import { parseYaml } from "../../src/content/frontmatter.ts";
import type { ContentProblem } from "../../src/content/problem.ts";

const YEARS = [0, 1, 4, 100, 400, 1582, 1900, 1996, 2000, 2023, 2024, 2100, 2400, 2999, 9999];
const two = (n: number): string => String(n).padStart(2, "0");

describe("isCalendarDay", () => {
  it("agrees with luxon on every YYYY-MM-DD of leap and common years", () => {
    let days = 0;
    for (const year of YEARS) {
      for (const month of [...Array(14).keys(), 99]) {
        for (const day of [...Array(33).keys(), 99]) {
          const iso = `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}`;
          expect(isCalendarDay(iso), iso).toBe(DateTime.fromISO(iso).isValid);
          if (isCalendarDay(iso)) days++;
        }
      }
    }
    // 365 days a year, one more in the leap years among them (0, 4, 400, 1996, 2000, 2024, 2400).
    expect(days).toBe(YEARS.length * 365 + 7);
  });
});

describe("validate says every problem in the words of someone writing YAML", () => {
  const check = (schema: z.ZodType, text: string): ContentProblem[] => {
    const parsed = parseYaml("f.yaml", text, 1);
    expect(parsed.problems).toEqual([]);
    return validate(schema, parsed.data, "f.yaml", parsed.lineOf, parsed.sourceOf).problems;
  };
  const roster = "roles: [a]\nterm: 14 days\nstart: 2026-01-01\n";

  it("never passes on zod's own wording, whatever the shape", () => {
    const cases: [z.ZodType, string][] = [
      [circleSchema, "name: x\nrhythm: monthly"],
      [circleSchema, "name: x\nrhythm:"],
      [circleSchema, "name: x\ncare-units: [1, [a], {b: c}]"],
      [circleSchema, "name: x\nemblem: [a]"],
      [circleSchema, "- a\n- b"],
      [circleSchema, "hello"],
      [charterSchema, "title: t\nadopted: 2026-01-01\namendments: [x]"],
      [rosterSchema, `${roster}members: [a, b]`],
      [rosterSchema, `${roster}members: [{name: a, roles: [1, true]}]`],
      [rosterSchema, `${roster}members: []`],
      [rosterSchema, `${roster}members: [{name: a}]\nseed: ${"1 ".repeat(300)}`],
      [importedTacticSchema, "title: t\nkind: care\nrisk: low\nfrom: {circle: a, received: 2026-01}\nlineage: [{circle: a, id: 5}, x]"],
      [importedReportSchema, "title: t\ndate: 2026-01\noutcome: won\nfrom: {circle: a, received: 2026-01}\ntactic: 5"],
    ];
    for (const [schema, text] of cases) {
      const problems = check(schema, text);
      expect(problems.length, text).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.message, text).not.toMatch(/invalid input|expected \w+, received|too (small|big)/i);
        expect(p.message, text).not.toContain("\u0000");
      }
    }
  });

  it("says which fields a group holds, and what was found instead", () => {
    expect(check(circleSchema, "name: x\nrhythm: monthly")).toEqual([
      expect.objectContaining({
        line: 2,
        field: "rhythm",
        found: "monthly",
        message:
          "must be fields on the lines below it, indented (pulse, start, decompress-days, assembly, seal), not text",
      }),
    ]);
    expect(check(rosterSchema, `${roster}members:\n  - Heron`)[0]).toMatchObject({
      line: 5,
      field: "members[0]",
      message: expect.stringContaining("write it as `- name: Heron`"),
    });
    expect(check(circleSchema, "- a\n- b")[0]?.message).toMatch(/^the fields must be written one a line/);
  });

  it("says a number or yes/no where text was meant needs quotes", () => {
    expect(check(reportSchema, "title: 1984\ndate: 2026-01-01\ntactic: a\ncare-mirror: b\noutcome: won")).toEqual([
      expect.objectContaining({ field: "title", message: expect.stringMatching(/put it in quotes, like "1984"$/) }),
    ]);
    expect(check(circleSchema, "name: x\nemblem: true")[0]?.message).toBe("must be text, not a yes/no value: put it in quotes, like \"true\"");
  });
});

describe("a number written in quotes", () => {
  it("says to remove the quotes, in any file and at any depth", () => {
    const check = (schema: z.ZodType, text: string): ContentProblem[] => {
      const parsed = parseYaml("f.yaml", text, 1);
      return validate(schema, parsed.data, "f.yaml", parsed.lineOf, parsed.sourceOf).problems;
    };
    const report = 'title: t\ndate: 2026-01-01\ntactic: a\ncare-mirror: b\noutcome: won\nparticipants: "12"';
    expect(check(reportSchema, report)).toEqual([
      expect.objectContaining({
        line: 6,
        field: "participants",
        found: "12",
        message: "is a number written in quotes, which YAML reads as text: remove the quotes, like participants: 12",
      }),
    ]);
    expect(check(circleSchema, "name: x\nrhythm:\n  decompress-days: '2'")[0]?.message).toMatch(
      /remove the quotes, like decompress-days: 2$/,
    );
    const charter = 'title: t\nadopted: 2026-01-01\namendments:\n  - date: 2026-01-01\n    article: "3"\n    change: x';
    expect(check(charterSchema, charter)[0]).toMatchObject({ line: 5, field: "amendments[0].article" });
    expect(check(charterSchema, charter)[0]?.message).toMatch(/remove the quotes, like article: 3$/);
    expect(check(rosterSchema, "roles: [a]\nterm: 14 days\nstart: 2026-01-01\nterms: \"12\"\nmembers: [{name: a}]")[0]?.message).toMatch(/remove the quotes/);
  });
});

describe("care-units", () => {
  const units = (list: string): ContentProblem[] => {
    const parsed = parseYaml("circle.yaml", `name: x\ncare-units: ${list}`, 1);
    return validate(circleSchema, parsed.data, "circle.yaml", parsed.lineOf, parsed.sourceOf).problems;
  };

  it("takes each unit once, in any case", () => {
    expect(units("[hours, meals, hours]")).toEqual([
      expect.objectContaining({ line: 2, field: "care-units[2]", message: "is listed twice: list each care unit once" }),
    ]);
    expect(units("[hours, Hours]")[0]?.message).toBe("is listed twice, also as hours: write it one way, and list it once");
  });

  it("refuses a currency, which the ledger always reads as money", () => {
    expect(units("[hours, EUR]")).toEqual([
      expect.objectContaining({ field: "care-units[1]", found: "EUR", message: expect.stringMatching(/^is a currency code: the ledger reads every ISO 4217 code as money/) }),
    ]);
    for (const symbol of ["€", "$", "£"]) {
      expect(units(`[hours, "${symbol}"]`)[0]?.message, symbol).toMatch(/^a currency symbol is not a care unit/);
    }
    // A word that is a currency code only in capitals is a unit like any other.
    expect(units("[hours, cup, all]")).toEqual([]);
  });
});
