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
