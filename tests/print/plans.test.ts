// The pure parts of printing, checked without a browser: folding orders, card mirroring,
// tile geometry, marks, sizes, finding the browser, cache keys.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { padBeforeLastPage, planBooklet } from "../../src/print/booklet.ts";
import type { BookletPlan, PageSlot } from "../../src/print/booklet.ts";
import { findBrowser, launchArgs, NO_BROWSER_MESSAGE } from "../../src/print/browser.ts";
import type { BrowserProbe } from "../../src/print/browser.ts";
import { renderKey } from "../../src/print/cache.ts";
import { mirroredSlot, planCards } from "../../src/print/cards.ts";
import { sourceDate, stripJpegMetadata } from "../../src/print/finish.ts";
import { cornerMarks, cropMarks, freeSpan, tileSeams } from "../../src/print/marks.ts";
import { planMinizine } from "../../src/print/minizine.ts";
import { cssReferences, htmlReferences } from "../../src/print/references.ts";
import { cssString } from "../../src/print/shell.ts";
import { withPageSize } from "../../src/print/shop.ts";
import { landscape, paperKit, resolveSize, SIZES } from "../../src/print/sizes.ts";
import {
  MAX_SEAM_SHIFT,
  planTiles,
  planTilesBestFit,
  RULE_CLEARANCE,
  rowLabel,
  tileCells,
} from "../../src/print/tiles.ts";
import type { PosterLines, Span, TilePlan } from "../../src/print/tiles.ts";

/**
 * Fold the plan's sheets the way a person does: stack them (sheet 1 outside), fold in half,
 * staple the fold, then turn the pages. The right half of each sheet is a leaf in the first
 * half of the booklet (front right, then what's behind it after a short-edge flip: back
 * left); the left halves make the second half, innermost first (back right, then front left).
 */
function readFolded(plan: BookletPlan): PageSlot[] {
  const side = (sheet: number, which: "front" | "back") => {
    const found = plan.sides.find((s) => s.sheet === sheet && s.side === which);
    if (!found) throw new Error(`no ${which} for sheet ${sheet}`);
    return found;
  };
  const read: PageSlot[] = [];
  for (let s = 1; s <= plan.sheets; s++) read.push(side(s, "front").right, side(s, "back").left);
  for (let s = plan.sheets; s >= 1; s--) read.push(side(s, "back").right, side(s, "front").left);
  return read;
}

describe("planBooklet", () => {
  it("lays 8 pages on two sheets as saddle stitching needs", () => {
    const plan = planBooklet(8);
    expect(plan).toMatchObject({ paddedCount: 8, blanks: 0, sheets: 2 });
    expect(plan.sides.map((s) => [s.sheet, s.side, s.left, s.right])).toEqual([
      [1, "front", 8, 1],
      [1, "back", 2, 7],
      [2, "front", 6, 3],
      [2, "back", 4, 5],
    ]);
  });

  it("pads 6 pages to 8 with the blanks just before the back cover", () => {
    const plan = planBooklet(6);
    expect(plan).toMatchObject({ paddedCount: 8, blanks: 2, sheets: 2 });
    expect(plan.sides.map((s) => [s.left, s.right])).toEqual([
      [6, 1],
      [2, null],
      [null, 3],
      [4, 5],
    ]);
    expect(readFolded(plan)).toEqual([1, 2, 3, 4, 5, null, null, 6]);
  });

  it("reads back in order once folded, for any length, with the last page last", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const plan = planBooklet(n);
        expect(plan.paddedCount % 4).toBe(0);
        expect(plan.paddedCount - n).toBeLessThan(4);
        const read = readFolded(plan);
        expect(read.filter((p) => p !== null)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        if (n > 1) expect(read[read.length - 1]).toBe(n);
        expect(read.filter((p) => p === null)).toHaveLength(plan.blanks);
      }),
    );
  });

  it("keeps padding where it belongs", () => {
    expect(padBeforeLastPage(1, 4)).toEqual([1, null, null, null]);
    expect(padBeforeLastPage(5, 8)).toEqual([1, 2, 3, 4, null, null, null, 5]);
    expect(() => padBeforeLastPage(0, 4)).toThrow(/at least one page/);
    expect(() => padBeforeLastPage(9, 8)).toThrow(/do not fit/);
  });
});

describe("planMinizine", () => {
  const panels = planMinizine();
  const at = (page: number) => panels.find((p) => p.page === page);

  it("is the standard 5 4 3 2 / 6 7 8 1 layout, top row upside down", () => {
    const grid = [0, 1].map((row) =>
      panels
        .filter((p) => p.row === row)
        .sort((a, b) => a.col - b.col)
        .map((p) => p.page),
    );
    expect(grid).toEqual([
      [5, 4, 3, 2],
      [6, 7, 8, 1],
    ]);
    for (const p of panels) expect(p.rotation).toBe(p.row === 0 ? 180 : 0);
    expect(new Set(panels.map((p) => p.page))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it("puts each spread on neighbouring panels across a spine crease, reading left to right", () => {
    // The spine is made of the creases between columns 0|1 and 2|3 (1|2 is the fore-edge).
    for (const [even, odd] of [
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 1], // the covers, laid flat: back cover on the left
    ] as const) {
      const l = at(even);
      const r = at(odd);
      expect(l?.row).toBe(r?.row);
      expect(Math.abs((l?.col ?? 0) - (r?.col ?? 9))).toBe(1);
      const crease = Math.min(l?.col ?? 0, r?.col ?? 0);
      expect([0, 2]).toContain(crease);
      // Turned the right way up, the even page is on the left.
      const upsideDown = l?.rotation === 180;
      expect((l?.col ?? 0) < (r?.col ?? 0)).toBe(!upsideDown);
    }
    expect(at(1)).toMatchObject({ row: 1, col: 3 });
    expect(at(8)).toMatchObject({ row: 1, col: 2 });
  });
});

describe("planCards", () => {
  it("puts fronts on odd sheets and backs on the next sheet, mirrored left to right", () => {
    const plan = planCards(6);
    expect(plan[0]).toEqual({
      card: 1,
      front: { sheet: 1, side: "front", slot: { col: 0, row: 0 } },
      back: { sheet: 2, side: "back", slot: { col: 1, row: 0 } },
    });
    expect(plan[3]?.front.slot).toEqual({ col: 1, row: 1 });
    expect(plan[3]?.back.slot).toEqual({ col: 0, row: 1 });
    expect(plan[4]).toMatchObject({ front: { sheet: 3 }, back: { sheet: 4 } });
  });

  it("never puts two cards in one slot, and mirroring twice is the identity", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), (n) => {
        const plan = planCards(n);
        const used = new Set<string>();
        for (const c of plan) {
          expect(c.front.sheet % 2).toBe(1);
          expect(c.back.sheet).toBe(c.front.sheet + 1);
          expect(mirroredSlot(c.back.slot)).toEqual(c.front.slot);
          for (const k of [
            `${c.front.sheet}:${c.front.slot.col},${c.front.slot.row}`,
            `${c.back.sheet}:${c.back.slot.col},${c.back.slot.row}`,
          ]) {
            expect(used.has(k)).toBe(false);
            used.add(k);
          }
        }
      }),
    );
  });
});

describe("planTiles", () => {
  it("labels rows with letters", () => {
    expect([0, 1, 25, 26, 27].map(rowLabel)).toEqual(["A", "B", "Z", "AA", "AB"]);
  });

  it("puts an A2 poster on eight landscape A4 sheets", () => {
    const plan = planTilesBestFit(SIZES.a2, SIZES.a4, 10, 15);
    expect(plan.sheet).toEqual({ width: 297, height: 210 });
    expect([plan.cols, plan.rows, plan.tiles.length]).toEqual([2, 4, 8]);
    expect(plan.tiles.map((t) => t.label)).toEqual([
      "A1",
      "A2",
      "B1",
      "B2",
      "C1",
      "C2",
      "D1",
      "D2",
    ]);
  });

  it("covers the whole poster with at least the stated overlap, within each sheet", () => {
    fc.assert(
      fc.property(
        fc.record({
          pw: fc.double({ min: 20, max: 2500, noNaN: true }),
          ph: fc.double({ min: 20, max: 2500, noNaN: true }),
          sw: fc.double({ min: 100, max: 450, noNaN: true }),
          sh: fc.double({ min: 100, max: 450, noNaN: true }),
          margin: fc.double({ min: 0, max: 20, noNaN: true }),
          overlap: fc.double({ min: 10, max: 40, noNaN: true }),
        }),
        ({ pw, ph, sw, sh, margin, overlap }) => {
          const plan = planTiles(pw, ph, sw, sh, margin, overlap);
          const eps = 1e-6;
          expect(plan.tiles).toHaveLength(plan.cols * plan.rows);
          for (const t of plan.tiles) {
            expect(t.x).toBeGreaterThanOrEqual(-eps);
            expect(t.y).toBeGreaterThanOrEqual(-eps);
            expect(t.x + t.width).toBeLessThanOrEqual(pw + eps);
            expect(t.y + t.height).toBeLessThanOrEqual(ph + eps);
            expect(t.width).toBeLessThanOrEqual(sw - 2 * margin + eps);
            expect(t.height).toBeLessThanOrEqual(sh - 2 * margin + eps);
          }
          const row0 = plan.tiles.filter((t) => t.row === 0);
          const col0 = plan.tiles.filter((t) => t.col === 0);
          for (const [line, start, size, length] of [
            [row0, "x", "width", pw],
            [col0, "y", "height", ph],
          ] as const) {
            expect(line[0]?.[start]).toBeCloseTo(0, 6);
            const last = line[line.length - 1];
            expect((last?.[start] ?? 0) + (last?.[size] ?? 0)).toBeCloseTo(length, 6);
            for (let i = 1; i < line.length; i++) {
              const a = line[i - 1];
              const b = line[i];
              if (!a || !b) continue;
              expect(a[start] + a[size] - b[start]).toBeGreaterThanOrEqual(overlap - eps);
            }
          }
          // No more sheets than needed: one fewer column or row would not cover with the overlap.
          const span = sw - 2 * margin;
          if (plan.cols > 1)
            expect((plan.cols - 1) * span - (plan.cols - 2) * overlap).toBeLessThan(pw);
        },
      ),
    );
  });

  it("gives each tile a share of the poster; the shares fit edge to edge", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 2000, noNaN: true }),
        fc.double({ min: 50, max: 2000, noNaN: true }),
        (pw, ph) => {
          const plan = planTiles(pw, ph, 297, 210, 10, 15);
          const cells = tileCells(plan);
          const area = cells.reduce((sum, c) => sum + c.width * c.height, 0);
          expect(area).toBeCloseTo(pw * ph, 3);
          cells.forEach((cell, i) => {
            const tile = plan.tiles[i];
            if (!tile) throw new Error("missing tile");
            // a share lies inside its tile, so the map never claims more than a sheet shows
            expect(cell.x).toBeGreaterThanOrEqual(tile.x - 1e-9);
            expect(cell.x + cell.width).toBeLessThanOrEqual(tile.x + tile.width + 1e-9);
            expect(cell.y + cell.height).toBeLessThanOrEqual(tile.y + tile.height + 1e-9);
          });
        },
      ),
    );
  });

  it("draws the map's cells edge to edge where the sheets' cut edges go, seams moved or not", () => {
    const lines: PosterLines = {
      across: { rules: [{ from: 201, to: 202 }], text: [] },
      down: { rules: [{ from: 126, to: 127 }], text: [] },
    };
    for (const plan of [
      planTilesBestFit({ width: 457.2, height: 571.7 }, SIZES.letter, 12, 15),
      planTilesBestFit({ width: 457.2, height: 571.7 }, SIZES.letter, 12, 15, lines),
    ]) {
      const cells = tileCells(plan);
      for (const [i, cell] of cells.entries()) {
        const tile = plan.tiles[i];
        // A cell starts at its tile's own cut edge and ends at the next tile's.
        expect([cell.x, cell.y]).toEqual([tile?.x, tile?.y]);
        const right = plan.tiles.find((t) => t.row === tile?.row && t.col === (tile?.col ?? 0) + 1);
        const below = plan.tiles.find((t) => t.col === tile?.col && t.row === (tile?.row ?? 0) + 1);
        expect(cell.x + cell.width).toBeCloseTo(right?.x ?? plan.poster.width, 9);
        expect(cell.y + cell.height).toBeCloseTo(below?.y ?? plan.poster.height, 9);
      }
    }
  });

  it("refuses a sheet too small for the overlap", () => {
    expect(() => planTiles(500, 500, 30, 30, 10, 10)).toThrow(/longer than the overlap/);
  });

  it("joins tiles as pdfposter does: each lies over its left and upper neighbours' glue strips", () => {
    const plan = planTilesBestFit(SIZES["poster-18x24"], SIZES.letter, 12, 15);
    for (const tile of plan.tiles) {
      const { cut, glue } = tileSeams(plan, tile);
      expect(cut.map((c) => c.side)).toEqual([
        ...(tile.col > 0 ? ["left"] : []),
        ...(tile.row > 0 ? ["top"] : []),
      ]);
      expect(glue.map((g) => g.side)).toEqual([
        ...(tile.col < plan.cols - 1 ? ["right"] : []),
        ...(tile.row < plan.rows - 1 ? ["bottom"] : []),
      ]);
      // A tile's cut edge is its own edge, and lands on the glue line its neighbour draws.
      for (const c of cut) {
        if (c.side === "left") expect(c.line.x1).toBeCloseTo(tile.x, 9);
        else expect(c.line.y1).toBeCloseTo(tile.y, 9);
        const theirs = tileSeams(plan, c.neighbour).glue.find(
          (g) => g.neighbour.label === tile.label,
        );
        expect(theirs?.line.x1).toBeCloseTo(c.line.x1, 9);
        expect(theirs?.line.y1).toBeCloseTo(c.line.y1, 9);
        // the strip is printed on both sheets, at least the overlap wide
        expect(Math.min(c.strip.width, c.strip.height)).toBeGreaterThanOrEqual(15 - 1e-9);
      }
      // The glue strip lies inside the tile, on its right or lower edge.
      for (const g of glue) {
        expect(g.strip.x + g.strip.width).toBeCloseTo(tile.x + tile.width, 9);
        expect(g.strip.y + g.strip.height).toBeCloseTo(tile.y + tile.height, 9);
      }
    }
  });
});

describe("seams clear of the poster's rules", () => {
  const rule = (at: number): Span => ({ from: at, to: at + 0.8 });
  /** How far each seam (a tile's cut edge) lies from the nearest rule parallel to it. */
  const clearances = (plan: TilePlan, lines: PosterLines): number[] => {
    const gap = (at: number, rules: readonly Span[]) =>
      Math.min(...rules.map((r) => Math.max(r.from - at, at - r.to, 0)));
    return [
      ...plan.tiles
        .filter((t) => t.row === 0 && t.col > 0)
        .map((t) => gap(t.x, lines.across.rules)),
      ...plan.tiles.filter((t) => t.col === 0 && t.row > 0).map((t) => gap(t.y, lines.down.rules)),
    ];
  };
  /** Every point of the poster on some tile, neighbours overlapping by `overlap`, in the sheet. */
  const expectCovered = (plan: TilePlan, overlap: number) => {
    const span = { x: plan.sheet.width - 2 * plan.margin, y: plan.sheet.height - 2 * plan.margin };
    for (const [line, start, size, length, most] of [
      [plan.tiles.filter((t) => t.row === 0), "x", "width", plan.poster.width, span.x],
      [plan.tiles.filter((t) => t.col === 0), "y", "height", plan.poster.height, span.y],
    ] as const) {
      expect(line[0]?.[start]).toBe(0);
      const last = line[line.length - 1];
      expect((last?.[start] ?? 0) + (last?.[size] ?? 0)).toBeCloseTo(length, 9);
      line.forEach((t, i) => {
        expect(t[size]).toBeLessThanOrEqual(most + 1e-9);
        expect(t[size]).toBeGreaterThan(0);
        const before = line[i - 1];
        if (before) {
          expect(before[start] + before[size] - t[start]).toBeGreaterThanOrEqual(overlap - 1e-9);
        }
      });
    }
    for (const t of plan.tiles) {
      const col = plan.tiles.find((u) => u.row === 0 && u.col === t.col);
      const row = plan.tiles.find((u) => u.col === 0 && u.row === t.row);
      expect([t.x, t.width, t.y, t.height]).toEqual([col?.x, col?.width, row?.y, row?.height]);
    }
  };

  // The rotation table as the example circle prints it on Letter: a 457 × 572 mm poster whose
  // rows are ruled 22 to 37 mm apart and whose columns are ruled at 20, 227, 290, 350 and
  // 437 mm. Cut evenly, its row seams fell 1.7 mm (B1 on A1) and 5.7 mm (D1 on C1) from a rule.
  const table: PosterLines = {
    across: { rules: [20.1, 226.5, 290.2, 350.3, 436.6].map(rule), text: [] },
    down: {
      rules: [
        101.9, 124.1, 161.4, 198.7, 236.0, 273.3, 310.9, 348.2, 385.5, 422.8, 460.1, 482.6, 504.8,
        527.0,
      ].map(rule),
      text: [],
    },
  };

  it("keeps every seam 8 mm from the rules parallel to it", () => {
    const even = planTilesBestFit({ width: 457.2, height: 571.7 }, SIZES.letter, 12, 15);
    expect(Math.min(...clearances(even, table))).toBeLessThan(3);
    const plan = planTilesBestFit({ width: 457.2, height: 571.7 }, SIZES.letter, 12, 15, table);
    expect(plan.tiles).toHaveLength(even.tiles.length);
    for (const clear of clearances(plan, table)) {
      expect(clear).toBeGreaterThanOrEqual(RULE_CLEARANCE);
    }
    expectCovered(plan, 15);
    // The same poster always gets the same seams.
    expect(planTilesBestFit({ width: 457.2, height: 571.7 }, SIZES.letter, 12, 15, table)).toEqual(
      plan,
    );
  });

  it("moves a seam out of a line of text when no rule is near", () => {
    // Lines of 8 mm type, 12 mm apart: a seam falls in a 4 mm gap between two of them.
    const text = Array.from({ length: 40 }, (_, i) => ({ from: 40 + 12 * i, to: 48 + 12 * i }));
    const lines: PosterLines = { across: { rules: [], text: [] }, down: { rules: [], text } };
    const plan = planTiles(400, 560, 297, 210, 12, 15, lines);
    for (const t of plan.tiles.filter((u) => u.col === 0 && u.row > 0)) {
      expect(
        text.some((line) => line.from < t.y && t.y < line.to),
        `${t.y}`,
      ).toBe(false);
    }
    expectCovered(plan, 15);
  });

  it("turns the sheet the way that keeps the seams clear, when both take as many sheets", () => {
    // The same table on A4, 420 × 527 mm: two rows of upright sheets leave the row seam 3.7 mm
    // of play, beside a rule; three rows of sideways sheets (as many sheets) fall between rules.
    const lines: PosterLines = {
      across: { rules: [20.1, 207.2, 265.4, 320.4, 399.5].map(rule), text: [] },
      down: {
        rules: [
          94.7, 115.4, 149.5, 183.6, 218.0, 252.1, 286.3, 320.7, 354.8, 389.2, 423.3, 443.7, 464.3,
          484.7,
        ].map(rule),
        text: [],
      },
    };
    const poster = { width: 420.2, height: 527.3 };
    const even = planTilesBestFit(poster, SIZES.a4, 12, 15);
    expect(even.sheet.width).toBe(210);
    expect(Math.min(...clearances(even, lines))).toBeLessThan(2);
    const plan = planTilesBestFit(poster, SIZES.a4, 12, 15, lines);
    expect(plan.sheet.width).toBe(297);
    expect(plan.tiles).toHaveLength(6);
    for (const clear of clearances(plan, lines))
      expect(clear).toBeGreaterThanOrEqual(RULE_CLEARANCE);
  });

  it("still covers the poster within each sheet, whatever the rules, moving no seam far", () => {
    fc.assert(
      fc.property(
        fc.record({
          pw: fc.double({ min: 100, max: 1200, noNaN: true }),
          ph: fc.double({ min: 100, max: 1200, noNaN: true }),
          overlap: fc.double({ min: 10, max: 30, noNaN: true }),
          xs: fc.array(fc.double({ min: 0, max: 1200, noNaN: true }), { maxLength: 30 }),
          ys: fc.array(fc.double({ min: 0, max: 1200, noNaN: true }), { maxLength: 30 }),
        }),
        ({ pw, ph, overlap, xs, ys }) => {
          const lines: PosterLines = {
            across: { rules: xs.map(rule), text: [] },
            down: { rules: [], text: ys.map((y) => ({ from: y, to: y + 6 })) },
          };
          const even = planTiles(pw, ph, 297, 210, 12, overlap);
          const plan = planTiles(pw, ph, 297, 210, 12, overlap, lines);
          expect([plan.cols, plan.rows]).toEqual([even.cols, even.rows]);
          expectCovered(plan, overlap);
          plan.tiles.forEach((t, i) => {
            const e = even.tiles[i];
            expect(Math.abs(t.x - (e?.x ?? 0))).toBeLessThanOrEqual(MAX_SEAM_SHIFT + 1e-9);
            expect(Math.abs(t.y - (e?.y ?? 0))).toBeLessThanOrEqual(MAX_SEAM_SHIFT + 1e-9);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("marks", () => {
  it("finds the longest stretch of a margin clear of the crosshairs, for a tile's label", () => {
    expect(freeSpan(10, 200, [])).toEqual({ from: 10, to: 200 });
    // A crosshair in the middle: the longer side.
    expect(freeSpan(10, 200, [120])).toEqual({ from: 10, to: 116.5 });
    expect(freeSpan(10, 200, [60, 150], 5)).toEqual({ from: 65, to: 145 });
    // A crosshair outside the stretch changes nothing; one near its end shortens it.
    expect(freeSpan(10, 200, [300, 202])).toEqual({ from: 10, to: 198.5 });
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 300, noNaN: true }),
        fc.array(fc.double({ min: -50, max: 450, noNaN: true }), { maxLength: 4 }),
        (from, length, marks) => {
          const span = freeSpan(from, from + length, marks);
          expect(span.from).toBeGreaterThanOrEqual(from);
          expect(span.to).toBeLessThanOrEqual(from + length);
          for (const m of marks) {
            const clear = m <= span.from - 3.5 + 1e-9 || m >= span.to + 3.5 - 1e-9;
            expect(clear || span.to <= span.from).toBe(true);
          }
        },
      ),
    );
  });

  it("puts A6 crop marks on the cut lines, inside the printable area", () => {
    const sheet = SIZES.a4;
    const block = { x: 0, y: 0.5, width: 210, height: 296 };
    const marks = cropMarks(block, 2, 2, sheet);
    for (const m of marks) {
      for (const [x, y] of [
        [m.x1, m.y1],
        [m.x2, m.y2],
      ] as const) {
        expect(x).toBeGreaterThanOrEqual(5 - 1e-9);
        expect(x).toBeLessThanOrEqual(205 + 1e-9);
        expect(y).toBeGreaterThanOrEqual(5 - 1e-9);
        expect(y).toBeLessThanOrEqual(292 + 1e-9);
      }
      const onVerticalCut = m.x1 === 105 && m.x2 === 105;
      const onHorizontalCut = m.y1 === 148.5 && m.y2 === 148.5;
      expect(onVerticalCut || onHorizontalCut).toBe(true);
    }
    // two ends of the vertical cut, two of the horizontal, and the centre cross
    expect(marks).toHaveLength(6);
  });

  it("puts crop marks outside the cards when the paper leaves room", () => {
    const sheet = SIZES.a4;
    const block = { x: 20, y: 30, width: 170, height: 237 };
    for (const m of cropMarks(block, 2, 2, sheet).slice(0, -2)) {
      const inside = (x: number, y: number) =>
        x > block.x && x < block.x + block.width && y > block.y && y < block.y + block.height;
      expect(inside(m.x1, m.y1) || inside(m.x2, m.y2)).toBe(false);
    }
  });

  it("draws corner marks outside the area they frame", () => {
    const area = { x: 10, y: 10, width: 100, height: 50 };
    const marks = cornerMarks(area);
    expect(marks).toHaveLength(8);
    for (const m of marks) {
      const outside = (x: number, y: number) => x <= 10 || x >= 110 || y <= 10 || y >= 60;
      expect(outside(m.x1, m.y1) && outside(m.x2, m.y2)).toBe(true);
    }
  });
});

describe("sizes", () => {
  it("knows the circle's sheets", () => {
    expect(paperKit("a4")).toMatchObject({
      sheet: { width: 210, height: 297 },
      halfSheet: { width: 148, height: 210 },
      card: { width: 105, height: 148 },
      poster: { width: 420, height: 594 },
      minizinePanel: { width: 74.25, height: 105 },
    });
    const letter = paperKit("letter");
    expect(letter.halfSheet.width).toBeCloseTo(139.7, 6);
    expect(letter.card.height).toBeCloseTo(139.7, 6);
    expect(letter.poster.width).toBeCloseTo(457.2, 6);
    expect(landscape(SIZES.a4)).toEqual({ width: 297, height: 210 });
    expect(() => resolveSize({ width: 0, height: 10 })).toThrow(/positive/);
  });
});

describe("findBrowser", () => {
  const probe = (files: string[], dirs: Record<string, string[]> = {}): BrowserProbe => ({
    platform: "linux",
    home: "/home/u",
    isFile: (f) => files.includes(f),
    list: (d) => dirs[d] ?? [],
  });

  it("prefers MIMEO_CHROME, then PUPPETEER_EXECUTABLE_PATH, then the system", () => {
    const files = ["/opt/c", "/opt/p", "/usr/bin/chromium", "/usr/bin/google-chrome"];
    expect(
      findBrowser({ MIMEO_CHROME: "/opt/c", PUPPETEER_EXECUTABLE_PATH: "/opt/p" }, probe(files)),
    ).toBe("/opt/c");
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: "/opt/p" }, probe(files))).toBe("/opt/p");
    expect(findBrowser({}, probe(files))).toBe("/usr/bin/chromium");
    expect(findBrowser({}, probe(["/usr/bin/google-chrome-stable"]))).toBe(
      "/usr/bin/google-chrome-stable",
    );
  });

  it("says so when a browser set by hand is missing", () => {
    expect(() => findBrowser({ MIMEO_CHROME: "/nope" }, probe(["/usr/bin/chromium"]))).toThrow(
      /MIMEO_CHROME is set to "\/nope"/,
    );
  });

  it("falls back to puppeteer's download, newest first", () => {
    const base = "/home/u/.cache/puppeteer/chrome";
    const p = probe(
      [
        `${base}/linux-120.0.1/chrome-linux64/chrome`,
        `${base}/linux-131.0.2/chrome-linux64/chrome`,
      ],
      {
        [base]: ["linux-120.0.1", "linux-131.0.2"],
        [`${base}/linux-120.0.1`]: ["chrome-linux64"],
        [`${base}/linux-131.0.2`]: ["chrome-linux64"],
      },
    );
    expect(findBrowser({}, p)).toBe(`${base}/linux-131.0.2/chrome-linux64/chrome`);
  });

  it("tells a person how to install one", () => {
    expect(() => findBrowser({}, probe([]))).toThrow(NO_BROWSER_MESSAGE);
    expect(NO_BROWSER_MESSAGE).toMatch(/apt-get install chromium/);
    expect(NO_BROWSER_MESSAGE).toMatch(/npx puppeteer browsers install chrome/);
    expect(NO_BROWSER_MESSAGE).toMatch(/MIMEO_CHROME/);
  });

  it("drops the sandbox only for root", () => {
    expect(launchArgs(false)).not.toContain("--no-sandbox");
    expect(launchArgs(true)).toContain("--no-sandbox");
    expect(launchArgs(false)).toEqual(
      expect.arrayContaining(["--disable-background-networking", "--font-render-hinting=none"]),
    );
  });
});

describe("references and keys", () => {
  it("finds the files that shape a page, not the pages it links to", () => {
    const html = `<link rel="stylesheet" href="print.css"><style>@import "more.css";
      .x { background: url('img/bg.png') }</style>
      <img src="a.png" srcset="a-2x.png 2x, a-3x.png 3x"><a href="other.html">x</a>
      <svg><image href="emblem.svg"/></svg><img src="data:image/png;base64,AA==">`;
    const refs = htmlReferences(html);
    expect(refs).toEqual(
      expect.arrayContaining([
        "print.css",
        "more.css",
        "img/bg.png",
        "a.png",
        "a-2x.png",
        "a-3x.png",
        "emblem.svg",
      ]),
    );
    expect(refs).not.toContain("other.html");
    expect(cssReferences(`src: url(fonts/a.woff2) format("woff2")`)).toEqual(["fonts/a.woff2"]);
  });

  it("gives the same key for the same parts in any order, another for any change", () => {
    const a = renderKey({ html: "<p>x</p>", size: [148, 210] });
    expect(renderKey({ size: [148, 210], html: "<p>x</p>" })).toBe(a);
    expect(renderKey({ html: "<p>y</p>", size: [148, 210] })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("puts the page size after the document's own CSS", () => {
    const out = withPageSize("<html><head><style>@page{size:A4}</style></head></html>", {
      width: 148,
      height: 210,
    });
    expect(out.indexOf("148mm 210mm")).toBeGreaterThan(out.indexOf("size:A4"));
    expect(out.indexOf("148mm")).toBeLessThan(out.indexOf("</head>"));
  });

  it("quotes a running title safely", () => {
    expect(cssString('a "b" \\ c\n</style>')).toBe('"a \\"b\\" \\\\ c \\3c /style>"');
  });

  it("takes the build date from SOURCE_DATE_EPOCH", () => {
    const fallback = new Date("2026-03-01T00:00:00Z");
    expect(sourceDate({ SOURCE_DATE_EPOCH: "0" }, fallback).toISOString()).toBe(
      "1970-01-01T00:00:00.000Z",
    );
    expect(sourceDate({}, fallback)).toBe(fallback);
    expect(() => sourceDate({ SOURCE_DATE_EPOCH: "soon" }, fallback)).toThrow(/whole seconds/);
  });

  it("strips Exif, XMP and comments from a JPEG but keeps what decoders need", () => {
    const segment = (marker: number, body: string): number[] => {
      const bytes = [...Buffer.from(body, "latin1")];
      const length = bytes.length + 2;
      return [0xff, marker, length >> 8, length & 0xff, ...bytes];
    };
    const jpeg = new Uint8Array([
      0xff,
      0xd8,
      ...segment(0xe0, "JFIF\0"),
      ...segment(0xe1, "Exif\0\0GPS 52.52N camera serial 123"),
      ...segment(0xfe, "taken by Maria"),
      ...segment(0xee, "Adobe"),
      ...segment(0xdb, "quant"),
      0xff,
      0xda,
      0x00,
      0x04,
      0x01,
      0x02,
      0x33,
      0x44,
      0xff,
      0xd9,
    ]);
    const clean = Buffer.from(stripJpegMetadata(jpeg)).toString("latin1");
    expect(clean).not.toMatch(/GPS|serial|Maria/);
    expect(clean).toMatch(/JFIF/);
    expect(clean).toMatch(/Adobe/);
    expect(clean).toMatch(/quant/);
    expect(clean.endsWith("\x33\x44\xff\xd9")).toBe(true);
    const notJpeg = new Uint8Array([1, 2, 3]);
    expect(stripJpegMetadata(notJpeg)).toBe(notJpeg);
  });
});
