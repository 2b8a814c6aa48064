// The validated shape of a circle's content: what the loader produces and every later stage reads.
// Dates are ISO calendar days (`2026-10-14`) in the circle's time zone; bodies are raw Markdown.

export type Audience = "public" | "circle";
export type Language = "en" | "es" | "fr";
export type Paper = "a4" | "letter";
export type Outcome = "won" | "partial" | "lost" | "ongoing";
export type TacticKind = "disruption" | "care" | "skill" | "defence";
export type Risk = "low" | "medium" | "high";

export const OUTCOMES: readonly Outcome[] = ["won", "partial", "lost", "ongoing"];
export const TACTIC_KINDS: readonly TacticKind[] = ["disruption", "care", "skill", "defence"];
export const RISKS: readonly Risk[] = ["low", "medium", "high"];
export const LANGUAGES: readonly Language[] = ["en", "es", "fr"];

/** A leak-guard waiver, written in a content file's front matter. */
export interface Waiver {
  text: string;
  reason: string;
  file: string;
  line: number;
}

export interface Rhythm {
  pulse: { kind: "moon" } | { kind: "every"; days: number };
  start: string;
  decompressDays: number;
  assembly: string;
  /** Optional extension: the monthly seal-and-wipe day's rule; the assembly day when absent. */
  seal?: string;
}

export interface CircleSettings {
  name: string;
  language: Language;
  /** the first (or only) paper in circle.yaml */
  paper: Paper;
  /** every paper the circle prints on, in the order written: `[a4, letter]` prints both sets */
  papers: Paper[];
  timezone: string;
  currency: string;
  careUnits: string[];
  rhythm: Rhythm;
  /** Optional extension: a short emblem text (the circle's "signal lantern") for covers. */
  emblem?: string;
  /** Optional extension: the public name other circles know this one by (docs/exchange.md). */
  exchangeName?: string;
  /** Lines of fields in circle.yaml that later stages check. */
  lines: { assembly: number; pulse: number; start: number; seal?: number };
}

/** What every Markdown document shares. */
export interface Document {
  slug: string;
  /** Path relative to the content folder, `/`-separated: `reports/dock-stoppage.md`. */
  file: string;
  audience: Audience;
  body: string;
  /** The body without its Markdown: the words the search index holds. */
  plainText: string;
  /** 1-based line of the file where the body starts, so Markdown lines map back to the file. */
  bodyStartLine: number;
  allow: Waiver[];
}

/**
 * Where an imported document came from (content/from/<folder>/, docs/exchange.md). Its `slug`
 * in the circle is `<folder>--<slug>`, so it never meets one of the circle's own.
 */
export interface Origin {
  /** The other circle's exchange name, as its bundle gave it. */
  circle: string;
  /** The folder under from/ that holds it. */
  folder: string;
  /** The month it was received, YYYY-MM. */
  received: string;
  /** Its slug in the other circle: its exchange id is `tactics/<slug>` or `reports/<slug>`. */
  slug: string;
}

/**
 * One step of a tactic's lineage: a tactic it was adapted from, oldest first. `circle` absent
 * means this circle's own tactic `id`.
 */
export interface LineageStep {
  circle?: string;
  /** `tactics/<slug>`, the slug in that circle. */
  id: string;
  title?: string;
}

export interface Report extends Document {
  title: string;
  date: string;
  tactic: string;
  /** A tactic slug when it names one, otherwise free text. */
  careMirror: { slug?: string; text: string };
  outcome: Outcome;
  participants?: number;
  expires?: string;
  tags: string[];
  /** Set on a report imported from another circle; its date is then the month only. */
  from?: Origin;
}

export interface Tactic extends Document {
  title: string;
  kind: TacticKind;
  risk: Risk;
  people?: number;
  prep?: string;
  pairsWith: string[];
  tags: string[];
  /** Set on a tactic imported from another circle. */
  from?: Origin;
  /** The slug (in this circle) of the tactic it was adapted from, own or imported. */
  adaptedFrom?: string;
  /** Every tactic it descends from, oldest first: its `adapted-from:` chain, or, imported, its `lineage:`. */
  lineage?: LineageStep[];
}

export interface Amendment {
  date: string;
  article: number;
  change: string;
}

export interface Article {
  number: number;
  heading: string;
  /** Markdown of the article, without its heading. */
  body: string;
  amendments: Amendment[];
}

export interface Charter extends Document {
  title: string;
  adopted: string;
  amendments: Amendment[];
  /** Markdown before the first article. */
  preamble: string;
  articles: Article[];
}

export interface LedgerMonthFile extends Document {
  month: string;
  opening?: { text: string; line: number };
}

export interface Member {
  name: string;
  roles?: string[];
  away?: [string, string];
  line: number;
}

export interface Roster extends Document {
  roles: string[];
  termDays: number;
  start: string;
  terms: number;
  method: "rotation" | "lottery";
  seed?: string;
  members: Member[];
  lines: { roles: number; seed?: number; start: number; term?: number };
}

/** An image referenced from a Markdown body. */
export interface MediaUse {
  /** Path relative to the content folder: `media/bay.jpg`. */
  path: string;
  alt: string;
  file: string;
  line: number;
}

export interface Circle {
  settings: CircleSettings;
  charter?: Charter;
  reports: Report[];
  /** Reports left out because their `expires` day has come. Never published. */
  expired: string[];
  tactics: Tactic[];
  ledger: LedgerMonthFile[];
  roster?: Roster;
  media: MediaUse[];
  /** The build day in the circle's zone, used for `expires`. */
  today: string;
}

/** Every document of a circle, for lookups by content path. */
export function allDocuments(circle: Circle): Document[] {
  return [
    ...(circle.charter ? [circle.charter] : []),
    ...circle.reports,
    ...circle.tactics,
    ...circle.ledger,
    ...(circle.roster ? [circle.roster] : []),
  ];
}
