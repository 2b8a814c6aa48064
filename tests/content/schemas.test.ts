// A date's shape is checked by a regex, then isCalendarDay says whether it is a real day: the
// same answer luxon gives, for every month and day around the edges of many years.
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { isCalendarDay } from "../../src/content/schemas.ts";

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
