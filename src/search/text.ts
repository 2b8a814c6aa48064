// Plain text for the search index: Markdown bodies without their markup, and short summaries.
// Walks markdown-it's tokens instead of stripping rendered HTML, so no entity or tag survives.
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

// html: false so raw HTML in a body stays literal text and never becomes markup in the index.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Block tokens after which a line ends, so words of two paragraphs never run together. */
const BLOCK_END = /_close$/;

/** What `[ \t]+` matches, less a lone space (which would be replaced by itself). */
const BLANKS = /[ \t]{2,}|\t/g;

/**
 * `text.replace(/[ \t]+/g, " ")`: each run of spaces and tabs as one space. Only a tab or two
 * blanks in a row need replacing; not rewriting every space of a long body keeps this cheap.
 */
export function collapseBlanks(text: string): string {
  return text.replace(BLANKS, " ");
}

export function markdownToPlainText(markdown: string): string {
  return plainTextOf(md.parse(markdown, {}));
}

/** The same, from tokens already parsed by a markdown-it with the default options. */
export function plainTextOf(tokens: Token[]): string {
  const lines: string[] = [];
  let line = "";
  const endLine = (): void => {
    const trimmed = collapseBlanks(line).trim();
    if (trimmed !== "") lines.push(trimmed);
    line = "";
  };
  for (const token of tokens) {
    if (token.type === "inline") {
      line += inlineText(token.children ?? []);
    } else if (token.type === "code_block" || token.type === "fence") {
      endLine();
      for (const codeLine of token.content.split("\n")) {
        line = codeLine;
        endLine();
      }
    } else if (BLOCK_END.test(token.type) && token.block) {
      // Table cells close inline on one row; keep them apart with a space, not a new line.
      if (token.type === "th_close" || token.type === "td_close") line += " ";
      else endLine();
    }
  }
  endLine();
  return lines.join("\n");
}

function inlineText(tokens: Token[]): string {
  let text = "";
  for (const token of tokens) {
    switch (token.type) {
      case "text":
      case "code_inline":
        text += token.content;
        break;
      case "softbreak":
      case "hardbreak":
        text += " ";
        break;
      case "image":
        // An image's alt text is what a reader without the picture gets, so it is searchable.
        text += inlineText(token.children ?? []);
        break;
      default:
        break;
    }
  }
  return text;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** What `\s+` matches, less a lone space (which would be replaced by itself). */
const WHITESPACE = /\s{2,}|[^\S ]/g;

/** `text.replace(/\s+/g, " ")`, cheaply, as collapseBlanks: most spaces stay as they are. */
export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE, " ");
}

/** About `length` characters of `text` on one line, cut at a word and marked with "…". */
export function summarise(text: string, length = 160): string {
  // Only the start of a long text can show: flatten four times the length, not the whole body,
  // unless that start is mostly spaces. Over twice `length` code units is over `length` code
  // points, so the cut below never reaches a character split by the slice.
  const start = text.slice(0, length * 4);
  const flatStart = collapseWhitespace(start).trim();
  const flat =
    start.length === text.length || flatStart.length <= length * 2 + 2
      ? collapseWhitespace(text).trim()
      : flatStart;
  if (flat.length <= length) return flat;
  // Cut on code points, so an emoji or other astral character is never split in half. Twice
  // `length` code units hold at least `length` code points; without a surrogate among them,
  // code units are code points.
  const units = flat.slice(0, length * 2);
  const head = SURROGATE.test(units)
    ? Array.from(units).slice(0, length).join("")
    : units.slice(0, length);
  const space = head.lastIndexOf(" ");
  const cut = space > length / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, "")}…`;
}
