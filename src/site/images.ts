// Re-encodes every published image so that no EXIF, GPS, XMP, IPTC or text chunk survives:
// decoded to bare pixels and encoded afresh, so no metadata can ride along. An image that
// cannot be decoded becomes a problem naming the files that show it, never a crash.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Sharp } from "sharp";
import type { MediaUse } from "../content/model.ts";
import { problem, type ContentProblem } from "../content/problem.ts";

/** Widest image mimeo publishes: enough for a page or a half-sheet, small on a USB stick. */
const MAX_WIDTH = 1600;

/**
 * The most pixels mimeo decodes, 200 megapixels as docs/content-format.md says: a 200-megapixel
 * phone photo is 16,320 × 12,240. Anything larger is a mistake or a decompression bomb (a small
 * file whose header claims a vast image).
 */
export const MAX_INPUT_PIXELS = 200_000_000;

const OPTIONS = { failOn: "error", limitInputPixels: MAX_INPUT_PIXELS } as const;

/**
 * sharp, loaded when an image is first decoded: its native code takes about 40 ms to load, which
 * a command or a rebuild that decodes no image does not spend.
 */
export async function loadSharp(): Promise<typeof import("sharp")> {
  return (await import("sharp")).default;
}

/** An image sharp could not read, with what to do about it in plain words. */
export class ImageError extends Error {
  constructor(
    /** The image's path in the content folder: `media/bay.jpg`. */
    readonly image: string,
    message: string,
  ) {
    super(message);
    this.name = "ImageError";
  }
}

/** sharp's (libvips') reason, said as what the person should do. */
async function plainReason(error: unknown, input: string): Promise<string> {
  const text = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(text)) {
    const sharp = await loadSharp();
    // The header says how large the image claims to be, without decoding it; rounded up, so
    // an image just over the limit never reads as exactly at it.
    const { width, height } = await sharp(input)
      .metadata()
      .catch(() => ({ width: undefined, height: undefined }));
    const size =
      width && height
        ? `${width.toLocaleString("en")} × ${height.toLocaleString("en")} pixels, ${Math.ceil((width * height) / 1e5) / 10} megapixels`
        : "";
    return `it is larger than the ${MAX_INPUT_PIXELS / 1e6} megapixels mimeo reads${size ? ` (${size})` : ""}: save a smaller copy; ${MAX_WIDTH} pixels wide is plenty.`;
  }
  if (/unsupported image format|missing/i.test(text)) {
    return "it is empty or not a JPEG, PNG, WebP or GIF image: save the picture again from the original.";
  }
  if (/premature end|truncat|corrupt|invalid|bad|error/i.test(text)) {
    return "it is cut short or damaged: copy it again from the original.";
  }
  return `mimeo cannot read it (${text.split("\n")[0]}): save it again as JPEG or PNG.`;
}

/** The image set to be written in the format its file's extension names, as every copy is. */
function encodedAs(image: Sharp, extension: string): Sharp {
  switch (extension.toLowerCase()) {
    case ".png":
      return image.png({ compressionLevel: 9 });
    case ".webp":
      return image.webp({ quality: 82 });
    case ".gif":
      return image.gif();
    default:
      return image.jpeg({ quality: 82, mozjpeg: true });
  }
}

export async function reencodeImage(input: string, output: string, image = ""): Promise<void> {
  await mkdir(path.dirname(output), { recursive: true });
  const sharp = await loadSharp();
  try {
    // rotate() with no argument applies the EXIF orientation before the EXIF is dropped.
    const { data, info } = await sharp(input, OPTIONS)
      .rotate()
      .resize({ width: MAX_WIDTH, withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // Encoded from the bare pixels: libvips writes a PNG's text chunks (tEXt, zTXt, iTXt: an
    // author, a comment, a place) back into a re-encoded PNG, and pixels carry none.
    const encoded = sharp(data, {
      raw: { width: info.width, height: info.height, channels: info.channels },
    });
    await encodedAs(encoded, path.extname(output)).toFile(output);
  } catch (error) {
    throw new ImageError(image || input, await plainReason(error, input));
  }
}

/**
 * Decodes each image once, small (JPEG shrinks while it loads, but still reads every byte), so
 * an empty, cut-short, oversized or mislabelled file is found by `mimeo check`, not by a build.
 */
export async function imageProblems(
  content: string,
  media: readonly MediaUse[],
  /**
   * An image known to decode (its bytes did in the last build), not decoded again; and each
   * image that decodes, known or decoded now.
   */
  known?: { decodes: (image: string) => boolean; decoded: (image: string) => void },
): Promise<ContentProblem[]> {
  const decoding = media.filter((use) => {
    if (!known?.decodes(use.path)) return true;
    known.decoded(use.path);
    return false;
  });
  if (decoding.length === 0) return [];
  const sharp = await loadSharp();
  const problems: ContentProblem[] = [];
  const seen = new Map<string, string | undefined>();
  for (const use of decoding) {
    if (!seen.has(use.path)) {
      const file = path.join(content, use.path);
      const reason = await sharp(file, OPTIONS)
        .resize({ width: 64, withoutEnlargement: true })
        .raw()
        .toBuffer()
        .then(
          () => undefined,
          (error: unknown) => plainReason(error, file),
        );
      seen.set(use.path, reason);
      if (reason === undefined) known?.decoded(use.path);
    }
    const reason = seen.get(use.path);
    if (reason) problems.push(imageProblem(use, reason));
  }
  return problems;
}

/** The problem for one use of an image that cannot be read. */
export function imageProblem(use: MediaUse, reason: string): ContentProblem {
  return problem(use.file, use.line, `the image ${use.path} cannot be used: ${reason}`, {
    found: use.path,
  });
}

/** Every use of an image that failed while the build encoded it, as problems. */
export function imageErrorProblems(
  error: ImageError,
  media: readonly MediaUse[],
): ContentProblem[] {
  const uses = media.filter((m) => m.path === error.image);
  return uses.length > 0
    ? uses.map((use) => imageProblem(use, error.message))
    : [problem(error.image, 0, `this image cannot be used: ${error.message}`)];
}

/**
 * How much toner a printed image may take: `normal` keeps photos readable on any copier,
 * `lite` (mimeo build --ink lite) is lighter still, for long runs and tired cartridges.
 */
export type Ink = "normal" | "lite";

/** Darkest ink (0 white … 1 black) and how much the midtones lighten, per ink setting. */
const TONE: Record<Ink, { darkest: number; gamma: number }> = {
  normal: { darkest: 0.8, gamma: 1.3 },
  lite: { darkest: 0.55, gamma: 1.6 },
};

/**
 * The print tone curve as a lookup table from grey level to grey level (0 black … 255
 * white): ink k becomes darkest · k^gamma, so black prints as dark grey and midtones lighten
 * most, which keeps a photocopy from filling in. Pure.
 */
export function toneCurve(ink: Ink): Uint8Array {
  const { darkest, gamma } = TONE[ink];
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const k = 1 - v / 255;
    table[v] = Math.round(255 * (1 - darkest * k ** gamma));
  }
  return table;
}

/**
 * The copy of a published image that printed sheets show: greyscale, on white where it was
 * transparent, through the tone curve for `ink`, encoded as `format` (its file's extension).
 * `input` is the already cleaned copy.
 */
export async function printImage(input: Uint8Array, format: string, ink: Ink): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(input, { failOn: "error" })
    .flatten({ background: "#ffffff" })
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const curve = toneCurve(ink);
  for (let i = 0; i < data.length; i++) data[i] = curve[data[i] ?? 255] ?? 255;
  const grey = sharp(data, {
    raw: { width: info.width, height: info.height, channels: info.channels },
  }).toColourspace("b-w");
  return encodedAs(grey, format).toBuffer();
}
