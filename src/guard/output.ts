// Scans every file of a built output for leaks before it is swapped in: page text and
// attributes, CSS, scripts and search indexes, file and folder names, PDF text and metadata,
// and image metadata. This is the guard's one room with I/O: it reads the output folder.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { Finding, Part, WaivedFinding, Waiver } from "./types.ts";
import { createGuard, scanHtml, type Guard } from "./scan.ts";
import { createLocator, type SourceLine, type SourceText } from "./locate.ts";
import type { GuardContext, Where } from "./types.ts";
import { decodeScriptEscapes, readIcs } from "./escapes.ts";
import { piecesOf } from "./pieces.ts";
import { foldersHoldingFiles, SUMS_FILE } from "../bundle/files.ts";
import { loadSharp } from "../site/images.ts";

export interface LocatedFinding extends Finding {
  /** Content files and lines the matched text comes from (empty when it is not in the content). */
  sources: SourceLine[];
}

export interface OutputScan {
  findings: LocatedFinding[];
  waived: WaivedFinding[];
  files: number;
  /** Files in whose name and bytes the detectors found nothing, by output path. */
  clean: Set<string>;
  /** The keys (pieceKey) of the pieces of long files in which the detectors found nothing. */
  cleanPieces: Set<string>;
  /** How many pieces of long files were read, and how many were skipped as passed before. */
  pieces: { read: number; skipped: number };
  /** How many names (paths of files not passed before, empty folders) were read. */
  names: number;
}

/**
 * What a rebuild already knows: a file's hash without reading it, and whether the same bytes at
 * the same place passed the same detectors before. A file that passed is not read again.
 */
export interface KnownVerdicts {
  hashOf?: (output: string) => string | undefined;
  passed?: (output: string, hash: string) => boolean;
  /** Whether a piece (by pieceKey) passed the same detectors before. */
  piecePassed?: (key: string) => boolean;
}

/** A piece's key: its part and its bytes, so the same text read another way is read again. */
export function pieceKey(part: Part, text: string): string {
  return createHash("sha256").update(part).update("\0").update(text).digest("hex").slice(0, 32);
}

/** What the pieces of long files met in one scan. */
interface PieceTally {
  passed: (key: string) => boolean;
  clean: Set<string>;
  read: number;
  skipped: number;
}

/** Text pulled out of a binary file (a PDF) for scanning, by the print room. */
export type BinaryReader = (
  file: string,
  bytes: Uint8Array,
) => Promise<{ part: Part; text: string; label?: string }[]>;

const IMAGE = /\.(jpe?g|png|webp|gif|avif|tiff?)$/i;
const TEXT_PARTS: Record<string, Part> = {
  ".css": "css",
  ".js": "script",
  ".mjs": "script",
  ".json": "json",
  ".xml": "feed",
  ".atom": "feed",
  ".ics": "text",
  ".txt": "text",
  ".csv": "text",
  ".svg": "text",
};
/** Files mimeo copies unchanged from npm packages (fonts): nothing of a circle's is inside. */
const SKIP = /\.(woff2?|ttf|otf)$/i;

export async function scanOutput(
  dir: string,
  context: GuardContext,
  /** The content's text, to trace findings back to (read only when there is a finding). */
  contentText: readonly SourceText[] | (() => Promise<readonly SourceText[]>),
  readers: Record<string, BinaryReader> = {},
  /** Content files the output was made from (public documents): the likeliest sources. */
  published: ReadonlySet<string> = new Set(),
  known?: KnownVerdicts,
): Promise<OutputScan> {
  const guard = createGuard({ ...context, waivers: [] });
  const raw: Finding[] = [];
  const clean = new Set<string>();
  const tally: PieceTally = {
    passed: known?.piecePassed ?? (() => false),
    clean: new Set(),
    read: 0,
    skipped: 0,
  };
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { entry, full, output: path.relative(dir, full).split(path.sep).join("/") };
    })
    .sort((a, b) => (a.full < b.full ? -1 : 1));
  /**
   * Folders with a file somewhere below: each file's name is read as its whole path, so theirs
   * is read with it (or was, when that file passed before), and only an empty folder's name is
   * read on its own. A rebuild that changed no public file then reads no name at all, and does
   * not compile the detectors' patterns (about 0.1 s) for nothing.
   */
  const holdingFiles = foldersHoldingFiles(
    entries.flatMap(({ entry, output }) => (entry.isFile() ? [output] : [])),
  );
  let files = 0;
  let names = 0;
  for (const { entry, full, output } of entries) {
    const isFile = entry.isFile();
    if (entry.isDirectory() && holdingFiles.has(output)) continue;
    if (isFile) {
      files++;
      // A file that passed was clean in name and bytes: the same bytes at the same path need
      // no scan (a public site is 1,300 file names at 4,000 reports, each through every
      // detector).
      const hash = known?.hashOf?.(output);
      if (hash !== undefined && known?.passed?.(output, hash)) {
        clean.add(output);
        continue;
      }
    }
    names += 1;
    const found = guard.scan(output, { output, part: "filename" }).findings;
    if (isFile) {
      found.push(...(await scanFile(guard, full, output, readers, tally)));
      if (found.length === 0) clean.add(output);
    }
    raw.push(...found);
  }
  const pieces = {
    cleanPieces: tally.clean,
    pieces: { read: tally.read, skipped: tally.skipped },
    names,
  };
  if (raw.length === 0) return { findings: [], waived: [], files, clean, ...pieces };
  const sources = typeof contentText === "function" ? await contentText() : contentText;
  const locate = createLocator(sources);
  // A waiver applies to text from its own file only: a finding is waived when every content
  // file it can be traced to carries a waiver for it. Text found nowhere in the content (an
  // email in a PDF's metadata, say) cannot be waived.
  const findings: LocatedFinding[] = [];
  const waived: WaivedFinding[] = [];
  const byFile = new Map<string, Waiver[]>();
  for (const w of context.waivers) byFile.set(w.file, [...(byFile.get(w.file) ?? []), w]);
  const lower = sources.map((s) => ({ file: s.file, lines: s.text.toLowerCase().split("\n") }));
  const verbatim = (match: string): SourceLine[] => {
    // Addresses and numbers are not words: look for them as written, line by line.
    const needle = match.toLowerCase().trim();
    return lower.flatMap((s) =>
      s.lines.flatMap((text, i) => (text.includes(needle) ? [{ file: s.file, line: i + 1 }] : [])),
    );
  };
  // The same name turns up on many pages: trace each matched text to the content once.
  const traced = new Map<string, SourceLine[]>();
  const sourcesOf = (match: string): SourceLine[] => {
    let found = traced.get(match);
    if (found === undefined) {
      const written = verbatim(match);
      const located = locate(match);
      // Where the text is written as it was found comes first: "14 October 2026" on a page
      // comes from the line that spells it, not from the `date:` line that means the same day.
      const key = (s: SourceLine): string => `${s.file}:${s.line}`;
      const exact = new Set(written.map(key));
      found =
        located.length === 0
          ? written
          : [
              ...located.filter((s) => exact.has(key(s))),
              ...located.filter((s) => !exact.has(key(s))),
            ];
      traced.set(match, found);
    }
    return found;
  };
  for (const finding of raw) {
    const located = rankSources(sourcesOf(finding.match), finding.where.output, published);
    const files = [...new Set(located.map((s) => s.file))];
    const waivers = files.map((f) => waiverFor(guard, finding, byFile.get(f) ?? []));
    const first = waivers[0];
    if (files.length > 0 && first && waivers.every((w) => w !== undefined)) {
      waived.push({
        finding,
        reason: first.reason,
        file: first.file,
        ...(first.line ? { line: first.line } : {}),
      });
    } else {
      findings.push({ ...finding, sources: located });
    }
  }
  return { findings, waived, files, clean, ...pieces };
}

/**
 * The likeliest source first: the content file the output page was made from, then the other
 * published documents, then other documents, then the roster and the ledger (which name
 * everyone, but are never published).
 */
function rankSources(
  sources: SourceLine[],
  output: string,
  published: ReadonlySet<string>,
): SourceLine[] {
  const stem = output.replace(/^print\//, "").replace(/(\.[a-z]+)+$/, "");
  const rank = (file: string): number =>
    file.replace(/\.md$/, "") === stem
      ? 0
      : published.has(file)
        ? 1
        : file === "rotation.md" || file.startsWith("ledger/")
          ? 3
          : 2;
  return [...sources].sort((a, b) => rank(a.file) - rank(b.file));
}

/** The waiver among `waivers` that covers this finding, re-scanning its text with them. */
function waiverFor(guard: Guard, finding: Finding, waivers: readonly Waiver[]): Waiver | undefined {
  if (waivers.length === 0) return undefined;
  const { waived } = guard.scan(finding.context ?? finding.match, finding.where, waivers);
  const again = guard.scan(finding.match, finding.where, waivers).waived[0] ?? waived[0];
  if (!again) return undefined;
  return waivers.find((w) => w.file === again.file && w.reason === again.reason);
}

async function scanFile(
  guard: Guard,
  full: string,
  output: string,
  readers: Record<string, BinaryReader>,
  tally: PieceTally,
): Promise<Finding[]> {
  const ext = path.extname(full).toLowerCase();
  if (SKIP.test(full)) return [];
  if (ext === ".html" || ext === ".htm") {
    return scanHtml(await readFile(full, "utf8"), output, guard).findings;
  }
  if (IMAGE.test(full)) return scanImage(guard, full, output);
  const reader = readers[ext];
  if (reader) {
    const parts = await reader(output, new Uint8Array(await readFile(full)));
    return parts.flatMap(
      (p) =>
        guard.scan(p.text, { output, part: p.part, ...(p.label ? { label: p.label } : {}) })
          .findings,
    );
  }
  const part = TEXT_PARTS[ext] ?? "text";
  const text = await readFile(full, "utf8");
  const where: Where = { output, part };
  if (part === "script" || part === "json" || path.basename(full) === SUMS_FILE) {
    return scanPieces(guard, text, where, tally);
  }
  if (ext === ".ics") {
    const read = readIcs(text);
    if (read !== text) where.label = "folded lines joined, escapes decoded";
    return guard.scan(read, where).findings;
  }
  return guard.scan(text, where).findings;
}

/**
 * A file where no text spans a line end (JSON, scripts made of JSON, SHA256SUMS), read in pieces
 * of whole lines (pieces.ts): a piece that passed the same detectors before is not read again.
 * Escapes are decoded in each piece (none spans a line end either); each finding gets its line.
 */
function scanPieces(guard: Guard, text: string, where: Where, tally: PieceTally): Finding[] {
  const decode = where.part === "script" || where.part === "json";
  const found: Finding[] = [];
  for (const piece of piecesOf(text)) {
    const key = pieceKey(where.part, piece.text);
    if (tally.passed(key)) {
      tally.skipped += 1;
      tally.clean.add(key);
      continue;
    }
    tally.read += 1;
    const mapped = decode ? decodeScriptEscapes(piece.text) : undefined;
    const at: Where =
      mapped && mapped.text !== piece.text ? { ...where, label: "escapes decoded" } : where;
    const findings = guard.scan(mapped?.text ?? piece.text, at).findings;
    if (findings.length === 0) tally.clean.add(key);
    for (const finding of findings) {
      const offset = finding.offset ?? 0;
      const raw = mapped ? (mapped.starts[offset] ?? offset) : offset;
      const line = piece.line + countLines(piece.text, raw);
      found.push({ ...finding, offset: piece.start + raw, line });
    }
  }
  return found;
}

/** Line ends in `text` before `end`. */
function countLines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0 && at < end; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/**
 * Every published image was re-encoded without metadata; one that still carries EXIF, XMP,
 * IPTC or text chunks is itself a finding, and any text in it is scanned too.
 */
async function scanImage(guard: Guard, full: string, output: string): Promise<Finding[]> {
  const sharp = await loadSharp();
  const meta = await sharp(full).metadata();
  const blocks = { exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc };
  const found: Finding[] = [];
  for (const [name, block] of Object.entries(blocks)) {
    if (!block) continue;
    const text = block.toString("latin1").replace(/[^\x20-\x7e]+/g, " ");
    found.push(...guard.scan(text, { output, part: "image-metadata", label: name }).findings);
    found.push({
      detector: "image-metadata",
      kind: "image-metadata",
      match: name.toUpperCase(),
      masked: name.toUpperCase(),
      where: { output, part: "image-metadata", label: name },
    });
  }
  for (const comment of meta.comments ?? []) {
    found.push(
      ...guard.scan(comment.text, { output, part: "image-metadata", label: comment.keyword })
        .findings,
    );
  }
  return found;
}
