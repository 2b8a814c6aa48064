// Date labels are formatted with Intl from the calendar day; luxon, which mimeo used before,
// formats the day's midnight in the circle's zone. The two must give the same text, or a
// rebuild would change pages that did not change.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DateTime } from "luxon";
import { formatDay, formatMonth } from "../../src/site/dates.ts";
import type { Language } from "../../src/content/model.ts";

const LANGUAGES: Language[] = ["en", "es", "fr"];
// Zones whose midnight is skipped or repeated on some days, far east and west, and UTC.
const ZONES = [
  "UTC",
  "Europe/Madrid",
  "America/Santiago",
  "America/Sao_Paulo",
  "America/Havana",
  "Asia/Beirut",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
  "Asia/Kolkata",
];

/** What formatDay and formatMonth gave when they asked luxon for every label. */
function luxonDay(iso: string, language: Language, zone: string): string {
  const date = DateTime.fromISO(iso, { zone }).setLocale(language);
  if (language !== "fr") return date.toLocaleString(DateTime.DATE_FULL);
  const first = new Intl.PluralRules("fr", { type: "ordinal" }).select(date.day) === "one";
  return date
    .toLocaleParts(DateTime.DATE_FULL)
    .map((part) => (part.type === "day" && first ? `${part.value}er` : part.value))
    .join("");
}
function luxonMonth(iso: string, language: Language, zone: string): string {
  return DateTime.fromISO(iso.length === 7 ? `${iso}-01` : iso, { zone })
    .setLocale(language)
    .toLocaleString({ month: "long", year: "numeric" });
}

const day = fc
  .date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("2999-12-31T00:00:00Z") })
  .filter((d) => !Number.isNaN(d.getTime()))
  .map((d) => d.toISOString().slice(0, 10));

describe("date labels", () => {
  it("read as luxon wrote them, for any day, language and zone", () => {
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom(...ZONES),
        (iso, language, zone) => {
          expect(formatDay(iso, language, zone)).toBe(luxonDay(iso, language, zone));
          expect(formatMonth(iso, language, zone)).toBe(luxonMonth(iso, language, zone));
          expect(formatMonth(iso.slice(0, 7), language, zone)).toBe(
            luxonMonth(iso.slice(0, 7), language, zone),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it("read as luxon wrote them on days a zone skips midnight, and on the first of a month", () => {
    for (const language of LANGUAGES) {
      for (const zone of ZONES) {
        for (const iso of ["2018-11-04", "2019-09-08", "2024-03-31", "2026-12-01", "2026-01-01"]) {
          expect(formatDay(iso, language, zone)).toBe(luxonDay(iso, language, zone));
          expect(formatMonth(iso, language, zone)).toBe(luxonMonth(iso, language, zone));
        }
      }
    }
  });

  it("leave to luxon what is not a plain day: a time, a day that does not exist, an unknown zone", () => {
    for (const [iso, zone] of [
      ["2026-10-14T23:30:00+02:00", "Europe/Madrid"],
      ["2026-02-30", "Europe/Madrid"],
      ["2026-10-14", "Not/AZone"],
      ["0999-05-01", "UTC"],
    ] as const) {
      for (const language of LANGUAGES) {
        expect(formatDay(iso, language, zone)).toBe(luxonDay(iso, language, zone));
        expect(formatMonth(iso, language, zone)).toBe(luxonMonth(iso, language, zone));
      }
    }
  });
});
