// The exchange folder of a public build (docs/exchange.md): the public tactics and reports as
// Markdown in the content format, with only public fields and report dates as month and year,
// and manifest.json. Pure: the build writes the files, and the guard scans them with the rest.
import path from "node:path";
import { stringify } from "yaml";
import type { Circle, Report, Tactic } from "../content/model.ts";
import { sha256 } from "../bundle/files.ts";

export const EXCHANGE_DIR = "exchange";
export const MANIFEST_FILE = "manifest.json";
export const EXCHANGE_FORMAT = "mimeo-exchange";
export const EXCHANGE_VERSION = 1;

/**
 * One step of a document's lineage: the circle and document it was adapted from, oldest
 * first, with its title so a circle that never imported it can still name it.
 */
export interface LineageStep {
  circle: string;
  id: string;
  title?: string;
}

export interface ManifestDocument {
  /** `tactics/<slug>` or `reports/<slug>`: stable across bundles of one circle. */
  id: string;
  kind: "tactic" | "report";
  title: string;
  /** Relative to exchange/, "/" separators. */
  file: string;
  sha256: string;
  lineage: LineageStep[];
}

export interface Manifest {
  format: typeof EXCHANGE_FORMAT;
  version: number;
  /** The circle's exchange-name, or null when circle.yaml gives none (never its name). */
  circle: string | null;
  language: string;
  /** The month the bundle was made, YYYY-MM. */
  made: string;
  documents: ManifestDocument[];
}

export interface ExchangeFile {
  /** Relative to exchange/. */
  path: string;
  text: string;
}

/** The files of exchange/, manifest last; the same circle on the same month gives the same bytes. */
export function exchangeFiles(circle: Circle): ExchangeFile[] {
  const plan = exchangePlan(circle);
  const files = plan.documents.map((d) => ({ path: d.path, text: d.text() }));
  const hashes = new Map(files.map((f) => [f.path, sha256(f.text)]));
  return [...files, plan.manifest((file) => hashes.get(file) ?? "")];
}

/** One exported document, before its text is made. */
export interface ExchangeDocument {
  /** Relative to exchange/. */
  path: string;
  /**
   * A hash of everything its text is made from: a build that finds the same key as last time
   * keeps last time's file and skips making the text (yaml's stringify is most of the cost).
   */
  key: string;
  text: () => string;
}

/** The exchange folder's documents, each with the key of what its text is made from, and its manifest. */
export interface ExchangePlan {
  documents: ExchangeDocument[];
  manifest: (sha256Of: (path: string) => string) => ExchangeFile;
}

/**
 * The exchange folder as documents whose text is made on demand, and the manifest, which needs
 * the SHA-256 of each document's text.
 */
export function exchangePlan(circle: Circle): ExchangePlan {
  // Only the circle's own: what it imported is another circle's to publish.
  const tactics = circle.tactics.filter((t) => t.audience === "public" && !t.from);
  const reports = circle.reports.filter((r) => r.audience === "public" && !r.from);
  const exported = new Set([...tactics, ...reports].map((d) => d.file));
  const publicSlugs = new Set(tactics.map((t) => t.slug));
  // What every document's text also depends on: which files are exported (its links).
  const shared = sha256(JSON.stringify([EXCHANGE_VERSION, [...exported].sort()]));
  const documents: ExchangeDocument[] = [];
  const entries: Omit<ManifestDocument, "sha256">[] = [];
  const add = (
    doc: Tactic | Report,
    kind: "tactic" | "report",
    fields: object,
    lineage: LineageStep[] = [],
  ): void => {
    documents.push({
      path: doc.file,
      key: sha256(JSON.stringify([shared, doc.file, fields, doc.body])),
      text: () =>
        `---\n${stringify(fields, { lineWidth: 0 })}---\n${publicBody(doc.body, doc.file, exported)}`,
    });
    entries.push({
      id: doc.file.replace(/\.md$/, ""),
      kind,
      title: doc.title,
      file: doc.file,
      lineage,
    });
  };
  for (const t of tactics) {
    const lineage = exportedLineage(t, publicSlugs, circle.settings.exchangeName);
    add(t, "tactic", tacticFields(t, publicSlugs, lineage), lineage);
  }
  for (const r of reports) add(r, "report", reportFields(r, publicSlugs));
  const manifest = (sha256Of: (path: string) => string): ExchangeFile => {
    const value: Manifest = {
      format: EXCHANGE_FORMAT,
      version: EXCHANGE_VERSION,
      circle: circle.settings.exchangeName ?? null,
      language: circle.settings.language,
      made: circle.today.slice(0, 7),
      documents: entries.map(({ lineage, ...entry }) => ({
        ...entry,
        sha256: sha256Of(entry.file),
        lineage,
      })),
    };
    return { path: MANIFEST_FILE, text: `${JSON.stringify(value, null, 2)}\n` };
  };
  return { documents, manifest };
}

/**
 * A tactic's lineage as other circles may read it: a step naming one of this circle's own
 * tactics is kept only when that tactic is public and the circle has an exchange name to
 * credit; steps naming other circles' tactics are kept as their bundles gave them.
 */
function exportedLineage(
  t: Tactic,
  publicSlugs: Set<string>,
  exchangeName: string | undefined,
): LineageStep[] {
  return (t.lineage ?? []).flatMap((step) => {
    const circle = step.circle ?? exchangeName;
    if (circle === undefined) return [];
    if (circle === exchangeName && !publicSlugs.has(step.id.replace(/^tactics\//, ""))) return [];
    return [{ circle, id: step.id, ...(step.title !== undefined ? { title: step.title } : {}) }];
  });
}

function tacticFields(
  t: Tactic,
  publicSlugs: Set<string>,
  lineage: LineageStep[],
): Record<string, unknown> {
  const pairs = t.pairsWith.filter((slug) => publicSlugs.has(slug));
  return {
    title: t.title,
    kind: t.kind,
    risk: t.risk,
    ...(t.people !== undefined ? { people: t.people } : {}),
    ...(t.prep !== undefined ? { prep: t.prep } : {}),
    ...(pairs.length > 0 ? { "pairs-with": pairs } : {}),
    ...(t.tags.length > 0 ? { tags: t.tags } : {}),
    ...(lineage.length > 0 ? { lineage } : {}),
    audience: "public",
  };
}

/**
 * A report's public fields. The date is the month only, as the public site shows it; a tactic
 * or care mirror naming a circle-only tactic is left out rather than named.
 */
function reportFields(r: Report, publicSlugs: Set<string>): Record<string, unknown> {
  const mirror = r.careMirror.slug
    ? publicSlugs.has(r.careMirror.slug)
      ? r.careMirror.slug
      : undefined
    : r.careMirror.text;
  return {
    title: r.title,
    date: r.date.slice(0, 7),
    ...(publicSlugs.has(r.tactic) ? { tactic: r.tactic } : {}),
    ...(mirror !== undefined ? { "care-mirror": mirror } : {}),
    outcome: r.outcome,
    ...(r.participants !== undefined ? { participants: r.participants } : {}),
    ...(r.tags.length > 0 ? { tags: r.tags } : {}),
    audience: "public",
  };
}

const COMMENT = /<!--[\s\S]*?(-->|$)/g;
const IMAGE = /!\[([^\]]*)\]\(([^)]*)\)/g;
const LINK = /\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
const DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$/gm;

/**
 * The body as other circles may read it: HTML comments dropped (notes to the circle), images as
 * their alt text in italics (version 1 carries no media), and a link to anything not exported
 * turned into its words, so no circle-only file is even named.
 */
export function publicBody(body: string, file: string, exported: ReadonlySet<string>): string {
  const keeps = (href: string): boolean => {
    if (/^https?:\/\//i.test(href)) return true;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#")) return false;
    const target = path.posix.normalize(
      path.posix.join(path.posix.dirname(file), href.split("#")[0] ?? ""),
    );
    return exported.has(target);
  };
  return body
    .replace(COMMENT, "")
    .replace(IMAGE, (_m, alt: string) => (alt.trim() === "" ? "" : `*${alt.trim()}*`))
    .replace(LINK, (match, text: string, href: string) => (keeps(href) ? match : text))
    .replace(DEFINITION, (match, href: string) => (keeps(href) ? match : ""));
}
