// A long file of lines cut into pieces of whole lines, where the cuts depend only on the lines
// themselves (content-defined, as rsync and restic cut files): an edit changes the piece it is
// in, and every other piece keeps its bytes, so a rebuild's guard skips the pieces it passed
// before. Only for files where no text the circle wrote spans a line end: JSON and scripts
// made of JSON (a JSON string never holds one), and SHA256SUMS (one file name a line).

export interface Piece {
  /** Offset of the piece's first character in the whole text. */
  start: number;
  /** Line number (from 1) of the piece's first line. */
  line: number;
  text: string;
}

/** A piece ends after a line whose hash is 0 modulo this: about that many lines a piece. */
const LINES_PER_PIECE = 32;
/** A piece never grows past this many characters, even on a line that ends none. */
const LONGEST = 64 * 1024;

/** FNV-1a over UTF-16 code units: cheap, and the same on every machine. */
function lineHash(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Cuts `text` into pieces of whole lines; joined again they are `text`. */
export function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let line = 1;
  let lines = 0;
  let at = 0;
  while (at < text.length) {
    const newline = text.indexOf("\n", at);
    const end = newline < 0 ? text.length : newline + 1;
    lines += 1;
    const cut =
      end === text.length ||
      lineHash(text, at, end) % LINES_PER_PIECE === 0 ||
      end - start >= LONGEST;
    if (cut) {
      pieces.push({ start, line, text: text.slice(start, end) });
      start = end;
      line += lines;
      lines = 0;
    }
    at = end;
  }
  return pieces;
}
