// Fitting tactic cards: each card's whole text on its two faces (front and back), in the
// largest type that fits; a card too long even in the smallest type is cut at a paragraph
// and says where the rest is. The deck's HTML comes from the caller, so this stays sheet-blind.
import { PDFDocument } from "pdf-lib";
import { SAVE_OPTIONS } from "./finish.ts";
import type { PrintShop } from "./shop.ts";
import { mmToPt } from "./sizes.ts";
import type { Size } from "./sizes.ts";
import { pdfPageTexts } from "./text.ts";

/** Body sizes a card may be set in, in points, largest first: 7.5 is the floor. */
export const CARD_BODY_SIZES = [9, 8.5, 8, 7.5] as const;

/** A card has a front and a back. */
export const CARD_FACES = 2;

export interface CardSetting {
  /** body type in points */
  size: number;
  /** how many of the text's blocks to print, followed by a pointer to the rest; all if unset */
  keep?: number;
}

export interface CardDeck {
  /** the words each card's front begins with (its kind and title), to find it in the PDF */
  heads: readonly string[];
  /** how many top-level blocks (paragraphs, lists, headings) each card's text has */
  blocks: readonly number[];
  /** the deck as one page, each card starting a new page; `only` makes it that card alone */
  html: (settings: readonly CardSetting[], only?: number) => string;
}

export interface FittedCards {
  /** one page per card */
  fronts: Uint8Array;
  /** one page per card, blank where a card's text ends on its front */
  backs: Uint8Array;
  settings: CardSetting[];
}

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

/** Which page each card starts on, and how many pages it takes, read back from the PDF. */
async function spans(
  pdf: Uint8Array,
  heads: readonly string[],
): Promise<{ start: number; pages: number }[]> {
  const texts = (await pdfPageTexts(pdf)).map(squash);
  let from = 0;
  const starts = heads.map((head) => {
    const start = texts.findIndex((text, i) => i >= from && text.startsWith(squash(head)));
    if (start < 0) throw new Error(`tactic cards: the card that begins "${head}" is missing`);
    from = start + 1;
    return start;
  });
  return starts.map((start, i) => ({ start, pages: (starts[i + 1] ?? texts.length) - start }));
}

export async function fitCards(
  shop: PrintShop,
  deck: CardDeck,
  face: Size,
  baseDir?: string,
): Promise<FittedCards> {
  const render = (html: string): Promise<Uint8Array> =>
    shop.renderPdf({ html, size: face, ...(baseDir ? { baseDir } : {}) });
  const floor = CARD_BODY_SIZES.length - 1;
  const step = deck.heads.map(() => 0);
  const settings = (): CardSetting[] => step.map((s) => ({ size: CARD_BODY_SIZES[s] ?? 7.5 }));
  const cut = new Map<number, number>();
  const withCuts = (): CardSetting[] =>
    settings().map((s, i) => (cut.has(i) ? { ...s, keep: cut.get(i) } : s));

  // Every card starts in the largest type; those that run over step down together.
  let pdf = await render(deck.html(settings()));
  let found = await spans(pdf, deck.heads);
  for (;;) {
    const over = found.flatMap((f, i) =>
      f.pages > CARD_FACES && (step[i] ?? 0) < floor ? [i] : [],
    );
    if (over.length === 0) break;
    for (const i of over) step[i] = (step[i] ?? 0) + 1;
    pdf = await render(deck.html(settings()));
    found = await spans(pdf, deck.heads);
  }

  // Still too long in the smallest type: keep as many blocks as fit with the pointer.
  const long = found.flatMap((f, i) => (f.pages > CARD_FACES ? [i] : []));
  for (const i of long) {
    let lo = 0;
    let hi = (deck.blocks[i] ?? 1) - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const trial = withCuts().map((s, k) => (k === i ? { ...s, keep: mid } : s));
      const alone = await render(deck.html(trial, i));
      const pages = (await PDFDocument.load(alone, { updateMetadata: false })).getPageCount();
      if (pages <= CARD_FACES) lo = mid;
      else hi = mid - 1;
    }
    cut.set(i, lo);
  }
  if (long.length > 0) {
    pdf = await render(deck.html(withCuts()));
    found = await spans(pdf, deck.heads);
  }

  const source = await PDFDocument.load(pdf, { updateMetadata: false });
  const fronts = await PDFDocument.create({ updateMetadata: false });
  const backs = await PDFDocument.create({ updateMetadata: false });
  const blank: [number, number] = [mmToPt(face.width), mmToPt(face.height)];
  for (const { start, pages } of found) {
    const [front] = await fronts.copyPages(source, [start]);
    if (front) fronts.addPage(front);
    if (pages >= 2) {
      const [back] = await backs.copyPages(source, [start + 1]);
      if (back) backs.addPage(back);
    } else backs.addPage(blank);
  }
  return {
    fronts: await fronts.save(SAVE_OPTIONS),
    backs: await backs.save(SAVE_OPTIONS),
    settings: withCuts(),
  };
}
