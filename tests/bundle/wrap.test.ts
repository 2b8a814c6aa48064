// The plain-text READMEs and the sheets' printed notes break lines only at ordinary spaces: a
// French colon stays on the line of the word before it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { PDFFont } from "pdf-lib";
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

  it("fills each printed note's line with as many words as fit", async () => {
    const helvetica = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[A-Za-zé:;]{1,14}$/), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 20, max: 400 }),
        async (words, width) => {
          const lines = wrapNote(words.join(" "), helvetica, 9, width);
          // Every word, in order, once.
          expect(lines.join(" ")).toBe(words.join(" "));
          lines.forEach((line, i) => {
            const wide = helvetica.widthOfTextAtSize(line, 9);
            // A line is no wider than asked, unless it is one word alone.
            if (line.includes(" ")) expect(wide).toBeLessThanOrEqual(width);
            // The next line's first word would not have fitted on it.
            const next = lines[i + 1]?.split(" ")[0];
            if (next !== undefined) {
              expect(helvetica.widthOfTextAtSize(`${line} ${next}`, 9)).toBeGreaterThan(width);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("lays out a note's lines about twice each, not once for every word they take", async () => {
    const helvetica = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const measured: string[] = [];
    const font = {
      widthOfTextAtSize: (text: string, size: number): number => {
        measured.push(text);
        return helvetica.widthOfTextAtSize(text, size);
      },
    } as unknown as PDFFont;
    // A page of instructions across an A4 sheet, as the booklet without duplex prints them.
    const note = Array.from(
      { length: 8 },
      () => "Take the printed stack out, turn it over without turning it round, and put it back.",
    ).join(" ");
    const lines = wrapNote(note, font, 12, 482);
    expect(lines.length).toBeGreaterThan(5);
    // Each word alone, then each line whole about twice: a few times the note's length.
    const laidOut = measured.reduce((sum, text) => sum + text.length, 0);
    expect(laidOut).toBeLessThanOrEqual(4 * note.length);
  });
});
