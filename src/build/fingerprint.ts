// Fingerprints of what each page is made from, so a rebuild renders only pages whose inputs
// changed. Pure (long texts' hashes are remembered by the text, within the process). Computed
// generically from the audience's view (every field, whatever it is called), so a field added
// to the Site later is covered without being listed here.
import { canonicalJson, hashOf, LONG_TEXT, nextRound } from "../canonical-json.ts";
import type { Circle } from "../content/model.ts";
import type { Site } from "../site/audience.ts";
import { searchDocHash } from "../search/patch.ts";
import type { PageSkip, PlannedPage } from "../site/plugin.ts";

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
 * What a template reads of each item of the list `mimeo.<field>`: the properties it reads through
 * a loop's variable (`{% for report in mimeo.reports %}` … `{{ report.title }}`), or "whole" when
 * it reads the list in any other way (hands an item on, indexes the list, loops over it with two
 * variables, or includes another template). The list's length is read by any projection of it.
 * So the reports index, which shows each report's title, date and outcome, does not change with
 * a report's body.
 */
export function itemPropsRead(source: string, listField: string): string[] | "whole" {
  // Another template (an include, a macro) may read an item where this source does not show it.
  if (/\{%-?\s*(include|import|from|extends|macro|call)\b/.test(source)) return "whole";
  const field = escaped(listField);
  const loop = new RegExp(
    `\\{%-?\\s*for\\s+([A-Za-z_$][\\w$]*)\\s+in\\s+mimeo\\.${field}(?![\\w$.[])`,
    "g",
  );
  const variables = new Set<string>();
  let loops = 0;
  for (const m of source.matchAll(loop)) {
    if (m[1]) variables.add(m[1]);
    loops++;
  }
  let lengths = 0;
  let mentions = 0;
  for (const m of source.matchAll(
    new RegExp(`\\bmimeo\\.${field}(?![\\w$])(\\.[A-Za-z_$][\\w$]*)?`, "g"),
  )) {
    mentions++;
    if (m[1] === ".length") lengths++;
  }
  if (mentions !== loops + lengths) return "whole";
  const body = source.replace(loop, "");
  const props = new Set<string>();
  for (const variable of variables) {
    const uses = new RegExp(
      `(?<![\\w$.])${escaped(variable)}(?![\\w$])(\\.[A-Za-z_$][\\w$]*)?`,
      "g",
    );
    for (const m of body.matchAll(uses)) {
      if (!m[1]) return "whole";
      props.add(m[1].slice(1));
    }
  }
  return [...props].sort();
}

/** A name as a regular expression matches it: `$` is the only character to escape in one. */
const escaped = (name: string): string => name.replace(/\$/g, "\\$");

/** Each list item as projectedHash wrote it, by the properties it was written with. */
const projections = new WeakMap<object, Map<string, string>>();

/**
 * The hash of a list with only the properties read of each item (see itemPropsRead): each item
 * written as canonicalJson writes `{prop: value, …}` (a report or tactic already fingerprinted as
 * its hash), a short text or number straight from JSON.stringify (the reports index reads five
 * short texts of each of thousands of reports).
 */
function projectedHash(
  list: unknown[],
  props: readonly string[],
  known: WeakMap<object, string>,
): string {
  const keys = props.map((p) => JSON.stringify(p));
  const read = props.join("\0");
  const items = list.map((item) => {
    if (item === null || typeof item !== "object") return canonicalJson(item, known);
    // The same item read for the same properties in an earlier save (see itemHashes).
    let earlier = projections.get(item);
    const kept = earlier?.get(read);
    if (kept !== undefined) return kept;
    const record = item as Record<string, unknown>;
    let out = "{";
    props.forEach((p, i) => {
      const value = record[p];
      const written =
        (typeof value === "string" && value.length < LONG_TEXT) || typeof value === "number"
          ? JSON.stringify(value)
          : value === undefined
            ? undefined
            : canonicalJson(value, known);
      if (written === undefined) return;
      out += `${out === "{" ? "" : ","}${keys[i] ?? ""}:${written}`;
    });
    if (earlier === undefined) {
      earlier = new Map();
      projections.set(item, earlier);
    }
    earlier.set(read, `${out}}`);
    return `${out}}`;
  });
  return hashOf(`[${items.join(",")}]`);
}

/**
 * Each page item's fingerprint, by the item: a report `mimeo serve` did not see change is the
 * same view object from save to save (see reportView in site/audience.ts), and writing 4,000 of
 * them out as canonical JSON again was a third of a save's time. Items are never changed once
 * made, so an item's fingerprint stays true while the item lives.
 */
const itemHashes = new WeakMap<object, string>();

/**
 * The fingerprint of every page of a site: the page's template and place, the fields of the
 * view its templates read (audited from their sources by fieldsRead, and of a list's items by
 * itemPropsRead), its own report or tactic whole, and what the Markdown renderer looks up for a
 * body's links and images: which content files this audience publishes, and where, and its
 * images. `documents` are the circle's content files.
 */
export function fingerprintPages(
  site: Site,
  pages: readonly PlannedPage[],
  documents: readonly string[],
  /**
   * Told each page made by code (the search index, the feed, the calendar) as soon as its
   * fingerprint is known: these read whole fields and no item, so they are fingerprinted before
   * the thousands of items, and a rebuild can begin making the search index meanwhile.
   */
  early?: (page: PageFingerprint) => void,
): PageFingerprint[] {
  nextRound();
  const known = new WeakMap<object, string>();
  const renderer = rendererKey(site, documents);
  const view = site as unknown as Record<string, unknown>;
  const byTemplate = new Map<string, string>();
  /** What a page's templates read of the view (or the fields its code reads, whole). */
  const pickedBy = (page: PlannedPage): unknown => {
    if (page.reads) return Object.fromEntries(page.reads.map((f) => [f, view[f] ?? null]));
    let all = false;
    const fields = new Set<string>();
    for (const source of page.sources) {
      const read = fieldsRead(source, page.item?.data);
      if (read === "all") all = true;
      else for (const f of read) fields.add(f);
    }
    const readOf = (field: string): unknown => {
      const value = view[field] ?? null;
      if (!Array.isArray(value)) return value;
      const props = new Set<string>();
      for (const source of page.sources) {
        const read = itemPropsRead(source, field);
        if (read === "whole") return value;
        for (const p of read) props.add(p);
      }
      return { projected: projectedHash(value, [...props].sort(), known) };
    };
    return all ? site : Object.fromEntries([...fields].sort().map((f) => [f, readOf(f)]));
  };
  const readsOf = (page: PlannedPage): string => {
    let hash = byTemplate.get(page.template);
    if (hash === undefined) {
      hash = fingerprintOf({ picked: pickedBy(page), renderer }, known);
      byTemplate.set(page.template, hash);
    }
    return hash;
  };
  const fingerprinted = (page: PlannedPage): PageFingerprint => ({
    ...page,
    fingerprint: hashOf(
      [
        page.template,
        page.output,
        readsOf(page),
        page.item ? (known.get(page.item.value) ?? "") : "",
      ].join("\0"),
    ),
  });
  // The search index's documents, each by the hash the index thread is given of it (the patch
  // works it out already): thousands of documents, not written out again.
  for (const doc of site.searchDocs) known.set(doc, searchDocHash(doc));
  const byCode = new Map<PlannedPage, PageFingerprint>();
  for (const page of pages) {
    if (!page.reads) continue;
    const done = fingerprinted(page);
    byCode.set(page, done);
    early?.(done);
  }
  for (const page of pages) {
    const value = page.item?.value;
    if (!value || known.has(value)) continue;
    known.set(value, itemFingerprint(value));
  }
  return pages.map((page) => byCode.get(page) ?? fingerprinted(page));
}

/**
 * What the Markdown renderer looks up for a body's links and images: which of the circle's
 * content files (`documents`) this audience publishes, and where, and its images.
 */
export function rendererKey(site: Site, documents: readonly string[]): string {
  const published = documents.flatMap((file) => {
    const url = site.urlOf(file);
    return url === undefined ? [] : [[file, url]];
  });
  // Thousands of [file, url] pairs of short texts, written as JSON writes them: one text for one
  // list, as canonical JSON would give, in a twentieth of its time.
  return hashOf(`${JSON.stringify(published)}\0${canonicalJson(site.media)}`);
}

/** A page item's fingerprint (a report's or tactic's view), remembered by the item (itemHashes). */
export function itemFingerprint(value: object): string {
  let hash = itemHashes.get(value);
  if (hash === undefined) {
    hash = fingerprintOf(value);
    itemHashes.set(value, hash);
  }
  return hash;
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

/**
 * What the public view could be made from, as one hash worked out without making the view: the
 * settings, the build day and the reports it left out as expired, every Markdown file read
 * (each by its stat when read) except the reports and tactics only the circle sees, and every
 * image by its bytes. The public view is made from public matter only (siteFor in
 * site/audience.ts; tests/site/public-view.test.ts): adding, changing or removing circle-only
 * matter never changes a public byte. So while this key is the last build's, the public site
 * is the last build's, and a rebuild after a circle-only edit does not make its view again.
 * A report that was public and is now circle-only is in the last key and not in this one.
 * Undefined when a file that counts has no settled stat (it was just saved, see content/load.ts),
 * or an image could not be read.
 */
export function publicInputsKey(
  circle: Circle,
  /** Each Markdown file the load read, with its stat when it had settled. */
  stamps: ReadonlyMap<string, string | undefined>,
  /** Each image's key by its bytes (see imageKeys in build.ts), by its path. */
  images: ReadonlyMap<string, string>,
): string | undefined {
  const circleOnly = new Set(
    [...circle.reports, ...circle.tactics].flatMap((d) =>
      d.audience === "circle" ? [d.file] : [],
    ),
  );
  const files: [string, string][] = [];
  for (const [file, stamp] of stamps) {
    if (circleOnly.has(file)) continue;
    if (stamp === undefined) return undefined;
    files.push([file, stamp]);
  }
  const media: [string, string][] = [];
  for (const image of new Set(circle.media.map((use) => use.path))) {
    const key = images.get(image);
    if (key === undefined) return undefined;
    media.push([image, key]);
  }
  const byPath = (a: [string, string], b: [string, string]): number =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  return fingerprintOf({
    settings: circle.settings,
    today: circle.today,
    expired: circle.expired,
    files: files.sort(byPath),
    media: media.sort(byPath),
  });
}
