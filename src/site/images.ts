// Re-encodes every published image so that no EXIF, GPS, XMP, IPTC or text chunk survives:
// sharp writes a fresh file and copies no metadata unless asked to (we never ask).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

/** Widest image mimeo publishes: enough for a page or a half-sheet, small on a USB stick. */
const MAX_WIDTH = 1600;

export async function reencodeImage(input: string, output: string): Promise<void> {
  await mkdir(path.dirname(output), { recursive: true });
  // rotate() with no argument applies the EXIF orientation before the EXIF is dropped.
  const image = sharp(input, { failOn: "error" })
    .rotate()
    .resize({ width: MAX_WIDTH, withoutEnlargement: true });
  const ext = path.extname(output).toLowerCase();
  if (ext === ".png") await image.png({ compressionLevel: 9 }).toFile(output);
  else if (ext === ".webp") await image.webp({ quality: 82 }).toFile(output);
  else if (ext === ".gif") await image.gif().toFile(output);
  else await image.jpeg({ quality: 82, mozjpeg: true }).toFile(output);
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
 * transparent, through the tone curve for `ink`. `input` is the already cleaned copy.
 */
export async function printImage(input: string, output: string, ink: Ink): Promise<void> {
  await mkdir(path.dirname(output), { recursive: true });
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
  const ext = path.extname(output).toLowerCase();
  if (ext === ".png") await grey.png({ compressionLevel: 9 }).toFile(output);
  else if (ext === ".webp") await grey.webp({ quality: 82 }).toFile(output);
  else if (ext === ".gif") await grey.gif().toFile(output);
  else await grey.jpeg({ quality: 82, mozjpeg: true }).toFile(output);
}
