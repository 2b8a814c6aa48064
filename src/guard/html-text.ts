// Pulls out of an HTML page everything a reader (or a crawler) can read: the visible text,
// with inline markup removed so it cannot split a name, plus attribute values, scripts,
// styles and comments, each as its own text that maps back to a line of the page.
//
// A small hand tokenizer, not a library: parse5 is not installed, and the htmlparser2 in
// node_modules (7.2, deep under posthtml) reports text offsets a few characters off, while a
// finding must name the right line. The input is mimeo's own generated HTML, and the rules
// followed are the WHATWG tokenizer's for tags, attributes, comments and raw text.
import { decodeEntitiesMapped, unmapped, type Mapped } from "./normalise.ts";
import { decodePercent, decodeScriptEscapes } from "./escapes.ts";
import type { Part } from "./types.ts";

export interface ScanPiece {
  part: Part;
  text: string;
  /** What it was: `img[alt]`, `a[href]`, `<script>`, `<style>`, `<!-- -->`. */
  label: string;
  /** 1-based line of the page where the piece starts. */
  line: number;
  /** The page line of an offset in `text`. */
  lineAt(offset: number): number;
}

export interface HtmlScanText {
  /** The visible text: inline markup removed, block boundaries turned into line breaks. */
  text: string;
  /** The page line of an offset in `text`. */
  lineAt(offset: number): number;
  /** Attribute values, scripts, styles and comments, each scanned on its own. */
  pieces: ScanPiece[];
}

// Elements that start a new line on the page. Everything else (a, em, strong, span, b, i, u,
// small, mark, abbr, sub, sup, wbr, code, s, q, and unknown or custom elements) is inline and
// joins its text to its neighbours, as a reader sees it: "Ma<span>ria</span>" is "Maria".
const BLOCK = new Set(
  (
    "address article aside blockquote body br button canvas caption center col colgroup dd " +
    "details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 " +
    "h3 h4 h5 h6 head header hgroup hr html iframe input legend li link main menu meta nav " +
    "noscript ol optgroup option p pre section select summary table tbody td template " +
    "textarea tfoot th thead title tr ul video audio"
  ).split(" "),
);

// Raw text: the contents are not HTML, and not shown; script and style are still scanned.
const RAW_TEXT = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes"]);
// Escapable raw text: shown as text, entities decoded, no tags inside.
const RCDATA = new Set(["title", "textarea"]);

// Attributes whose values a reader, a screen reader, a crawler or a link can show. Beyond the
// obvious ones: `id`/`name`/`for` hold heading slugs ("maria-quintero"), `datetime` an exact
// day. Left out: `class`, `type`, `rel`, `lang`, sizes, SVG geometry and hashes
// (`integrity`, `nonce`), which hold mimeo's own tokens, not content.
const SCANNED_ATTRIBUTES = new Set(
  (
    "alt title href src srcset content placeholder value label summary datetime cite action " +
    "poster download id name for abbr"
  ).split(" "),
);

function scannedAttribute(name: string): boolean {
  return SCANNED_ATTRIBUTES.has(name) || name.startsWith("data-") || name.startsWith("aria-");
}

/** The 1-based line an offset of `text` falls on, by binary search over the line starts. */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let k = text.indexOf("\n"); k !== -1; k = text.indexOf("\n", k + 1)) starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function piece(
  part: Part,
  label: string,
  mapped: Mapped,
  at: number,
  lineOf: (offset: number) => number,
): ScanPiece {
  const lineAt = (offset: number): number =>
    lineOf(mapped.starts[Math.min(offset, mapped.starts.length - 1)] ?? at);
  return { part, text: mapped.text, label, line: lineOf(at), lineAt };
}

/** `inner` decoded from `outer.text`, mapped back to `outer`'s source. */
function compose(outer: Mapped, inner: Mapped): Mapped {
  if (inner.text === outer.text) return outer;
  return {
    text: inner.text,
    starts: inner.starts.map((k) => outer.starts[k] ?? 0),
    ends: inner.ends.map((k) => outer.ends[Math.max(0, k - 1)] ?? 0),
  };
}

// Character classes of the tokenizer, by code: whitespace, and the ends of names and values.
const isSpace = (code: number): boolean =>
  code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
const endsTagName = (code: number): boolean => isSpace(code) || code === 47 || code === 62; // / >
const endsAttributeName = (code: number): boolean => endsTagName(code) || code === 61; // =

export function htmlToScanText(html: string): HtmlScanText {
  const lineOf = lineFinder(html);
  const pieces: ScanPiece[] = [];
  const visible: string[] = [];
  let offsets = new Int32Array(Math.max(16, html.length));
  let length = 0;

  const addVisible = (mapped: Mapped): void => {
    visible.push(mapped.text);
    if (length + mapped.starts.length > offsets.length) {
      const grown = new Int32Array(Math.max(offsets.length * 2, length + mapped.starts.length));
      grown.set(offsets);
      offsets = grown;
    }
    offsets.set(mapped.starts, length);
    length += mapped.starts.length;
  };
  const addText = (from: number, to: number): void => {
    if (to > from) addVisible(decodeEntitiesMapped(html.slice(from, to), from));
  };
  const addBreak = (at: number): void => addVisible(unmapped("\n", at));
  const raw = (from: number, to: number): Mapped => unmapped(html.slice(from, to), from);

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt === -1) {
      addText(i, html.length);
      break;
    }
    addText(i, lt);
    const next = html[lt + 1] ?? "";

    if (html.startsWith("<!--", lt)) {
      const close = html.indexOf("-->", lt + 4);
      const end = close === -1 ? html.length : close;
      pieces.push(piece("comment", "<!-- -->", raw(lt + 4, end), lt + 4, lineOf));
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (html.startsWith("<![CDATA[", lt)) {
      // Text in SVG and MathML; elsewhere a bogus comment. Shown either way, so scanned.
      const close = html.indexOf("]]>", lt + 9);
      const end = close === -1 ? html.length : close;
      addText(lt + 9, end);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (next === "!" || next === "?") {
      // Doctype, or a bogus comment (`<?xml …?>`, `<!ELEMENT…>`): only the doctype is noise.
      const close = html.indexOf(">", lt);
      const end = close === -1 ? html.length : close;
      if (!/^<!doctype/iu.test(html.slice(lt, lt + 9))) {
        pieces.push(piece("comment", "<!-- -->", raw(lt + 2, end), lt + 2, lineOf));
      }
      i = end + 1;
      continue;
    }
    if (next === "/" && /[A-Za-z]/u.test(html[lt + 2] ?? "")) {
      const close = html.indexOf(">", lt);
      const end = close === -1 ? html.length : close;
      const name = /^[^\s/>]+/u.exec(html.slice(lt + 2, end))?.[0].toLowerCase() ?? "";
      if (BLOCK.has(name)) addBreak(lt);
      i = end + 1;
      continue;
    }
    if (!/[A-Za-z]/u.test(next)) {
      // A bare "<" (as in "a < b") is text.
      addText(lt, lt + 1);
      i = lt + 1;
      continue;
    }

    // A start tag: its name, then its attributes, to the first ">" outside quotes.
    let p = lt + 1;
    while (p < html.length && !endsTagName(html.charCodeAt(p))) p += 1;
    const name = html.slice(lt + 1, p).toLowerCase();
    const attributes = new Map<string, string>();
    for (;;) {
      while (p < html.length && (isSpace(html.charCodeAt(p)) || html[p] === "/")) p += 1;
      if (p >= html.length) break;
      if (html[p] === ">") {
        p += 1;
        break;
      }
      const nameStart = p;
      p += 1; // the first character may be "=", as the tokenizer allows
      while (p < html.length && !endsAttributeName(html.charCodeAt(p))) p += 1;
      const attribute = html.slice(nameStart, p).toLowerCase();
      while (p < html.length && isSpace(html.charCodeAt(p))) p += 1;
      if (html[p] !== "=") continue;
      p += 1;
      while (p < html.length && isSpace(html.charCodeAt(p))) p += 1;
      let valueStart = p;
      let valueEnd: number;
      const quote = html[p];
      if (quote === '"' || quote === "'") {
        valueStart = p + 1;
        const close = html.indexOf(quote, valueStart);
        valueEnd = close === -1 ? html.length : close;
        p = valueEnd + 1;
      } else {
        while (p < html.length && !isSpace(html.charCodeAt(p)) && html[p] !== ">") p += 1;
        valueEnd = p;
      }
      const entities = decodeEntitiesMapped(html.slice(valueStart, valueEnd), valueStart, true);
      // An address may spell a name in percent-encoding: "Mar%C3%ADa".
      const mapped = compose(entities, decodePercent(entities.text));
      if (!attributes.has(attribute)) attributes.set(attribute, mapped.text);
      const label = `${name}[${attribute}]`;
      if (attribute === "style") pieces.push(piece("css", label, mapped, valueStart, lineOf));
      else if (scannedAttribute(attribute)) {
        pieces.push(piece("attribute", label, mapped, valueStart, lineOf));
      }
    }
    if (BLOCK.has(name)) addBreak(lt);

    if (RAW_TEXT.has(name) || RCDATA.has(name)) {
      const closer = new RegExp(`</${name}(?=[\\s/>])`, "giu");
      closer.lastIndex = p;
      const close = closer.exec(html);
      const end = close === null ? html.length : close.index;
      if (RCDATA.has(name)) addText(p, end);
      else if (name === "style") pieces.push(piece("css", "<style>", raw(p, end), p, lineOf));
      else {
        const json = /json/iu.test(attributes.get("type") ?? "");
        const label = name === "script" ? "<script>" : `<${name}>`;
        // `Mar\u00eda` in a string is "María" to whoever runs or parses it.
        const decoded = decodeScriptEscapes(html.slice(p, end), p);
        pieces.push(piece(json ? "json" : "script", label, decoded, p, lineOf));
      }
      i = end; // the closing tag is read as any other
      continue;
    }
    i = p;
  }

  const text = visible.join("");
  const textLineAt = (offset: number): number =>
    lineOf(offsets[Math.max(0, Math.min(offset, length - 1))] ?? 0);
  return { text, lineAt: textLineAt, pieces };
}
