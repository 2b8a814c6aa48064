// Orphans and widows that hold. Chromium keeps `orphans` lines at the foot of a page and
// `widows` lines at the top of the next only while a paragraph has lines enough for both:
// a paragraph shorter than orphans + widows, which may not break at all, it breaks anyway,
// keeping the orphans and stranding one or two lines at the top of the next page. So before
// printing, each block of text (a paragraph, a list item) with fewer lines than its own
// orphans + widows is kept whole (break-inside: avoid), measured at the width it prints at.

import type { Page } from "puppeteer-core";
import type { Size } from "./sizes.ts";

/**
 * Runs in the page (as a string: page scripts are off, and nothing may be added to it by a
 * build step). Argument: the page's width in mm. Returns how many blocks it kept whole.
 *
 * The text prints as wide as the page less the left and right margins of its `@page` rule;
 * the root is set that wide while the lines are counted, then let go. A block's lines are
 * counted from its text's boxes: one line per band of boxes that overlap vertically.
 */
const KEEP_SHORT_BLOCKS = `(async (pageWidthMm) => {
  await document.fonts.ready;
  let left = "0mm";
  let right = "0mm";
  for (const sheet of document.styleSheets) {
    let rules = [];
    try {
      rules = [...sheet.cssRules];
    } catch {
      continue; // a stylesheet from elsewhere: its rules cannot be read, nor were they loaded
    }
    for (const rule of rules) {
      if (rule instanceof CSSPageRule && rule.selectorText === "") {
        if (rule.style.marginLeft) left = rule.style.marginLeft;
        if (rule.style.marginRight) right = rule.style.marginRight;
      }
    }
  }
  const root = document.documentElement;
  const before = root.style.width;
  root.style.width = "calc(" + pageWidthMm + "mm - (" + left + ") - (" + right + "))";
  const blocks = [...document.body.querySelectorAll("p, li, dd, dt, blockquote, figcaption, td, th")];
  const keep = [];
  for (const block of blocks) {
    // Only blocks whose own lines would break: a list item holding a list breaks between them.
    if ([...block.children].some((c) => getComputedStyle(c).display !== "inline" && getComputedStyle(c).display !== "inline-block")) continue;
    const style = getComputedStyle(block);
    const least = (Number(style.orphans) || 2) + (Number(style.widows) || 2);
    const range = document.createRange();
    range.selectNodeContents(block);
    const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
    let lines = 0;
    let bottom = -Infinity;
    for (const box of boxes) {
      if (box.top + box.height / 2 > bottom) {
        lines++;
        bottom = box.bottom;
      } else bottom = Math.max(bottom, box.bottom);
    }
    if (lines > 1 && lines < least) keep.push(block);
  }
  root.style.width = before;
  for (const block of keep) block.style.breakInside = "avoid";
  return keep.length;
})`;

/** Keeps whole every block of text too short to break as its orphans and widows ask. */
export async function keepShortBlocksWhole(page: Page, size: Size): Promise<number> {
  return page.evaluate(`${KEEP_SHORT_BLOCKS}(${JSON.stringify(size.width)})`) as Promise<number>;
}
