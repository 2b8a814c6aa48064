// Every text a PDF holds besides what a reader sees on its pages: each Info entry on its own
// (CreationDate, Title…), XMP packets, every string of every object (bookmarks, link targets,
// alt text, names) and every decompressed stream that is not a font or an image.
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
} from "pdf-lib";
import type { Part } from "./types.ts";

export interface PdfForm {
  part: Part;
  /** The form a person is told about: "PDF metadata CreationDate", "PDF XMP metadata". */
  label: string;
  text: string;
}

/** A PDF string as written: dates stay `D:…`, text strings are decoded from PDFDocEncoding or UTF-16. */
function stringValue(value: PDFString | PDFHexString): string {
  const raw = value.asString();
  if (raw.startsWith("D:")) return raw;
  try {
    return value.decodeText();
  } catch {
    return raw;
  }
}

/** Strings anywhere inside an object, with the key that holds each (for the label). */
function collectStrings(object: PDFObject, key: string, out: [string, string][]): void {
  if (object instanceof PDFString || object instanceof PDFHexString) {
    out.push([key, stringValue(object)]);
  } else if (object instanceof PDFDict) {
    for (const [name, value] of object.entries()) collectStrings(value, name.decodeText(), out);
  } else if (object instanceof PDFArray) {
    for (const value of object.asArray()) collectStrings(value, key, out);
  } else if (object instanceof PDFStream) {
    collectStrings(object.dict, key, out);
  }
}

const nameOf = (dict: PDFDict, key: string): string | undefined => {
  const value = dict.get(PDFName.of(key));
  return value instanceof PDFName ? value.decodeText() : undefined;
};

/** The streams that hold font programs: binary, drawn glyphs, nothing of a circle's. */
function fontStreams(doc: PDFDocument): Set<PDFRef> {
  const refs = new Set<PDFRef>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || nameOf(object, "Type") !== "FontDescriptor") continue;
    for (const key of ["FontFile", "FontFile2", "FontFile3"]) {
      const ref = object.get(PDFName.of(key));
      if (ref instanceof PDFRef) refs.add(ref);
    }
  }
  return refs;
}

const decoder = new TextDecoder("latin1");

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

// The content-stream operators (ISO 32000-1, Annex A): drawing, not text.
const OPERATORS = new Set(
  (
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J " +
    "K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw " +
    "Tz v w W W* y ' \""
  ).split(" "),
);
const TOKEN = /<[\da-fA-F\s]*>|[^\s<>[\]()]+/gu;
// A number as drawing writes it (a coordinate, a size); a run of six or more digits is kept,
// since that is how a date or a phone would be written.
const DRAWN_NUMBER = /^(?:[-+]?\d*\.\d*|[-+]?\d{1,5})$/u;

/**
 * A content stream without what cannot hold text in the clear: operators, coordinates and
 * glyph codes (text drawn with an embedded font is read back by pdf.js as the page's text).
 * What is left is small: names, marked-content properties, long numbers, anything else.
 */
function streamText(stream: string): string {
  const kept: string[] = [];
  for (const m of stream.matchAll(TOKEN)) {
    const token = m[0];
    if (token.startsWith("<") || OPERATORS.has(token) || DRAWN_NUMBER.test(token)) continue;
    kept.push(token);
  }
  return kept.join(" ");
}

/** Hex strings `<…>` that decode to readable Latin-1 text (not glyph codes). */
function readableHexStrings(stream: string): string[] {
  const found: string[] = [];
  for (const m of stream.matchAll(/<([\da-fA-F\s]{8,})>/gu)) {
    const hex = (m[1] ?? "").replace(/\s/gu, "");
    const bytes = Uint8Array.from(hex.match(/../gu) ?? [], (pair) => parseInt(pair, 16));
    const text = decoder.decode(bytes);
    if (/^[\x20-\x7e\u00a0-\u00ff\n\r\t]+$/u.test(text)) found.push(text);
  }
  return found;
}

/** The literal strings `(…)` of a content stream, escapes decoded (ISO 32000-1, 7.3.4.2). */
function literalStrings(stream: string): string[] {
  const found: string[] = [];
  for (const m of stream.matchAll(/\((?:\\[\s\S]|[^\\()])*\)/gu)) {
    found.push(
      m[0]
        .slice(1, -1)
        .replace(/\\(?:([0-7]{1,3})|\r?\n|([\s\S]))/gu, (_all, octal?: string, char?: string) =>
          octal !== undefined
            ? String.fromCharCode(parseInt(octal, 8) & 0xff)
            : char === undefined
              ? ""
              : (ESCAPES[char] ?? char),
        ),
    );
  }
  return found;
}

/**
 * Reads the forms of a PDF's bytes. Streams are decompressed (Flate, LZW, ASCII85…) and read as
 * Latin-1, so any text written into one in the clear is seen; a stream pdf-lib cannot decode is
 * read as it is.
 */
export async function pdfForms(bytes: Uint8Array): Promise<PdfForm[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  const forms: PdfForm[] = [];
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  const infoDict = info instanceof PDFDict ? info : undefined;
  if (infoDict) {
    for (const [name, value] of infoDict.entries()) {
      const strings: [string, string][] = [];
      collectStrings(value, name.decodeText(), strings);
      for (const [, text] of strings) {
        forms.push({ part: "pdf-metadata", label: `PDF metadata ${name.decodeText()}`, text });
      }
    }
  }
  const fonts = fontStreams(doc);
  const strings: [string, string][] = [];
  const streams: string[] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object === infoDict) continue;
    collectStrings(object, "", strings);
    if (!(object instanceof PDFRawStream) || fonts.has(ref)) continue;
    const dict = object.dict;
    if (nameOf(dict, "Subtype") === "Image") continue;
    let decoded: Uint8Array;
    try {
      decoded = decodePDFRawStream(object).decode();
    } catch {
      decoded = object.getContents();
    }
    const text = decoder.decode(decoded);
    if (nameOf(dict, "Type") === "Metadata") {
      forms.push({ part: "pdf-metadata", label: "PDF XMP metadata", text });
    } else if (nameOf(dict, "Type") !== "XRef" && nameOf(dict, "Type") !== "ObjStm") {
      const kept = streamText(text);
      if (kept !== "") streams.push(kept);
      for (const literal of [...literalStrings(text), ...readableHexStrings(text)]) {
        strings.push(["", literal]);
      }
    }
  }
  if (strings.length > 0) {
    forms.push({
      part: "pdf-metadata",
      label: "PDF strings (bookmarks, links, alt text)",
      text: strings.map(([, s]) => s).join("\n"),
    });
  }
  if (streams.length > 0) {
    forms.push({ part: "pdf-stream", label: "PDF content stream", text: streams.join("\n") });
  }
  return forms;
}
