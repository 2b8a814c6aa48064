// The plain-text READMEs and the sheets' printed notes break lines only at ordinary spaces: a
// French colon stays on the line of the word before it.
import { describe, expect, it } from "vitest";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { wrapText } from "../../src/bundle/wrap.ts";
import { wrapText as wrapNote } from "../../src/print/feed.ts";
import { frenchSpaced } from "../../src/french-spacing.ts";

const french = frenchSpaced(
  "Ouvrez START-HERE.html dans un navigateur : double-cliquez dessus ; rien ne se charge depuis internet.",
);

describe("line wrapping", () => {
  it("never breaks a README line at a no-break space", () => {
    for (let width = 12; width <= 72; width++) {
      const lines = wrapText(french, width, "  ").split("\n");
      expect(
        lines.every((line) => !/^\s*[:;?!»%]/.test(line)),
        `width ${width}`,
      ).toBe(true);
      expect(lines.join(" ").replace(/[ \n]+/g, " ")).toContain("navigateur\u00a0: double");
    }
  });

  it("never breaks a printed note at a no-break space", async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const tiles = "4 feuilles\u00a0: 2 rangées (A à B) × 2 colonnes.";
    for (let width = 40; width <= 300; width += 5) {
      const lines = wrapNote(tiles, font, 9, width);
      expect(
        lines.every((line) => !/^[:;?!»%]/.test(line)),
        `width ${width}`,
      ).toBe(true);
      expect(lines.join(" ")).toContain("feuilles\u00a0:");
    }
  });
});
