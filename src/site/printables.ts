// The HTML of every printed sheet, composed from what one audience sees: reading copies and
// mini-zines of reports and tactics, the archive zine, tactic cards, and the wall posters.
// Each is a plain view handed to its template in layouts/print/ (reading.njk, cards.njk, …):
// the markup is there, not here. Pure: strings in, strings out; print-build.ts renders them.
import {
  CARD_BODY_SIZES,
  fontDirUrl,
  printLayouts,
  safe,
  shellView,
  type CardDeck,
  type PrintKind,
  type Safe,
  type ShellView,
} from "../print/index.ts";
import type { Site, PublishedReport, PublishedTactic } from "./audience.ts";
import { createMarkdown } from "./markdown.ts";
import { ledgerHeading, type Words } from "./words.ts";

const md = createMarkdown();
/** Print pages are composed as if they sat at the site's root, so images resolve to media/. */
const PRINT_URL = "/__print.html";

/**
 * Printed sheets show the greyscale copies print-build.ts makes under print/ (the site's
 * pages keep the colour ones).
 */
export const printMediaPath = (image: string): string => `print/${image}`;

export function renderBody(site: Site, doc: { file: string; body: string }): string {
  return md.render(doc.body, {
    file: doc.file,
    pageUrl: PRINT_URL,
    urlOf: (f: string) => site.urlOf(f),
    mediaUrl: (p: string) => (site.media.includes(p) ? `/${printMediaPath(p)}` : undefined),
  });
}

/** What every sheet's template is given: the shell's fields, the circle, its words. */
export interface SheetView extends ShellView {
  circle: { name: string; emblem: string };
  words: Words;
}

function sheetView(site: Site, kind: PrintKind, title: string): SheetView {
  return {
    ...shellView({
      kind,
      title,
      lang: site.settings.language,
      fontBaseUrl: fontDirUrl(),
      runningTitle: kind === "reading" ? title : false,
    }),
    circle: { name: site.settings.name, emblem: site.settings.emblem ?? "" },
    words: site.words,
  };
}

const render = <View extends SheetView>(template: string, view: View): string =>
  printLayouts().render(template, view);

export interface PrintSource {
  kind: "report" | "tactic";
  slug: string;
  title: string;
  /** Under the title on the cover: kind and risk, or month and outcome. */
  subtitle: string;
  facts: [string, string][];
  body: string;
  /** For finishing the PDF: a date from the content. */
  date?: string;
}

export function reportSource(site: Site, r: PublishedReport): PrintSource {
  const w = site.words;
  return {
    kind: "report",
    slug: r.slug,
    title: r.title,
    subtitle: `${r.dateLabel} · ${w.outcomes[r.outcome]}`,
    facts: [
      [w.tactic, r.tacticTitle],
      [w.careMirror, r.careMirrorTitle],
      [w.outcome, w.outcomes[r.outcome]],
      ...(r.participants !== undefined
        ? [[w.participants, String(r.participants)] as [string, string]]
        : []),
    ],
    body: renderBody(site, r),
    date: r.date,
  };
}

/** A shared tactic's credits on its sheets: the circle it came from, what it was adapted from. */
function creditFacts(site: Site, t: PublishedTactic): [string, string][] {
  const w = site.words.exchange;
  const { origin, adaptedFrom } = t.credits;
  return [
    ...(origin ? [[w.from, origin.circle] as [string, string]] : []),
    ...(adaptedFrom.length > 0
      ? [
          [
            w.adaptedFrom,
            adaptedFrom.map((step) => `${step.title} (${step.circle})`).join(" → "),
          ] as [string, string],
        ]
      : []),
  ];
}

export function tacticSource(site: Site, t: PublishedTactic): PrintSource {
  const w = site.words;
  return {
    kind: "tactic",
    slug: t.slug,
    title: t.title,
    subtitle: `${w.kinds[t.kind]} · ${w.risk}${w.colon} ${w.risks[t.risk]}`,
    facts: [
      [w.kind, w.kinds[t.kind]],
      [w.risk, w.risks[t.risk]],
      ...(t.people !== undefined ? [[w.people, String(t.people)] as [string, string]] : []),
      ...(t.prep ? [[w.prep, t.prep] as [string, string]] : []),
      ...(t.pairs.length > 0
        ? [[w.pairsWith, t.pairs.map((p) => p.title).join(", ")] as [string, string]]
        : []),
      ...creditFacts(site, t),
    ],
    body: renderBody(site, t),
  };
}

export interface Fact {
  label: string;
  value: string;
}

const facts = (rows: [string, string][]): Fact[] =>
  rows.map(([label, value]) => ({ label, value }));

/** reading.njk and minizine.njk */
export interface DocumentView extends SheetView {
  cover: { title: string; subtitle: string };
  facts: Fact[];
  /** the text, rendered from Markdown */
  body: Safe;
}

function documentView(site: Site, kind: PrintKind, source: PrintSource): DocumentView {
  return {
    ...sheetView(site, kind, source.title),
    cover: { title: source.title, subtitle: source.subtitle },
    facts: facts(source.facts),
    body: safe(source.body),
  };
}

/** A half-sheet reading copy: cover, the text with running title and page numbers, back cover. */
export function readingHtml(site: Site, source: PrintSource): string {
  return render("reading", documentView(site, "reading", source));
}

/** minizine.njk */
export interface MinizineView extends DocumentView {
  /** the body type in points, "7.0" at the smallest */
  bodySize: string;
}

/**
 * The same text at mini-zine panel size, with its body at `bodyPt` points (7 at the least):
 * the print room tries larger sizes until the eight panels are used.
 */
export function minizineHtml(site: Site, source: PrintSource, bodyPt = 7): string {
  return render<MinizineView>("minizine", {
    ...documentView(site, "minizine", source),
    bodySize: Math.max(7, bodyPt).toFixed(1),
  });
}

/**
 * A link to another tactic in the archive, followed by the page that tactic starts on, so
 * the printed zine can be followed without the link: "pantry (page 12)". "00" holds the
 * place on the first of the archive's two renders.
 */
export function withPageRefs(
  body: string,
  pages: Map<string, number> | undefined,
  slugs: ReadonlySet<string>,
  pageWord: string,
): string {
  return body.replace(
    /<a href="(?:\.\/)?tactics\/([a-z0-9-]+)\.html"[^>]*>[\s\S]*?<\/a>/g,
    (link: string, slug: string) =>
      slugs.has(slug)
        ? `${link}<span class="page-ref"> (${pageWord} ${pages?.get(slug) ?? "00"})</span>`
        : link,
  );
}

/** archive.njk */
export interface ArchiveView extends SheetView {
  cover: { title: string; subtitle: string };
  tactics: { slug: string; title: string; page: string; facts: Fact[]; body: Safe }[];
}

/**
 * The whole archive as one zine. `pages` gives each tactic's first page once known (the
 * archive is rendered twice: once to find where each tactic starts, once with the numbers).
 */
/**
 * `sources`: the tactics' print sources, in site.tactics' order, when the caller has them
 * already (their bodies are rendered Markdown).
 */
export function archiveHtml(
  site: Site,
  pages?: Map<string, number>,
  sources: readonly PrintSource[] = site.tactics.map((t) => tacticSource(site, t)),
): string {
  const w = site.words;
  const slugs = new Set(sources.map((source) => source.slug));
  return render<ArchiveView>("archive", {
    ...sheetView(site, "reading", `${w.archiveZine} · ${site.settings.name}`),
    cover: { title: w.archiveZine, subtitle: `${site.tactics.length} ${w.tactics.toLowerCase()}` },
    tactics: sources.map((source) => ({
      slug: source.slug,
      title: source.title,
      page: String(pages?.get(source.slug) ?? "00"),
      facts: facts(source.facts),
      body: safe(withPageRefs(source.body, pages, slugs, w.page)),
    })),
  });
}

/** cards.njk */
export interface CardsView extends SheetView {
  cards: {
    title: string;
    kind: string;
    risk: string;
    /** the smallest group, or "" */
    people: string;
    prep: string;
    /** a shared tactic's circle and lineage, as label and value (creditFacts) */
    credits: [string, string][];
    /** body type in points, e.g. "8.5" */
    size: string;
    /** the text, rendered from Markdown: whole, or its first blocks when `continues` */
    body: Safe;
    /** the text goes on beyond the card: the card says where */
    continues: boolean;
    mirrorsLabel: string;
    /** each tactic once, whether it pairs with this one or mirrors it */
    mirrors: string[];
  }[];
}

/**
 * The top-level blocks (paragraphs, headings, lists…) of rendered Markdown, so a card too
 * long for its faces can stop at the end of one. Counts nesting by tags: markdown-it writes
 * well-formed HTML and escapes ">" inside attributes.
 */
export function topLevelBlocks(html: string): string[] {
  const VOID = new Set(["br", "hr", "img", "wbr", "input", "source", "col", "area", "embed"]);
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)) {
    const name = (m[2] ?? "").toLowerCase();
    const end = m.index + m[0].length;
    if (m[1] === "/") {
      depth = Math.max(0, depth - 1);
      if (depth === 0) blocks.push(html.slice(start, end).trim());
    } else if (VOID.has(name) || m[0].endsWith("/>")) {
      if (depth === 0) blocks.push(m[0]);
    } else {
      if (depth === 0) start = m.index;
      depth++;
    }
  }
  return blocks;
}

/**
 * The tactic cards as one deck for the print room (src/print/card-fit.ts): each card's
 * front begins with its kind and title, then the facts, the whole text and what it pairs with,
 * flowing onto its back. `sources`: the tactics' print sources, in site.tactics' order.
 */
export function cardDeck(
  site: Site,
  sources: readonly PrintSource[] = site.tactics.map((t) => tacticSource(site, t)),
): CardDeck {
  const w = site.words;
  const blocks = sources.map((source) => topLevelBlocks(source.body));
  const base = site.tactics.map((t) => {
    const mirrors = new Map([...t.pairs, ...t.mirroredBy].map((p) => [p.slug, p.title]));
    return {
      title: t.title,
      kind: w.kinds[t.kind],
      risk: w.risks[t.risk],
      people: t.people !== undefined ? String(t.people) : "",
      prep: t.prep ?? "",
      credits: creditFacts(site, t),
      mirrorsLabel: t.kind === "care" ? w.mirroredBy : w.pairsWith,
      mirrors: [...mirrors.values()],
    };
  });
  const view = sheetView(site, "card", w.tacticCards);
  return {
    heads: base.map((card) => `${card.kind} ${card.title}`),
    blocks: blocks.map((b) => b.length),
    html: (settings, only) =>
      render<CardsView>("cards", {
        ...view,
        cards: base.flatMap((card, i) => {
          if (only !== undefined && only !== i) return [];
          const setting = settings[i] ?? { size: CARD_BODY_SIZES[0] };
          const all = blocks[i] ?? [];
          const keep = setting.keep ?? all.length;
          return [
            {
              ...card,
              size: setting.size.toFixed(1),
              body: safe(all.slice(0, keep).join("\n")),
              continues: keep < all.length,
            },
          ];
        }),
      }),
  };
}

/** The card deck's page with every card in the largest type and its whole text. */
export function cardHtml(site: Site): string {
  const deck = cardDeck(site);
  return deck.html(deck.heads.map(() => ({ size: CARD_BODY_SIZES[0] })));
}

/** poster.njk, which every poster extends */
export interface PosterView extends SheetView {
  /** the body type in points, "20.0" at full size */
  fontSize: string;
}

/** A poster's view: `scale` sizes the type so the text fills one sheet. */
function posterView(site: Site, title: string, scale: number): PosterView {
  return { ...sheetView(site, "poster", title), fontSize: (20 * scale).toFixed(1) };
}

/**
 * The assembly sheet's body type in points. Fixed: it is read aloud, so a long month runs
 * onto a second sheet instead of shrinking (assembly.css keeps everything at 14 pt or more).
 */
export const ASSEMBLY_TYPE_PT = 16;

/** charter-poster.njk */
export interface CharterView extends PosterView {
  adopted: string;
  articles: {
    number: number;
    heading: string;
    body: Safe;
    amendments: { date: string; change: string }[];
  }[];
}

export function charterPosterHtml(site: Site, scale: number): string | undefined {
  const c = site.charter;
  if (!c) return undefined;
  return render<CharterView>("charter-poster", {
    ...posterView(site, c.title, scale),
    adopted: c.adoptedLabel,
    articles: c.articles.map((a) => ({
      number: a.number,
      heading: a.heading,
      body: safe(
        md.render(a.body, {
          file: c.file,
          pageUrl: PRINT_URL,
          urlOf: () => undefined,
          mediaUrl: () => undefined,
        }),
      ),
      amendments: a.amendments.map((m) => ({ date: m.dateLabel, change: m.change })),
    })),
  });
}

/** rotation-poster.njk */
export interface RotationPosterView extends PosterView {
  /** the draw's key, or "" */
  key: string;
  roles: string[];
  terms: { number: number; label: string; seats: string[] }[];
}

export function rotationPosterHtml(site: Site, scale: number): string | undefined {
  const r = site.rotation;
  if (!r) return undefined;
  return render<RotationPosterView>("rotation-poster", {
    ...posterView(site, site.words.rotationPoster, scale),
    key: r.key ?? "",
    roles: r.roles,
    terms: r.terms.map((t) => ({ number: t.number, label: t.label, seats: t.seats })),
  });
}

/** calendar-poster.njk */
export interface CalendarView extends PosterView {
  months: { label: string; events: { kind: string; day: string; name: string }[] }[];
}

export function calendarPosterHtml(site: Site, scale: number): string | undefined {
  const r = site.rhythm;
  if (!r) return undefined;
  return render<CalendarView>("calendar-poster", {
    ...posterView(site, site.words.calendarPoster, scale),
    months: r.months.map((m) => ({
      label: m.label,
      events: m.events.map((e) => ({ kind: e.kind, day: e.date.slice(8), name: e.name })),
    })),
  });
}

export interface AssemblyData {
  month: string;
  monthLabel: string;
  given: string[];
  fund: { currency: string; takenIn: string; paidOut: string; holds: string }[];
  thankYous: { member: string; gave: string }[];
}

/** assembly.njk */
export interface AssemblyView extends PosterView, Omit<AssemblyData, "month"> {
  /** "Ledger for October 2026", in the circle's language. */
  heading: string;
}

export function assemblyHtml(site: Site, data: AssemblyData): string {
  return render<AssemblyView>("assembly", {
    ...posterView(site, `${site.words.assemblySheet} · ${data.monthLabel}`, ASSEMBLY_TYPE_PT / 20),
    monthLabel: data.monthLabel,
    heading: ledgerHeading(site.words, data.monthLabel),
    given: data.given,
    fund: data.fund,
    thankYous: data.thankYous,
  });
}
