// Renders a content body to HTML for one page of one audience: links between content files
// become relative .html links (or plain text when the target is not in this audience), images
// point at their re-encoded copies, and raw HTML is off so nothing can load from another host.
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { resolveReference } from "../content/load.ts";
import { relativeUrl } from "./urls.ts";

export interface RenderTarget {
  /** The content file the Markdown comes from, for resolving its relative links. */
  file: string;
  /** The root-absolute URL of the page it is rendered into. */
  pageUrl: string;
  /** The site URL of a content file in this audience, or undefined if it is not published. */
  urlOf: (contentFile: string) => string | undefined;
  /** The site URL of a content image (for example `media/bay.jpg` → `/media/bay.jpg`). */
  mediaUrl: (contentPath: string) => string | undefined;
}

export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
  md.core.ruler.push("mimeo_links", (state) => {
    const target = state.env as RenderTarget | undefined;
    if (!target?.pageUrl) return;
    for (const block of state.tokens) {
      if (block.type === "inline" && block.children) {
        block.children = rewriteInline(block.children, target);
      }
    }
  });
  // Wide tables scroll inside their own box instead of widening the page on a phone.
  md.renderer.rules.table_open = () => '<div class="scroll"><table>\n';
  md.renderer.rules.table_close = () => "</table></div>\n";
  return md;
}

function rewriteInline(tokens: Token[], target: RenderTarget): Token[] {
  const out: Token[] = [];
  // Stack of booleans: whether each open link was dropped, so its close is dropped too.
  const dropped: boolean[] = [];
  for (const token of tokens) {
    if (token.type === "link_open") {
      const href = token.attrGet("href") ?? "";
      const resolved = resolveReference(target.file, href);
      if (typeof resolved === "string" && resolved.endsWith(".md")) {
        const url = target.urlOf(resolved);
        const hash = href.includes("#") && !url?.includes("#") ? `#${href.split("#")[1]}` : "";
        if (url === undefined) {
          dropped.push(true);
          continue;
        }
        token.attrSet("href", relativeUrl(target.pageUrl, url + hash));
      } else if (resolved === null) {
        dropped.push(true);
        continue;
      }
      dropped.push(false);
      out.push(token);
    } else if (token.type === "link_close") {
      if (!dropped.pop()) out.push(token);
    } else if (token.type === "image") {
      const resolved = resolveReference(target.file, token.attrGet("src") ?? "");
      const url = typeof resolved === "string" ? target.mediaUrl(resolved) : undefined;
      if (url === undefined) continue;
      token.attrSet("src", relativeUrl(target.pageUrl, url));
      token.attrSet("loading", "lazy");
      out.push(token);
    } else {
      out.push(token);
    }
  }
  return out;
}
