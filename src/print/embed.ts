// Pages of one PDF made ready to draw on the sheets of another, as Form XObjects.
//
// pdf-lib's own embedPages inflates each page's content stream and deflates it again, in
// JavaScript, to make the XObject: most of an imposition's time. Chromium writes each page as
// one FlateDecode stream, which is already what a Form XObject may hold, so this module turns
// the copied stream itself into the XObject and keeps its compressed bytes as they are.
// pdf-lib has no option for that; pages of any other shape go through its embedder.

import { PDFDocument, PDFEmbeddedPage, PDFName, PDFObjectCopier, PDFPageEmbedder } from "pdf-lib";
import { PDFArray, PDFDict, PDFRawStream, PDFRef } from "pdf-lib";
import type { PDFPage } from "pdf-lib";

/** The one FlateDecode content stream of a page, and where it is, or undefined. */
function singleFlateStream(page: PDFDict): { ref: PDFRef; stream: PDFRawStream } | undefined {
  let contents = page.get(PDFName.of("Contents"));
  if (contents instanceof PDFArray && contents.size() === 1) contents = contents.get(0);
  if (!(contents instanceof PDFRef)) return undefined;
  const stream = page.context.lookup(contents);
  if (!(stream instanceof PDFRawStream)) return undefined;
  const { dict } = stream;
  const filter = dict.get(PDFName.of("Filter"));
  const isFlate = filter === PDFName.of("FlateDecode");
  if (!isFlate || dict.has(PDFName.of("DecodeParms"))) return undefined;
  return { ref: contents, stream };
}

/**
 * Every page of `source` as something `out`'s pages can draw; a page with no content stream
 * (a blank added by pdf-lib) comes back as undefined and is simply left empty on the sheet.
 */
export async function embedPagesOf(
  out: PDFDocument,
  source: PDFDocument,
): Promise<(PDFEmbeddedPage | undefined)[]> {
  const copy = PDFObjectCopier.for(source.context, out.context).copy;
  const pages = source.getPages();
  const embedded: (PDFEmbeddedPage | undefined)[] = pages.map(() => undefined);
  const slow: number[] = [];
  for (const [index, page] of pages.entries()) {
    if (page.node.Contents() === undefined) continue;
    if (!singleFlateStream(page.node)) {
      slow.push(index);
      continue;
    }
    const copied = copy(page.node);
    const found = singleFlateStream(copied);
    if (!found) throw new Error("a copied page lost its content stream");
    // The embedder gives the width, height, box and matrix pdf-lib would use; the XObject is
    // the copied stream with the keys a form needs. The embedded page is never handed to
    // pdf-lib to embed (it is not in out's list), so the stream is written once, as it is.
    const shape = await PDFPageEmbedder.for(copied);
    const { left, bottom, right, top } = shape.boundingBox;
    const { dict } = found.stream;
    dict.set(PDFName.of("Type"), PDFName.of("XObject"));
    dict.set(PDFName.of("Subtype"), PDFName.of("Form"));
    dict.set(PDFName.of("FormType"), out.context.obj(1));
    dict.set(PDFName.of("BBox"), out.context.obj([left, bottom, right, top]));
    dict.set(PDFName.of("Matrix"), out.context.obj([...shape.transformationMatrix]));
    const resources = copied.get(PDFName.of("Resources"));
    if (resources) dict.set(PDFName.of("Resources"), resources);
    embedded[index] = PDFEmbeddedPage.of(found.ref, out, shape);
  }
  const others = await out.embedPages(slow.map((i) => pages[i] as PDFPage));
  slow.forEach((pageIndex, i) => (embedded[pageIndex] = others[i]));
  return embedded;
}
