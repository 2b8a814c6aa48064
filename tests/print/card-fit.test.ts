// Fitting tactic cards in the real browser: a short card keeps the largest type, a long one
// steps down, and one too long even in the smallest type stops at a block with a pointer.
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARD_BODY_SIZES, fitCards, type CardDeck } from "../../src/print/card-fit.ts";
import { fontDirUrl } from "../../src/print/fonts.ts";
import { printDocument } from "../../src/print/shell.ts";
import { PrintShop } from "../../src/print/shop.ts";
import { readPdf } from "./pdf-reader.ts";

let shop: PrintShop;
beforeAll(() => {
  shop = new PrintShop({ jobs: 2 });
});
afterAll(async () => {
  await shop?.close();
});

const paragraph = (i: number): string =>
  `<p>Block ${i}: the pantry feeds whoever stops, and the ride-share ring takes them home after the shift ends.</p>`;
/** Three cards: 2 blocks, 24 blocks (fits smaller), 200 blocks (never fits). */
const lengths = [2, 24, 200];
const deck: CardDeck = {
  heads: lengths.map((_, i) => `Care Card ${i + 1}`),
  blocks: lengths,
  html: (settings, only) =>
    printDocument({
      kind: "card",
      title: "Cards",
      lang: "en",
      fontBaseUrl: fontDirUrl(),
      body: lengths
        .map((n, i) => {
          if (only !== undefined && only !== i) return "";
          const s = settings[i] ?? { size: 9 };
          const keep = s.keep ?? n;
          const blocks = Array.from({ length: keep }, (_, k) => paragraph(k + 1)).join("");
          return (
            `<section class="card" style="font-size: ${s.size}pt"><p class="kind">Care</p>` +
            `<h1>Card ${i + 1}</h1>${blocks}${keep < n ? "<p>CONTINUES ELSEWHERE</p>" : ""}</section>`
          );
        })
        .join(""),
    }),
};

describe("fitCards", () => {
  it("keeps short cards large, steps long ones down, and cuts the longest at a block", async () => {
    const face = { width: 92, height: 135.5 };
    const fitted = await fitCards(shop, deck, face);
    const [short, long, longest] = fitted.settings;
    expect(short).toEqual({ size: CARD_BODY_SIZES[0] });
    expect(long?.size).toBeLessThan(CARD_BODY_SIZES[0]);
    expect(long?.keep).toBeUndefined();
    expect(longest?.size).toBe(CARD_BODY_SIZES.at(-1));
    expect(longest?.keep).toBeGreaterThan(10);
    expect(longest?.keep).toBeLessThan(200);

    const fronts = await readPdf(fitted.fronts);
    const backs = await readPdf(fitted.backs);
    expect(fronts).toHaveLength(3);
    expect(backs).toHaveLength(3);
    fronts.forEach((page, i) => expect(page.text).toContain(`Card ${i + 1}`));
    // The short card ends on its front: its back is blank.
    expect(backs[0]?.text).toBe("");
    expect(backs[1]?.text).toContain("Block 24:");
    expect(backs[2]?.text).toContain("CONTINUES ELSEWHERE");
    expect(backs[2]?.text).toContain(`Block ${longest?.keep ?? 0}:`);
    for (const doc of [fitted.fronts, fitted.backs]) {
      const page = (await PDFDocument.load(doc)).getPage(0);
      expect(page.getWidth() / (72 / 25.4)).toBeCloseTo(92, 0);
    }
  });
});
