// Where the time of one HTML build goes, stage by stage, in a fresh process:
//
//   node --import tsx bench/site-spans.ts CONTENT OUT
//
// prints one line of JSON, with the number of Nunjucks compilations: one per template, not one
// per page, since src/site/plugin.ts compiles the paginated pages' bodies once.

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
  _compile(): void;
}

/** Counts Nunjucks compilations in the Eleventy that mimeo uses. */
function watchNunjucks(): { compiles: () => number } {
  const require = createRequire(require_base());
  const nunjucks = require("nunjucks") as { Template: { prototype: NunjucksTemplate } };
  const proto = nunjucks.Template.prototype;
  const original = proto._compile;
  let count = 0;
  proto._compile = function (this: NunjucksTemplate): void {
    count++;
    original.call(this);
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

const [content, out] = process.argv.slice(2);
if (!content || !out) {
  process.stderr.write("usage: node --import tsx bench/site-spans.ts CONTENT OUT\n");
  process.exit(2);
}
const watch = watchNunjucks();

const loadPrint = await span(() => import("../src/print/index.ts"));
const rssAfterPrint = process.memoryUsage().rss;
const loadRest = await span(async () => ({
  build: await import("../src/build/build.ts"),
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
const docs = audience.searchDocs(s.reports, s.tactics, s.words);
const searchIndex = await span(() => search.buildSearchIndex(docs, s.settings.language));

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
    loadPrint: strip(loadPrint),
    loadPrintRss: rssAfterPrint,
    loadRest: strip(loadRest),
    prepare: strip(prepared),
    siteFor: strip(site),
    searchIndex: strip(searchIndex),
    renderSite: strip(render),
    pages: render.value,
    compiles: watch.compiles(),
    processCpuMs: (total.user + total.system) / 1000,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }),
);
