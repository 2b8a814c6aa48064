// The printed sheets' markup comes from the templates in layouts/print/: an edited copy of the
// folder changes the sheets, and every string from the content is escaped in every sheet.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { prepareCircle } from "../../src/prepare.ts";
import { siteFor, type Site } from "../../src/site/audience.ts";
import {
  archiveHtml,
  assemblyHtml,
  calendarPosterHtml,
  cardHtml,
  charterPosterHtml,
  minizineHtml,
  readingHtml,
  reportSource,
  rotationPosterHtml,
  tacticSource,
  type AssemblyData,
} from "../../src/site/printables.ts";
import { PRINT_LAYOUTS_DIR, PRINT_LAYOUTS_ENV, printLayouts } from "../../src/print/templates.ts";
import { printDocument } from "../../src/print/shell.ts";
import { wordsFor } from "../../src/site/words.ts";
import { formatAmountLocale } from "../../src/ledger/format.ts";

const root = path.join(import.meta.dirname, "..", "..");
let site: Site;

beforeAll(async () => {
  const { prepared } = await prepareCircle(path.join(root, "content"));
  if (!prepared) throw new Error("the example circle does not load");
  site = siteFor(prepared, "circle");
});

afterEach(() => {
  delete process.env[PRINT_LAYOUTS_ENV];
});

async function copyOfLayouts(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-layouts-"));
  await cp(PRINT_LAYOUTS_DIR, dir, { recursive: true });
  return dir;
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, "utf8");
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

const assembly: AssemblyData = {
  month: "2026-10",
  monthLabel: "October 2026",
  given: ["€40.00"],
  fund: [{ currency: "EUR", takenIn: "€60.00", paidOut: "€20.00", holds: "€40.00" }],
  thankYous: [{ member: "Ana", gave: "€40.00" }],
};

function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error("the example circle lacks something to print");
  return item;
}

/** Every sheet the site prints, by name. */
function everySheet(s: Site, data = assembly): Record<string, string | undefined> {
  const report = first(s.reports);
  const tactic = first(s.tactics);
  const cards = cardHtml(s);
  return {
    "report reading copy": readingHtml(s, reportSource(s, report)),
    "report mini-zine": minizineHtml(s, reportSource(s, report)),
    "tactic reading copy": readingHtml(s, tacticSource(s, tactic)),
    "tactic mini-zine": minizineHtml(s, tacticSource(s, tactic)),
    archive: archiveHtml(s),
    "archive with page numbers": archiveHtml(s, new Map([[tactic.slug, 7]])),
    "tactic cards": cards,
    "charter poster": charterPosterHtml(s, 1),
    "rotation poster": rotationPosterHtml(s, 1),
    "calendar poster": calendarPosterHtml(s, 0.85),
    "assembly sheet": assemblyHtml(s, data),
  };
}

describe("print layouts", () => {
  it("come from layouts/print/: an edited template changes the sheet it shapes", async () => {
    const dir = await copyOfLayouts();
    try {
      await edit(path.join(dir, "reading.njk"), "<article>", '<article data-edited="reading">');
      await edit(path.join(dir, "macros.njk"), '<p class="circle">', '<p class="circle edited">');
      await edit(path.join(dir, "cards.njk"), '<p class="kind">', '<p class="kind edited-card">');
      await edit(path.join(dir, "poster.njk"), "poster-footer", "poster-footer edited-poster");
      await edit(path.join(dir, "card.css"), "@page {", "/* edited card.css */\n@page {");
      await edit(path.join(dir, "archive.css"), ".toc {", "/* edited archive.css */\n.toc {");
      await edit(path.join(dir, "minizine.css"), "@page {", "/* edited minizine.css */\n@page {");
      const source = reportSource(site, first(site.reports));

      const before = everySheet(site);
      for (const html of Object.values(before)) expect(html).not.toMatch(/edited/);

      process.env[PRINT_LAYOUTS_ENV] = dir;
      const reading = readingHtml(site, source);
      expect(reading).toContain('<article data-edited="reading">');
      expect(reading).toContain('<p class="circle edited">');
      expect(reading).not.toContain("/* edited minizine.css */");
      // The mini-zine is the reading copy's template with its own stylesheet.
      const zine = minizineHtml(site, source);
      expect(zine).toContain('<article data-edited="reading">');
      expect(zine).toContain('<p class="circle edited">');
      expect(zine).toContain("/* edited minizine.css */");
      const cards = cardHtml(site);
      expect(cards).toContain('<p class="kind edited-card">');
      expect(cards).toContain("/* edited card.css */");
      expect(archiveHtml(site)).toContain("/* edited archive.css */");
      for (const poster of [
        charterPosterHtml(site, 1),
        rotationPosterHtml(site, 0.6),
        calendarPosterHtml(site, 1),
        assemblyHtml(site, assembly),
      ]) {
        expect(poster).toContain('class="poster-footer edited-poster"');
      }

      // Without the variable, the sheets are mimeo's own again.
      delete process.env[PRINT_LAYOUTS_ENV];
      expect(everySheet(site)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("take a file the folder lacks from layouts/print/", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-layouts-"));
    try {
      await cp(
        path.join(PRINT_LAYOUTS_DIR, "rotation-poster.css"),
        path.join(dir, "rotation-poster.css"),
      );
      await edit(path.join(dir, "rotation-poster.css"), "0.28em 0.42em", "9mm 9mm");
      const own = rotationPosterHtml(site, 1) ?? "";
      process.env[PRINT_LAYOUTS_ENV] = dir;
      const edited = rotationPosterHtml(site, 1) ?? "";
      expect(edited).toContain("padding: 9mm 9mm;");
      expect(edited.replace("9mm 9mm", "0.28em 0.42em")).toBe(own);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuse a layouts folder that is not there, rather than quietly using mimeo's own", () => {
    process.env[PRINT_LAYOUTS_ENV] = path.join(os.tmpdir(), "mimeo-no-such-layouts");
    expect(() => cardHtml(site)).toThrow(/no print layouts folder/);
  });

  it("are compiled once: a template edited after its first use is not read again", async () => {
    const dir = await copyOfLayouts();
    try {
      const layouts = printLayouts(dir);
      const view = { kind: "card", title: "T", lang: "en", fontCss: "", runningTitle: false };
      const first = layouts.render("shell", { ...view, css: "", body: "x" });
      await edit(path.join(dir, "shell.njk"), "<head>", "<head><!-- later -->");
      expect(layouts.render("shell", { ...view, css: "", body: "x" })).toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fail loudly on a name the view does not have, instead of printing nothing", async () => {
    const dir = await copyOfLayouts();
    try {
      await edit(path.join(dir, "macros.njk"), "{{ circle.name }}", "{{ circle.nmae }}");
      const source = tacticSource(site, first(site.tactics));
      expect(() => printLayouts(dir).render("reading", {})).toThrow();
      process.env[PRINT_LAYOUTS_ENV] = dir;
      expect(() => readingHtml(site, source)).toThrow(/undefined|null/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("escape a title or name with markup in every kind of sheet", () => {
    const evil = `<script>alert("x")</script> & 'q'`;
    const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;";
    const charter = site.charter;
    const rotation = site.rotation;
    const rhythm = site.rhythm;
    if (!charter || !rotation || !rhythm) throw new Error("the example circle lacks a poster");
    const hostile: Site = {
      ...site,
      settings: { ...site.settings, name: evil, emblem: evil },
      words: { ...site.words, rotationPoster: evil, calendarPoster: evil, tacticCards: evil },
      reports: site.reports.map((r) => ({ ...r, title: evil })),
      tactics: site.tactics.map((t) => ({ ...t, title: evil, prep: evil })),
      charter: {
        ...charter,
        title: evil,
        articles: charter.articles.map((a) => ({ ...a, heading: evil })),
      },
      rotation: { ...rotation, roles: [evil], key: evil },
      rhythm: {
        ...rhythm,
        months: rhythm.months.map((m) => ({
          ...m,
          label: evil,
          events: m.events.map((e) => ({ ...e, name: evil })),
        })),
      },
    };
    const sheets = everySheet(hostile, { ...assembly, monthLabel: evil, given: [evil] });
    expect(Object.keys(sheets)).toHaveLength(11);
    for (const [name, html = ""] of Object.entries(sheets)) {
      expect(html, name).toMatch(/^<!doctype html>/);
      expect(html, name).not.toMatch(/<script/i);
      // In the <title>, and again on the sheet itself.
      expect(/<title>([^<]*)<\/title>/.exec(html)?.[1], name).toContain(escaped);
      expect(html.split(escaped).length, name).toBeGreaterThan(2);
    }
  });

  it("escape the page shell's title and language, and keep a running title inside its CSS string", () => {
    const html = printDocument({
      kind: "reading",
      title: "<b>T</b>",
      lang: 'en"><script>',
      body: "<p>body</p>",
      fontBaseUrl: "fonts/",
      runningTitle: "</style><script>",
    });
    expect(html).toContain("<title>&lt;b&gt;T&lt;/b&gt;</title>");
    expect(html).toContain('<html lang="en&quot;&gt;&lt;script&gt;">');
    expect(html).toContain('content: "\\3c /style>\\3c script>";');
    expect(html).toContain("<p>body</p>");
    expect(html).not.toMatch(/<script/);
  });
});

describe("typography of the sheets' words", () => {
  it("puts French's space before the colon after a name on the assembly sheet", () => {
    const french = { ...site, words: wordsFor("fr") };
    const html = assemblyHtml(french, {
      ...assembly,
      thankYous: [{ member: "Curlew", gave: "4 rides" }],
    });
    expect(html).toContain("<strong>Curlew</strong>\u202f: 4 rides");
    expect(assemblyHtml(site, assembly)).toContain("<strong>Ana</strong>: €40.00");
  });

  it("keeps a figure with its care unit, as Intl keeps it with its currency", () => {
    for (const language of ["en", "es", "fr"]) {
      expect(formatAmountLocale({ value: 10n, scale: 0 }, "meals", language)).toBe("10\u00a0meals");
    }
  });

  it("writes every English apostrophe as the typographic one, like the other languages", () => {
    const english = JSON.stringify(wordsFor("en"));
    expect(english).toContain("\u2019");
    expect(english.match(/\p{L}'\p{L}/gu) ?? []).toEqual([]);
  });
});
