// Where a paragraph breaks across pages, read back from a PDF: the text blocks of the page's
// HTML are found in order in the PDF's text, and the lines each block has on each page counted.

import type { ReadPage } from "./pdf-reader.ts";

/** Letters only: how a block's text compares across line breaks, bullets, quotes and page numbers. */
const letters = (s: string): string =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}]/gu, "");

const BLOCK_TAGS =
  "p|li|ul|ol|h[1-6]|dl|dt|dd|div|section|article|blockquote|table|thead|tbody|tr|td|th|figure|figcaption|hr|br";

/**
 * The text of each block of an HTML page (a paragraph, a list item, a table cell, a heading),
 * in document order: each run of text between two block tags is one block. Only the body.
 */
export function htmlBlocks(html: string): string[] {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, "gi"), "\u0000")
    .replace(/<[^>]*>/g, "")
    .split("\u0000")
    .map((text) => letters(text))
    .filter((text) => text.length > 0);
}

export interface Split {
  /** the block's first words, to name it in a message */
  block: string;
  /** 1-based page numbers and how many lines of the block each carries, in page order */
  pages: { page: number; lines: number }[];
}

export interface Margins {
  /** mm: text whose baseline is this close to the top or bottom edge is page furniture */
  top: number;
  bottom: number;
}

/**
 * Every block of `blocks` that the PDF breaks across pages, with its lines on each page.
 * Running titles and page numbers (within `margins` of the edge) are left out. Throws when a
 * block is not found in the PDF's text, in order.
 */
export function splitBlocks(pages: ReadPage[], blocks: string[], margins: Margins): Split[] {
  let text = "";
  const where: { page: number; line: number }[] = [];
  pages.forEach((page, i) => {
    for (const run of page.runs) {
      if (run.y > page.height - margins.top || run.y < margins.bottom) continue;
      const chars = letters(run.str);
      text += chars;
      // A line is a baseline, to the half millimetre.
      for (let c = 0; c < chars.length; c++)
        where.push({ page: i + 1, line: Math.round(run.y * 2) / 2 });
    }
  });
  const splits: Split[] = [];
  let cursor = 0;
  for (const block of blocks) {
    const at = text.indexOf(block, cursor);
    if (at < 0) throw new Error(`not found in the PDF, in order: "${block.slice(0, 60)}"`);
    cursor = at + block.length;
    const lines = new Map<number, Set<number>>();
    for (const { page, line } of where.slice(at, cursor)) {
      lines.set(page, (lines.get(page) ?? new Set<number>()).add(line));
    }
    if (lines.size > 1) {
      splits.push({
        block: block.slice(0, 40),
        pages: [...lines].map(([page, set]) => ({ page, lines: set.size })),
      });
    }
  }
  return splits;
}

/**
 * The pieces of split blocks that strand fewer than `least` lines at the foot of a page (the
 * block's first piece) or at the top of the next (its last), as "page 3 top: 2 lines of …".
 */
export function strandedPieces(splits: Split[], least = 3): string[] {
  const found: string[] = [];
  for (const { block, pages } of splits) {
    const first = pages[0];
    const last = pages[pages.length - 1];
    if (first && first.lines < least)
      found.push(`page ${first.page} foot: ${first.lines} line(s) of "${block}…"`);
    if (last && last.lines < least)
      found.push(`page ${last.page} top: ${last.lines} line(s) of "${block}…"`);
  }
  return found;
}
