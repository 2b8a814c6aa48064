// The Eleventy plugin that turns a circle into pages. It registers the `mimeo` global data,
// the filters the layouts use, the page templates and layout from layouts/, the stylesheet and
// font, and writes re-encoded images. A person with an existing Eleventy site can add it with
// `eleventyConfig.addPlugin(mimeo, { content: "content" })`: the circle audience. The public
// audience is refused there, since Eleventy writes each page as it renders it and the leak
// guard must read the whole output before anything is published: `mimeo build` does that.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type UserConfig from "@11ty/eleventy/UserConfig";
import { prepareCircle } from "../prepare.ts";
import { ContentError } from "../content/problem.ts";
import type { Audience, Document } from "../content/model.ts";
import { siteFor, type Site } from "./audience.ts";
import { createMarkdown, type RenderTarget } from "./markdown.ts";
import { relativeUrl } from "./urls.ts";
import { ImageError, reencodeImage } from "./images.ts";
import { searchIndexFor } from "./search-page.ts";
import { FONT_FILES, fontDir } from "../print/fonts.ts";
import { SEARCH_ASSETS, SEARCH_INDEX_FILE } from "../search/index.ts";
import matter from "gray-matter";
import nunjucks from "nunjucks";

export interface MimeoPluginOptions {
  /** The circle's content folder. */
  content: string;
  audience?: Audience;
  /** A site already loaded and checked (the CLI passes one); otherwise it is loaded each build. */
  site?: Site;
  /** Re-encode the site's images after each build (default true); the CLI's build does it itself, first. */
  images?: boolean;
  /** Set only by mimeo's own commands; see MIMEO_COMMAND. */
  command?: typeof MIMEO_COMMAND;
  /**
   * How each build gets its site, instead of loading the content here: `mimeo serve` reports
   * content problems itself and keeps showing them rather than failing the build.
   */
  load?: () => Promise<Site>;
  /**
   * Pages not to render this time (a rebuild keeps the page already written): asked again at
   * every build, so `mimeo serve` can say what changed. Pages it does not name are rendered.
   */
  skip?: () => PageSkip | undefined;
  /**
   * Pages a one-off build keeps from the last output: their templates are not added at all.
   * Cheaper than `skip`, whose pages Eleventy still renders (a permalink of false only stops
   * the writing), but fixed for the life of the configuration, so `mimeo serve` cannot use it.
   */
  kept?: PageSkip;
  /**
   * Whether Eleventy's watcher watches the content folder (default true). `mimeo serve` watches
   * it itself: Eleventy's watcher reads a whole folder again, 4,000 entries, on every save.
   */
  watchContent?: boolean;
}

/**
 * Pages a rebuild keeps: whole templates by name, and pages of one report or tactic by where
 * they are written (by template name), so an item is matched however it is named.
 */
export interface PageSkip {
  pages: ReadonlySet<string>;
  items: ReadonlyMap<string, ReadonlySet<string>>;
}

/** One page the plugin writes, as a rebuild sees it. */
export interface PlannedPage {
  /** The template's name in layouts/pages/. */
  template: string;
  /** Where it is written, relative to the output folder. */
  output: string;
  /** For a page of one report or tactic: the list it comes from, and the item. */
  item?: { data: string; value: object };
  /** The template's source and its layout's: what they read is what the page depends on. */
  sources: readonly string[];
  /** For a page written by code, not from a template: the fields of the view it reads, whole. */
  reads?: readonly string[];
}

/** The template of search-index.js, which a rebuild may begin making early (build.ts). */
export const SEARCH_INDEX_TEMPLATE = "search-index.11ty.js";

/**
 * Pages written by code rather than from a template, with the fields of the view each reads.
 * The search index holds every published text: making it anew, and the guard reading it again,
 * were a third of a rebuild's public half after a circle-only edit.
 */
const CODE_PAGES: {
  template: string;
  output: (site: Site) => string | false;
  reads: readonly (keyof Site)[];
  render: (site: Site) => string | Promise<string>;
}[] = [
  {
    // A plain script: fetch() does not work from file://.
    template: SEARCH_INDEX_TEMPLATE,
    output: () => SEARCH_INDEX_FILE,
    reads: ["searchDocs", "settings"],
    render: (site) => searchIndexFor(site),
  },
  {
    template: "feed.11ty.js",
    output: (site) => (site.feed ? "feed.xml" : false),
    reads: ["feed"],
    render: (site) => site.feed ?? "",
  },
  {
    // The calendar for calendar apps.
    template: "calendar.11ty.js",
    output: (site) => (site.rhythm ? "calendar.ics" : false),
    reads: ["rhythm"],
    render: (site) => site.rhythm?.ics ?? "",
  },
];

/**
 * Passed by mimeo's own commands, which may render the public audience: `mimeo build` into a
 * temporary folder that the leak guard reads whole before it is swapped in, `mimeo serve` into
 * a scratch folder on localhost that is never published. A symbol, so that no configuration
 * file passes it by accident.
 */
export const MIMEO_COMMAND: unique symbol = Symbol("mimeo's own command");

/** Why another Eleventy site cannot render the public audience, and what to do instead. */
export const PUBLIC_REFUSED =
  "mimeo: the Eleventy plugin renders the circle audience only. Eleventy writes each page as it " +
  "renders it, and a public site must pass mimeo's leak guard before anything is written. " +
  "Build the public archive with `mimeo build --audience public --content <folder> --out <folder>` " +
  "and copy its output/public/ folder into your site (for example with addPassthroughCopy).";

const LAYOUTS_DIR = fileURLToPath(new URL("../../layouts/", import.meta.url));

/**
 * The files every site gets copied as they are, from mimeo's own: the search page's scripts, the
 * style sheet and the fonts. Eleventy copies them; a rebuild that renders no page links them
 * from the last build instead (pagesStage in build.ts).
 */
export function copiedAssets(): { from: string; to: string }[] {
  return [
    ...SEARCH_ASSETS,
    { from: path.join(LAYOUTS_DIR, "site.css"), to: "assets/site.css" },
    ...FONT_FILES.map(({ file }) => ({
      from: path.join(fontDir(), file),
      to: `assets/fonts/${file}`,
    })),
  ];
}

/** Each template's source, read once per process. */
const sources = new Map<string, string>();
function sourceOf(file: string): string {
  let source = sources.get(file);
  if (source === undefined) {
    source = readFileSync(path.join(LAYOUTS_DIR, file), "utf8");
    sources.set(file, source);
  }
  return source;
}

interface PagedData {
  report?: { slug: string; title: string };
  tactic?: { slug: string; title: string };
}

/**
 * The pages, and which of them exist only when the circle has that content. The paginated
 * pages get their permalink and title from functions rather than template strings: Eleventy
 * 3.1 compiles a Nunjucks string again for every page, which for thousands of reports costs
 * more than rendering them.
 */
const PAGES: {
  template: string;
  permalink?: (site: Site) => string | false;
  /**
   * The title of a page whose permalink is a function: the data given here replaces the
   * template's own eleventyComputed, so its title cannot come from the front matter.
   */
  title?: (site: Site) => string;
  paged?: { permalink: (data: PagedData) => string; title: (data: PagedData) => string };
}[] = [
  { template: "index.njk" },
  { template: "reports.njk" },
  {
    template: "report.njk",
    paged: {
      permalink: (d) => `reports/${d.report?.slug ?? ""}.html`,
      title: (d) => d.report?.title ?? "",
    },
  },
  { template: "tactics.njk" },
  {
    template: "tactic.njk",
    paged: {
      permalink: (d) => `tactics/${d.tactic?.slug ?? ""}.html`,
      title: (d) => d.tactic?.title ?? "",
    },
  },
  { template: "tactics-by-risk.njk" },
  { template: "tactics-by-tag.njk" },
  { template: "tactics-a-z.njk" },
  {
    template: "tactics-by-origin.njk",
    permalink: (s) => (s.tacticsByOrigin.length > 0 ? "tactics-by-origin.html" : false),
    title: (s) => s.words.exchange.byOrigin,
  },
  {
    template: "charter.njk",
    permalink: (s) => (s.charter ? "charter.html" : false),
    title: (s) => s.charter?.title ?? s.words.charter,
  },
  {
    template: "ledger.njk",
    permalink: (s) => (s.ledger.length > 0 ? "ledger.html" : false),
    title: (s) => s.words.ledger,
  },
  {
    template: "rotation.njk",
    permalink: (s) => (s.roster ? "rotation.html" : false),
    title: (s) => s.words.rotation,
  },
  {
    template: "rhythm.njk",
    permalink: (s) => (s.rhythm ? "rhythm.html" : false),
    title: (s) => s.words.rhythm,
  },
  {
    template: "print.njk",
    permalink: (s) => (s.printables ? "print/index.html" : false),
    title: (s) => s.words.print,
  },
];

interface Pagination {
  data: string;
  alias: string;
}

/** Every page of a site the plugin would write, with its source and, when paged, its item. */
export function plannedPages(site: Site): PlannedPage[] {
  const layout = sourceOf("base.njk");
  const planned: PlannedPage[] = [];
  for (const page of PAGES) {
    const source = sourceOf(path.join("pages", page.template));
    const front = matter(source).data as { permalink?: unknown; pagination?: Pagination };
    const sources = [source, layout];
    if (page.paged && front.pagination) {
      const { data, alias } = front.pagination;
      const key = data.replace(/^mimeo\./, "");
      const items = (site as unknown as Record<string, object[] | undefined>)[key] ?? [];
      for (const value of items) {
        planned.push({
          template: page.template,
          output: page.paged.permalink({ [alias]: value }),
          item: { data: key, value },
          sources,
        });
      }
      continue;
    }
    const output = page.permalink
      ? page.permalink(site)
      : typeof front.permalink === "string"
        ? front.permalink
        : false;
    if (output !== false) planned.push({ template: page.template, output, sources });
  }
  for (const page of CODE_PAGES) {
    const output = page.output(site);
    if (output !== false) {
      planned.push({ template: page.template, output, sources: [], reads: page.reads });
    }
  }
  return planned;
}

interface PageThis {
  /** `url` is false for a page that is not written (permalink false): links there go nowhere. */
  page: { url: string | false };
}

const pageUrlOf = (self: PageThis): string =>
  typeof self.page.url === "string" ? self.page.url : "/index.html";

/**
 * The Markdown before the (one) table, or after it (markdown-it tells which lines a table
 * spans), so prose written after the table is shown after it. With no table, all of it is before.
 */
function proseAround(body: string, part: "before" | "after"): string {
  const lines = body.split("\n");
  const [table] = tableTokens(body);
  if (!table) return part === "before" ? body : "";
  return (part === "before" ? lines.slice(0, table[0]) : lines.slice(table[1])).join("\n");
}

const tableFinder = createMarkdown();
function tableTokens(body: string): [number, number][] {
  return tableFinder
    .parse(body, {})
    .filter((t) => t.type === "table_open" && t.map)
    .map((t) => t.map as [number, number]);
}

/**
 * Eleventy 3.1's Nunjucks engine compiles a template's source again each time it renders a
 * page (it is not `cacheable`), so 4,000 report pages meant 4,000 compilations of report.njk.
 * This renders a source with a Template compiled once in Eleventy's own Nunjucks environment
 * (its filters, shortcodes and includes), again only when Eleventy makes a new environment.
 */
function onceCompiledNunjucks(
  eleventyConfig: UserConfig,
): (source: string, file: string) => (data: object) => Promise<string> {
  let environment: nunjucks.Environment | undefined;
  eleventyConfig.on("eleventy.engine.njk", (e: { environment: nunjucks.Environment }) => {
    environment = e.environment;
  });
  return (source, file) => {
    const compiled = new WeakMap<nunjucks.Environment, nunjucks.Template>();
    return (data) => {
      if (!environment) throw new Error("mimeo: Eleventy's Nunjucks engine has not started");
      let template = compiled.get(environment);
      if (!template) {
        template = new nunjucks.Template(source, environment, file, true);
        compiled.set(environment, template);
      }
      const ready = template;
      return new Promise((resolve, reject) => {
        ready.render(data, (error, result) => (error ? reject(error) : resolve(result ?? "")));
      });
    };
  };
}

/**
 * The permalink of a page a rebuild keeps. `false` would only stop Eleventy writing it: the page
 * is still rendered (the reports index of 4,000 rows, the ledger's months, every time). A
 * permalink object without a `build` key is neither rendered nor written (Eleventy's
 * TemplatePermalink). So every page's permalink is a function in its data, never in
 * eleventyComputed: Eleventy 3.1 does not read an object from a computed permalink, and writes
 * the page into its template's own folder (`mimeo/charter/index.html`);
 * tests/build/serve-incremental.test.ts checks nothing lands there.
 */
const notRendered = (): object => ({});

export default function mimeoPlugin(eleventyConfig: UserConfig, options: MimeoPluginOptions): void {
  const audience = options.site?.audience ?? options.audience ?? "circle";
  if (audience !== "circle" && options.command !== MIMEO_COMMAND) throw new Error(PUBLIC_REFUSED);
  let site: Site | undefined = options.site;

  eleventyConfig.addGlobalData("mimeo", async () => {
    if (options.site) return options.site;
    if (options.load) {
      site = await options.load();
      return site;
    }
    const { prepared, problems } = await prepareCircle(options.content);
    if (!prepared) throw new ContentError(problems);
    site = siteFor(prepared, audience);
    return site;
  });
  if (options.watchContent !== false) eleventyConfig.addWatchTarget(options.content);

  const md = createMarkdown();
  const target = (doc: Pick<Document, "file">, pageUrl: string): RenderTarget => ({
    file: doc.file,
    pageUrl,
    urlOf: (file) => site?.urlOf(file),
    mediaUrl: (p) => (site?.media.includes(p) ? `/${p}` : undefined),
  });

  eleventyConfig.addFilter("rel", function (this: PageThis, url: string) {
    return relativeUrl(pageUrlOf(this), url);
  });
  eleventyConfig.addFilter("markdown", function (this: PageThis, doc: Document) {
    return md.render(doc.body, target(doc, pageUrlOf(this)));
  });
  eleventyConfig.addFilter("markdownOf", function (this: PageThis, text: string, doc: Document) {
    return md.render(text, target(doc, pageUrlOf(this)));
  });
  // A ledger month's own words around its table; the table itself is drawn from the ledger.
  eleventyConfig.addFilter(
    "ledgerProse",
    function (this: PageThis, doc: Document, part: "before" | "after" = "before") {
      return md.render(proseAround(doc.body, part), target(doc, pageUrlOf(this)));
    },
  );
  eleventyConfig.addFilter("head", (list: unknown[], n: number) => list.slice(0, n));

  const includes = "_includes";
  eleventyConfig.addTemplate(`${includes}/mimeo/base.njk`, sourceOf("base.njk"));
  const compiler = onceCompiledNunjucks(eleventyConfig);
  const skipNow = (): PageSkip | undefined => options.kept ?? options.skip?.();
  const skipped = (template: string): boolean => skipNow()?.pages.has(template) ?? false;
  /**
   * Whether a template is not added at all: its page is kept whole from the last build, or the
   * site, fixed for the life of the configuration, does not have it (its output is false).
   */
  const leftOut = (template: string, output?: (site: Site) => string | false): boolean =>
    (options.kept?.pages.has(template) ?? false) ||
    (options.site !== undefined && output?.(options.site) === false);
  /**
   * A page's permalink, asked at every build. A page kept from the last build, or one the site
   * does not have, is neither rendered nor written (see notRendered): `false` would only stop
   * Eleventy writing it. A kept page's file stays.
   */
  const permalinkOf = (template: string, output: string | false): string | object =>
    skipped(template) || output === false ? notRendered() : output;
  for (const page of PAGES) {
    if (leftOut(page.template, page.permalink)) continue;
    const file = path.join(LAYOUTS_DIR, "pages", page.template);
    const source = sourceOf(path.join("pages", page.template));
    const { permalink, paged, title } = page;
    if (paged) {
      // One page per report or tactic: the body is compiled once, not once per page.
      const { data, content } = matter(source);
      const render = compiler(content, file);
      const pagination = data.pagination as Record<string, unknown>;
      eleventyConfig.addTemplate(`mimeo/${page.template.replace(/\.njk$/, ".11ty.js")}`, {
        data: {
          ...data,
          pagination: {
            ...pagination,
            // A rebuild renders only the reports or tactics whose page changed.
            before: (items: object[]) => {
              const keep = skipNow()?.items.get(page.template);
              const alias = String(pagination.alias);
              return keep
                ? items.filter((item) => !keep.has(paged.permalink({ [alias]: item })))
                : items;
            },
          },
          permalink: paged.permalink,
          eleventyComputed: { title: paged.title },
        },
        render,
      });
      continue;
    }
    const fixed = matter(source).data.permalink as unknown;
    const data = permalink
      ? {
          permalink: (data: { mimeo: Site }) => permalinkOf(page.template, permalink(data.mimeo)),
          ...(title
            ? { eleventyComputed: { title: (data: { mimeo: Site }) => title(data.mimeo) } }
            : {}),
        }
      : {
          permalink: () => permalinkOf(page.template, typeof fixed === "string" ? fixed : false),
        };
    eleventyConfig.addTemplate(`mimeo/${page.template}`, source, data);
  }

  for (const page of CODE_PAGES) {
    if (leftOut(page.template, page.output)) continue;
    eleventyConfig.addTemplate(`mimeo/${page.template}`, {
      data: {
        permalink: (data: { mimeo: Site }) => permalinkOf(page.template, page.output(data.mimeo)),
        eleventyExcludeFromCollections: true,
      },
      render: (data: { mimeo: Site }) => page.render(data.mimeo),
    });
  }
  for (const asset of copiedAssets()) eleventyConfig.addPassthroughCopy({ [asset.from]: asset.to });

  if (options.images === false) return;
  eleventyConfig.on(
    "eleventy.after",
    async ({ directories }: { directories: { output: string } }) => {
      for (const image of site?.media ?? []) {
        await reencodeImage(
          path.join(options.content, image),
          path.join(directories.output, image),
          image,
        ).catch((error: unknown) => {
          // A loader of its own has already reported an image it cannot read.
          if (!(options.load && error instanceof ImageError)) throw error;
        });
      }
    },
  );
}
