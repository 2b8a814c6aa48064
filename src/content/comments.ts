// HTML comments in a Markdown body are notes to the circle (who planned what, where): every
// Markdown editor's preview hides them, so no page, sheet or search index may show them. mimeo
// renders Markdown with raw HTML off, where a comment would be printed as text; this finds the
// comments with markdown-it's own HTML reading (so one inside a code block stays, as code) and
// blanks their lines, keeping every other line where it was. A comment inside a paragraph
// cannot be blanked without joining the words around it, so it is a problem to fix. Pure.
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { lineOfToken, trackStarts } from "./positions.ts";
import { problem, type ContentProblem } from "./problem.ts";

const withHtml = trackStarts(new MarkdownIt({ html: true }));
/** A block of nothing but comments, each closed. */
const ONLY_COMMENTS = /^(?:\s*<!--[\s\S]*?-->)+\s*$/;

export interface HiddenComments {
  body: string;
  problems: ContentProblem[];
}

/** The body with its comments' lines blank, and a problem for each comment it cannot hide. */
export function hideComments(file: string, body: string, bodyStartLine: number): HiddenComments {
  if (!body.includes("<!--")) return { body, problems: [] };
  const lines = body.split("\n");
  const problems: ContentProblem[] = [];
  let blockStart = 0;
  for (const token of withHtml.parse(body, {})) {
    if (token.map) blockStart = token.map[0];
    if (token.type === "html_block" && token.map && token.content.trimStart().startsWith("<!--")) {
      const [from, to] = token.map;
      if (ONLY_COMMENTS.test(token.content)) {
        for (let i = from; i < to; i++) lines[i] = "";
      } else {
        problems.push(
          problem(
            file,
            from + bodyStartLine,
            "this HTML comment is not closed, or has text after its `-->`: the page would show it. End it with `-->` and put the text on the next line.",
          ),
        );
      }
    }
    if (token.type === "inline" && token.children) {
      problems.push(...inlineComments(file, token, blockStart + bodyStartLine));
    }
  }
  return { body: lines.join("\n"), problems };
}

/** A problem for each comment inside a paragraph, at its line. */
function inlineComments(file: string, block: Token, firstLine: number): ContentProblem[] {
  const found: ContentProblem[] = [];
  for (const child of block.children ?? []) {
    if (child.type === "html_inline" && child.content.startsWith("<!--")) {
      found.push(
        problem(
          file,
          lineOfToken(child, block.content, firstLine) ?? firstLine,
          "this HTML comment is inside a paragraph, where the page would show it as text: put it on lines of its own, with a blank line before it.",
        ),
      );
    }
  }
  return found;
}
