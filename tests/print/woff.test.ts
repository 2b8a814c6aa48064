// The note font is embedded from the TrueType file its WOFF is turned back into (src/print/woff.ts):
// every table the same, and every PDF the same, byte for byte, as one embedded from the WOFF.
import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";
import { fontDir } from "../../src/print/fonts.ts";
import { sfntOfWoff, WoffError } from "../../src/print/woff.ts";

const fontFile = (weight: number): Promise<Buffer> =>
  readFile(path.join(fontDir(), `atkinson-hyperlegible-latin-${weight}-normal.woff`));

async function sheet(font: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const embedded = await doc.embedFont(font, { subset: true, customName: "AtkinsonHyperlegible" });
  doc.addPage([300, 200]).drawText("Imprimez au format réel : « pliez » ÀÉÎõü 0123456789 fi", {
    font: embedded,
    size: 9,
  });
  return Buffer.from(await doc.save());
}

describe("a WOFF font turned back into TrueType", () => {
  for (const weight of [400, 700]) {
    it(`holds the same tables and embeds into the same PDF bytes, weight ${weight}`, async () => {
      const woff = await fontFile(weight);
      const sfnt = sfntOfWoff(woff);
      expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
      const fromWoff = fontkit.create(woff);
      const fromSfnt = fontkit.create(sfnt);
      expect(fromSfnt.postscriptName).toBe(fromWoff.postscriptName);
      expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs);
      expect(fromSfnt.layout("Fold, then cut").advanceWidth).toBe(
        fromWoff.layout("Fold, then cut").advanceWidth,
      );
      expect((await sheet(sfnt)).equals(await sheet(woff))).toBe(true);
    });
  }

  it("gives back a font that is not WOFF, and refuses a cut-off WOFF", async () => {
    const sfnt = sfntOfWoff(await fontFile(400));
    expect(sfntOfWoff(sfnt)).toBe(sfnt);
    const woff = await fontFile(400);
    expect(() => sfntOfWoff(woff.subarray(0, 200))).toThrow(WoffError);
  });
});
