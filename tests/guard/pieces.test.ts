// Long files are read in pieces of whole lines whose cuts depend only on the lines: an edit
// changes its own piece, the others keep their bytes, and a rebuild's guard skips them. A leak
// in a changed piece is still found, at its line.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { piecesOf } from "../../src/guard/pieces.ts";
import { scanOutput } from "../../src/guard/output.ts";
import { context } from "./support.ts";

const line = fc
  .string({ unit: fc.constantFrom("a", "b", "7", " ", '"', ",", "é"), maxLength: 40 })
  .map((s) => `${s}\n`);

describe("pieces of a long file", () => {
  it("join again into the text, each starting at its offset and line", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 300 }), fc.boolean(), (lines, lastEnds) => {
        const text = lines.join("") + (lastEnds ? "" : "no line end");
        const pieces = piecesOf(text);
        expect(pieces.map((p) => p.text).join("")).toBe(text);
        for (const piece of pieces) {
          expect(text.slice(piece.start, piece.start + piece.text.length)).toBe(piece.text);
          expect(piece.line).toBe(text.slice(0, piece.start).split("\n").length);
          // Whole lines: every piece but the last ends a line.
          if (piece !== pieces[pieces.length - 1]) expect(piece.text.endsWith("\n")).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("change only around an edited line", () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 200, maxLength: 600 }),
        fc.nat(),
        line,
        (lines, at, edit) => {
          const before = piecesOf(lines.join("")).map((p) => p.text);
          const edited = [...lines];
          edited[at % lines.length] = edit;
          const after = new Set(piecesOf(edited.join("")).map((p) => p.text));
          // The edited line's piece, and the next one when the edit moved a cut.
          expect(before.filter((p) => !after.has(p)).length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the guard reading a long file in pieces", () => {
  let dir: string;
  const rows = Array.from(
    { length: 2000 },
    (_, i) => `{"id":"/reports/r-${i}.html","summary":"Paragraph ${i} of the dock report"},`,
  );
  const index = (lines: string[]): string =>
    `window.MIMEO_SEARCH = {"docs":[\n${lines.join("\n")}\n]};\n`;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-pieces-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const scan = (passed?: (key: string) => boolean) =>
    scanOutput(dir, context(), [], {}, new Set(), passed ? { piecePassed: passed } : undefined);

  it("skips the pieces that passed, reads the changed one, and names the leak's line", async () => {
    await writeFile(path.join(dir, "search-index.js"), index(rows));
    const first = await scan();
    expect(first.findings).toEqual([]);
    expect(first.pieces.skipped).toBe(0);
    expect(first.pieces.read).toBeGreaterThan(20);
    expect(first.cleanPieces.size).toBe(first.pieces.read);

    const leaked = [...rows];
    leaked[1500] = `{"id":"/reports/r-1500.html","summary":"Call +34 612 345 678 after the shift"},`;
    await writeFile(path.join(dir, "search-index.js"), index(leaked));
    const again = await scan((key) => first.cleanPieces.has(key));
    expect(again.pieces.read).toBeLessThanOrEqual(2);
    expect(again.pieces.skipped).toBeGreaterThan(first.pieces.read - 3);
    expect(again.findings.map((f) => [f.kind, f.where.output, f.line])).toEqual([
      ["phone", "search-index.js", 1502],
    ]);
    // Read whole, the file gives the same finding at the same line.
    const whole = await scan();
    expect(whole.findings.map((f) => [f.kind, f.line])).toEqual([["phone", 1502]]);
  });

  it("decodes escapes in each piece", async () => {
    const escaped = [...rows];
    escaped[700] = `{"id":"/r.html","summary":"write to jo\\u0040example.org"},`;
    await writeFile(path.join(dir, "data.json"), `[\n${escaped.join("\n")}\n{}]\n`);
    const report = await scan();
    expect(report.findings.map((f) => [f.kind, f.match, f.line, f.where.label])).toEqual([
      ["email", "jo@example.org", 702, "escapes decoded"],
    ]);
  });
});
