import { describe, expect, it } from "vitest";
import { assemblyDate, parseAssemblyRule } from "../../src/rhythm/index.ts";
import type { AssemblyRule } from "../../src/rhythm/index.ts";

function rule(text: string): AssemblyRule {
  const parsed = parseAssemblyRule(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.rule;
}

const year = (text: string, y = 2027): string[] =>
  Array.from({ length: 12 }, (_, i) => assemblyDate(rule(text), y, i + 1));

describe("assembly rules", () => {
  it("first saturday, for a year (dates cross-checked with Python's calendar module)", () => {
    expect(year("first saturday")).toEqual([
      "2027-01-02",
      "2027-02-06",
      "2027-03-06",
      "2027-04-03",
      "2027-05-01",
      "2027-06-05",
      "2027-07-03",
      "2027-08-07",
      "2027-09-04",
      "2027-10-02",
      "2027-11-06",
      "2027-12-04",
    ]);
  });

  it("last friday, for a year", () => {
    expect(year("last friday")).toEqual([
      "2027-01-29",
      "2027-02-26",
      "2027-03-26",
      "2027-04-30",
      "2027-05-28",
      "2027-06-25",
      "2027-07-30",
      "2027-08-27",
      "2027-09-24",
      "2027-10-29",
      "2027-11-26",
      "2027-12-31",
    ]);
  });

  it("second tuesday, for a year", () => {
    expect(year("second tuesday", 2026)).toEqual([
      "2026-01-13",
      "2026-02-10",
      "2026-03-10",
      "2026-04-14",
      "2026-05-12",
      "2026-06-09",
      "2026-07-14",
      "2026-08-11",
      "2026-09-08",
      "2026-10-13",
      "2026-11-10",
      "2026-12-08",
    ]);
  });

  it("day 15, for a year", () => {
    expect(year("day 15")).toEqual(
      Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, "0")}-15`),
    );
  });

  it("day 31 is the last day of shorter months", () => {
    expect(year("day 31", 2028)).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
      "2028-05-31",
      "2028-06-30",
      "2028-07-31",
      "2028-08-31",
      "2028-09-30",
      "2028-10-31",
      "2028-11-30",
      "2028-12-31",
    ]);
    expect(assemblyDate(rule("day 30"), 2027, 2)).toBe("2027-02-28");
  });

  it("accepts case, ordinals, short weekdays and 'of the month'", () => {
    expect(rule("First Saturday")).toEqual({ kind: "weekday", nth: 1, weekday: 6 });
    expect(rule("the 3rd wed of each month")).toEqual({ kind: "weekday", nth: 3, weekday: 3 });
    expect(rule("  day   1 ")).toEqual({ kind: "day", day: 1 });
  });

  it("refuses anything else, listing the forms it accepts", () => {
    for (const text of [
      "fifth monday",
      "primer sábado",
      "day 0",
      "day 32",
      "saturday",
      "every saturday",
      "first",
    ]) {
      const parsed = parseAssemblyRule(text);
      expect(parsed).toHaveProperty("error");
      if ("error" in parsed)
        expect(parsed.error).toMatch(/first\|second\|third\|fourth\|last WEEKDAY.*day N/);
    }
  });
});
