// The phone detector: international and national shapes, and the numbers that are not phones.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js";
import { phoneWindows } from "../../src/guard/detectors/phone.ts";
import { found, matches } from "./support.ts";

describe("phone detector: finds", () => {
  it.each([
    ["Spanish international", "+34 612 345 678"],
    ["Spanish international, no spaces", "+34612345678"],
    ["NANP international", "+1 (555) 123-4567"],
    ["00 prefix", "0044 20 7946 0958"],
    ["UK international with trunk", "+44 (0)20 7946 0958"],
    ["French international", "+33 6 12 34 56 78"],
    ["Spanish mobile", "612 345 678"],
    ["Spanish in pairs", "612 34 56 78"],
    ["Madrid landline", "91 123 45 67"],
    ["Spanish run together", "612345678"],
    ["French", "06 12 34 56 78"],
    ["French with dots", "06.12.34.56.78"],
    ["UK London", "020 7946 0958"],
    ["UK mobile", "07700 900123"],
    ["UK Manchester", "0161 496 0000"],
    ["US parenthesised", "(555) 123-4567"],
    ["US hyphens", "555-123-4567"],
    ["US dots", "555.123.4567"],
    ["US with 1", "1-555-123-4567"],
  ])("%s", (_name, number) => {
    expect(matches(`Call ${number} today.`, "phone")).toEqual([number]);
    expect(matches(number, "phone")).toEqual([number]);
  });

  it("finds a tel: link", () => {
    expect(matches("tel:+34612345678", "phone")).toEqual(["+34612345678"]);
  });

  it("finds an international number wrapped onto the next line", () => {
    expect(matches("Call +34 612\n345 678.", "phone")).toEqual(["+34 612\n345 678"]);
  });

  it("finds two numbers side by side", () => {
    expect(matches("(555) 123-4567 555-123-4567", "phone")).toEqual([
      "(555) 123-4567",
      "555-123-4567",
    ]);
  });

  it("finds a number after a date", () => {
    expect(matches("2026-10-14 612 345 678", "phone")).toEqual(["612 345 678"]);
  });

  it("finds a number with NBSP between groups", () => {
    expect(matches("612\u00A0345\u00A0678", "phone")).toEqual(["612\u00A0345\u00A0678"]);
  });

  it("masks all but the country code and a couple of digits", () => {
    const [f] = found("+34 612 345 678", "phone");
    expect(f?.masked).toBe("+34 6** *** **8");
    expect(f?.canonical).toBe("+34612345678");
  });
});

describe("phone detector: numbers from everywhere, read with the circle's country", () => {
  it.each([
    ["MX", "Mexico City", "55 1234 5678"],
    ["BR", "São Paulo mobile", "(11) 98765-4321"],
    ["DE", "Berlin", "030 1234567"],
    ["ES", "Spanish mobile in pairs", "612 34 56 78"],
    ["IT", "Rome", "06 1234 5678"],
    ["AR", "Buenos Aires", "11 4123-4567"],
    ["CO", "Colombian mobile", "301 234 5678"],
    ["IN", "Indian mobile", "98765 43210"],
    ["JP", "Tokyo", "03-1234-5678"],
    ["AU", "Australian mobile", "0412 345 678"],
    ["PL", "Polish mobile", "512 345 678"],
    ["PH", "Philippine mobile", "0917 123 4567"],
    ["NG", "Nigerian mobile", "0803 123 4567"],
    ["ZA", "South African mobile", "082 123 4567"],
    ["FR", "French mobile", "06 12 34 56 78"],
    ["US", "Washington", "(202) 555-0143"],
  ])("%s: %s", (country, _name, number) => {
    expect(matches(`Llama al ${number} hoy.`, "phone", { country })).toEqual([number]);
  });

  it.each([
    ["Mexico", "+52 55 1234 5678"],
    ["Brazil", "+55 11 98765-4321"],
    ["Germany", "+49 30 1234567"],
    ["India", "+91 98765 43210"],
    ["Japan", "+81 3-1234-5678"],
    ["Nigeria", "+234 803 123 4567"],
  ])("an international number from %s, whatever the circle's country", (_name, number) => {
    for (const country of [undefined, "ES", "MX", "US"]) {
      const extra = country ? { country } : {};
      expect(matches(`Call ${number} now.`, "phone", extra)).toEqual([number]);
    }
  });

  it("reads a number in the circle's country's canonical form", () => {
    expect(found("55 1234 5678", "phone", { country: "MX" })[0]?.canonical).toBe("+525512345678");
  });

  it("ignores a country code it does not know", () => {
    expect(matches("+34 612 345 678", "phone", { country: "XX" })).toEqual(["+34 612 345 678"]);
  });
});

describe("phone detector: leaves alone", () => {
  it.each([
    ["an ISO date", "on 2026-10-14 we stopped"],
    ["a date and time", "2026-10-14T09:30:00Z"],
    ["a year", "in 2026 and 2027"],
    ["money with thousands", "1 234,50 EUR"],
    ["a large amount", "612 345 678,00 EUR"],
    ["money with dots", "1.234.567,89 €"],
    ["money with a currency sign", "€612 345 678"],
    ["a time", "12:30 to 14:45"],
    ["pages", "pp. 12-34, page 123"],
    ["an ISBN", "978-3-16-148410-0"],
    ["an IP address", "192.168.100.200"],
    ["a SHA-256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ["a digest of digits", "sha256-612345678123"],
    ["CSS lengths", "margin: 0 0 12px; padding: 612px 345px"],
    ["a repeated digit", "z-index: 999999999"],
    ["a Unix time", "1760400000"],
    ["a percentage", "612345678%"],
    ["four numbers", "612 345 678 901"],
    ["numbers in table cells", "<td>200</td>\n<td>300</td>\n<td>4000</td>"],
    ["a fraction", "3/4"],
    ["a decimal", "0.612345678"],
    ["a count", "23 participants"],
    ["postal codes", "28013 Madrid, 75011 Paris"],
  ])("%s", (_name, text) => {
    expect(matches(text, "phone")).toEqual([]);
    for (const country of ["MX", "BR", "ES", "FR", "US", "DE", "IN"]) {
      expect(matches(text, "phone", { country }), country).toEqual([]);
    }
  });

  it("ignores a bare run of digits in CSS and scripts, not a formatted number", () => {
    expect(matches("z-index: 612345678", "phone", {}, "css")).toEqual([]);
    expect(matches("const n = 612345678;", "phone", {}, "script")).toEqual([]);
    expect(matches("const tel = '+34 612 345 678';", "phone", {}, "script")).toHaveLength(1);
  });
});

describe("phone detector: the library reads windows, not the whole text", () => {
  const pieces = [
    "Call",
    "today.",
    "the",
    "2026",
    "12",
    "ext. 12",
    "x",
    "1,234.50",
    "\n",
    "Mx",
    "+34 612 345 678",
    "06 12 34 56 78",
    "(555) 123-4567",
    "030/1234567",
    "020 7946 0958",
    "+49 (0) 30 / 123 45 67",
    "55 1234 5678",
    "(11) 98765-4321",
    "612345678",
    "978-3-16-148410-0",
    "tel:+33612345678",
  ];
  const SEVEN = /\d(?:[\s()./-]{0,3}\d){6}/u;
  const read = (t: string, region: CountryCode) =>
    findPhoneNumbersInText(t, { defaultCountry: region }).map((m) => ({
      start: m.startsAt,
      end: m.endsAt,
      number: m.number.number,
    }));

  it("reads nothing inside hex digests, and still finds a phone beside one", () => {
    const sums = [
      "bc8825fd435d4aa8e31449937826d583a7daaae15a83832c91b38375131ebf08  index.html",
      "73e0c9e1e284128dda599558f7c15bd5f3c056442c31dfae950528a16b3835cf  reports/a.html",
      '"sha256": "ea01fc1e34823f4b798981edc0609488445cf35a12d8de7a5ac091bec1eb539e",',
    ].join("\n");
    expect(phoneWindows(sums)).toEqual([]);
    const beside = `${sums}\nCall 612 345 678 after ea01fc1e34823f4b798981edc0609488445cf35a`;
    expect(matches(beside, "phone")).toEqual(["612 345 678"]);
    // Digits alone, however long, are no digest: 32 digits still go to the library.
    expect(phoneWindows("0034612345678000000000000000000000")).not.toEqual([]);
  });

  it("finds what reading the whole text finds around every run of seven digits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.array(fc.constantFrom(" ", "  ", "\t", "", ", "), { minLength: 60, maxLength: 60 }),
        fc.constantFrom<CountryCode>("ES", "FR", "GB", "US", "DE", "MX", "BR"),
        (words, gaps, region) => {
          const t = words.map((w, i) => w + (gaps[i] ?? " ")).join("");
          const whole = read(t, region).filter((m) => SEVEN.test(t.slice(m.start, m.end)));
          const windowed = phoneWindows(t).flatMap((w) =>
            read(t.slice(w.start, w.end), region).map((m) => ({
              ...m,
              start: m.start + w.start,
              end: m.end + w.start,
            })),
          );
          for (const m of whole) expect(windowed).toContainEqual(m);
        },
      ),
      { numRuns: 300 },
    );
  });
});
