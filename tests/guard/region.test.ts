// The circle's country from its time zone: the numbering plan its phone numbers are read with.
import { describe, expect, it } from "vitest";
import { countryOfTimeZone } from "../../src/guard/region.ts";

describe("countryOfTimeZone", () => {
  it.each([
    ["America/Mexico_City", "MX"],
    ["America/Sao_Paulo", "BR"],
    ["Europe/Madrid", "ES"],
    ["Europe/Paris", "FR"],
    ["America/Argentina/Buenos_Aires", "AR"],
    ["Africa/Lagos", "NG"],
    ["Asia/Kolkata", "IN"],
    ["America/Chicago", "US"],
    ["US/Eastern", "US"],
  ])("%s is in %s", (zone, country) => {
    expect(countryOfTimeZone(zone)).toBe(country);
  });

  it("knows no country for UTC or a zone that is not one", () => {
    expect(countryOfTimeZone("UTC")).toBeUndefined();
    expect(countryOfTimeZone("Not/A_Zone")).toBeUndefined();
  });
});
