// The one typeface mimeo prints with, Atkinson Hyperlegible (made for low-vision readers),
// served from the local @fontsource files so no page ever fetches a font from another host.

import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const FONT_FAMILY = "Atkinson Hyperlegible";

const LATIN =
  "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329," +
  "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD";
const LATIN_EXT =
  "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329," +
  "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F," +
  "U+A720-A7FF";

export interface FontFile {
  file: string;
  weight: 400 | 700;
  style: "normal" | "italic";
  unicodeRange: string;
}

/** The woff2 files, by the names @fontsource gives them. */
export const FONT_FILES: readonly FontFile[] = (["latin-ext", "latin"] as const).flatMap((subset) =>
  ([400, 700] as const).flatMap((weight) =>
    (["normal", "italic"] as const).map((style) => ({
      file: `atkinson-hyperlegible-${subset}-${weight}-${style}.woff2`,
      weight,
      style,
      unicodeRange: subset === "latin" ? LATIN : LATIN_EXT,
    })),
  ),
);

/** The folder that holds the woff2 files inside node_modules. */
export function fontDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@fontsource/atkinson-hyperlegible")), "files");
}

/** fontDir() as a file: URL ending in "/", ready for fontFaceCss. */
export const fontDirUrl = (): string => `${pathToFileURL(fontDir()).href}/`;

/**
 * @font-face rules for Atkinson Hyperlegible with every file under `baseUrl`: a relative
 * URL ("fonts/", "../fonts/") for fonts copied beside the pages, or fontDirUrl() to print
 * straight from node_modules.
 */
export function fontFaceCss(baseUrl: string): string {
  const base = baseUrl === "" || baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return FONT_FILES.map(
    (f) =>
      `@font-face {\n` +
      `  font-family: "${FONT_FAMILY}";\n` +
      `  font-style: ${f.style};\n` +
      `  font-weight: ${f.weight};\n` +
      // block, not swap: a PDF is printed once, so wait for the real font rather than
      // freezing the fallback into the file.
      `  font-display: block;\n` +
      `  src: url("${base}${f.file}") format("woff2");\n` +
      `  unicode-range: ${f.unicodeRange};\n` +
      `}`,
  ).join("\n");
}
