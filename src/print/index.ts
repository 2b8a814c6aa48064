// The print room's public face: what the site build and the CLI call to make PDFs.
// Pure planners (booklet, minizine, cards, tiles, marks, sizes) are exported too, for tests
// and for anyone drawing their own sheets.

export { findBrowser, launchBrowser, launchArgs, NO_BROWSER_MESSAGE } from "./browser.ts";
export type { BrowserProbe, RunningBrowser } from "./browser.ts";
export { PrintShop, PrintError, withPageSize } from "./shop.ts";
export type { PrintShopOptions, RenderRequest } from "./shop.ts";
export { RenderCache, renderKey, PIPELINE_VERSION } from "./cache.ts";
export { digestReferences, htmlReferences, cssReferences } from "./references.ts";
export { finishPdf, outline, sourceDate, stripJpegMetadata, PRODUCER } from "./finish.ts";
export type { FinishOptions, OutlineEntry } from "./finish.ts";
export { planBooklet, padBeforeLastPage } from "./booklet.ts";
export type { BookletPlan, BookletSide, PageSlot } from "./booklet.ts";
export { planMinizine, MINIZINE_PAGES } from "./minizine.ts";
export type { MinizinePanel } from "./minizine.ts";
export { planCards, mirroredSlot, CARD_GRID } from "./cards.ts";
export type { CardPlacement, CardSlot, CardGrid } from "./cards.ts";
export { planTiles, planTilesBestFit, rowLabel, tileLabel } from "./tiles.ts";
export type { Rect, Tile, TilePlan } from "./tiles.ts";
export { cropMarks, cornerMarks, tileSeams } from "./marks.ts";
export type { Segment, Point, Seam } from "./marks.ts";
export { imposeBooklet, imposeMinizine, imposeCards } from "./impose.ts";
export {
  fitPoster,
  posterFill,
  renderPoster,
  tilePoster,
  posterTiling,
  posterSize,
  MIN_OVERLAP,
} from "./poster.ts";
export type { FitRequest, PosterRequest, TileOptions } from "./poster.ts";
export { fitsMinizine, padWithBlanks, MINIZINE_BODY_SIZES } from "./zine.ts";
export type { MinizineRequest } from "./zine.ts";
export { fontFaceCss, fontDir, fontDirUrl, FONT_FAMILY, FONT_FILES } from "./fonts.ts";
export { loadNoteFontkit } from "./note-font.ts";
export { printDocument, printCss, shellView, cssString } from "./shell.ts";
export type { PrintKind, PrintDocumentOptions, ShellView } from "./shell.ts";
export {
  printLayouts,
  PrintLayouts,
  safe,
  PRINT_LAYOUTS_DIR,
  PRINT_LAYOUTS_ENV,
} from "./templates.ts";
export type { Safe } from "./templates.ts";
export {
  SIZES,
  paperLabel,
  paperKit,
  resolveSize,
  sheetOf,
  landscape,
  portrait,
  mmToPt,
  ptToMm,
  PT_PER_MM,
} from "./sizes.ts";
export type { Paper, PaperKit, SheetSpec, Size, SizeName, SizeSpec } from "./sizes.ts";
export { pdfPageTexts } from "./text.ts";
export { fitCards, CARD_BODY_SIZES, CARD_FACES } from "./card-fit.ts";
export type { CardDeck, CardSetting, FittedCards } from "./card-fit.ts";
export { cardLayout, cardCropMarks, CARD_SHEET } from "./cards.ts";
export type { CardSheetLayout } from "./cards.ts";
export { feedOrder, wrapText } from "./feed.ts";
