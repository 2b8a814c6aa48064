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

  it.each([
    ["a PDF date", "D:20261014000000Z", "(D:20261014000000Z)"],
    [
      "a PDF date with an offset",
      "D:20261014093000+02'00'",
      "/CreationDate (D:20261014093000+02'00')",
    ],
    ["an ISO basic date-time", "20261014T093000Z", "DTSTART:20261014T093000Z"],
    ["an ISO date-time with an offset", "2026-10-14", '"published": "2026-10-14T09:30:00+02:00"'],
    ["an ISO date-time with fractions", "2026-10-14", "2026-10-14T09:30:00.000Z"],
    ["a compact date in a file name", "20261014", "photo-20261014.jpg"],
    ["a Unix time in seconds", "1792022400", '{"t":1792022400}'],
    ["a Unix time in milliseconds", "1792022400000", "new Date(1792022400000)"],
    ["a Spanish month-first date", "octubre 14, 2026", "el octubre 14, 2026"],
    ["a French day with a weekday", "14 octobre 2026", "mercredi 14 octobre 2026"],
    ["a day-first date with a two-digit year", "14.10.26", "le 14.10.26"],
    ["a month-first date with a two-digit year", "10/14/26", "on 10/14/26"],
  ])("finds %s", (_name, match, text) => {
    expect(matches(text, "exact-date", dates)).toEqual([match]);
  });

  it.each([
    ["money", "14.10 EUR and 2026.14"],
    ["times", "14:10 to 20:26"],
    ["page ranges", "pp. 14-10, 2026-2027"],
    ["a version number", "v14.10.2026-beta"],
    ["a year range", "2026-2027"],
    ["a longer run of digits", "202610141"],
    ["a month and year in French", "octobre 2026"],
    ["a PDF date of another day", "D:20261015000000Z"],
  ])("stays quiet on %s", (_name, text) => {
    expect(matches(text, "exact-date", dates)).toEqual([]);
  });

  it("flags nothing when no public report has a day", () => {
    expect(matches("2026-10-14", "exact-date")).toEqual([]);
  });

  it("records the ISO day it read", () => {
    expect(found("14 de octubre de 2026", "exact-date", dates)[0]?.canonical).toBe("2026-10-14");
  });
});
