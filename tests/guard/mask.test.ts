// Masking: a log line may help a person find a leak, never repeat it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mask, maskEmail, maskNumber } from "../../src/guard/mask.ts";

describe("mask", () => {
  it("keeps the first character of each word", () => {
    expect(mask("Maria Quintero")).toBe("M**** Q*******");
    expect(mask("María  quin\u00ADtero")).toBe("M**** q*******");
    expect(mask("14 October 2026")).toBe("1* O****** 2***");
    expect(mask("Mar&iacute;a")).toBe("M****");
  });

  it("hides one-character words entirely", () => {
    expect(mask("A")).toBe("*");
    expect(mask("M Q")).toBe("* *");
  });

  it("masks addresses and numbers", () => {
    expect(maskEmail("maria@example.org")).toBe("m****@e******.org");
    expect(maskEmail("a@b.org")).toBe("*@*.org");
    expect(maskNumber("+34 612 345 678")).toBe("+34 6** *** **8");
    expect(maskNumber("612345678")).toBe("61******8");
  });

  it("never contains the full value", () => {
    const value = fc.stringMatching(/^[\p{L}\p{N}][\p{L}\p{N} .@+-]{0,30}$/u);
    fc.assert(
      fc.property(value, (text) => {
        for (const masked of [mask(text), maskEmail(text), maskNumber(text)]) {
          expect(masked.includes(text.trim())).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
