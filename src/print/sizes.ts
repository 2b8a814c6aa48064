// Paper and page sizes in millimetres, and the unit conversions the print code needs.
// Pure: no I/O. Every size is portrait (width ≤ height) unless its name says landscape.

export const MM_PER_INCH = 25.4;
/** PDF user space is in points: 72 to the inch. */
export const PT_PER_MM = 72 / MM_PER_INCH;

export interface Size {
  /** millimetres */
  width: number;
  /** millimetres */
  height: number;
}

/** The paper a circle's printer takes: A4 in most of the world, Letter in North America. */
export type Paper = "a4" | "letter";

/** How the print index names each paper: its usual name and its size, `inch` in the reader's words. */
export function paperLabel(paper: Paper, inch: string): string {
  return paper === "a4" ? "A4 (210 × 297 mm)" : `Letter (8.5 × 11 ${inch})`;
}

const inches = (width: number, height: number): Size => ({
  width: width * MM_PER_INCH,
  height: height * MM_PER_INCH,
});

export const SIZES = {
  a2: { width: 420, height: 594 },
  a3: { width: 297, height: 420 },
  a4: { width: 210, height: 297 },
  "a4-landscape": { width: 297, height: 210 },
  a5: { width: 148, height: 210 },
  a6: { width: 105, height: 148 },
  letter: inches(8.5, 11),
  "letter-landscape": inches(11, 8.5),
  "half-letter": inches(5.5, 8.5),
  "quarter-letter": inches(4.25, 5.5),
  "poster-18x24": inches(18, 24),
  // A quarter of a landscape sheet's width by half its height: one mini-zine panel.
  "minizine-panel-a4": { width: 297 / 4, height: 210 / 2 },
  "minizine-panel-letter": inches(11 / 4, 8.5 / 2),
} as const satisfies Record<string, Size>;

export type SizeName = keyof typeof SIZES;
/** A named size or an explicit one in millimetres. */
export type SizeSpec = SizeName | Size;

export function resolveSize(spec: SizeSpec): Size {
  const size = typeof spec === "string" ? SIZES[spec] : spec;
  if (!size) throw new Error(`unknown page size "${String(spec)}"`);
  const ok = (n: number): boolean => Number.isFinite(n) && n > 0 && n <= 5000;
  if (!ok(size.width) || !ok(size.height)) {
    throw new Error(`page size must be positive millimetres, got ${size.width} × ${size.height}`);
  }
  return { width: size.width, height: size.height };
}

export const landscape = (s: Size): Size =>
  s.width >= s.height ? { ...s } : { width: s.height, height: s.width };
export const portrait = (s: Size): Size =>
  s.width <= s.height ? { ...s } : { width: s.height, height: s.width };

export const mmToPt = (mm: number): number => mm * PT_PER_MM;
export const ptToMm = (pt: number): number => pt / PT_PER_MM;

/** Every sheet mimeo makes, for one paper family. All portrait. */
export interface PaperKit {
  /** the sheet the printer takes */
  sheet: Size;
  /** a reading copy's page: half the sheet, so two fit side by side for a booklet */
  halfSheet: Size;
  /** a tactic card: a quarter of the sheet, four to a sheet */
  card: Size;
  /** one mini-zine panel: an eighth of the sheet */
  minizinePanel: Size;
  /** a wall poster on one big sheet */
  poster: Size;
}

export function paperKit(paper: Paper): PaperKit {
  return paper === "a4"
    ? {
        sheet: SIZES.a4,
        halfSheet: SIZES.a5,
        card: SIZES.a6,
        minizinePanel: SIZES["minizine-panel-a4"],
        poster: SIZES.a2,
      }
    : {
        sheet: SIZES.letter,
        halfSheet: SIZES["half-letter"],
        card: SIZES["quarter-letter"],
        minizinePanel: SIZES["minizine-panel-letter"],
        poster: SIZES["poster-18x24"],
      };
}

/** A paper family or an explicit portrait sheet, as the imposition functions accept. */
export type SheetSpec = Paper | Size;

export function sheetOf(spec: SheetSpec): Size {
  return typeof spec === "string" ? portrait(paperKit(spec).sheet) : portrait(resolveSize(spec));
}
