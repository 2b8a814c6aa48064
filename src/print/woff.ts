// A WOFF 1.0 font turned back into the TrueType (sfnt) file it was made from: the same tables,
// inflated, after a TrueType table directory. Pure: bytes in, bytes out.
//
// Written by hand because fontkit, which pdf-lib uses to embed the note font, inflates a WOFF's
// compressed tables again every time it makes a subset (about 30 ms a document, some six seconds
// of the example circle's cold build), and reads a TrueType file in place; the packages on the
// registry that undo WOFF 1.0 are unmaintained or bring a whole font editor. The format is small
// and fixed (W3C WOFF 1.0, section 4 onwards): a header, a directory of tables, each table
// zlib-compressed unless that would not make it smaller.
import { inflateSync } from "node:zlib";

const WOFF_SIGNATURE = 0x774f4646; // "wOFF"
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

export class WoffError extends Error {
  override name = "WoffError";
}

/** The sfnt bytes of a WOFF 1.0 file; any other font is given back as it is. */
export function sfntOfWoff(font: Buffer): Buffer {
  if (font.length < WOFF_HEADER || font.readUInt32BE(0) !== WOFF_SIGNATURE) return font;
  const flavor = font.readUInt32BE(4);
  const count = font.readUInt16BE(12);
  if (WOFF_HEADER + count * WOFF_ENTRY > font.length) {
    throw new WoffError("the font's table directory runs past its end");
  }
  const tables = Array.from({ length: count }, (_, i) => {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const offset = font.readUInt32BE(at + 4);
    const compressed = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    if (offset + compressed > font.length) {
      throw new WoffError(
        `the font's table ${font.toString("latin1", at, at + 4)} runs past its end`,
      );
    }
    const stored = font.subarray(offset, offset + compressed);
    const data = compressed < length ? inflateSync(stored) : stored;
    if (data.length !== length) {
      throw new WoffError(
        `the font's table ${font.toString("latin1", at, at + 4)} has the wrong length`,
      );
    }
    return { tag: font.subarray(at, at + 4), checksum: font.readUInt32BE(at + 16), data };
  });
  // The binary-search fields of the sfnt header (OpenType, "Table directory").
  let power = 1;
  let log2 = 0;
  while (power * 2 <= count) {
    power *= 2;
    log2++;
  }
  const directory = Buffer.alloc(SFNT_HEADER + count * SFNT_ENTRY);
  directory.writeUInt32BE(flavor, 0);
  directory.writeUInt16BE(count, 4);
  directory.writeUInt16BE(power * 16, 6);
  directory.writeUInt16BE(log2, 8);
  directory.writeUInt16BE(count * 16 - power * 16, 10);
  const parts: Buffer[] = [directory];
  let offset = directory.length;
  tables.forEach((table, i) => {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    table.tag.copy(directory, at);
    directory.writeUInt32BE(table.checksum, at + 4);
    directory.writeUInt32BE(offset, at + 8);
    directory.writeUInt32BE(table.data.length, at + 12);
    // Each table starts on a four-byte boundary.
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}
