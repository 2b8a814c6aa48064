import { describe, expect, it } from "vitest";
import { newMoonsBetween } from "../../src/rhythm/index.ts";

// New moons of 2026 and 2027, UTC to the minute, from the U.S. Naval Observatory's
// "Phases of the Moon" tables (aa.usno.navy.mil/data/MoonPhases, years 2026 and 2027),
// typed in from a public transcription of those tables. Beside each: the local calendar
// day worked out by hand in Europe/Madrid (CET +1, CEST +2 from 2026-03-29 and 2027-03-28
// until 2026-10-25 and 2027-10-31) and America/Los_Angeles (PST -8, PDT -7 from 2026-03-08
// and 2027-03-14 until 2026-11-01 and 2027-11-07).
const USNO: [utc: string, madrid: string, losAngeles: string][] = [
  ["2026-01-18T19:52Z", "2026-01-18", "2026-01-18"],
  ["2026-02-17T12:01Z", "2026-02-17", "2026-02-17"],
  ["2026-03-19T01:23Z", "2026-03-19", "2026-03-18"], // LA already on summer time
  ["2026-04-17T11:52Z", "2026-04-17", "2026-04-17"],
  ["2026-05-16T20:01Z", "2026-05-16", "2026-05-16"],
  ["2026-06-15T02:54Z", "2026-06-15", "2026-06-14"],
  ["2026-07-14T09:43Z", "2026-07-14", "2026-07-14"],
  ["2026-08-12T17:37Z", "2026-08-12", "2026-08-12"],
  ["2026-09-11T03:27Z", "2026-09-11", "2026-09-10"],
  ["2026-10-10T15:50Z", "2026-10-10", "2026-10-10"],
  ["2026-11-09T07:02Z", "2026-11-09", "2026-11-08"], // LA back on standard time: 23:02
  ["2026-12-09T00:52Z", "2026-12-09", "2026-12-08"],
  ["2027-01-07T20:24Z", "2027-01-07", "2027-01-07"],
  ["2027-02-06T15:56Z", "2027-02-06", "2027-02-06"],
  ["2027-03-08T09:29Z", "2027-03-08", "2027-03-08"], // LA still on standard time: 01:29
  ["2027-04-06T23:51Z", "2027-04-07", "2027-04-06"], // Madrid on summer time: 01:51 the next day
  ["2027-05-06T10:58Z", "2027-05-06", "2027-05-06"],
  ["2027-06-04T19:40Z", "2027-06-04", "2027-06-04"],
  ["2027-07-04T03:02Z", "2027-07-04", "2027-07-03"],
  ["2027-08-02T10:05Z", "2027-08-02", "2027-08-02"],
  ["2027-08-31T17:41Z", "2027-08-31", "2027-08-31"],
  ["2027-09-30T02:36Z", "2027-09-30", "2027-09-29"],
  ["2027-10-29T13:36Z", "2027-10-29", "2027-10-29"],
  ["2027-11-28T03:24Z", "2027-11-28", "2027-11-27"],
  ["2027-12-27T20:12Z", "2027-12-27", "2027-12-27"],
];

describe("new moons", () => {
  for (const [zone, column] of [
    ["Europe/Madrid", 1],
    ["America/Los_Angeles", 2],
  ] as const) {
    it(`match the USNO table for 2026–2027, on the local day in ${zone}`, () => {
      const moons = newMoonsBetween("2026-01-01", "2028-01-01", zone);
      expect(moons.map((m) => m.date)).toEqual(USNO.map((row) => row[column]));
      moons.forEach((moon, i) => {
        const published = Date.parse(USNO[i]?.[0] ?? "");
        // USNO rounds to the minute; astronomy-engine agrees well within two minutes.
        expect(Math.abs(Date.parse(moon.at) - published)).toBeLessThan(2 * 60_000);
      });
    });
  }

  it("uses the local day, not the UTC day", () => {
    // 2027-04-06T23:51Z: still the 6th in UTC and in Los Angeles, already the 7th in Madrid.
    expect(newMoonsBetween("2027-04-01", "2027-04-30", "UTC").map((m) => m.date)).toEqual([
      "2027-04-06",
    ]);
    expect(newMoonsBetween("2027-04-01", "2027-04-30", "Europe/Madrid").map((m) => m.date)).toEqual(
      ["2027-04-07"],
    );
    expect(newMoonsBetween("2027-04-01", "2027-04-30", "Asia/Tokyo").map((m) => m.date)).toEqual([
      "2027-04-07",
    ]);
  });

  it("keeps a new moon on the first day of the span and leaves out the last", () => {
    expect(newMoonsBetween("2026-11-09", "2026-12-09", "Europe/Madrid").map((m) => m.date)).toEqual(
      ["2026-11-09"],
    );
  });
});
