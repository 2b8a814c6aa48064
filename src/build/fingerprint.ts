// Fingerprints of what each page is made from, so a rebuild renders only pages whose inputs
// changed. Pure (long texts' hashes are remembered by the text, within the process). Computed
// generically from the audience's view (every field, whatever it is called), so a field added
// to the Site later is covered without being listed here.
import { hash as digest } from "node:crypto";
import type { Site } from "../site/audience.ts";
import type { PageSkip, PlannedPage } from "../site/plugin.ts";

// The one-shot hash: half the cost of createHash for the many short texts hashed here.
const hashOf = (text: string): string => digest("sha256", text);

/** Texts at least this long are written as their hash (see `textOf`). */
const LONG_TEXT = 256;
/** UTF-8, which the hash reads, turns every lone surrogate into U+FFFD: such texts stay JSON. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Long texts (report bodies and their plain text) by the text itself: their hash, and the last
 * fingerprintPages call that wrote them. Both audiences show the same bodies, and `mimeo serve`
 * shows every unchanged body again on each save; a text neither of the last two calls wrote is
 * forgotten.
 */
const textHashes = new Map<string, { written: string; used: number }>();
let pagesCalls = 0;

/**
 * A string as canonical JSON writes it. A long text is written as `#t` and its SHA-256 instead
 * of quoted: hashing reads the text once, where escaping it into the JSON and hashing that read
 * it twice; the two forms cannot be confused, since a quoted string starts with `"`.
 */
function textOf(text: string): string {
  if (text.length < LONG_TEXT) return JSON.stringify(text);
  let known = textHashes.get(text);
  if (known === undefined) {
    if (SURROGATE.test(text)) return JSON.stringify(text);
    known = { written: `#t${hashOf(text)}`, used: pagesCalls };
    textHashes.set(text, known);
  }
  known.used = pagesCalls;
  return known.written;
}

/** Object keys as JSON strings: the same few keys recur in every report and tactic. */
const quotedKeys = new Map<string, string>();
function keyOf(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * A value as canonical JSON: keys sorted, Maps and Sets as lists, functions and undefined left
 * out, long texts as their hash. An object already fingerprinted (in `known`) is written as its
 * hash, so a report shown in five lists is serialised once.
 */
export function canonicalJson(value: unknown, known?: WeakMap<object, string>): string {
  const seen = new Set<object>();
  const write = (v: unknown): string | undefined => {
    if (typeof v === "string") return textOf(v);
    if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
    if (v === null || typeof v !== "object") {
      if (typeof v === "bigint") return `"${v.toString()}n"`;
      return JSON.stringify(v);
    }
    const hash = known?.get(v);
    if (hash !== undefined) return `#${hash}`;
    if (v instanceof Date) return JSON.stringify(v.toISOString());
    if (seen.has(v)) throw new Error("mimeo: a view refers to itself and cannot be fingerprinted");
    seen.add(v);
    let out: string;
    if (Array.isArray(v)) {
      out = "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out += ",";
        out += write(v[i]) ?? "null";
      }
      out += "]";
    } else if (v instanceof Map) {
      out = `{"Map":${write([...v.entries()])}}`;
    } else if (v instanceof Set) {
      out = `{"Set":${write([...v])}}`;
    } else if (ArrayBuffer.isView(v)) {
      out = `{"bytes":"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64")}"}`;
    } else {
      out = "{";
      let first = true;
      for (const key of Object.keys(v).sort()) {
        const inner = write((v as Record<string, unknown>)[key]);
        if (inner === undefined) continue;
        out += first ? `${keyOf(key)}:${inner}` : `,${keyOf(key)}:${inner}`;
        first = false;
      }
      out += "}";
    }
    seen.delete(v);
    return out;
  };
  return write(value) ?? "null";
}

export function fingerprintOf(value: unknown, known?: WeakMap<object, string>): string {
  return hashOf(canonicalJson(value, known));
}

export interface PageFingerprint extends PlannedPage {
  fingerprint: string;
}

/**
 * The fields of the view (`mimeo.X`) a template's source reads, or "all" when it uses `mimeo`
 * in any other way (passes it whole, indexes it): then the page depends on all of it.
 * `mimeo/…` is a layout's name, not the view.
 */
export function fieldsRead(source: string, paginated?: string): string[] | "all" {
  const fields = new Set<string>();
  for (const m of source.matchAll(/\bmimeo\b(\.[A-Za-z_$][\w$]*)?(.?)/g)) {
    if (m[1]) fields.add(m[1].slice(1));
    else if (m[2] !== "/") return "all";
  }
  // The paginated list is where the page's own item comes from; the item is fingerprinted whole.
  if (paginated !== undefined) {
    const elsewhere = source.replace(/^---\n[\s\S]*?\n---\n/, "");
    if (!new RegExp(`\\bmimeo\\.${paginated}\\b`).test(elsewhere)) fields.delete(paginated);
  }
  return [...fields].sort();
}

/**
 * The fingerprint of every page of a site: the page's template and place, the fields of the
 * view its templates read (audited from their sources by fieldsRead), its own report or tactic
 * whole, and what the Markdown renderer looks up for a body's links and images: which content
 * files this audience publishes, and where, and its images. `documents` are the circle's
 * content files.
 */
export function fingerprintPages(
  site: Site,
  pages: readonly PlannedPage[],
  documents: readonly string[],
): PageFingerprint[] {
  pagesCalls++;
  const known = new WeakMap<object, string>();
  const itemHash = new Map<object, string>();
  for (const page of pages) {
    if (page.item && !itemHash.has(page.item.value)) {
      const hash = fingerprintOf(page.item.value);
      itemHash.set(page.item.value, hash);
      known.set(page.item.value, hash);
    }
  }
  const published = documents.flatMap((file) => {
    const url = site.urlOf(file);
    return url === undefined ? [] : [[file, url]];
  });
  const renderer = fingerprintOf({ published, media: site.media });
  const view = site as unknown as Record<string, unknown>;
  const byTemplate = new Map<string, string>();
  const readsOf = (page: PlannedPage): string => {
    let hash = byTemplate.get(page.template);
    if (hash === undefined) {
      let all = false;
      const fields = new Set<string>();
      for (const source of page.sources) {
        const read = fieldsRead(source, page.item?.data);
        if (read === "all") all = true;
        else for (const f of read) fields.add(f);
      }
      const picked = all
        ? site
        : Object.fromEntries([...fields].sort().map((f) => [f, view[f] ?? null]));
      hash = fingerprintOf({ picked, renderer }, known);
      byTemplate.set(page.template, hash);
    }
    return hash;
  };
  const fingerprinted = pages.map((page) => ({
    ...page,
    fingerprint: hashOf(
      [
        page.template,
        page.output,
        readsOf(page),
        page.item ? (itemHash.get(page.item.value) ?? "") : "",
      ].join("\0"),
    ),
  }));
  for (const [text, { used }] of textHashes) {
    if (used < pagesCalls - 1) textHashes.delete(text);
  }
  return fingerprinted;
}

/** The pages a rebuild leaves as they are, in the terms the plugin's `skip` option takes. */
export function pagesKept(kept: readonly PageFingerprint[]): PageSkip {
  const pages = new Set<string>();
  const items = new Map<string, Set<string>>();
  for (const page of kept) {
    if (!page.item) pages.add(page.template);
    else items.set(page.template, (items.get(page.template) ?? new Set()).add(page.output));
  }
  return { pages, items };
}
