// The IBAN detector: checksum-validated, with or without spaces.
import { describe, expect, it } from "vitest";
import { ibanChecksumOk } from "../../src/guard/detectors/iban.ts";
import { found, matches } from "./support.ts";

describe("IBAN detector", () => {
  it.each([
    "ES91 2100 0418 4502 0005 1332",
    "ES9121000418450200051332",
    "GB82 WEST 1234 5698 7654 32",
    "gb82west12345698765432",
    "DE89 3704 0044 0532 0130 00",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91 ABNA 0417 1643 00",
    "NO93 8601 1117 947",
  ])("finds %s", (iban) => {
    expect(matches(`Pay to ${iban}, thanks.`, "iban")).toEqual([iban]);
  });

  it("stops at the country's length when a word follows", () => {
    expect(matches("ES91 2100 0418 4502 0005 1332 2026 is ours", "iban")).toEqual([
      "ES91 2100 0418 4502 0005 1332",
    ]);
  });

  it.each([
    ["a wrong check digit", "ES92 2100 0418 4502 0005 1332"],
    ["a wrong length", "ES91 2100 0418 4502 0005 133"],
    ["ordinary numbers", "1234 5678 9012 3456 7890"],
    ["a phone", "+34 612 345 678"],
    ["a code", "AB12CD34EF56"],
    ["a digest", "ab12f0e9c8d7b6a5f4e3d2c1b0a9f8e7"],
  ])("does not flag %s", (_name, text) => {
    expect(matches(text, "iban")).toEqual([]);
  });

  it("is not also read as a phone number", () => {
    expect(matches("ES91 2100 0418 4502 0005 1332", "phone")).toEqual([]);
  });

  it("masks all but the country and the last character", () => {
    const [f] = found("ES91 2100 0418 4502 0005 1332", "iban");
    expect(f?.masked).toBe("ES** **** **** **** **** ***2");
    expect(f?.canonical).toBe("ES9121000418450200051332");
  });

  it("checks ISO 13616 mod 97", () => {
    expect(ibanChecksumOk("GB82WEST12345698765432")).toBe(true);
    expect(ibanChecksumOk("GB82WEST12345698765433")).toBe(false);
  });
});
