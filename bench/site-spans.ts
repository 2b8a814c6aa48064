// Where the time of one HTML build goes, stage by stage, in a fresh process:
//
//   node --import tsx bench/site-spans.ts CONTENT OUT
//
// prints one line of JSON, with the number of Nunjucks compilations: one per template, not one
// per page, since src/site/plugin.ts compiles the paginated pages' bodies once. The stages run
// from lib/ when it is compiled and current, as bin/mimeo.js runs them, so loading is timed as a
// build loads; `processCpuMs` is the process up to the end of the build, before the search index
// is measured again alone and the print room is loaded for its own figure.

import { createRequire } from "node:module";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** lib/ when bin/mimeo.js would run it (compiled after every change to src/), else src/. */
const fromLib = ((): boolean => {
  const stamp = path.join(REPO, "lib", ".compiled");
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(path.join(REPO, "src"));
})();

/** A module of src/, as `mimeo build` would load it: compiled from lib/ when that is current. */
function load<T>(source: string): Promise<T> {
  const file = fromLib
    ? path.join("lib", source.replace(/\.ts$/, ".js"))
    : path.join("src", source);
  return import(pathToFileURL(path.join(REPO, file)).href) as Promise<T>;
}

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

const loadRest = await span(async () => ({
  build: await load<typeof import("../src/build/build.ts")>("build/build.ts"),
  prepare: await load<typeof import("../src/prepare.ts")>("prepare.ts"),
  audience: await load<typeof import("../src/site/audience.ts")>("site/audience.ts"),
  search: await load<typeof import("../src/search/index.ts")>("search/index.ts"),
}));
const { build, prepare, audience, search } = loadRest.value;

const prepared = await span(async () => {
  const { prepared: p, problems } = await prepare.prepareCircle(content);
  if (!p) throw new Error(`the content has ${problems.length} problems`);
  return p;
});
const site = await span(() => audience.siteFor(prepared.value, "circle"));
const s = site.value;

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const render = await span(() =>
  build.renderSite(s, path.resolve(content), path.join(out, "circle"), out),
);
const total = process.cpuUsage();
await rm(out, { recursive: true, force: true });

// After the build: the search index again, on its own and on this thread (the render made one
// on the search index thread) …
const searchIndex = await span(() => search.buildSearchIndex(s.searchDocs, s.settings.language));
// … and what loading the print room would add, which an HTML-only build does not do.
const rssBeforePrint = process.memoryUsage().rss;
const loadPrint = await span(() => load("print/index.ts"));
const rssAfterPrint = process.memoryUsage().rss;

const strip = ({ cpuMs, wallMs }: Span): Span => ({ cpuMs, wallMs });
console.log(
  JSON.stringify({
    fromLib,
    loadPrint: strip(loadPrint),
    loadPrintRss: rssAfterPrint - rssBeforePrint,
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
