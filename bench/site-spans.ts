// Where the time of one HTML build goes, stage by stage, in a fresh process:
//
//   node --import tsx bench/site-spans.ts CONTENT OUT [--memo]
//
// prints one line of JSON. With --memo, Nunjucks reuses the compiled code of a template it has
// compiled before (same source, same path): what the build would cost if the paginated report
// and tactic pages were compiled once instead of once per page (see docs/benchmarks.md).

import { createRequire } from "node:module";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";

interface Span {
  cpuMs: number;
  wallMs: number;
}

async function span<T>(fn: () => Promise<T> | T): Promise<Span & { value: T }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall, value };
}

interface NunjucksTemplate {
  tmplStr: unknown;
  path: unknown;
  blocks: unknown;
  rootRenderFunc: unknown;
  compiled: boolean;
  _compile(): void;
}

/** Counts Nunjucks compilations in the Eleventy that mimeo uses; with `memo`, reuses them. */
function watchNunjucks(memo: boolean): { compiles: () => number } {
  const require = createRequire(require_base());
  const nunjucks = require("nunjucks") as { Template: { prototype: NunjucksTemplate } };
  const proto = nunjucks.Template.prototype;
  const original = proto._compile;
  const cache = new Map<string, { blocks: unknown; rootRenderFunc: unknown }>();
  let count = 0;
  proto._compile = function (this: NunjucksTemplate): void {
    const key = `${String(this.path)}\0${String(this.tmplStr)}`;
    const hit = memo ? cache.get(key) : undefined;
    if (hit) {
      this.blocks = hit.blocks;
      this.rootRenderFunc = hit.rootRenderFunc;
      this.compiled = true;
      return;
    }
    count++;
    original.call(this);
    cache.set(key, { blocks: this.blocks, rootRenderFunc: this.rootRenderFunc });
  };
  return { compiles: () => count };
}

function require_base(): string {
  return path.join(
    path.dirname(new URL(import.meta.url).pathname),
    "..",
    "node_modules",
    "@11ty",
    "eleventy",
    "src",
    "Engines",
    "Nunjucks.js",
  );
}

const [content, out, flag] = process.argv.slice(2);
if (!content || !out) {
  process.stderr.write("usage: node --import tsx bench/site-spans.ts CONTENT OUT [--memo]\n");
  process.exit(2);
}
const watch = watchNunjucks(flag === "--memo");

const loadPrint = await span(() => import("../src/print/index.ts"));
const rssAfterPrint = process.memoryUsage().rss;
const loadRest = await span(async () => ({
  build: await import("../src/site/build.ts"),
  prepare: await import("../src/prepare.ts"),
  audience: await import("../src/site/audience.ts"),
  search: await import("../src/search/index.ts"),
}));
const { build, prepare, audience, search } = loadRest.value;

const prepared = await span(async () => {
  const { prepared: p, problems } = await prepare.prepareCircle(content);
  if (!p) throw new Error(`the content has ${problems.length} problems`);
  return p;
});
const site = await span(() => audience.siteFor(prepared.value, "circle"));
const s = site.value;
// The search index again, on its own (siteFor made one already): the same documents.
const plainText = await span(() => [
  ...s.reports.map((r) => ({
    id: r.url,
    url: r.url.slice(1),
    title: r.title,
    kind: `${s.words.reports} · ${r.dateLabel}`,
    text: search.markdownToPlainText(r.body),
    tags: r.tags,
  })),
  ...s.tactics.map((t) => ({
    id: t.url,
    url: t.url.slice(1),
    title: t.title,
    kind: `${s.words.tactics} · ${s.words.kinds[t.kind]}`,
    text: search.markdownToPlainText(t.body),
    tags: t.tags,
  })),
]);
const searchIndex = await span(() => search.buildSearchIndex(plainText.value, s.settings.language));

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const render = await span(() =>
  build.renderSite(s, path.resolve(content), path.join(out, "circle"), out),
);
await rm(out, { recursive: true, force: true });

const total = process.cpuUsage();
const strip = ({ cpuMs, wallMs }: Span): Span => ({ cpuMs, wallMs });
console.log(
  JSON.stringify({
    memo: flag === "--memo",
    loadPrint: strip(loadPrint),
    loadPrintRss: rssAfterPrint,
    loadRest: strip(loadRest),
    prepare: strip(prepared),
    siteFor: strip(site),
    plainText: strip(plainText),
    searchIndex: strip(searchIndex),
    renderSite: strip(render),
    pages: render.value,
    compiles: watch.compiles(),
    processCpuMs: (total.user + total.system) / 1000,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }),
);
