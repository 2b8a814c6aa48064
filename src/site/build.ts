// Builds a circle into OUT/<audience>/: checks the content, renders each audience with Eleventy
// into a temporary folder beside the output, and swaps it in only when everything succeeded,
// so a failed or killed build leaves the previous output exactly as it was.
import { rmSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Eleventy from "@11ty/eleventy";
import { prepareCircle, type PreparedCircle } from "../prepare.ts";
import { ContentError } from "../content/problem.ts";
import type { Audience, Circle } from "../content/model.ts";
import { siteFor, type Site } from "./audience.ts";
import mimeoPlugin from "./plugin.ts";
import type { Paper } from "../print/index.ts";
import { reencodeImage, type Ink } from "./images.ts";
import { guardPublicOutput, LeakError } from "./guard-step.ts";
import type { WaivedFinding } from "../guard/index.ts";
import { formatSums, isAlive, sha256File, SUMS_FILE, walk } from "../bundle/files.ts";

export interface BuildOptions {
  content: string;
  out: string;
  audiences: Audience[];
  /** The build day (for `expires`); defaults to SOURCE_DATE_EPOCH or today. */
  today?: string;
  /** Called with a line of progress a person may want to see. */
  log?: (line: string) => void;
  /** Render the PDFs (default true). */
  pdf?: boolean;
  /** Overrides circle.yaml's paper. */
  paper?: Paper;
  /** How much toner printed images may take: "lite" for lighter still. */
  ink?: Ink;
  /** Browser pages rendering at once; default one per CPU. */
  jobs?: number;
  /** Where rendered PDFs are kept between builds: outside the output. */
  cacheDir?: string;
  /** Called as each printed sheet is done. */
  progress?: (done: number, total: number, name: string) => void;
  /** Where the public archive will be served: adds an Atom feed (absolute addresses). */
  baseUrl?: string;
  /** Build and check everything but write nothing: `mimeo check --audience public`. */
  dryRun?: boolean;
  /** The circle already loaded and checked (by `mimeo check`); otherwise it is loaded here. */
  prepared?: PreparedCircle;
}

export interface BuildResult {
  /** What the leak guard waived in the public output, for the build summary. */
  waived: WaivedFinding[];
  /** PDFs rendered by the browser and taken from the cache, when PDFs were made. */
  printed?: { rendered: number; cached: number };
  prepared: PreparedCircle;
  circle: Circle;
  audiences: { audience: Audience; dir: string; pages: number }[];
}

/** A folder mimeo may replace: one it made, or a new or empty one. */
const MARKER = ".mimeo-output";
const OWN_ENTRIES = new Set(["public", "circle", MARKER]);

/** Thrown for problems with where the build would write: exit code 2, like a usage error. */
export class OutputFolderError extends Error {
  override name = "OutputFolderError";
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const content = path.resolve(options.content);
  const out = path.resolve(options.out);
  const { prepared, problems } = options.prepared
    ? { prepared: options.prepared, problems: [] }
    : await prepareCircle(content, options.today ? { today: options.today } : {});
  if (!prepared) throw new ContentError(problems);
  const { circle } = prepared;
  if (!options.dryRun) await checkOutputFolder(out, content);

  const parent = path.dirname(out);
  await mkdir(parent, { recursive: true });
  await removeStaleTemporaryFolders(parent, path.basename(out));
  const tmp = path.join(
    parent,
    `.${path.basename(out)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  await mkdir(tmp);
  const onSignal = (signal: NodeJS.Signals): void => {
    // Synchronous on purpose: runs from a signal handler just before exit.
    rmSync(tmp, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const pdf = options.pdf ?? true;
  const cacheDir = options.cacheDir ?? path.join(parent, ".cache", "mimeo-print");
  // The print room (puppeteer, pdf-lib, pdf.js) is loaded only when PDFs are made: about a
  // second of start-up that an HTML-only build does not need.
  const print = pdf
    ? { ...(await import("../print/index.ts")), ...(await import("./print-build.ts")) }
    : undefined;
  const copied = { copied: 0 };
  const shop = print
    ? new print.PrintShop({ ...(options.jobs ? { jobs: options.jobs } : {}), cacheDir })
    : undefined;
  try {
    const results: BuildResult["audiences"] = [];
    /** Each image's clean copy, by its path in the content folder. */
    const encoded = new Map<string, string>();
    for (const audience of options.audiences) {
      const site = siteFor(prepared, audience, options.baseUrl ? { baseUrl: options.baseUrl } : {});
      const dir = path.join(tmp, audience);
      // Images first, re-encoded without metadata, so the PDFs embed the clean copies. An
      // image another audience already has is copied from its clean copy, not encoded again.
      for (const image of site.media) {
        const target = path.join(dir, image);
        const clean = encoded.get(image);
        if (clean) {
          await mkdir(path.dirname(target), { recursive: true });
          await copyFile(clean, target);
        } else {
          await reencodeImage(path.join(content, image), target);
          encoded.set(image, target);
        }
      }
      if (shop && print) {
        site.printables = await print.printAudience(prepared, site, dir, shop, {
          paper: options.paper ?? circle.settings.paper,
          ...(options.ink ? { ink: options.ink } : {}),
          cacheDir,
          counters: copied,
          ...(options.progress ? { progress: options.progress } : {}),
        });
        site.nav.push({ label: site.words.print, url: "/print/index.html" });
      }
      const pages = await renderSite(site, content, dir, tmp);
      options.log?.(`${audience}: ${pages} pages`);
      results.push({ audience, dir: path.join(out, audience), pages });
    }
    for (const audience of options.audiences) await writeSums(path.join(tmp, audience));
    let waived: WaivedFinding[] = [];
    if (options.audiences.includes("public")) {
      const report = await guardPublicOutput(
        path.join(tmp, "public"),
        prepared,
        content,
        [content, out, tmp],
        pdf ? cacheDir : undefined,
      );
      if (report.findings.length > 0) throw new LeakError(report);
      waived = report.waived;
    }
    if (!options.dryRun) await swapIn(tmp, out, options.audiences);
    return {
      prepared,
      circle,
      waived,
      audiences: results,
      ...(shop
        ? {
            printed: {
              rendered: shop.counters.rendered,
              cached: shop.counters.cached + copied.copied,
            },
          }
        : {}),
    };
  } finally {
    await shop?.close();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Renders one audience's site into `dir` with Eleventy; returns the number of pages written. */
export async function renderSite(
  site: Site,
  content: string,
  dir: string,
  scratch: string,
): Promise<number> {
  // Eleventy needs an input folder; every page is a virtual template, so it stays empty.
  const input = path.join(scratch, `.input-${site.audience}`);
  await mkdir(input, { recursive: true });
  const eleventy = new Eleventy(input, dir, {
    quietMode: true,
    // An empty config of our own, so a stray eleventy.config.js in the working folder is ignored.
    configPath: await emptyConfig(input),
    config: (eleventyConfig: Parameters<typeof mimeoPlugin>[0]) => {
      eleventyConfig.addPlugin(mimeoPlugin, {
        content,
        audience: site.audience,
        site,
        images: false,
      });
      // Eleventy's timing warnings are for its own developers; mimeo's figures live in bench/.
      const benchmarks = eleventyConfig.benchmarkManager;
      benchmarks.setVerboseOutput(false);
      for (const group of Object.values(benchmarks.getAll()) as {
        setIsVerbose(v: boolean): void;
      }[]) {
        group.setIsVerbose(false);
      }
    },
  });
  eleventy.disableLogger();
  const [, templates] = (await eleventy.write()) as unknown as [unknown, unknown[]];
  await rm(input, { recursive: true, force: true });
  return templates.length;
}

async function checkOutputFolder(out: string, content: string): Promise<void> {
  const inside = (a: string, b: string): boolean => a === b || a.startsWith(b + path.sep);
  if (inside(out, content) || inside(content, out)) {
    throw new OutputFolderError(
      `the output folder ${path.basename(out)} and the content folder must be apart: choose another --out.`,
    );
  }
  const entries = await readdir(out).catch(() => undefined);
  if (entries === undefined) return;
  const foreign = entries.filter((e) => !OWN_ENTRIES.has(e));
  if (foreign.length > 0 && !entries.includes(MARKER)) {
    throw new OutputFolderError(
      `the output folder ${path.basename(out)} holds files mimeo did not make (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}); mimeo never overwrites them. Choose an empty or new folder with --out.`,
    );
  }
}

/** Moves each finished audience into place, then drops the old one. */
async function swapIn(tmp: string, out: string, audiences: Audience[]): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(
    path.join(out, MARKER),
    "This folder is written by mimeo build and replaced on every build.\n",
  );
  for (const audience of audiences) {
    const target = path.join(out, audience);
    const old = path.join(tmp, `${audience}.old`);
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) await rename(target, old);
    await rename(path.join(tmp, audience), target);
  }
}

/** Folders left by builds that were killed: their process is gone, so they can go too. */
async function removeStaleTemporaryFolders(parent: string, base: string): Promise<void> {
  const prefix = `.${base}.tmp-`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

/** Writes an empty Eleventy config into the (empty) input folder and returns its path. */
export async function emptyConfig(input: string): Promise<string> {
  const file = path.join(input, "eleventy.config.mjs");
  await writeFile(file, "export default function () {}\n");
  return file;
}

/** SHA256SUMS at the top of an audience's output: every file, as `sha256sum -c` reads it. */
async function writeSums(dir: string): Promise<void> {
  const lines = [];
  for (const entry of await walk(dir)) {
    if (entry.path === SUMS_FILE) continue;
    lines.push({ path: entry.path, hash: await sha256File(path.join(dir, entry.path)) });
  }
  await writeFile(path.join(dir, SUMS_FILE), formatSums(lines));
}
