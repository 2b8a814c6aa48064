// Where each piece of content lands in the site, and relative links between pages, so that
// every page works opened straight from a USB stick (file://) and from any folder on a server.
import path from "node:path";

/** The site URL (root-absolute, used only internally) of a content file, or undefined. */
export function urlOfContent(file: string): string | undefined {
  if (/^reports\/[^/]+\.md$/.test(file)) return `/${file.replace(/\.md$/, ".html")}`;
  if (/^tactics\/[^/]+\.md$/.test(file)) return `/${file.replace(/\.md$/, ".html")}`;
  // An imported document's page sits beside the circle's own, under its `<folder>--<slug>`.
  const imported = /^from\/([a-z0-9][a-z0-9-]*)\/(reports|tactics)\/([^/]+)\.md$/.exec(file);
  if (imported) return `/${imported[2]}/${imported[1]}--${imported[3]}.html`;
  if (file === "charter.md") return "/charter.html";
  if (file === "rotation.md") return "/rotation.html";
  const month = /^ledger\/(\d{4}-\d{2})\.md$/.exec(file);
  if (month) return `/ledger.html#m-${month[1]}`;
  return undefined;
}

/**
 * A relative link from the page at `from` to `to` (both root-absolute site URLs such as
 * `/reports/a.html`). Never returns a folder: `/` becomes `index.html`.
 */
export function relativeUrl(from: string, to: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(to) || to.startsWith("#")) return to;
  const fromDir = path.posix.dirname(from.endsWith("/") ? `${from}index.html` : from);
  const key = `${fromDir}\0${to}`;
  let rel = relatives.get(key);
  if (rel === undefined) {
    const [targetPath = "/", hash] = splitHash(to);
    const target = targetPath.endsWith("/") ? `${targetPath}index.html` : targetPath;
    rel = path.posix.relative(fromDir, target);
    if (rel === "") rel = path.posix.basename(target);
    if (hash !== undefined) rel = `${rel}#${hash}`;
    if (relatives.size >= 100_000) relatives.clear();
    relatives.set(key, rel);
  }
  return rel;
}

/**
 * Links already made, by the linking page's folder and the target: every page links to the
 * same few pages, and an index page to thousands (path.posix.relative was 0.1 s of a
 * 4,000-report build). A link depends on nothing else, so the key is the whole of it.
 */
const relatives = new Map<string, string>();

function splitHash(url: string): [string, string | undefined] {
  const i = url.indexOf("#");
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}
