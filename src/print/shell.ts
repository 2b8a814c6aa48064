// The HTML shell around print content: the print stylesheet for the kind of sheet, the
// font, the running title. The site fills it with rendered Markdown; tests fill it by hand.

import { readFileSync } from "node:fs";
import { fontFaceCss } from "./fonts.ts";

export type PrintKind = "reading" | "minizine" | "card" | "poster";

const LAYOUTS = new URL("../../layouts/print/", import.meta.url);
const loaded = new Map<PrintKind, string>();

/** The stylesheet for one kind of sheet, from layouts/print/<kind>.css. */
export function printCss(kind: PrintKind): string {
  let css = loaded.get(kind);
  if (css === undefined) {
    css = readFileSync(new URL(`${kind}.css`, LAYOUTS), "utf8");
    loaded.set(kind, css);
  }
  return css;
}

export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** A CSS string literal; control characters dropped so a title can't break out of it. */
export const cssString = (text: string): string =>
  `"${text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/</g, "\\3c ")}"`;

export interface PrintDocumentOptions {
  kind: PrintKind;
  title: string;
  /** BCP 47, e.g. "en"; sets hyphenation and the PDF's language */
  lang: string;
  /** the content, already rendered to HTML */
  body: string;
  /** where the Atkinson Hyperlegible woff2 files are, relative to the page or a file: URL */
  fontBaseUrl: string;
  /** text in the top margin of reading copies; defaults to the title, false for none */
  runningTitle?: string | false;
  /** more CSS, after the stylesheet */
  css?: string;
}

/** A complete print page. Everything it needs is inline or local: no link leaves the machine. */
export function printDocument(options: PrintDocumentOptions): string {
  const running = options.runningTitle ?? options.title;
  const runningCss =
    options.kind === "reading" && running !== false
      ? `@page { @top-center { content: ${cssString(running)}; } }`
      : "";
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(options.lang)}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(options.title)}</title>`,
    "<style>",
    fontFaceCss(options.fontBaseUrl),
    printCss(options.kind),
    runningCss,
    options.css ?? "",
    "</style>",
    "</head>",
    `<body class="print-${options.kind}">`,
    options.body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
