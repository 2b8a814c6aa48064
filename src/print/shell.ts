// The HTML shell around print content: the print stylesheet for the kind of sheet, the
// font, the running title. Its markup is layouts/print/shell.njk; the site's sheets extend it,
// and tests fill it by hand with printDocument.

import { fontFaceCss } from "./fonts.ts";
import { printLayouts, safe, type Safe } from "./templates.ts";

export { cssString } from "./escape.ts";

export type PrintKind = "reading" | "minizine" | "card" | "poster";

/** The stylesheet for one kind of sheet, from layouts/print/<kind>.css. */
export function printCss(kind: PrintKind): string {
  return printLayouts().stylesheet(kind);
}

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

/** What shell.njk, and every sheet template extending it, is given. */
export interface ShellView {
  kind: PrintKind;
  title: string;
  lang: string;
  /** @font-face rules for the one typeface */
  fontCss: Safe;
  /** in the top margin of reading copies, or false for none */
  runningTitle: string | false;
}

export function shellView(options: Omit<PrintDocumentOptions, "body" | "css">): ShellView {
  return {
    kind: options.kind,
    title: options.title,
    lang: options.lang,
    fontCss: safe(fontFaceCss(options.fontBaseUrl)),
    runningTitle: options.runningTitle ?? options.title,
  };
}

/** A complete print page. Everything it needs is inline or local: no link leaves the machine. */
export function printDocument(options: PrintDocumentOptions): string {
  return printLayouts().render("shell", {
    ...shellView(options),
    css: safe(options.css ?? ""),
    body: safe(options.body),
  });
}
