// The last step for every PDF mimeo writes: neutral metadata, a language, bookmarks, and
// nothing that tells a reader which machine, browser, user or hour made the file.

import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";
import type { PDFContext, PDFObject } from "pdf-lib";

export interface FinishOptions {
  /** the document's title, as the circle wrote it */
  title: string;
  /** BCP 47 language of the text, e.g. "en", "es", "pt-BR" */
  lang: string;
  /** CreationDate and ModDate: from SOURCE_DATE_EPOCH or the content, never the clock */
  date: Date;
  /**
   * How much of `date` to write. "month" writes `D:YYYYMM` (a valid PDF date with no day) for a
   * public sheet, whose page shows the month only: the sheet must not say more than the page.
   */
  precision?: "second" | "month";
}

/** How every mimeo PDF is saved: classic xref, no object streams, the same bytes each time. */
export const SAVE_OPTIONS = {
  useObjectStreams: false,
  addDefaultPage: false,
  updateFieldAppearances: false,
} as const;

export const PRODUCER = "mimeo";

/**
 * The date to stamp into outputs: SOURCE_DATE_EPOCH (seconds since 1970, the reproducible
 * builds convention) when set, else the fallback the caller takes from the content.
 */
export function sourceDate(env: NodeJS.ProcessEnv, fallback: Date): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds, got "${raw}"`);
  return new Date(Number(raw) * 1000);
}

/**
 * Delete every object nothing points to any more. pdf-lib writes all objects it holds,
 * referenced or not, so the browser's old Info dictionary ("HeadlessChrome", the build
 * time) would still sit in the file after we replace it.
 */
function dropUnreachable(context: PDFContext): void {
  const reached = new Set<string>();
  const walk = (object: PDFObject | undefined): void => {
    if (object === undefined) return;
    if (object instanceof PDFRef) {
      if (reached.has(object.tag)) return;
      reached.add(object.tag);
      walk(context.lookup(object));
    } else if (object instanceof PDFDict) {
      for (const [, value] of object.entries()) walk(value);
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) walk(value);
    } else if (object instanceof PDFStream) {
      walk(object.dict);
    }
  };
  const { Root, Info, Encrypt } = context.trailerInfo;
  walk(Root);
  walk(Info);
  walk(Encrypt);
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reached.has(ref.tag)) context.delete(ref);
  }
}

const textOf = (object: PDFObject | undefined): string | undefined =>
  object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined;

/**
 * Disarm links to file: URLs. The browser turns a relative link into an absolute file URL,
 * which would print the build machine's folders (and user name) into the PDF; on paper a
 * link to another page of the site is no use anyway. The action goes; the annotation stays,
 * inert, because the tagged-PDF structure tree points at it.
 */
function dropFileLinks(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const annots = page.node.Annots();
    if (!annots) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookupMaybe(i, PDFDict);
      const action = annot?.lookupMaybe(PDFName.of("A"), PDFDict);
      const uri = textOf(action?.lookup(PDFName.of("URI")));
      if (annot && uri !== undefined && /^file:/i.test(uri.trim())) annot.delete(PDFName.of("A"));
    }
  }
}

/**
 * JPEG segments that carry metadata: APP1 (Exif, XMP), APP2–APP13 (ICC aside, maker notes,
 * IPTC/Photoshop), APP15 and comments. APP0 (JFIF) and APP14 (Adobe colour transform) are
 * kept because decoders need them. The browser embeds JPEGs as they are, so an image that
 * escaped re-encoding would carry its camera, GPS position and author into the PDF.
 */
export function stripJpegMetadata(jpeg: Uint8Array): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const kept: Uint8Array[] = [jpeg.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1] ?? 0;
    // Start of scan: the rest is image data, copied as is.
    if (marker === 0xda) break;
    const length = ((jpeg[i + 2] ?? 0) << 8) | (jpeg[i + 3] ?? 0);
    const end = i + 2 + length;
    if (length < 2 || end > jpeg.length) return jpeg;
    const isMetadata = (marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (!isMetadata) kept.push(jpeg.subarray(i, end));
    i = end;
  }
  if (kept.length === 1 && i === 2) return jpeg;
  kept.push(jpeg.subarray(i));
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of kept) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function isPlainJpeg(stream: PDFRawStream): boolean {
  const filter = stream.dict.get(PDFName.of("Filter"));
  if (filter instanceof PDFName) return filter === PDFName.of("DCTDecode");
  if (filter instanceof PDFArray && filter.size() === 1) {
    return filter.get(0) === PDFName.of("DCTDecode");
  }
  return false;
}

function scrubImages(context: PDFContext): void {
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || !isPlainJpeg(object)) continue;
    const clean = stripJpegMetadata(object.contents);
    if (clean !== object.contents) context.assign(ref, PDFRawStream.of(object.dict, clean));
    // Per-image XMP would say where it came from, too.
    object.dict.delete(PDFName.of("Metadata"));
  }
}

/**
 * Rewrite a PDF's metadata to neutral values: Title, Creator and Producer "mimeo", the
 * given dates, the catalog's /Lang; no Author, Subject or Keywords, no XMP stream, no
 * trailer /ID, no file: links. The same input bytes and options give the same output bytes.
 */
export async function finishPdf(bytes: Uint8Array, options: FinishOptions): Promise<Uint8Array> {
  if (Number.isNaN(options.date.getTime())) throw new Error("finishPdf: the date is not valid");
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const catalog = doc.catalog;

  catalog.delete(PDFName.of("Metadata"));
  catalog.delete(PDFName.of("PieceInfo"));
  catalog.set(PDFName.of("Lang"), PDFString.of(options.lang));
  for (const page of doc.getPages()) {
    page.node.delete(PDFName.of("Metadata"));
    page.node.delete(PDFName.of("PieceInfo"));
  }
  dropFileLinks(doc);
  scrubImages(context);
  renumberStructureIds(context);

  // Whole seconds in UTC, so the same instant always prints the same string.
  const stamp =
    options.precision === "month"
      ? PDFString.of(`D:${options.date.toISOString().slice(0, 7).replace("-", "")}`)
      : PDFString.fromDate(new Date(Math.floor(options.date.getTime() / 1000) * 1000));
  const info = context.obj({});
  info.set(PDFName.of("Title"), PDFHexString.fromText(options.title));
  info.set(PDFName.of("Creator"), PDFString.of(PRODUCER));
  info.set(PDFName.of("Producer"), PDFString.of(PRODUCER));
  info.set(PDFName.of("CreationDate"), stamp);
  info.set(PDFName.of("ModDate"), stamp);
  context.trailerInfo.Info = context.register(info);
  // The file identifier: a hash some writers salt with the time and path. Optional in PDF.
  context.trailerInfo.ID = undefined;

  dropUnreachable(context);
  return doc.save(SAVE_OPTIONS);
}

/**
 * Chromium names each tagged table cell after its DOM node (`/ID (node00004492)`), a counter
 * that depends on what the same browser tab rendered before, and in an order that varies from
 * render to render: renumber them in object order, with the IDTree that keys them and the
 * `/Headers` that point at them, so the bytes do not depend on render order.
 */
function renumberStructureIds(context: PDFContext): void {
  const renamed = new Map<string, string>();
  const elements: PDFDict[] = [];
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of("Type")) !== PDFName.of("StructElem")) continue;
    elements.push(object);
    const id = textOf(object.get(PDFName.of("ID")));
    if (id !== undefined) {
      const fresh = `mimeo${String(renamed.size + 1).padStart(6, "0")}`;
      renamed.set(id, fresh);
      object.set(PDFName.of("ID"), PDFString.of(fresh));
    }
  }
  const treeRoot = context
    .lookupMaybe(context.trailerInfo.Root, PDFDict)
    ?.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  const idTree = treeRoot?.lookupMaybe(PDFName.of("IDTree"), PDFDict);
  if (idTree) rebuildIdTree(context, idTree, renamed);
  for (const element of elements) {
    const attributes = element.get(PDFName.of("A"));
    const list = attributes instanceof PDFArray ? attributes.asArray() : [attributes];
    for (const attribute of list) {
      const dict = attribute instanceof PDFRef ? context.lookup(attribute) : attribute;
      if (!(dict instanceof PDFDict)) continue;
      const headers = dict.get(PDFName.of("Headers"));
      if (!(headers instanceof PDFArray)) continue;
      const fresh = headers.asArray().map((h) => {
        const text = textOf(h);
        return PDFString.of(text === undefined ? "" : (renamed.get(text) ?? text));
      });
      dict.set(PDFName.of("Headers"), context.obj(fresh));
    }
  }
}

/**
 * The structure tree's IDTree, a name tree, keys elements by their IDs: its keys must be sorted
 * and each node's /Limits must be its least and greatest key. The new names sort in another
 * order than the browser's (which varies from render to render), so mapping the old /Limits
 * would make them depend on render order, and wrong. Every key goes into the root, re-sorted;
 * a root has no /Limits, and the old leaves, unreachable, are dropped.
 */
function rebuildIdTree(context: PDFContext, root: PDFDict, renamed: Map<string, string>): void {
  const pairs: [string, PDFObject][] = [];
  const visited = new Set<PDFDict>();
  const collect = (node: PDFDict): void => {
    if (visited.has(node)) return;
    visited.add(node);
    const items = node.lookupMaybe(PDFName.of("Names"), PDFArray)?.asArray() ?? [];
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = textOf(items[i]);
      const value = items[i + 1];
      if (key !== undefined && value !== undefined) pairs.push([renamed.get(key) ?? key, value]);
    }
    for (const kid of node.lookupMaybe(PDFName.of("Kids"), PDFArray)?.asArray() ?? []) {
      const child = context.lookup(kid);
      if (child instanceof PDFDict) collect(child);
    }
  };
  collect(root);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  root.delete(PDFName.of("Kids"));
  root.delete(PDFName.of("Limits"));
  root.set(PDFName.of("Names"), context.obj(pairs.flatMap(([k, v]) => [PDFString.of(k), v])));
}

export interface OutlineEntry {
  title: string;
  /** 1-based page the bookmark opens */
  page: number;
  children?: OutlineEntry[];
}

/**
 * Add bookmarks (the PDF outline) to a document. pdf-lib has no API for outlines, so the
 * /Outlines tree is built by hand as PDF 1.7 §12.3.3 describes it: a root dictionary and
 * one dictionary per entry, linked to its parent and its siblings (/Prev, /Next) and to
 * its first and last child. Every entry opens at the top of its page.
 */
export async function outline(bytes: Uint8Array, entries: OutlineEntry[]): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const pages = doc.getPages();

  // Returns how many entries are visible under `parent` (all of them: every level is open).
  const link = (items: OutlineEntry[], parentRef: PDFRef, parent: PDFDict): number => {
    const refs = items.map(() => context.nextRef());
    let visible = 0;
    items.forEach((item, i) => {
      const page = pages[item.page - 1];
      if (!page) {
        throw new Error(
          `bookmark "${item.title}" points at page ${item.page}; the PDF has ${pages.length}`,
        );
      }
      const ref = refs[i] as PDFRef;
      const dict = context.obj({});
      dict.set(PDFName.of("Title"), PDFHexString.fromText(item.title));
      dict.set(PDFName.of("Parent"), parentRef);
      const prev = refs[i - 1];
      const next = refs[i + 1];
      if (prev) dict.set(PDFName.of("Prev"), prev);
      if (next) dict.set(PDFName.of("Next"), next);
      dict.set(
        PDFName.of("Dest"),
        context.obj([page.ref, PDFName.of("XYZ"), PDFNull, PDFNull, PDFNull]),
      );
      const children = item.children ?? [];
      if (children.length > 0) {
        const below = link(children, ref, dict);
        dict.set(PDFName.of("Count"), PDFNumber.of(below));
        visible += below;
      }
      context.assign(ref, dict);
      visible += 1;
    });
    const first = refs[0];
    const last = refs[refs.length - 1];
    if (first && last) {
      parent.set(PDFName.of("First"), first);
      parent.set(PDFName.of("Last"), last);
    }
    return visible;
  };

  if (entries.length === 0) return doc.save(SAVE_OPTIONS);
  const rootRef = context.nextRef();
  const root = context.obj({ Type: "Outlines" });
  const count = link(entries, rootRef, root);
  root.set(PDFName.of("Count"), PDFNumber.of(count));
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of("Outlines"), rootRef);
  doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
  return doc.save(SAVE_OPTIONS);
}
