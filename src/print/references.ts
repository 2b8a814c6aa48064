// The local files a print page pulls in (stylesheets, fonts, images), so the render cache
// can tell when one of them changed. Finding them is pure; hashing them reads the disk.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../bundle/files.ts";

const decodeEntities = (value: string): string =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const unquote = (value: string): string => {
  const v = value.trim();
  return (v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))
    ? v.slice(1, -1)
    : v;
};

/** url(…) and @import "…" in a stylesheet (or a style attribute, or a <style> block). */
export function cssReferences(css: string): string[] {
  const found: string[] = [];
  for (const m of css.matchAll(/url\(\s*("[^"]*"|'[^']*'|[^)\s]*)\s*\)/gi)) {
    found.push(unquote(m[1] ?? ""));
  }
  for (const m of css.matchAll(/@import\s+("[^"]*"|'[^']*')/gi)) found.push(unquote(m[1] ?? ""));
  return found.filter((u) => u !== "");
}

const ATTRIBUTE = (name: string): RegExp =>
  new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*'|[^\\s>]+)`, "i");

/**
 * References in an HTML page that change how it prints. Links between pages (<a href>)
 * are left out on purpose: they don't shape the PDF, and hashing them would re-render a page
 * whenever any page it links to changes.
 */
export function htmlReferences(html: string): string[] {
  const found: string[] = [...cssReferences(html)];
  for (const m of html.matchAll(/<([a-z][\w:-]*)\b[^>]*>/gi)) {
    const tag = m[0];
    const name = (m[1] ?? "").toLowerCase();
    const take = (attr: string): string | undefined => {
      const v = ATTRIBUTE(attr).exec(tag)?.[1];
      return v === undefined ? undefined : decodeEntities(unquote(v));
    };
    for (const attr of ["src", "poster", "data"]) {
      const v = take(attr);
      if (v) found.push(v);
    }
    const srcset = take("srcset");
    if (srcset) {
      for (const candidate of srcset.split(",")) {
        const url = candidate.trim().split(/\s+/)[0];
        if (url) found.push(url);
      }
    }
    if (name === "link" || name === "image" || name === "use") {
      const v = take("href") ?? take("xlink:href");
      if (v) found.push(v);
    }
  }
  return found;
}

export interface FileDigest {
  /** relative to the page's folder, with `/`: keys stay the same wherever the checkout lives */
  file: string;
  /** sha-256 of the bytes, or "missing" */
  sha256: string;
}

/**
 * Hash every local file the page at `pageUrl` references, following stylesheets into the
 * fonts and images they name. Remote and data: URLs are not files and are skipped here;
 * the print shop refuses to load remote ones anyway.
 */
export async function digestReferences(html: string, pageUrl: URL): Promise<FileDigest[]> {
  const baseDir = path.dirname(fileURLToPath(pageUrl));
  const seen = new Map<string, string>();
  const visit = async (refs: string[], from: URL): Promise<void> => {
    for (const ref of refs) {
      let url: URL;
      try {
        url = new URL(ref, from);
      } catch {
        continue;
      }
      if (url.protocol !== "file:") continue;
      url.hash = "";
      url.search = "";
      const file = fileURLToPath(url);
      if (seen.has(file)) continue;
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        seen.set(file, "missing");
        continue;
      }
      seen.set(file, sha256(bytes));
      if (file.toLowerCase().endsWith(".css")) {
        await visit(cssReferences(bytes.toString("utf8")), url);
      }
    }
  };
  await visit(htmlReferences(html), pageUrl);
  return [...seen]
    .map(([file, digest]) => ({
      file: path.relative(baseDir, file).split(path.sep).join("/"),
      sha256: digest,
    }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
