// Normalisation: every way a name can be written must come out as one spelling, and every
// normalised offset must point back at the original text.
import { describe, expect, it } from "vitest";
import { normalise, normaliseText, originalSpan } from "../../src/guard/normalise.ts";

describe("normalise", () => {
  it.each([
    ["case", "MARIA Quintero", "maria quintero"],
    ["diacritics", "María Núñez", "maria nunez"],
    ["ñ and ß", "Ñandú Straße", "nandu strasse"],
    ["strokes Unicode does not decompose", "Łukasz Søren", "lukasz soren"],
    ["compatibility forms", "ﬁlipa Ｍaria", "filipa maria"],
    ["named entity", "Mar&iacute;a", "maria"],
    ["decimal entity", "Mar&#237;a", "maria"],
    ["hex entity", "Mar&#xED;a", "maria"],
    ["&amp;", "Tom &amp; Jerry", "tom & jerry"],
    ["entities decode once only", "&amp;iacute;", "&iacute;"],
    ["soft hyphen", "Quin\u00ADtero", "quintero"],
    [
      "zero-width space, joiners, word joiner, BOM",
      "Ma\u200Bri\u200Ca\u200D Q\u2060u\uFEFFintero",
      "maria quintero",
    ],
    ["hyphenation at a line break", "Quin-\ntero", "quintero"],
    ["hyphenation with spaces around the break", "Quin- \r\n   tero", "quintero"],
    ["soft hyphen at a line break", "Quin\u00AD\ntero", "quintero"],
    ["line break inside a name", "Maria\nQuintero", "maria quintero"],
    ["NBSP", "Maria\u00A0Quintero", "maria quintero"],
    ["&nbsp;", "Maria&nbsp;Quintero", "maria quintero"],
    ["tabs and runs", " \tMaria \n\n  Quintero\t ", "maria quintero"],
    ["typographic apostrophe", "O’Brien", "o'brien"],
    ["non-breaking hyphen", "Jean\u2011Luc", "jean-luc"],
  ])("%s", (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it("keeps a real hyphen that is not at a line break", () => {
    expect(normaliseText("Jean-Luc")).toBe("jean-luc");
  });

  it("does not join a hyphen before a line break when a number follows", () => {
    expect(normaliseText("pages 12-\n14")).toBe("pages 12- 14");
  });

  it("maps every normalised character back into the original", () => {
    const original = "Intro: Mar&iacute;a\u00A0 Quin\u00AD-\n tero!";
    const n = normalise(original);
    expect(n.text).toBe("intro: maria quintero!");
    const start = n.text.indexOf("maria");
    const end = start + "maria quintero".length;
    const [s, e] = originalSpan(n, start, end);
    expect(original.slice(s, e)).toBe("Mar&iacute;a\u00A0 Quin\u00AD-\n tero");
    expect(n.starts.length).toBe(n.text.length);
    expect(n.ends.length).toBe(n.text.length);
  });

  it("maps an expanded character (ß → ss) to the one original character", () => {
    const n = normalise("Straße");
    const s = n.text.indexOf("ss");
    expect(originalSpan(n, s, s + 2)).toEqual([4, 5]);
  });

  it("handles characters outside the BMP", () => {
    expect(normaliseText("𝐌aria 😀")).toBe("maria 😀");
  });
});
