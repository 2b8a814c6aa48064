// The note font keeps what fontkit read and each text's width between documents: the widths it
// gives must be pdf-lib's own, to the last bit, or a note could wrap or shrink differently and
// a sheet's bytes change with what was printed before it.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";
import { embedNoteFont } from "../../src/print/note-font.ts";
import { fontDir } from "../../src/print/fonts.ts";

const TEXTS = [
  "Print both sides, flip on the short edge.",
  "Imprimez au format réel : pliez le bord court contre le bord court\u00a0!",
  "AVAWAY To. Ty. fi fl",
  "x",
  "",
  "Imprimir al 100 % — doblar por la mitad",
];
const SIZES = [5, 6, 7.5, 9.25, 11, 12, 18, 23.7, 100 / 3];

describe("the note font's widths", () => {
  for (const weight of [400, 700] as const) {
    it(`are pdf-lib's own at weight ${weight}, in a first document and in later ones`, async () => {
      const file = path.join(fontDir(), `atkinson-hyperlegible-latin-${weight}-normal.woff`);
      const plain = await PDFDocument.create();
      plain.registerFontkit(fontkit);
      const reference = await plain.embedFont(await readFile(file), { subset: true });
      for (let round = 0; round < 3; round++) {
        const font = await embedNoteFont(await PDFDocument.create(), weight);
        for (const text of TEXTS) {
          for (const size of SIZES) {
            expect(font.widthOfTextAtSize(text, size), `${text} at ${size}`).toBe(
              reference.widthOfTextAtSize(text, size),
            );
          }
        }
      }
    });
  }

  it("embeds the same bytes in a document however many documents came before", async () => {
    const sheet = async (): Promise<Uint8Array> => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      const font = await embedNoteFont(doc);
      doc.addPage([200, 100]).drawText("Fold short edge to short edge", { font, size: 9 });
      return doc.save();
    };
    const first = await sheet();
    await sheet();
    expect(Buffer.from(await sheet()).equals(Buffer.from(first))).toBe(true);
  });
});

/**
 * Whether fontkit was loaded before and after `steps`, run in a new process: whatever this test
 * file already loaded does not count. fontkit is CommonJS, so Node's require cache shows it.
 */
function fontkitLoaded(steps: string): unknown {
  const script = `
    import { createRequire } from "node:module";
    const loaded = () => Object.keys(createRequire(import.meta.url).cache)
      .some((file) => file.includes("@pdf-lib/fontkit"));
    ${steps}
  `;
  const said = execFileSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    { cwd: path.join(import.meta.dirname, "..", ".."), encoding: "utf8" },
  );
  return JSON.parse(said);
}

describe("loading the print room", () => {
  it("leaves fontkit unloaded until the first note is written", () => {
    const said = fontkitLoaded(`
      const { PDFDocument } = await import("pdf-lib");
      await import("./src/build/print-build.ts");
      const before = loaded();
      const { embedNoteFont } = await import("./src/print/note-font.ts");
      await embedNoteFont(await PDFDocument.create());
      process.stdout.write(JSON.stringify([before, loaded()]));
    `);
    expect(said).toEqual([false, true]);
  }, 60_000);

  it("loads fontkit ahead of the first note when asked, while the browser starts", () => {
    const said = fontkitLoaded(`
      const { loadNoteFontkit } = await import("./src/print/index.ts");
      const before = loaded();
      loadNoteFontkit();
      for (let i = 0; i < 300 && !loaded(); i++) await new Promise((r) => setTimeout(r, 100));
      process.stdout.write(JSON.stringify([before, loaded()]));
    `);
    expect(said).toEqual([false, true]);
  }, 60_000);
});
