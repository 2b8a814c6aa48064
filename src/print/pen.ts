// Drawing on a pdf-lib page in the units people measure paper in: millimetres from the
// sheet's top-left corner. pdf-lib counts points from the bottom left; this turns one into the other.

import { LineCapStyle, degrees, rgb } from "pdf-lib";
import type { PDFEmbeddedPage, PDFFont, PDFPage } from "pdf-lib";
import { clip, endPath, popGraphicsState, pushGraphicsState, rectangle } from "pdf-lib";
import type { Point, Rect, Segment } from "./marks.ts";
import { mmToPt } from "./sizes.ts";
import type { Size } from "./sizes.ts";

const BLACK = rgb(0, 0, 0);
const WHITE = rgb(1, 1, 1);
/** Hairline: 0.25 pt prints on any laser and survives a photocopy. */
const HAIRLINE = 0.25;

export class Pen {
  constructor(
    readonly page: PDFPage,
    readonly sheet: Size,
  ) {}

  /** a point on the sheet in PDF points */
  at(x: number, y: number): { x: number; y: number } {
    return { x: mmToPt(x), y: mmToPt(this.sheet.height - y) };
  }

  /** A straight line; `dashed` for a line to cut along. */
  line(s: Segment, thickness: number = HAIRLINE, dashed = false): void {
    if (dashed) this.dashed(s, 2, 1.2, thickness);
    else this.draw(s, thickness);
  }

  /** A line broken into `dash` mm on, `gap` mm off: a cut (long dashes) or a fold (dots). */
  dashed(s: Segment, dash: number, gap: number, thickness: number = HAIRLINE): void {
    this.draw(s, thickness, [mmToPt(dash), mmToPt(gap)]);
  }

  private draw(s: Segment, thickness: number, dashArray?: number[]): void {
    this.page.drawLine({
      start: this.at(s.x1, s.y1),
      end: this.at(s.x2, s.y2),
      thickness,
      color: BLACK,
      lineCap: LineCapStyle.Butt,
      ...(dashArray ? { dashArray } : {}),
    });
  }

  outline(r: Rect, thickness: number = HAIRLINE): void {
    const { x, y } = this.at(r.x, r.y + r.height);
    this.page.drawRectangle({
      x,
      y,
      width: mmToPt(r.width),
      height: mmToPt(r.height),
      borderColor: BLACK,
      borderWidth: thickness,
    });
  }

  /** white box, for labels drawn over a poster thumbnail */
  blank(r: Rect): void {
    const { x, y } = this.at(r.x, r.y + r.height);
    this.page.drawRectangle({
      x,
      y,
      width: mmToPt(r.width),
      height: mmToPt(r.height),
      color: WHITE,
    });
  }

  /** a registration crosshair: a circle with a cross through it */
  crosshair(p: Point, radius: number = 2.5): void {
    const c = this.at(p.x, p.y);
    // With no rotation pdf-lib wraps the circle's path in q … Q and strokes after the Q,
    // when the path is gone: the ring is never painted. A rotation of 0 takes its other
    // path, which keeps the path and the stroke together.
    this.page.drawEllipse({
      x: c.x,
      y: c.y,
      xScale: mmToPt(radius * 0.6),
      yScale: mmToPt(radius * 0.6),
      borderColor: BLACK,
      borderWidth: HAIRLINE,
      rotate: degrees(0),
    });
    this.line({ x1: p.x - radius, y1: p.y, x2: p.x + radius, y2: p.y });
    this.line({ x1: p.x, y1: p.y - radius, x2: p.x, y2: p.y + radius });
  }

  /**
   * Text with its baseline at (x, y). `rotate` 90 runs it bottom to top, for the sheet's
   * side margins.
   */
  text(
    text: string,
    p: Point,
    font: PDFFont,
    size: number,
    options: { align?: "left" | "center" | "right"; rotate?: 0 | 90 } = {},
  ): void {
    // French puts a narrow no-break space before a colon; the bundled font has no such
    // character, so a plain no-break space takes its place rather than a missing glyph.
    const line = text.replaceAll("\u202f", "\u00a0");
    const width = font.widthOfTextAtSize(line, size);
    const shift = options.align === "center" ? width / 2 : options.align === "right" ? width : 0;
    const origin = this.at(p.x, p.y);
    const rotated = options.rotate === 90;
    this.page.drawText(line, {
      x: rotated ? origin.x : origin.x - shift,
      y: rotated ? origin.y - shift : origin.y,
      size,
      font,
      color: BLACK,
      rotate: degrees(rotated ? 90 : 0),
    });
  }

  /** Draw `page` with its top-left corner at (x, y), `scale` times its size, clipped to `clipTo`. */
  drawClipped(page: PDFEmbeddedPage, x: number, y: number, scale: number, clipTo: Rect): void {
    const c = this.at(clipTo.x, clipTo.y + clipTo.height);
    this.page.pushOperators(
      pushGraphicsState(),
      rectangle(c.x, c.y, mmToPt(clipTo.width), mmToPt(clipTo.height)),
      clip(),
      endPath(),
    );
    const topLeft = this.at(x, y);
    this.page.drawPage(page, {
      x: topLeft.x,
      y: topLeft.y - page.height * scale,
      xScale: scale,
      yScale: scale,
    });
    this.page.pushOperators(popGraphicsState());
  }
}
