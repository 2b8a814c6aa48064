import { describe, expect, it } from "vitest";
import path from "node:path";
import { relativeUrl, urlOfContent } from "../../src/site/urls.ts";
import { createMarkdown, type RenderTarget } from "../../src/site/markdown.ts";
import { siteFor } from "../../src/site/audience.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { formatDay, formatMonth } from "../../src/site/dates.ts";
import { ledgerHeading, WORDS } from "../../src/site/words.ts";

describe("relative URLs", () => {
  it.each([
    ["/index.html", "/assets/site.css", "assets/site.css"],
    ["/reports/a.html", "/assets/site.css", "../assets/site.css"],
    ["/reports/a.html", "/reports/b.html", "b.html"],
    ["/reports/a.html", "/index.html", "../index.html"],
    ["/reports/a.html", "/", "../index.html"],
    ["/index.html", "/ledger.html#m-2026-10", "ledger.html#m-2026-10"],
    ["/index.html", "/index.html", "index.html"],
    ["/tactics/x.html", "https://example.org/", "https://example.org/"],
  ])("from %s to %s is %s", (from, to, expected) => {
    expect(relativeUrl(from, to)).toBe(expected);
  });

  it("gives each folder its own link to the same page, asked in any order", () => {
    const asked = [
      ["/reports/a.html", "../tactics/t.html"],
      ["/index.html", "tactics/t.html"],
      ["/reports/b.html", "../tactics/t.html"],
      ["/reports/", "../tactics/t.html"],
      ["/tactics/u.html", "t.html"],
      ["/", "tactics/t.html"],
    ];
    for (const [from = "", expected] of [...asked, ...asked.reverse()]) {
      expect(relativeUrl(from, "/tactics/t.html")).toBe(expected);
    }
  });

  it("maps content files to pages", () => {
    expect(urlOfContent("reports/a.md")).toBe("/reports/a.html");
    expect(urlOfContent("ledger/2026-10.md")).toBe("/ledger.html#m-2026-10");
    expect(urlOfContent("charter.md")).toBe("/charter.html");
    expect(urlOfContent("media/x.jpg")).toBeUndefined();
  });
});

describe("Markdown rendering", () => {
  const md = createMarkdown();
  const target = (published: string[], pageUrl = "/reports/a.html"): RenderTarget => ({
    file: "reports/a.md",
    pageUrl,
    urlOf: (file) => (published.includes(file) ? urlOfContent(file) : undefined),
    mediaUrl: (p) => (p === "media/bay.jpg" ? "/media/bay.jpg" : undefined),
  });

  it("turns .md links into relative .html links, keeping the fragment", () => {
    const html = md.render(
      "See [the pantry](../tactics/pantry.md#how).",
      target(["tactics/pantry.md"]),
    );
    expect(html).toContain('<a href="../tactics/pantry.html#how">the pantry</a>');
  });

  it("turns a link to unpublished content into plain text", () => {
    const html = md.render("See [the meeting](b.md) and **more**.", target([]));
    expect(html).toBe("<p>See the meeting and <strong>more</strong>.</p>\n");
  });

  it("points images at their re-encoded copy and drops ones not published", () => {
    const html = md.render("![A bay](../media/bay.jpg) ![x](../media/other.jpg)", target([]));
    expect(html).toContain('<img src="../media/bay.jpg" alt="A bay" loading="lazy">');
    expect(html).not.toContain("other.jpg");
  });

  it("does not pass raw HTML through", () => {
    const html = md.render('<img src="https://tracker.example/p.gif">', target([]));
    expect(html).not.toContain("<img");
  });

  it("wraps tables so they scroll on a phone", () => {
    expect(md.render("| a | b |\n|---|---|\n| 1 | 2 |\n", target([]))).toMatch(
      /^<div class="scroll"><table>/,
    );
  });
});

describe("what each audience sees", () => {
  const minimal = path.join(import.meta.dirname, "..", "fixtures", "minimal");

  it("the public site holds only public content, with month-only dates", async () => {
    const { prepared } = await prepareCircle(minimal, { today: "2026-11-21" });
    if (!prepared) throw new Error("fixture should load");
    const site = siteFor(prepared, "public");
    expect(site.reports.map((r) => r.slug)).toEqual(["public-one"]);
    expect(site.tactics.map((t) => t.slug)).toEqual(["pantry", "stoppage"]);
    expect(site.reports[0]?.dateLabel).toBe("octubre de 2026");
    expect(site.charter?.title).toBe("Nuestra carta"); // the charter says audience: public
    expect(site.roster).toBeUndefined();
    expect(site.ledger).toEqual([]);
    expect(site.urlOf("reports/circle-one.md")).toBeUndefined();
    expect(site.urlOf("tactics/internal.md")).toBeUndefined();
    expect(site.media).toEqual(["media/crates.png"]);
    expect(site.nav.map((n) => n.url)).toEqual([
      "/index.html",
      "/reports.html",
      "/tactics.html",
      "/charter.html",
    ]);
  });

  it("the circle site holds everything, with exact dates in the circle's language", async () => {
    const { prepared } = await prepareCircle(minimal, { today: "2026-11-21" });
    if (!prepared) throw new Error("fixture should load");
    const site = siteFor(prepared, "circle");
    expect(site.reports.map((r) => r.slug)).toEqual(["circle-one", "public-one"]);
    expect(site.reports[1]?.dateLabel).toBe("14 de octubre de 2026");
    expect(site.reports[0]?.careMirrorTitle).toBe("una comida compartida");
    expect(site.words.tactics).toBe("Tácticas");
    expect(site.roster?.members).toHaveLength(3);
    expect(site.ledger.map((m) => m.monthLabel)).toEqual(["octubre de 2026"]);
  });
});

describe("dates and words", () => {
  it("formats days and months in each language", () => {
    expect(formatDay("2026-10-14", "en", "Europe/Madrid")).toBe("October 14, 2026");
    expect(formatDay("2026-10-14", "fr", "Europe/Madrid")).toBe("14 octobre 2026");
    expect(formatMonth("2026-10", "es", "UTC")).toBe("octubre de 2026");
    expect(formatMonth("2026-10", "fr", "UTC")).toBe("octobre 2026");
    expect(formatMonth("2026-10", "en", "UTC")).toBe("October 2026");
  });

  it("heads a month's ledger as each language writes it, eliding French `de` before a vowel", () => {
    const heading = (lang: "en" | "es" | "fr", month: string): string =>
      ledgerHeading(WORDS[lang], formatMonth(month, lang, "UTC"));
    expect(heading("fr", "2026-10")).toBe("Registre d’octobre 2026");
    expect(heading("fr", "2026-08")).toBe("Registre d’août 2026");
    expect(heading("fr", "2026-11")).toBe("Registre de novembre 2026");
    expect(heading("es", "2026-10")).toBe("Libro de octubre de 2026");
    expect(heading("en", "2026-04")).toBe("Ledger for April 2026");
  });

  it("every language has every word", () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "object" ? keys(v).map((x) => `${k}.${x}`) : [k],
      );
    const en = keys(WORDS.en).sort();
    for (const lang of ["es", "fr"] as const) {
      expect(keys(WORDS[lang]).sort()).toEqual(en);
      for (const [k, v] of Object.entries(WORDS[lang]))
        if (typeof v === "string") expect(v, k).not.toBe("");
    }
  });
});
