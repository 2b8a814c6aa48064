// The HTML of every printed sheet, composed from what one audience sees: reading copies and
// mini-zines of reports and tactics, the archive zine, tactic cards, and the wall posters.
// Pure: strings in, strings out; src/site/print-build.ts renders them.
import { escapeHtml, fontDirUrl, printDocument, type PrintKind } from "../print/index.ts";
import { markdownToPlainText } from "../search/index.ts";
import type { Site, PublishedReport, PublishedTactic } from "./audience.ts";
import { createMarkdown } from "./markdown.ts";

const md = createMarkdown();
/** Print pages are composed as if they sat at the site's root, so images resolve to media/. */
const PRINT_URL = "/__print.html";

export function renderBody(site: Site, doc: { file: string; body: string }): string {
  return md.render(doc.body, {
    file: doc.file,
    pageUrl: PRINT_URL,
    urlOf: (f: string) => site.urlOf(f),
    mediaUrl: (p: string) => (site.media.includes(p) ? `/${p}` : undefined),
  });
}

/** Facts under a title, as a two-column list that needs no colour to read. */
const FACTS_CSS = `dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 3mm; margin: 0 0 3mm; padding: 1.5mm 0; border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; }
dl.facts dt { font-weight: 700; } dl.facts dd { margin: 0; }`;

function shell(site: Site, kind: PrintKind, title: string, body: string, css = ""): string {
  return printDocument({
    kind,
    title,
    lang: site.settings.language,
    body,
    fontBaseUrl: fontDirUrl(),
    runningTitle: kind === "reading" ? title : false,
    css: `${FACTS_CSS}\n${css}`,
  });
}

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

export function tacticSource(site: Site, t: PublishedTactic): PrintSource {
  const w = site.words;
  return {
    kind: "tactic",
    slug: t.slug,
    title: t.title,
    subtitle: `${w.kinds[t.kind]} · ${w.risk}: ${w.risks[t.risk]}`,
    facts: [
      [w.kind, w.kinds[t.kind]],
      [w.risk, w.risks[t.risk]],
      ...(t.people !== undefined ? [[w.people, String(t.people)] as [string, string]] : []),
      ...(t.prep ? [[w.prep, t.prep] as [string, string]] : []),
      ...(t.pairs.length > 0
        ? [[w.pairsWith, t.pairs.map((p) => p.title).join(", ")] as [string, string]]
        : []),
    ],
    body: renderBody(site, t),
  };
}

const facts = (rows: [string, string][]): string =>
  `<dl class="facts">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`;

function cover(site: Site, source: PrintSource): string {
  const emblem = site.settings.emblem
    ? `<p class="emblem">${escapeHtml(site.settings.emblem)}</p>`
    : "";
  return `<section class="cover"><h1>${escapeHtml(source.title)}</h1><p class="subtitle">${escapeHtml(source.subtitle)}</p>${emblem}<p class="circle">${escapeHtml(site.settings.name)}</p></section>`;
}

function backCover(site: Site): string {
  return `<section class="back-cover"><p><strong>${escapeHtml(site.settings.name)}</strong></p><p>${escapeHtml(site.words.copyFold)}</p></section>`;
}

/** A half-sheet reading copy: cover, the text with running title and page numbers, back cover. */
export function readingHtml(site: Site, source: PrintSource): string {
  return shell(
    site,
    "reading",
    source.title,
    `${cover(site, source)}<article>${facts(source.facts)}${source.body}</article>${backCover(site)}`,
  );
}

/** The same text at mini-zine panel size, 7 pt: fits eight panels or gets no mini-zine. */
export function minizineHtml(site: Site, source: PrintSource): string {
  return shell(
    site,
    "minizine",
    source.title,
    `${cover(site, source)}<article>${facts(source.facts)}${source.body}</article>${backCover(site)}`,
  );
}

/**
 * The whole archive as one zine. `pages` gives each tactic's first page once known (the
 * archive is rendered twice: once to find where each tactic starts, once with the numbers).
 */
export function archiveHtml(site: Site, pages?: Map<string, number>): string {
  const w = site.words;
  const toc = site.tactics
    .map(
      (t) =>
        `<li><span class="toc-title">${escapeHtml(t.title)}</span> <span class="toc-page">${pages?.get(t.slug) ?? "00"}</span></li>`,
    )
    .join("");
  const sections = site.tactics
    .map((t) => {
      const source = tacticSource(site, t);
      return `<section class="archive-tactic" data-slug="${escapeHtml(t.slug)}"><h1>${escapeHtml(t.title)}</h1>${facts(source.facts)}${source.body}</section>`;
    })
    .join("");
  const css = `
.toc { list-style: none; padding: 0; break-after: page; }
.toc li { display: flex; gap: 2mm; margin-bottom: 1.5mm; }
.toc .toc-title { flex: 1; }
.toc .toc-page { font-variant-numeric: tabular-nums; }
.archive-tactic { break-before: page; }`;
  return shell(
    site,
    "reading",
    `${w.archiveZine} · ${site.settings.name}`,
    `${cover(site, { kind: "tactic", slug: "", title: w.archiveZine, subtitle: `${site.tactics.length} ${w.tactics.toLowerCase()}`, facts: [], body: "" })}<h1>${escapeHtml(w.contentsPage)}</h1><ol class="toc">${toc}</ol>${sections}${backCover(site)}`,
    css,
  );
}

/** Card fronts (title, kind, risk, people, prep) and backs (first lines, care mirrors). */
export function cardHtml(site: Site): { fronts: string; backs: string } {
  const w = site.words;
  const fronts = site.tactics
    .map(
      (t) =>
        `<section class="card"><p class="kind">${escapeHtml(w.kinds[t.kind])}</p><h1>${escapeHtml(t.title)}</h1><ul class="facts"><li>${escapeHtml(w.risk)}: ${escapeHtml(w.risks[t.risk])}</li>${t.people !== undefined ? `<li>${escapeHtml(w.cardPeople)}: ${t.people}</li>` : ""}${t.prep ? `<li>${escapeHtml(w.cardPrep)}: ${escapeHtml(t.prep)}</li>` : ""}</ul></section>`,
    )
    .join("");
  const backs = site.tactics
    .map((t) => {
      const words = markdownToPlainText(t.body).split(/\s+/).filter(Boolean);
      const lines = words.slice(0, 70).join(" ") + (words.length > 70 ? " …" : "");
      const mirrors = [...t.pairs, ...t.mirroredBy].map((p) => p.title);
      return `<section class="card card-back"><h2>${escapeHtml(t.title)}</h2><p>${escapeHtml(lines)}</p>${mirrors.length > 0 ? `<p><strong>${escapeHtml(t.kind === "care" ? w.mirroredBy : w.pairsWith)}:</strong> ${escapeHtml(mirrors.join(", "))}</p>` : ""}</section>`;
    })
    .join("");
  return {
    fronts: shell(site, "card", w.tacticCards, fronts),
    backs: shell(site, "card", w.tacticCards, backs),
  };
}

/** A poster: `scale` shrinks the type when the text would not fit one sheet. */
function posterShell(
  site: Site,
  title: string,
  body: string,
  scale: number,
  extraCss = "",
): string {
  return shell(
    site,
    "poster",
    title,
    `${body}<p class="poster-footer">${escapeHtml(site.settings.name)} · ${escapeHtml(site.words.copyFold)}</p>`,
    `html { font-size: ${(20 * scale).toFixed(1)}pt; } ${extraCss}`,
  );
}

export function charterPosterHtml(site: Site, scale: number): string | undefined {
  const c = site.charter;
  if (!c) return undefined;
  const w = site.words;
  const articles = c.articles
    .map(
      (a) =>
        `<section class="article"><h2>${a.number}. ${escapeHtml(a.heading)}</h2>${md.render(a.body, { file: c.file, pageUrl: PRINT_URL, urlOf: () => undefined, mediaUrl: () => undefined })}${a.amendments.map((m) => `<p class="amendment">${escapeHtml(w.amended)} ${escapeHtml(m.dateLabel)}: ${escapeHtml(m.change)}</p>`).join("")}</section>`,
    )
    .join("");
  return posterShell(
    site,
    c.title,
    `<h1>${escapeHtml(c.title)}</h1><p class="meta">${escapeHtml(w.adopted)}: ${escapeHtml(c.adoptedLabel)}</p><div class="columns">${articles}</div>`,
    scale,
    ".article { break-inside: avoid; } .amendment { font-style: italic; border-left: 2pt solid #000; padding-left: 3mm; }",
  );
}

export function rotationPosterHtml(site: Site, scale: number): string | undefined {
  const r = site.rotation;
  if (!r) return undefined;
  const w = site.words;
  const head = `<tr><th>${escapeHtml(w.term)}</th>${r.roles.map((x) => `<th>${escapeHtml(x)}</th>`).join("")}</tr>`;
  const rows = r.terms
    .map(
      (t) =>
        `<tr><th>${t.number}. ${escapeHtml(t.label)}</th>${t.seats.map((m) => `<td>${escapeHtml(m)}</td>`).join("")}</tr>`,
    )
    .join("");
  const key = r.key ? `<p>${escapeHtml(w.key)}: <code>${escapeHtml(r.key)}</code></p>` : "";
  return posterShell(
    site,
    w.rotationPoster,
    `<h1>${escapeHtml(w.rotationPoster)}</h1>${key}<table class="poster-table"><thead>${head}</thead><tbody>${rows}</tbody></table>`,
    scale,
    ".poster-table { width: 100%; border-collapse: collapse; } .poster-table th, .poster-table td { border: 1.5pt solid #000; padding: 2mm 3mm; text-align: left; }",
  );
}

export function calendarPosterHtml(site: Site, scale: number): string | undefined {
  const r = site.rhythm;
  if (!r) return undefined;
  const w = site.words;
  const marks: Record<string, string> = {
    pulse: "●",
    decompress: "○",
    assembly: "■",
    handover: "⇄",
  };
  const months = r.months
    .map(
      (m) =>
        `<section class="month"><h2>${escapeHtml(m.label)}</h2><ul>${m.events.map((e) => `<li>${marks[e.kind] ?? ""} ${escapeHtml(e.date.slice(8))} ${escapeHtml(e.name)}</li>`).join("")}</ul></section>`,
    )
    .join("");
  return posterShell(
    site,
    w.calendarPoster,
    `<h1>${escapeHtml(w.calendarPoster)}</h1><div class="months">${months}</div>`,
    scale,
    ".months { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm 8mm; } .month { break-inside: avoid; } .month ul { list-style: none; padding: 0; margin: 0; } .month li { font-size: 0.7em; }",
  );
}

export interface AssemblyData {
  month: string;
  monthLabel: string;
  given: string[];
  fund: { currency: string; takenIn: string; paidOut: string; holds: string }[];
  thankYous: { member: string; gave: string }[];
}

export function assemblyHtml(site: Site, data: AssemblyData, scale: number): string {
  const w = site.words;
  const fund = data.fund
    .map(
      (f) =>
        `<tr><th>${escapeHtml(f.currency)}</th><td>${escapeHtml(f.takenIn)}</td><td>${escapeHtml(f.paidOut)}</td><td>${escapeHtml(f.holds)}</td></tr>`,
    )
    .join("");
  return posterShell(
    site,
    `${w.assemblySheet} · ${data.monthLabel}`,
    `<h1>${escapeHtml(w.ledgerMonth)} ${escapeHtml(data.monthLabel)}</h1>
<h2>${escapeHtml(w.monthTotals)}</h2><ul>${data.given.map((g) => `<li>${escapeHtml(g)}</li>`).join("")}</ul>
<h2>${escapeHtml(w.fund)}</h2><table class="poster-table"><thead><tr><th></th><th>${escapeHtml(w.takenIn)}</th><th>${escapeHtml(w.paidOut)}</th><th>${escapeHtml(w.holds)}</th></tr></thead><tbody>${fund}</tbody></table>
<h2>${escapeHtml(w.thankYous)}</h2><ul>${data.thankYous.map((t) => `<li><strong>${escapeHtml(t.member)}</strong>: ${escapeHtml(t.gave)}</li>`).join("")}</ul>`,
    scale,
    ".poster-table { border-collapse: collapse; } .poster-table th, .poster-table td { border: 1.5pt solid #000; padding: 1.5mm 3mm; text-align: right; }",
  );
}
