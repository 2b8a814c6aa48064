// What one audience sees: the published subset of a circle's content, shaped for templates.
// Pure: the public site is derived here and nowhere else, so "public holds only public
// content" is one function to read and test.
import type { PreparedCircle } from "../prepare.ts";
import { ledgerView, type LedgerView } from "./ledger-view.ts";
import { calendarIcs } from "../rhythm/index.ts";
import { buildSearchIndex, type SearchDoc } from "../search/index.ts";
import { atomFeed } from "./feed.ts";
import { vouchAs, vouchTexts, writtenIn } from "../canonical-json.ts";
import type {
  Audience,
  Charter,
  CircleSettings,
  LedgerMonthFile,
  Report,
  Roster,
  Tactic,
} from "../content/model.ts";
import { OUTCOMES, RISKS, TACTIC_KINDS } from "../content/model.ts";
import { formatDay, formatMonth } from "./dates.ts";
import { urlOfContent } from "./urls.ts";
import { ledgerHeading, wordsFor, type Words } from "./words.ts";
import { lineageView, type TacticLineage } from "./lineage-view.ts";

export interface PublishedReport extends Report {
  url: string;
  /** Exact day for the circle; year and month only in public. */
  dateLabel: string;
  tacticTitle: string;
  tacticUrl?: string;
  careMirrorTitle: string;
  careMirrorUrl?: string;
}

export interface TacticLink {
  slug: string;
  title: string;
  url: string;
}

export interface PublishedTactic extends Tactic {
  url: string;
  /** The care tactics it pairs with. */
  pairs: TacticLink[];
  /** For a care tactic: the tactics that pair with it (the archive links both ways). */
  mirroredBy: TacticLink[];
  /** Reports of this audience that used it, as tactic or care mirror, newest first. */
  reportsUsing: { title: string; url: string; outcome: Report["outcome"] }[];
  /** "Used in 5 reports: 3 won, 1 partial, 1 lost.": this audience's reports only. */
  usedLine: string;
  /** The circle it came from, what it was adapted from and who adapted it (lineage-view.ts). */
  credits: TacticLineage;
}

export interface PublishedCharter extends Charter {
  /** Exact day for the circle; year and month only in public. */
  adoptedLabel: string;
  articles: (Omit<Charter["articles"][number], "amendments"> & {
    amendments: (Charter["amendments"][number] & { dateLabel: string })[];
  })[];
}

export interface PublishedLedgerMonth extends LedgerMonthFile {
  monthLabel: string;
  /** "Ledger for October 2026", in the circle's language. */
  heading: string;
  view: LedgerView["months"][number];
}

export interface PublishedRoster extends Roster {
  startLabel: string;
  members: (Roster["members"][number] & { awayLabel: string })[];
}

export interface RotationView {
  roles: string[];
  key?: string;
  order: string[];
  terms: { number: number; label: string; seats: string[] }[];
  fairness: { member: string; turns: number[]; total: number }[];
  notes: string[];
}

export interface Site {
  audience: Audience;
  settings: CircleSettings;
  words: Words;
  csp: string;
  nav: { label: string; url: string }[];
  /** The ways into the tactics archive, on each of its index pages. */
  archiveNav: { label: string; url: string }[];
  reports: PublishedReport[];
  tactics: PublishedTactic[];
  tacticsByKind: { kind: string; label: string; tactics: PublishedTactic[] }[];
  tacticsByRisk: { risk: string; label: string; tactics: PublishedTactic[] }[];
  tacticsByTag: { tag: string; tactics: PublishedTactic[] }[];
  /** Tactics by first letter, for the A–Z index. */
  tacticsAZ: { letter: string; tactics: PublishedTactic[] }[];
  /** This circle's own tactics, then each other circle's, by title (only when some came from others). */
  tacticsByOrigin: {
    origin: string;
    label: string;
    tactics: PublishedTactic[];
    /** The first group of another circle's tactics, under the "from other circles" heading. */
    firstFromOthers?: boolean;
  }[];
  charter?: PublishedCharter;
  ledger: PublishedLedgerMonth[];
  /** Charts and whether rows are shown; only meaningful when `ledger` is not empty. */
  ledgerView: LedgerView;
  roster?: PublishedRoster;
  /** The rotation table (circle only). */
  rotation?: RotationView;
  /** The rhythm calendar month by month, and as iCalendar (circle only). */
  rhythm?: {
    months: {
      month: string;
      label: string;
      events: { date: string; dateLabel: string; kind: string; name: string }[];
    }[];
    ics: string;
  };
  /** The printed sheets, once rendered (set by the build; absent with --no-pdf). */
  printables?: {
    title: string;
    /** the paper's name, on the first group of each paper when there are several */
    paperHeading?: string;
    /** `sheets`: the paper and how many sheets, e.g. "A4 · 3 sheets, both sides" */
    files: { label: string; href: string; how: string; sheets?: string }[];
    notes: string[];
  }[];
  /** An Atom feed of public reports: only with a base URL, since a feed needs absolute addresses. */
  feed?: string;
  /**
   * What search-index.js is made from: this audience's own pages only. The text is made by
   * searchIndexOf, or on a thread of its own by searchIndexFor (search-page.ts).
   */
  searchDocs: SearchDoc[];
  /** Content paths of the images the published pages use. */
  media: string[];
  /**
   * The newest day in this audience's own documents (reports, charter, ledger months; for the
   * circle also the roster and the rhythm): the date of sheets that carry none of their own.
   */
  newestDay: string;
  /** Site URL of a published content file, or undefined when this audience does not have it. */
  urlOf: (file: string) => string | undefined;
}

/** The text of a site's search-index.js, made here and now. */
export function searchIndexOf(site: Pick<Site, "searchDocs" | "settings">): string {
  return buildSearchIndex(site.searchDocs, site.settings.language);
}

/**
 * Each report view's search page: the same object while the view is (see reportView), so the
 * search index thread is sent only the pages of reports that changed (search/index-thread.ts).
 */
const reportPages = new WeakMap<PublishedReport, SearchDoc>();

/** What the search index holds: every published report and tactic, as plain text. */
export function searchDocs(
  reports: readonly PublishedReport[],
  tactics: readonly PublishedTactic[],
  words: Words,
): SearchDoc[] {
  return [
    ...reports.map((r) => {
      const kind = `${words.reports} · ${r.dateLabel}${r.from ? ` · ${r.from.circle}` : ""}`;
      const known = reportPages.get(r);
      if (known?.kind === kind) return known;
      const page = searchPage(r, kind);
      reportPages.set(r, page);
      return page;
    }),
    ...tactics.map((t) =>
      searchPage(
        t,
        `${words.tactics} · ${words.kinds[t.kind]}${t.from ? ` · ${t.from.circle}` : ""}`,
      ),
    ),
  ];
}

/** A report's or tactic's search page, its text vouched for as the document's plain text was. */
function searchPage(doc: PublishedReport | PublishedTactic, kind: string): SearchDoc {
  const page = {
    id: doc.url,
    url: doc.url.slice(1),
    title: doc.title,
    kind,
    text: doc.plainText,
    tags: doc.tags,
  };
  vouchTexts(page, [["text", doc.plainText, writtenIn(doc, "plainText", doc.plainText)]]);
  return page;
}

/**
 * Nothing on a page may load from another host. `file:` is listed beside 'self' because a page
 * opened from a USB stick has an opaque origin that 'self' alone does not match everywhere.
 */
export const CSP =
  "default-src 'none'; style-src 'self' file:; img-src 'self' file:; font-src 'self' file:; script-src 'self' file:; base-uri 'none'; form-action 'self' file:";

const visible = (audience: Audience, doc: { audience: Audience }): boolean =>
  audience === "circle" || doc.audience === "public";

export interface SiteOptions {
  /** The address the public archive is served from; only then is there a feed. */
  baseUrl?: string;
}

type ReportAdditions = Omit<PublishedReport, keyof Report>;

/**
 * Each report's view, by the report and the audience. A report `mimeo serve` read in an earlier
 * load is the same object (see reportsRead in content/load.ts): while what its view adds is the
 * same, the view is the same object too, and fingerprintPages does not write it out again.
 * Views are never changed once made.
 */
const reportViews = new WeakMap<
  Report,
  Map<Audience, { added: ReportAdditions; view: PublishedReport }>
>();

/** Whether two views add the same fields with the same values (all of them texts). */
function sameAdditions(a: ReportAdditions, b: ReportAdditions): boolean {
  const keys = Object.keys(a) as (keyof ReportAdditions)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function reportView(report: Report, audience: Audience, added: ReportAdditions): PublishedReport {
  let kept = reportViews.get(report);
  if (kept === undefined) {
    kept = new Map();
    reportViews.set(report, kept);
  }
  const known = kept.get(audience);
  if (known && sameAdditions(known.added, added)) return known.view;
  const view: PublishedReport = { ...report, ...added };
  vouchAs(view, report);
  kept.set(audience, { added, view });
  return view;
}

/**
 * What `audience` sees of a prepared circle: every page, sheet, index and feed is made from
 * this view and nothing else.
 *
 * The public view is made from public matter only: documents marked `audience: public` that
 * have not expired. Every count, outcome, date, tag, title, "newest" and total it shows (a
 * tactic's "used in" line and its reports, the tag lists, the search index, the feed, the
 * newest day that dates sheets without a date of their own) is computed from those documents
 * alone, so adding or removing circle-only or expired matter never changes a public byte. A
 * public report that names a tactic the public cannot see shows the slug it wrote, not the
 * tactic's title. Dates (of reports, of the charter and its amendments) show the month only.
 */
export function siteFor(
  prepared: PreparedCircle,
  audience: Audience,
  options: SiteOptions = {},
): Site {
  const { circle } = prepared;
  const { settings } = circle;
  // Each report's address is asked for by its own page, its tactics' pages and the indexes.
  const urls = new Map<string, string | undefined>();
  const contentUrl = (file: string): string | undefined => {
    if (!urls.has(file)) urls.set(file, urlOfContent(file));
    return urls.get(file);
  };
  const words = wordsFor(settings.language);
  const zone = settings.timezone;
  const lang = settings.language;
  const day = (iso: string): string => formatDay(iso, lang, zone);
  // A public page dates nothing finer than the month: a day could place an action or an assembly.
  const shown = (iso: string): string =>
    audience === "public" ? formatMonth(iso, lang, zone) : day(iso);

  const tactics = circle.tactics.filter((t) => visible(audience, t));
  const reports = circle.reports.filter((r) => visible(audience, r));
  const charter = circle.charter && visible(audience, circle.charter) ? circle.charter : undefined;
  // The roster, the rotation table and the calendar name members: circle content, always.
  const roster = audience === "circle" ? circle.roster : undefined;
  const plan = audience === "circle" ? prepared.rotation : undefined;
  // A public ledger month shows totals only (ledgerView leaves rows, names and notes out).
  const ledger = circle.ledger.filter((m) => visible(audience, m));
  const view = prepared.ledgerViews?.[audience] ?? ledgerView(prepared.ledger, audience, lang);

  const published = new Set<string>([
    ...tactics.map((t) => t.file),
    ...reports.map((r) => r.file),
    ...(charter ? [charter.file] : []),
    ...(roster ? [roster.file] : []),
    // Public ledger months show no body: links inside them are not followed.
    ...(audience === "circle" ? ledger.map((m) => m.file) : []),
  ]);
  const urlOf = (file: string): string | undefined =>
    published.has(file) ? contentUrl(file) : undefined;

  const tacticBySlug = new Map(tactics.map((t) => [t.slug, t]));
  // A tactic this audience cannot see is named by the slug its report wrote, not by its title.
  const titleOf = (slug: string): string => tacticBySlug.get(slug)?.title ?? slug;

  const link = (p: Tactic): TacticLink => ({
    slug: p.slug,
    title: p.title,
    url: contentUrl(p.file) ?? "",
  });
  const credits = lineageView({
    tactics,
    ...(settings.exchangeName !== undefined ? { exchangeName: settings.exchangeName } : {}),
    words,
    language: lang,
    zone,
    urlOf: (t) => contentUrl(t.file) ?? "",
    showReceived: audience === "circle",
  });
  // Each tactic's reports, as tactic or care mirror, in the reports' order: one pass over the
  // reports rather than one per tactic (4,000 reports and 80 tactics).
  const usedBy = new Map<string, Report[]>();
  for (const r of reports) {
    for (const slug of new Set([r.tactic, r.careMirror.slug])) {
      if (slug === undefined) continue;
      const using = usedBy.get(slug);
      if (using) using.push(r);
      else usedBy.set(slug, [r]);
    }
  }
  const publishedTactics: PublishedTactic[] = tactics.map((t) => {
    const view = publishedTactic(t);
    vouchAs(view, t);
    return view;
  });
  function publishedTactic(t: Tactic): PublishedTactic {
    const using = usedBy.get(t.slug) ?? [];
    const counts = OUTCOMES.map((o) => [o, using.filter((r) => r.outcome === o).length] as const)
      .filter(([, n]) => n > 0)
      .map(([o, n]) => `${n} ${words.outcomes[o]}`)
      .join(", ");
    return {
      ...t,
      url: contentUrl(t.file) ?? "",
      pairs: t.pairsWith
        .map((slug) => tacticBySlug.get(slug))
        .filter((p): p is Tactic => p !== undefined)
        .map(link),
      mirroredBy: tactics.filter((o) => o.pairsWith.includes(t.slug)).map(link),
      reportsUsing: using.map((r) => ({
        title: r.title,
        url: contentUrl(r.file) ?? "",
        outcome: r.outcome,
      })),
      usedLine: words.usedIn(using.length, counts),
      credits: credits(t),
    };
  }
  const collator = new Intl.Collator(lang, { sensitivity: "base" });
  const byTitle = [...publishedTactics].sort((a, b) => collator.compare(a.title, b.title));
  const letterOf = (title: string): string =>
    title.normalize("NFKD").replace(/\p{M}/gu, "").charAt(0).toUpperCase();
  const letters = [...new Set(byTitle.map((t) => letterOf(t.title)))];
  const tags = [...new Set(publishedTactics.flatMap((t) => t.tags))].sort(collator.compare);

  const publishedReports: PublishedReport[] = reports.map((r) => {
    const tactic = tacticBySlug.get(r.tactic);
    const mirror = r.careMirror.slug ? tacticBySlug.get(r.careMirror.slug) : undefined;
    const added = {
      url: contentUrl(r.file) ?? "",
      // An imported report's date is the month its circle published, whatever the audience.
      dateLabel: r.from ? formatMonth(r.date, lang, zone) : shown(r.date),
      tacticTitle: titleOf(r.tactic),
      ...(tactic ? { tacticUrl: contentUrl(tactic.file) ?? "" } : {}),
      careMirrorTitle: r.careMirror.slug ? titleOf(r.careMirror.slug) : r.careMirror.text,
      ...(mirror ? { careMirrorUrl: contentUrl(mirror.file) ?? "" } : {}),
    };
    return reportView(r, audience, added);
  });

  // Browsing by origin is offered once some tactic here came from another circle.
  const circlesFrom = [...new Set(byTitle.flatMap((t) => (t.from ? [t.from.circle] : [])))].sort(
    collator.compare,
  );
  const byOrigin =
    circlesFrom.length === 0
      ? []
      : [
          {
            origin: "ours",
            label: words.exchange.ours,
            tactics: byTitle.filter((t) => !t.from),
          },
          ...circlesFrom.map((circle, i) => ({
            origin: "from",
            label: circle,
            tactics: byTitle.filter((t) => t.from?.circle === circle),
            firstFromOthers: i === 0,
          })),
        ].filter((group) => group.tactics.length > 0);

  const nav = [
    { label: words.home, url: "/index.html" },
    ...(publishedReports.length > 0 ? [{ label: words.reports, url: "/reports.html" }] : []),
    { label: words.tactics, url: "/tactics.html" },
    ...(charter ? [{ label: words.charter, url: "/charter.html" }] : []),
    ...(ledger.length > 0 ? [{ label: words.ledger, url: "/ledger.html" }] : []),
    ...(roster ? [{ label: words.rotation, url: "/rotation.html" }] : []),
    ...(audience === "circle" ? [{ label: words.rhythm, url: "/rhythm.html" }] : []),
  ];
  // The print index joins the menu once the build has rendered the sheets (see printables).

  return {
    audience,
    settings,
    words,
    csp: CSP,
    nav,
    archiveNav: [
      { label: words.byKind, url: "/tactics.html" },
      { label: words.byRisk, url: "/tactics-by-risk.html" },
      { label: words.byTag, url: "/tactics-by-tag.html" },
      { label: words.aToZ, url: "/tactics-a-z.html" },
      ...(byOrigin.length > 0
        ? [{ label: words.exchange.byOrigin, url: "/tactics-by-origin.html" }]
        : []),
    ],
    reports: publishedReports,
    tactics: publishedTactics,
    tacticsByKind: TACTIC_KINDS.map((kind) => ({
      kind,
      label: words.kinds[kind],
      tactics: publishedTactics.filter((t) => t.kind === kind),
    })).filter((g) => g.tactics.length > 0),
    tacticsByRisk: RISKS.map((risk) => ({
      risk,
      label: words.risks[risk],
      tactics: byTitle.filter((t) => t.risk === risk),
    })).filter((g) => g.tactics.length > 0),
    tacticsByTag: tags.map((tag) => ({
      tag,
      tactics: byTitle.filter((t) => t.tags.includes(tag)),
    })),
    tacticsByOrigin: byOrigin,
    tacticsAZ: letters.map((letter) => ({
      letter,
      tactics: byTitle.filter((t) => letterOf(t.title) === letter),
    })),
    ...(charter
      ? {
          charter: {
            ...charter,
            adoptedLabel: shown(charter.adopted),
            articles: charter.articles.map((a) => ({
              ...a,
              amendments: a.amendments.map((m) => ({ ...m, dateLabel: shown(m.date) })),
            })),
          },
        }
      : {}),
    ledger: ledger.flatMap((m) => {
      const monthView = view.months.find((v) => v.month === m.month);
      const monthLabel = formatMonth(m.month, lang, zone);
      return monthView
        ? [{ ...m, monthLabel, heading: ledgerHeading(words, monthLabel), view: monthView }]
        : [];
    }),
    ledgerView: view,
    ...(roster
      ? {
          roster: {
            ...roster,
            startLabel: day(roster.start),
            members: roster.members.map((m) => ({
              ...m,
              awayLabel: m.away ? `${day(m.away[0])} – ${day(m.away[1])}` : "",
            })),
          },
        }
      : {}),
    ...(plan
      ? {
          rotation: {
            roles: plan.roles,
            ...(plan.key ? { key: plan.key } : {}),
            order: plan.order,
            terms: plan.terms.map((t) => ({
              number: t.number,
              label: `${day(t.start)} – ${day(t.end)}`,
              seats: plan.roles.map((role) => t.seats.find((x) => x.role === role)?.member ?? ""),
            })),
            fairness: plan.fairness.map((f) => ({
              member: f.member,
              turns: plan.roles.map((r) => f.turns[r] ?? 0),
              total: f.total,
            })),
            notes: plan.notes,
          },
        }
      : {}),
    ...(audience === "circle"
      ? {
          rhythm: {
            months: prepared.calendar.months.map((m) => ({
              month: m.month,
              label: m.label,
              events: m.events.map((e) => ({
                date: e.date,
                dateLabel: day(e.date),
                kind: e.kind,
                name: e.name,
              })),
            })),
            ics: calendarIcs(prepared.calendar, {
              circleName: settings.name,
              // A fixed stamp from the content, so the file is the same build after build.
              stamp: `${prepared.calendar.start}T00:00:00Z`,
            }),
          },
        }
      : {}),
    ...(options.baseUrl && audience === "public"
      ? { feed: atomFeed(settings.name, options.baseUrl, publishedReports, settings.language) }
      : {}),
    searchDocs: searchDocs(publishedReports, publishedTactics, words),
    media: [
      ...new Set(circle.media.filter((m) => published.has(m.file)).map((m) => m.path)),
    ].sort(),
    newestDay:
      [
        ...reports.map((r) => r.date),
        ...(charter ? [charter.adopted, ...charter.amendments.map((a) => a.date)] : []),
        ...ledger.map((m) => `${m.month}-01`),
        ...(roster ? [roster.start] : []),
        ...(audience === "circle" ? [settings.rhythm.start] : []),
      ]
        .sort()
        .at(-1) ?? "1970-01-01",
    urlOf,
  };
}
