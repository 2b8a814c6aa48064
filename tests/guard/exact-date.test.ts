// The exact-date detector: a public report's day in any spelling; months alone are fine.
import { describe, expect, it } from "vitest";
import { found, matches } from "./support.ts";

const dates = { publicReportDates: ["2026-10-14", "2026-11-01"] };

describe("exact-date detector", () => {
  it.each([
    "2026-10-14",
    "2026-10-14T09:00:00Z",
    "2026/10/14",
    "20261014",
    "14/10/2026",
    "10/14/2026",
    "14.10.2026",
    "14-10-2026",
    "14/10/26",
    "14 October 2026",
    "14th October 2026",
    "October 14, 2026",
    "October 14th, 2026",
    "Oct. 14, 2026",
    "14 de octubre de 2026",
    "14 octobre 2026",
    "14 Oct 2026",
    "14-Oct-2026",
    "1er novembre 2026",
    "1 de noviembre de 2026",
    "1.º de noviembre de 2026",
    "November 1, 2026",
    "14\u00A0octobre\u00A02026",
  ])("finds %s", (text) => {
    const f = found(`The stoppage (${text}) worked.`, "exact-date", dates);
    expect(f.map((x) => x.match)).toEqual([text.replace(/T.*$/u, "")]);
  });

  it.each([
    ["a month and year", "October 2026"],
    ["a Spanish month and year", "octubre de 2026"],
    ["another day", "15 October 2026"],
    ["another year", "2025-10-14"],
    ["a day without a year", "14 October"],
    ["a bigger number", "1114/10/2026"],
  ])("does not flag %s", (_name, text) => {
    expect(matches(text, "exact-date", dates)).toEqual([]);
  });

  it("flags nothing when no public report has a day", () => {
    expect(matches("2026-10-14", "exact-date")).toEqual([]);
  });

  it("records the ISO day it read", () => {
    expect(found("14 de octubre de 2026", "exact-date", dates)[0]?.canonical).toBe("2026-10-14");
  });
});
