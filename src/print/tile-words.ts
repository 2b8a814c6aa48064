// The words a tiled poster prints on its own sheets (the assembly map, each tile's label, the
// cut and glue notes), so a circle's tiles speak its language. English here; src/site/words.ts
// holds the others, beside the rest of the circle's words.

export interface TileWords {
  /** the map page's heading */
  map: string;
  /** e.g. "8 sheets: 4 rows (A to D) × 2 columns." */
  grid: (sheets: number, rows: number, lastRow: string, cols: number) => string;
  /** the finished poster's size, already written "420 × 547" */
  finished: (size: string) => string;
  /** how to print and put the tiles together, one line each */
  steps: readonly string[];
  /** beside a tile's own label: "row A, column 1 · tile 1 of 8 · this way up" */
  tile: (row: string, col: number, tile: number, tiles: number) => string;
  /** along a side to cut off, naming the tile it goes over */
  cut: (neighbour: string) => string;
  /** along a glue strip, naming the tile that goes over it */
  glue: (neighbour: string) => string;
}

export const englishTileWords: TileWords = {
  map: "Assembly map",
  grid: (sheets, rows, lastRow, cols) =>
    `${sheets} sheets: ${rows === 1 ? "1 row (A)" : `${rows} rows (A to ${lastRow})`} × ` +
    `${cols === 1 ? "1 column" : `${cols} columns`}.`,
  finished: (size) => `Finished poster: ${size} mm.`,
  steps: [
    "Print at actual size (100 %), never “fit to page”. Start at A1, top left, row by row.",
    "On each sheet, cut off the margins marked with a dashed line (its top and left).",
    "Lay its cut edge on the line in the neighbour’s glue strip, glue the strip and press.",
    "Trim the outer margins of the finished poster last.",
  ],
  tile: (row, col, tile, tiles) =>
    `row ${row}, column ${col} · tile ${tile} of ${tiles} · this way up`,
  cut: (neighbour) => `cut on the dashed line, then lay this edge on ${neighbour}’s glue line`,
  glue: (neighbour) => `glue strip: ${neighbour} goes over it, its cut edge on the line`,
};
