// Where a poster's rules and lines of text are, read back from its PDF, so the seams of its
// tiles can keep clear of them (see placeSeams in tiles.ts). Any one-page PDF will do: the
// rules are whatever the page paints as long thin shapes, a table's borders or a column rule.

import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readPdfWith } from "./text.ts";
import { ptToMm } from "./sizes.ts";
import type { PosterLines, Span } from "./tiles.ts";

/** A rule is at most this thick, mm… */
const RULE_THICKNESS = 2;
/** … and at least this long (and four times as long as it is thick). */
const RULE_LENGTH = 5;

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: readonly number[]): Matrix => {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = n;
  return [
    a * m[0] + b * m[2],
    a * m[1] + b * m[3],
    c * m[0] + d * m[2],
    c * m[1] + d * m[3],
    e * m[0] + f * m[2] + m[4],
    e * m[1] + f * m[3] + m[5],
  ];
};

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A box in the page's own space, `m` applied to each corner. */
function boxOf(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const corners = [apply(m, x0, y0), apply(m, x1, y0), apply(m, x0, y1), apply(m, x1, y1)];
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * The pieces of a path that could be rules: each subpath's bounding box when it is filled,
 * each straight segment when it is stroked. Path data as pdf.js gives it: 0 move, 1 line,
 * 2 curve (3 points), 3 quadratic curve (2 points), 4 close.
 */
function pathPieces(data: ArrayLike<number>, stroked: boolean): number[][] {
  const pieces: number[][] = [];
  let points: number[] = [];
  let start: [number, number] = [0, 0];
  let at: [number, number] = [0, 0];
  const flush = () => {
    if (!stroked && points.length > 0) pieces.push(points);
    points = [];
  };
  for (let i = 0; i < data.length;) {
    const op = data[i++];
    const next = (): [number, number] => [data[i++] ?? 0, data[i++] ?? 0];
    if (op === 0) {
      flush();
      start = at = next();
      points = [...at];
    } else if (op === 1) {
      const to = next();
      if (stroked) pieces.push([...at, ...to]);
      points.push(...to);
      at = to;
    } else if (op === 2 || op === 3) {
      const count = op === 2 ? 3 : 2;
      for (let k = 0; k < count; k++) {
        at = next();
        points.push(...at);
      }
    } else if (op === 4) {
      if (stroked) pieces.push([...at, ...start]);
      at = start;
    } else {
      break;
    }
  }
  flush();
  return pieces;
}

const boundsOf = (points: number[]): [number, number, number, number] => {
  const xs = points.filter((_, i) => i % 2 === 0);
  const ys = points.filter((_, i) => i % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

async function readLines(page: PDFPageProxy): Promise<PosterLines> {
  const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const [left = 0, , , top = 0] = page.view;
  // Page space (points, y up) to poster millimetres (y down, from the top left).
  const mmX = (x: number) => ptToMm(x - left);
  const mmY = (y: number) => ptToMm(top - y);
  const lines: PosterLines = {
    across: { rules: [], text: [] },
    down: { rules: [], text: [] },
  };
  const push = (list: readonly Span[], a: number, b: number) =>
    (list as Span[]).push({ from: Math.min(a, b), to: Math.max(a, b) });

  const stroking = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const filling = new Set<number>([
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  interface State {
    m: Matrix;
    fill: string;
    stroke: string;
  }
  let state: State = { m: [1, 0, 0, 1, 0, 0], fill: "#000000", stroke: "#000000" };
  const saved: State[] = [];
  const rule = (box: Box) => {
    const width = ptToMm(box.x1 - box.x0);
    const height = ptToMm(box.y1 - box.y0);
    const long = Math.max(width, height);
    const thick = Math.min(width, height);
    if (thick > RULE_THICKNESS || long < RULE_LENGTH || long < 4 * thick) return;
    if (width >= height) push(lines.down.rules, mmY(box.y0), mmY(box.y1));
    else push(lines.across.rules, mmX(box.x0), mmX(box.x1));
  };

  const { fnArray, argsArray } = await page.getOperatorList();
  fnArray.forEach((fn, i) => {
    const args = argsArray[i] as unknown[] | null;
    if (fn === OPS.save) saved.push({ ...state });
    else if (fn === OPS.restore) state = saved.pop() ?? state;
    else if (fn === OPS.transform) state = { ...state, m: multiply(state.m, args as number[]) };
    else if (fn === OPS.paintFormXObjectBegin) {
      saved.push({ ...state });
      const matrix = args?.[0];
      if (Array.isArray(matrix)) state = { ...state, m: multiply(state.m, matrix as number[]) };
    } else if (fn === OPS.paintFormXObjectEnd) state = saved.pop() ?? state;
    else if (fn === OPS.setFillRGBColor) state = { ...state, fill: String(args?.[0]) };
    else if (fn === OPS.setStrokeRGBColor) state = { ...state, stroke: String(args?.[0]) };
    else if (fn === OPS.constructPath) {
      const paint = args?.[0] as number;
      const data = (args?.[1] as unknown[] | undefined)?.[0];
      if (!data || typeof data !== "object" || !("length" in data)) return;
      const path = data as ArrayLike<number>;
      if (filling.has(paint) && state.fill !== "#ffffff") {
        for (const points of pathPieces(path, false)) {
          rule(boxOf(state.m, ...boundsOf(points)));
        }
      }
      if (stroking.has(paint) && state.stroke !== "#ffffff") {
        for (const points of pathPieces(path, true)) {
          rule(boxOf(state.m, ...boundsOf(points)));
        }
      }
    }
  });

  for (const item of (await page.getTextContent()).items) {
    if (!("str" in item) || item.str.trim() === "") continue;
    const [a = 0, b = 0, c = 0, , e = 0, f = 0] = item.transform as number[];
    // Upright text only; a turned line has no line height to keep a seam out of.
    if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0) continue;
    // From the descenders (a quarter of the size below the baseline) to the accents on capitals.
    push(lines.down.text, mmY(f - 0.25 * item.height), mmY(f + 0.9 * item.height));
    push(lines.across.text, mmX(e), mmX(e + item.width));
  }
  return lines;
}

/** The rules and lines of text on a one-page poster, in mm from its top left corner. */
export function posterLines(pdf: Uint8Array): Promise<PosterLines> {
  return readPdfWith(pdf, async (doc) => readLines(await doc.getPage(1)));
}
