import { describe, expect, it } from "vitest";
import {
  drawLottery,
  drawSteps,
  formatDraw,
  LotterySeedError,
  rfc3797Key,
} from "../../src/rotation/index.ts";

// RFC 3797 section 6, "Fully Worked Example": 25 volunteers, ten picks, seed sources
// 9319 / 2 5 8 10 12 / 9 18 26 34 41 45. The digests and selections are the RFC's table.
const SEED = "9319 / 2 5 8 10 12 / 9 18 26 34 41 45";
const RFC_TABLE: [string, number, number][] = [
  ["990DD0A5692A029A98B5E01AA28F3459", 25, 17],
  ["3691E55CB63FCC37914430B2F70B5EC6", 24, 7],
  ["FE814EDF564C190AC1D25753979990FA", 23, 2],
  ["1863CCACEB568C31D7DDBDF1D4E91387", 22, 16],
  ["F4AB33DF4889F0AF29C513905BE1D758", 21, 25],
  ["13EAEB529F61ACFB9A29D0BA3A60DE4A", 20, 23],
  ["992DB77C382CA2BDB9727001F3CDCCD9", 19, 8],
  ["63AB4258ECA922976811C7F55C383CE7", 18, 24],
  ["DFBC5AC97CED01B3A6E348E3CC63F40D", 17, 19],
  ["31CB111C4A4EBE9287CEAE16FE51B909", 16, 13],
];

describe("RFC 3797", () => {
  it("builds the RFC's key from its seed", () => {
    expect(rfc3797Key(SEED)).toBe("9319./2.5.8.10.12./9.18.26.34.41.45./");
  });

  it("sorts each source, drops leading zeros, keeps the sources' order", () => {
    expect(rfc3797Key("12 8 2 5 10 / 0045 9 / 007")).toBe("2.5.8.10.12./9.45./7./");
    expect(rfc3797Key("3, 1, 2")).toBe("1.2.3./");
    expect(rfc3797Key("0 / 1 2 /")).toBe("0./1.2./");
    expect(rfc3797Key("123456789012345678901234567890 / 5")).toBe(
      "123456789012345678901234567890./5./",
    );
  });

  it("reproduces the RFC's worked example: ten picks from 25", () => {
    expect(drawLottery(SEED, 25, 10)).toEqual(RFC_TABLE.map(([, , picked]) => picked));
    const { steps } = drawSteps(SEED, 25, 10);
    expect(steps.map((s) => [s.md5, s.remaining, s.selected])).toEqual(RFC_TABLE);
    // The first pick by hand: the digest as a 128-bit number, modulo 25, is 16 (0-based), so entry 17.
    expect(BigInt("0x990DD0A5692A029A98B5E01AA28F3459") % 25n).toBe(16n);
    expect(steps[0]?.position).toBe(16);
  });

  it("draws every entry once when no pick count is given", () => {
    const all = drawLottery(SEED, 25);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("refuses seeds it cannot read, saying what to write", () => {
    expect(() => rfc3797Key("")).toThrow(LotterySeedError);
    expect(() => rfc3797Key("9319 / / 4")).toThrow(/source 2 of the seed is empty/);
    expect(() => rfc3797Key("93.19 / 4")).toThrow(
      /"93\.19" in source 1 of the seed is not a whole number/,
    );
    expect(() => rfc3797Key("nine / 4")).toThrow(/not a whole number/);
    expect(() => rfc3797Key("-3")).toThrow(/not a whole number/);
  });

  it("refuses impossible draws", () => {
    expect(() => drawLottery(SEED, 0, 1)).toThrow(RangeError);
    expect(() => drawLottery(SEED, 3, 4)).toThrow(RangeError);
  });

  it("prints the key and the picks for `mimeo draw`, with names when given", () => {
    const text = formatDraw({ seed: SEED, pool: 25, picks: 3 });
    expect(text.split("\n")[0]).toBe("key: 9319./2.5.8.10.12./9.18.26.34.41.45./");
    expect(text).toContain("   1  990DD0A5692A029A98B5E01AA28F3459   25  17");
    expect(text).toContain("   3  FE814EDF564C190AC1D25753979990FA   23   2");
    const names = Array.from({ length: 25 }, (_, i) => `member${i + 1}`);
    const named = formatDraw({ seed: SEED, pool: names, picks: 2 });
    expect(named).toMatch(/17 {2}member17\n/);
    expect(named).toMatch(/ 7 {2}member7\n/);
  });
});
