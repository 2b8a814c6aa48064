// The Atom feed of new public reports (RFC 4287). Absolute addresses are unavoidable in a feed,
// so it exists only when the circle gives --base-url; dates are months, as on public pages.

/** What the feed shows of a published report (audience.ts's PublishedReport carries all of it). */
export interface FeedReport {
  title: string;
  /** Root-absolute, as on the site: "/reports/heat-stoppage.html". */
  url: string;
  date: string;
  tacticTitle: string;
  dateLabel: string;
}

const xml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function atomFeed(
  circleName: string,
  baseUrl: string,
  reports: readonly FeedReport[],
  language: string,
): string {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const month = (iso: string): string => `${iso.slice(0, 7)}-01T00:00:00Z`;
  const newest =
    reports
      .map((r) => month(r.date))
      .sort()
      .at(-1) ?? "1970-01-01T00:00:00Z";
  const entries = reports
    .slice(0, 50)
    .map((r) => {
      const url = new URL(r.url.slice(1), base).href;
      return `  <entry>
    <title>${xml(r.title)}</title>
    <link href="${xml(url)}"/>
    <id>${xml(url)}</id>
    <updated>${month(r.date)}</updated>
    <summary>${xml(`${r.tacticTitle} · ${r.dateLabel}`)}</summary>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(language)}">
  <title>${xml(circleName)}</title>
  <link href="${xml(new URL("feed.xml", base).href)}" rel="self"/>
  <link href="${xml(new URL("index.html", base).href)}"/>
  <id>${xml(new URL("index.html", base).href)}</id>
  <updated>${newest}</updated>
  <author><name>${xml(circleName)}</name></author>
${entries}
</feed>
`;
}
