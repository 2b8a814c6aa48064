// Builds a circle into OUT/<audience>/, stage by stage: load and check, then for each audience
// its view, images, sheets, pages (only those whose inputs changed since the build record),
// exchange files, SHA256SUMS and, for the public one, the guard; then an atomic swap of the
// temporary folder beside the output, so a failed or killed build leaves the previous output
// exactly as it was.
import { lstatSync, rmSync } from "node:fs";
import {
  copyFile,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { eleventyClass } from "../site/eleventy.ts";
import {
  prepareCircle,
  type PreparedCircle,
  type PrepareMemo,
  type PrepareOptions,
  type PrepareResult,
} from "../prepare.ts";
import type { BodyMemo } from "../content/load.ts";
import { ContentError, sortProblems, type ContentProblem } from "../content/problem.ts";
import type { Audience, Circle } from "../content/model.ts";
import { siteFor, type Site } from "../site/audience.ts";
import mimeoPlugin, {
  copiedAssets,
  MIMEO_COMMAND,
  plannedPages,
  SEARCH_INDEX_TEMPLATE,
  type PageSkip,
} from "../site/plugin.ts";
import type { Paper } from "../print/index.ts";
import {
  ImageError,
  imageErrorProblems,
  imageProblems,
  reencodeImage,
  type Ink,
} from "../site/images.ts";
import { guardPublicOutput, LeakError, type GuardReport } from "./guard-step.ts";
import { EXCHANGE_DIR, exchangePlan, type ExchangePlan } from "../exchange/export.ts";
import type { WaivedFinding } from "../guard/index.ts";
import { formatSums, sha256, sha256File, SUMS_FILE, walk } from "../bundle/files.ts";
import { CacheUse } from "../print/cache.ts";
import { allDocuments } from "../content/model.ts";
import {
  buildFolderPrefix,
  OUTPUT_MARKER,
  printCacheFor,
  staleFolders,
} from "../site/locations.ts";
import { canonicalJson } from "../canonical-json.ts";
import { surveyOutput, type OutputSurvey } from "./hand-changes.ts";
import {
  fingerprintPages,
  pagesKept,
  publicInputsKey,
  type PageFingerprint,
} from "./fingerprint.ts";
import { beginSearchIndex, searchIndexDocs } from "../site/search-page.ts";
import type { LastIndexFile } from "../search/index-worker.ts";
import { stage } from "../stages.ts";
import { endIndexThread, warmIndexThread } from "../search/index-thread.ts";
import { endFileThread, linkFiles, removeFolderOnThread, warmFileThread } from "./file-thread.ts";
import type { Link } from "./file-chores.ts";
import { anyStampChanged } from "../content/source.ts";
import { SEARCH_INDEX_FILE } from "../search/index.ts";
import {
  codeVersion,
  describeOutput,
  outputFiles,
  readRecord,
  unchangedOutput,
  recordFileFor,
  removeRecord,
  writeRecord,
  type AudienceRecord,
  type BuildRecord,
  type OutputFile,
} from "./record.ts";
import {
  emptyReadingCache,
  readingCacheFor,
  readReadingCache,
  writeReadingCache,
} from "./reading-cache.ts";
import { otherOutputsParts } from "./shared-cache.ts";
import { collectGarbage } from "./collect.ts";

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
  /** Overrides circle.yaml's paper: one, or several to print every sheet on each. */
  paper?: Paper | readonly Paper[];
  /** How much toner printed images may take: "lite" for lighter still. */
  ink?: Ink;
  /** Browser pages rendering at once; default one per CPU. */
  jobs?: number;
  /** Where rendered PDFs are kept between builds: outside the output (see locations.ts). */
  cacheDir?: string;
  /** Called as each printed sheet is done. */
  progress?: (done: number, total: number, name: string) => void;
  /** Where the public archive will be served: adds an Atom feed (absolute addresses). */
  baseUrl?: string;
  /** Build and check everything but write nothing: `mimeo check --audience public`. */
  dryRun?: boolean;
  /**
   * Take PDFs from the print cache but add nothing to it and remove nothing from it: `mimeo
   * seal` builds the circle's sheets into its scratch folder, and leaves no plain copy behind.
   */
  cacheReadOnly?: boolean;
  /** The circle already loaded and checked (by `mimeo check`); otherwise it is loaded here. */
  prepared?: PreparedCircle;
  /**
   * Called with a refused public output and the guard's report, just before that output is
   * removed: the canary test reads every byte of it. Nothing is kept. (A public folder the
   * rebuild would have left in place is the last build's, and stays as it is.)
   */
  inspectRefused?: (dir: string, report: GuardReport) => Promise<void>;
  /**
   * Create the output's parent folder when it is missing (default true). `mimeo build` says
   * false: a missing parent is most often a USB stick that is not mounted, and writing there
   * would put the circle's site on the local disk instead.
   */
  makeParent?: boolean;
  /** Ignore what the last build recorded and render everything (`mimeo build --clean`). */
  clean?: boolean;
  /**
   * Keep a record of this build for the next one (default true). `mimeo seal` says false: it
   * builds into a scratch folder that is gone afterwards, so a record of it would be litter.
   */
  record?: boolean;
}

export interface BuildResult {
  /** What the leak guard waived in the public output, for the build summary. */
  waived: WaivedFinding[];
  /** PDFs rendered by the browser and taken from the cache, when PDFs were made. */
  printed?: {
    rendered: number;
    cached: number;
    /** Reports whose sheets were found by what they are made from, their HTML not made. */
    keyedByInputs: number;
  };
  /** The print cache this build used, when PDFs were made. */
  cache?: string;
  prepared: PreparedCircle;
  circle: Circle;
  /**
   * `kept`: pages taken unchanged from the previous output, when the build could; `inPlace`:
   * the previous output's folder was left where it was, untouched, as nothing of it changed.
   */
  audiences: {
    audience: Audience;
    dir: string;
    pages: number;
    rendered: number;
    kept: number;
    inPlace: boolean;
  }[];
  /** Whether this build started from the previous output (an incremental build). */
  incremental: boolean;
  /** The public guard's pieces of long files: read, and skipped as passed before. */
  guardPieces?: { read: number; skipped: number };
}

/** Thrown for problems with where the build would write: exit code 2, like a usage error. */
export class OutputFolderError extends Error {
  override name = "OutputFolderError";
}

/**
 * The images the last build decoded without a problem, by their bytes' keys (see imageKeys): one
 * with the same bytes is not decoded again, nor sharp loaded for it.
 */
export interface ImagesDecoded {
  /** Each image's key, read once for the whole build. */
  read: Map<string, string | undefined>;
  before: ReadonlySet<string>;
  /** Filled with the keys of this build's images that decode. */
  now: Set<string>;
}

/** Reads and checks a circle as a build needs it: every problem, images decoded too. */
export function prepareForBuild(
  content: string,
  options: Omit<PrepareOptions, "also"> = {},
  images?: ImagesDecoded,
): Promise<PrepareResult> {
  return prepareCircle(content, {
    ...options,
    also: async (circle) => {
      if (!images) return imageProblems(content, circle.media);
      const keys = await imageKeys(
        content,
        circle.media.map((use) => use.path),
        images.read,
      );
      return imageProblems(content, circle.media, {
        decodes: (image) => images.before.has(keys.get(image) ?? ""),
        decoded: (image) => {
          const key = keys.get(image);
          if (key !== undefined) images.now.add(key);
        },
      });
    },
  });
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  stage("build begun");
  const content = path.resolve(options.content);
  const out = path.resolve(options.out);
  if (!options.dryRun) await checkOutputFolder(out, content, options.makeParent ?? true);
  const cacheDir = options.cacheDir ?? printCacheFor(out);
  if (!options.dryRun) await checkCacheFolder(cacheDir, out, content);
  /** The print cache's folder, when this build makes it (see the `finally` below). */
  const newCache = options.dryRun ? undefined : firstMissing(cacheDir);
  // The record of the last build into `out`: a rebuild renders only what changed. `check`
  // writes nothing, so it neither reads nor keeps one.
  const recordFile =
    options.dryRun || options.record === false ? undefined : recordFileFor(cacheDir, out);
  const lastRecord = recordFile ? await readRecord(recordFile, out) : undefined;
  /** What each audience folder of `out` holds against what the last build wrote there. */
  const surveys = new Map<Audience, OutputSurvey>();
  if (!options.dryRun) {
    for (const audience of options.audiences) {
      surveys.set(
        audience,
        await surveyOutput(path.join(out, audience), lastRecord?.audiences[audience]),
      );
    }
    refuseHandChanges(out, surveys);
  }
  stage("output surveyed");
  // What the last build read from each Markdown body: only changed bodies are parsed again.
  const readingFile = recordFile && !options.prepared ? readingCacheFor(recordFile) : undefined;
  const lastRead =
    readingFile && !options.clean ? await readReadingCache(readingFile) : emptyReadingCache();
  stage("reading cache read");
  // A rebuild most often makes some search index again, on the index thread: it starts now and
  // loads its code while the content is read. (A first build makes its indexes on this thread.)
  if (lastRecord && !options.clean) {
    warmIndexThread();
    warmFileThread();
  }
  const pdf = options.pdf ?? true;
  // `mimeo check` takes what the cache holds and adds nothing: it writes nothing.
  const cacheUse = new CacheUse(cacheDir, !options.dryRun && !options.cacheReadOnly);
  // The print room (puppeteer, pdf-lib, pdf.js) is loaded only when PDFs are made: about a
  // second of start-up that an HTML-only build does not need.
  const print = pdf
    ? { ...(await import("../print/index.ts")), ...(await import("./print-build.ts")) }
    : undefined;
  const copied = { copied: 0, keyedByInputs: 0 };
  const shop = print
    ? new print.PrintShop({
        ...(options.jobs ? { jobs: options.jobs } : {}),
        cacheDir,
        cacheUse,
        // The sheets made from new renders get their notes in this font: fontkit takes about
        // 0.4 s to load, which the wait for the browser hides.
        whileStarting: print.loadNoteFontkit,
      })
    : undefined;
  let closing: Promise<void> | undefined;
  /** Closes the print shop once, whoever asks first; the build awaits it before it returns. */
  const closeShop = (): Promise<void> => {
    if (closing === undefined) {
      closing = shop?.close() ?? Promise.resolve();
      // Awaited in the build's `finally`, which passes a failure on.
      closing.catch(() => undefined);
    }
    return closing;
  };
  // A rebuild after an edit most often renders a sheet: when a file the last build read has
  // another stat now, the browser starts before the content is read (about half a second of
  // Chromium's start-up, which the reading hides). Otherwise it starts once a changed body is
  // found, or at the first sheet the cache lacks.
  if (
    shop &&
    !options.clean &&
    lastRead.files.size > 0 &&
    anyStampChanged(content, [
      ...[...lastRead.files].map(([file, read]): [string, string] => [file, read.stamp]),
      // A file the last build read just after it was saved, saved again since.
      ...lastRead.unsettled,
    ])
  ) {
    shop.start();
  }
  /**
   * The last build's ledger, rotation plan and calendar: each is worked out again only if its
   * inputs changed.
   */
  const memo: PrepareMemo = { ...lastRead.prepared };
  const bodies: BodyMemo | undefined = readingFile
    ? {
        earlier: lastRead.bodies,
        now: new Map(),
        files: new Map(),
        filesEarlier: lastRead.files,
        filesNow: new Map(),
        unsettled: new Map(),
      }
    : undefined;
  /** Each image's key (see imageKeys), read once however many audiences show the image. */
  const imagesRead = new Map<string, string | undefined>();
  const decoded: ImagesDecoded = { read: imagesRead, before: lastRead.images, now: new Set() };
  const { prepared, problems } = options.prepared
    ? { prepared: options.prepared, problems: [] }
    : await prepareForBuild(
        content,
        {
          ...(options.today ? { today: options.today } : {}),
          ...(bodies ? { bodies, memo, audiences: options.audiences } : {}),
        },
        readingFile ? decoded : undefined,
      );
  if (!prepared) {
    endIndexThread();
    await closeShop();
    throw new ContentError(problems);
  }
  const { circle } = prepared;
  stage("content loaded and checked");

  const parent = path.dirname(out);
  await mkdir(parent, { recursive: true });
  for (const stale of await staleFolders(parent, buildFolderPrefix(out))) {
    await rm(stale, { recursive: true, force: true });
  }
  const tmp = path.join(
    parent,
    `${buildFolderPrefix(out)}${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  await mkdir(tmp);
  const onSignal = (signal: NodeJS.Signals): void => {
    // Synchronous on purpose: runs from a signal handler just before exit.
    rmSync(tmp, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  /**
   * The content files whose Markdown bodies a rebuild read that the last build did not (none in
   * a first build), with their bodies' keys. An expired report's body is never kept
   * (reading-cache.ts), so it is read anew each time, and does not count.
   */
  const expired = new Set(circle.expired);
  const changedFiles = new Map(
    bodies && bodies.earlier.size > 0
      ? [...bodies.files].filter(([file, key]) => !bodies.earlier.has(key) && !expired.has(file))
      : [],
  );
  const changed = new Set(changedFiles.values());
  // In a rebuild, a changed body most often changes a sheet: the browser starts now, while the
  // pages are made, rather than at the first sheet the cache lacks (a second or so of waiting
  // after one edit). A first build starts it when needed.
  if (changedFiles.size > 0) shop?.start();
  /** An audience's view, and the keys of the Markdown bodies it publishes. */
  const siteOf = (audience: Audience): { site: Site; shown: [string, string][] } => {
    const site = siteFor(prepared, audience, options.baseUrl ? { baseUrl: options.baseUrl } : {});
    return { site, shown: bodies ? bodiesShown(bodies, site) : [] };
  };
  const previous = options.clean ? undefined : lastRecord;
  /** The build's options that shape every file of an audience (see AudienceRecord). */
  const shapingOf = (audience: Audience): string =>
    canonicalJson({
      audience,
      pdf,
      paper: options.paper ?? null,
      ink: options.ink ?? null,
      baseUrl: options.baseUrl ?? null,
    });
  /**
   * Sheets made from a circle's own print layouts (MIMEO_PRINT_LAYOUTS), which may have changed
   * since the last build: the key cannot see them.
   */
  const ownLayouts = print !== undefined && Boolean(process.env[print.PRINT_LAYOUTS_ENV]);
  /**
   * What the public view could be made from (publicInputsKey), when the circle's site is built
   * too (a public-only build's reading cache keeps public files only, and cannot tell), and its
   * sheets, if any, from mimeo's own layouts. Without a key, the record keeps none, so the next
   * build makes the public folder again too.
   */
  const publicKey =
    bodies && options.audiences.includes("circle") && !ownLayouts
      ? publicInputsKey(
          circle,
          new Map(
            [...bodies.files.keys()].map((file) => [file, bodies.filesNow?.get(file)?.stamp]),
          ),
          await imageKeys(
            content,
            circle.media.map((use) => use.path),
            imagesRead,
          ),
        )
      : undefined;
  const lastPublic = previous?.audiences.public;
  /**
   * The public folder is left as the last build wrote it, without its view (nor, with PDFs, its
   * sheets) being made again, when nothing public was read that the last build did not read (an
   * edit to a circle-only report), in a rebuild of the same options whose folder is as it was
   * written.
   */
  const publicAsItWas =
    publicKey !== undefined &&
    lastPublic?.inputs?.key === publicKey &&
    typeof lastPublic.inputs.pages === "number" &&
    // With PDFs, the print cache's entries its sheets used are kept for the next build.
    (!print || Array.isArray(lastPublic.inputs.cacheParts)) &&
    lastPublic.options === shapingOf("public") &&
    surveys.get("public")?.matches === true &&
    surveys.get("public")?.strays === false;
  /** What the record keeps of the public view's inputs, for the next build's publicAsItWas. */
  const inputsOf = (audience: Audience, pages: number): Pick<AudienceRecord, "inputs"> =>
    audience === "public" && publicKey !== undefined ? { inputs: { key: publicKey, pages } } : {};
  /** The last build's record of an audience, when its folder is as written, with these options. */
  const usableRecord = (audience: Audience): AudienceRecord | undefined => {
    const last = previous?.audiences[audience];
    return last?.options === shapingOf(audience) && surveys.get(audience)?.matches === true
      ? last
      : undefined;
  };
  /**
   * The search index the last build wrote for an audience, for the index thread to make the new
   * one from (search/patch.ts): only from an output of the same options, found as recorded.
   */
  const lastIndexOf = (audience: Audience): { last?: LastIndexFile } => {
    const last = usableRecord(audience);
    const hash = last?.files[SEARCH_INDEX_FILE]?.hash;
    if (!last?.search || !hash) return {};
    return { last: { file: path.join(out, audience, SEARCH_INDEX_FILE), hash, docs: last.search } };
  };
  /**
   * In a rebuild, each audience that publishes a changed body will most likely have a new search
   * index: its site is made now and its index begun on the index thread, so that it is made
   * while the audiences before it are built (the thread ends when it is made; see pagesStage).
   */
  const ahead = new Map<Audience, ReturnType<typeof siteOf>>();
  if (changed.size > 0) {
    for (const audience of options.audiences) {
      if (audience === "public" && publicAsItWas) continue;
      const view = siteOf(audience);
      ahead.set(audience, view);
      if (view.shown.some(([, key]) => changed.has(key))) {
        beginSearchIndex(view.site, { once: true, ...lastIndexOf(audience) });
      }
    }
  }
  stage("views made ahead, search indexes begun");
  const record: BuildRecord = { version: codeVersion(), out, audiences: {} };
  let incremental = false;
  let built = false;
  /** The replaced output's removal, once the new output is swapped in. */
  let removing: Promise<unknown> = Promise.resolve();
  try {
    const results: BuildResult["audiences"] = [];
    /** Each image's clean copy, by its path in the content folder. */
    const encoded = new Map<string, string>();
    /** Every file's hash that a stage already knows, by audience and output path. */
    const hashes = new Map<Audience, Map<string, string>>();
    /** The pages linked from the last output, by audience, with what its record said of them. */
    const linkedFrom = new Map<Audience, ReadonlyMap<string, OutputFile>>();
    let waived: WaivedFinding[] = [];
    let guardPieces: BuildResult["guardPieces"];
    /** The guard's settings and the public files it found clean, for the record. */
    let passed: { settings: string; clean: Set<string> } | undefined;
    /**
     * The leak guard over a finished public folder. A file keeps its last verdict when its hash
     * (`hashOf`) is the one it passed with, under the same settings, in `last`.
     */
    const guardStage = async (
      dir: string,
      last: AudienceRecord | undefined,
      hashOf: (output: string) => string | undefined,
      /** The folder's files, when it is the last build's folder found as recorded. */
      recorded?: readonly string[],
    ): Promise<GuardReport> => {
      const report = await guardPublicOutput(
        dir,
        prepared,
        content,
        [content, out, tmp],
        pdf ? cacheDir : undefined,
        cacheUse,
        {
          scratch: tmp,
          ...(previous?.guardPieces
            ? {
                pieces: {
                  settings: previous.guardPieces.settings,
                  clean: new Set(previous.guardPieces.keys),
                },
              }
            : {}),
          ...(recorded ? { recorded } : {}),
          ...(last
            ? {
                hashOf,
                passed: (output: string) => {
                  const file = last.files[output];
                  return file?.passed ? { settings: file.passed, hash: file.hash } : undefined;
                },
              }
            : {}),
        },
      );
      if (report.findings.length > 0) {
        await options.inspectRefused?.(dir, report);
        throw new LeakError(report);
      }
      guardPieces = report.pieces;
      if (report.settings && report.cleanPieces) {
        record.guardPieces = { settings: report.settings, keys: [...report.cleanPieces].sort() };
      }
      return report;
    };
    /** The Markdown files some audience published, and their bodies' keys, for the reading cache. */
    const published = new Map<string, string>();
    /** Audiences whose last output stays where it is: every file would be made the same. */
    const inPlace = new Set<Audience>();
    /**
     * Leaves an audience's last output where it is, untouched and not swapped. The public one
     * is still given to the guard (its files are the record's, as the survey said), whose
     * settings may have changed: a file is read again only if it has not passed with them.
     */
    const leaveInPlace = async (
      audience: Audience,
      last: AudienceRecord,
      entry: Omit<AudienceRecord, "files">,
      pages: number,
      said: string,
    ): Promise<void> => {
      const dir = path.join(out, audience);
      inPlace.add(audience);
      incremental = true;
      results.push({ audience, dir, pages, rendered: 0, kept: pages, inPlace: true });
      options.log?.(`${audience}: ${said}`);
      let { files } = last;
      if (audience === "public") {
        // Left in place only when found as recorded, with nothing else in it.
        const report = await guardStage(
          dir,
          last,
          (output) => files[output]?.hash,
          Object.keys(files),
        );
        waived = report.waived;
        files = withVerdicts(files, report);
      }
      record.audiences[audience] = {
        ...entry,
        ...(last.search ? { search: last.search } : {}),
        files,
      };
      stage(`${audience}: left as it was`);
    };
    for (const audience of options.audiences) {
      const shaping = shapingOf(audience);
      const last = previous?.audiences[audience];
      if (audience === "public" && publicAsItWas && last?.inputs) {
        const { inputs } = last;
        // The print cache keeps what its sheets were made from, as if they had been made again.
        if (shop)
          for (const part of inputs.cacheParts ?? []) cacheUse.mark(path.join(cacheDir, part));
        await leaveInPlace(
          audience,
          last,
          { options: shaping, inputs },
          inputs.pages,
          `nothing public changed, ${inputs.pages} pages kept as they were`,
        );
        continue;
      }
      /** With PDFs, the print cache's entries used before the public audience, to tell its own. */
      const usedBefore = shop && audience === "public" ? new Set(cacheUse.entries()) : undefined;
      const { site, shown } = ahead.get(audience) ?? siteOf(audience);
      ahead.delete(audience);
      for (const [file, key] of shown) published.set(file, key);
      const dir = path.join(tmp, audience);
      const usable = usableRecord(audience);
      const known = new Map<string, string>();
      hashes.set(audience, known);
      const made = new Map<string, string>();
      const previousOutput = usable ? { dir: path.join(out, audience), record: usable } : undefined;
      const images = await imageKeys(content, site.media, imagesRead);
      // The sheets are part of the view (its list of printables, the print page): with PDFs, the
      // pages are planned once the sheets are made.
      let plan = shop ? undefined : planAudience(site, circle, previousOutput, lastIndexOf);
      // Nothing of it changed (a circle-only edit leaves the public site so): the last output
      // stays in place, untouched, and is not swapped.
      if (
        plan &&
        previousOutput &&
        surveys.get(audience)?.strays === false &&
        sameOutput(plan, images, previousOutput)
      ) {
        const pages = plan.pages.length;
        await leaveInPlace(
          audience,
          previousOutput.record,
          { options: shaping, ...inputsOf(audience, pages) },
          pages,
          `0 files rendered, ${pages} kept from the last build`,
        );
        continue;
      }
      await imagesStage(site, circle, content, dir, encoded, {
        keys: images,
        ...(previousOutput ? { previous: previousOutput } : {}),
        known,
        made,
      });
      if (shop && print) {
        // Eleventy's code (about 0.08 s to load) is loaded once the first sheet is begun, while
        // the browser renders it, when pages will be rendered after the sheets: a first build,
        // or a file changed. The main thread waits on the browser then.
        const loadEleventy =
          !previousOutput || changedFiles.size > 0
            ? () => setTimeout(() => eleventyClass().catch(() => undefined), 0)
            : undefined;
        site.printables = await print.printAudience(prepared, site, dir, shop, {
          ...(loadEleventy ? { firstBegun: loadEleventy } : {}),
          paper: options.paper ?? circle.settings.papers,
          ...(options.ink ? { ink: options.ink } : {}),
          cacheDir,
          cacheUse,
          counters: copied,
          first: new Set(changedFiles.keys()),
          ...(options.progress ? { progress: options.progress } : {}),
          ...(previousOutput ? { previous: previousOutput } : {}),
          known,
        });
        site.nav.push({ label: site.words.print, url: "/print/index.html" });
        stage(`${audience}: sheets made`);
        // The last audience's sheets are made: the browser closes (about 0.2 s of waiting for
        // Chromium to exit) while its pages are made and the output is swapped in.
        if (audience === options.audiences.at(-1)) closeShop();
      }
      plan ??= planAudience(site, circle, previousOutput, lastIndexOf);
      stage(`${audience}: pages planned`);
      const pages = await pagesStage(site, content, dir, tmp, {
        plan: plan.pages,
        ...(previousOutput ? { previous: previousOutput } : {}),
        known,
        made,
      });
      linkedFrom.set(audience, pages.linked);
      // The public tactics and reports as sources other circles can import (docs/exchange.md).
      if (plan.exchange) exchangeStage(dir, plan.exchange, previousOutput, known, made);
      stage(`${audience}: pages made`);
      if (previousOutput) {
        incremental = true;
        const files = pages.rendered === 1 ? "file" : "files";
        options.log?.(
          `${audience}: ${pages.rendered} ${files} rendered, ${pages.kept} kept from the last build`,
        );
      } else {
        options.log?.(`${audience}: ${pages.rendered} pages`);
      }
      results.push({
        audience,
        dir: path.join(out, audience),
        pages: pages.rendered + pages.kept,
        rendered: pages.rendered,
        kept: pages.kept,
        inPlace: false,
      });
      // The hashes of the index's documents: of the one made now, or of the one kept.
      const search = searchIndexDocs(site) ?? previousOutput?.record.search;
      record.audiences[audience] = {
        options: shaping,
        files: {},
        ...inputsOf(audience, plan.pages.length),
        ...(search ? { search } : {}),
      };
      record.audiences[audience].files = Object.fromEntries(
        [...made].map(([output, fingerprint]) => [
          output,
          { hash: "", size: 0, mtimeMs: 0, made: fingerprint },
        ]),
      );
      await writeSums(dir, known);
      // The guard reads the public output as soon as it is made, before the circle's is
      // rendered: a leak stops the build sooner, and the guard's working memory does not come
      // on top of the circle's site (that was the peak of a 10,000-report build).
      if (audience === "public") {
        const last = previousOutput?.record;
        const report = await guardStage(dir, last, (output) => known.get(output));
        stage("public: guarded");
        waived = report.waived;
        if (report.settings && report.clean)
          passed = { settings: report.settings, clean: report.clean };
        // What its sheets and the guard used of the print cache: it is built first, so each entry
        // it used is new here (one the circle's sheets share, they mark again).
        const inputs = record.audiences[audience]?.inputs;
        if (usedBefore && inputs) {
          inputs.cacheParts = cacheUse.entries().filter((part) => !usedBefore.has(part));
        }
        // A first build's guard read every public file: its garbage goes now, not after the
        // circle's site is made on top of it (collect.ts). The 10,000-report build's peak fell
        // from about 1,005 to 845 MiB.
        if (!last) collectGarbage();
      }
    }
    for (const audience of options.audiences) {
      const entry = record.audiences[audience];
      if (!entry || inPlace.has(audience)) continue;
      const made = new Map(
        Object.entries(entry.files).flatMap(([output, f]) => (f.made ? [[output, f.made]] : [])),
      );
      entry.files = await describeOutput(
        path.join(tmp, audience),
        hashes.get(audience) ?? new Map(),
        made,
        (output) =>
          audience === "public" && passed?.clean.has(output) ? passed.settings : undefined,
        linkedFrom.get(audience),
      );
    }
    // The old record goes before the swap and the new one is written after it: a build stopped
    // in between leaves no record, and the next build starts clean.
    if (recordFile && !options.dryRun) await removeRecord(recordFile);
    if (!options.dryRun) {
      const swapped = options.audiences.filter((audience) => !inPlace.has(audience));
      await swapIn(tmp, out, swapped);
      stage("output swapped");
      // The replaced output goes on the file thread while the record and caches are written.
      removing = Promise.all(
        swapped.map((audience) => removeFolderOnThread(path.join(tmp, `${audience}.old`))),
      );
      if (recordFile) {
        // Audiences not built this time keep what the last build recorded of them.
        for (const [audience, kept] of Object.entries(previous?.audiences ?? {})) {
          record.audiences[audience as Audience] ??= kept;
        }
        if (previous?.guardPieces) record.guardPieces ??= previous.guardPieces;
        cacheUse.mark(recordFile);
        if (readingFile) cacheUse.mark(readingFile);
        record.cache = cacheUse.entries();
        await writeRecord(recordFile, record);
        stage("record written");
      }
      if (readingFile && bodies) {
        const kept = {
          bodies: new Map(
            [...published.values()].flatMap((key) => {
              const body = bodies.now.get(key);
              return body ? [[key, body]] : [];
            }),
          ),
          files: new Map([...(bodies.filesNow ?? [])].filter(([file]) => published.has(file))),
          unsettled: new Map([...(bodies.unsettled ?? [])].filter(([file]) => published.has(file))),
          // The ledger, the roster and the calendar name members, and the images may be the
          // circle's own: kept for circle builds only.
          ...(options.audiences.includes("circle")
            ? { prepared: memo, images: decoded.now }
            : { prepared: {}, images: new Set<string>() }),
        };
        await writeReadingCache(readingFile, kept, lastRead);
        stage("reading cache written");
      }
      // Only after a build that succeeded: a failed one may not have asked for everything.
      // What builds into other outputs sharing the cache still use is kept (shared-cache.ts).
      if (pdf) {
        for (const part of await otherOutputsParts(cacheDir, out)) cacheUse.mark(part);
        await cacheUse.prune();
        stage("print cache pruned");
      }
    }
    built = true;
    return {
      prepared,
      circle,
      waived,
      incremental,
      audiences: results,
      ...(guardPieces ? { guardPieces } : {}),
      ...(shop
        ? {
            printed: {
              rendered: shop.counters.rendered,
              cached: shop.counters.cached + copied.copied,
              keyedByInputs: copied.keyedByInputs,
            },
            cache: cacheDir,
          }
        : {}),
    };
  } finally {
    await closeShop();
    if (shop) stage("browser closed");
    // A first build that failed before it rendered a sheet (no browser, say) leaves no cache
    // where there was none, with nothing in it but the printed copies of the circle's images.
    // Once sheets were rendered, they are kept for the next try, after a leak is fixed.
    if (!built && newCache !== undefined && (shop?.counters.rendered ?? 0) === 0) {
      await rm(newCache, { recursive: true, force: true });
    }
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // The index thread, if no index was made on it (one that was ended it when made).
    endIndexThread();
    await removing.catch(() => undefined);
    endFileThread();
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The Markdown files an audience's view publishes, with their bodies' keys: the reading cache
 * keeps only those. A public-only build, whose print cache may sit on the USB stick that is handed on,
 * keeps no circle-only words; nor does any build keep an expired report's.
 */
function bodiesShown(bodies: BodyMemo, site: Site): [string, string][] {
  return [...bodies.files].filter(([file]) => site.urlOf(file) !== undefined);
}

/** Renders one audience's site into `dir` with Eleventy; returns the number of pages written. */
export async function renderSite(
  site: Site,
  content: string,
  dir: string,
  scratch: string,
  skip?: PageSkip,
): Promise<number> {
  // Eleventy hands each paginated page its data through a Proxy (its ProxyWrap), which wraps a
  // plain object read through it anew on every read, and hands over a frozen one as it is. The
  // view is finished by now (nothing of it changes once its pages are made): frozen, templates
  // read it directly, without about 0.3 s of proxies in a 4,000-report build's profile.
  Object.freeze(site);
  // Eleventy needs an input folder; every page is a virtual template, so it stays empty.
  const input = path.join(scratch, `.input-${site.audience}`);
  await mkdir(input, { recursive: true });
  const Eleventy = await eleventyClass();
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
        // The public output is guarded whole before it is swapped in (guardPublicOutput).
        command: MIMEO_COMMAND,
        ...(skip ? { kept: skip } : {}),
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
  const [, templates] = (await inFolder(scratch, () => eleventy.write())) as unknown as [
    unknown,
    unknown[],
  ];
  await rm(input, { recursive: true, force: true });
  return templates.length;
}

/** Whether `inner` is `outer` or inside it; by path segments, so /x/nu-es is not inside /x/nu. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/** Where a path really leads: symlinks resolved as far as it exists, the rest as written. */
async function realPathOf(file: string): Promise<string> {
  const rest: string[] = [];
  for (let at = file; ; at = path.dirname(at)) {
    try {
      return path.join(await realpath(at), ...rest.reverse());
    } catch {
      if (path.dirname(at) === at) return file;
      rest.push(path.basename(at));
    }
  }
}

/** The outermost folder of `dir`'s path that does not exist yet (`dir` itself, or above it). */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  // lstat: a link that leads nowhere is the person's, not missing.
  const exists = (at: string): boolean => lstatSync(at, { throwIfNoEntry: false }) !== undefined;
  for (let at = path.resolve(dir); !exists(at); at = path.dirname(at)) {
    missing = at;
    if (path.dirname(at) === at) break;
  }
  return missing;
}

/**
 * The print cache holds the circle's sheets and the text of its bodies: never inside the output
 * (it would be published or carried on a stick) nor inside the content folder.
 */
async function checkCacheFolder(cache: string, out: string, content: string): Promise<void> {
  const realCache = await realPathOf(cache);
  for (const [folder, name] of [
    [out, "output"],
    [content, "content"],
  ] as const) {
    if (isInside(cache, folder) || isInside(realCache, await realPathOf(folder))) {
      throw new OutputFolderError(
        `the print cache ${cache} is inside the ${name} folder: it holds the circle's sheets and the text of its reports, which must stay out of what is published and out of the content. Choose a --cache outside both.`,
      );
    }
  }
}

async function checkOutputFolder(out: string, content: string, makeParent: boolean): Promise<void> {
  const [realOut, realContent] = [await realPathOf(out), await realPathOf(content)];
  const apart = (a: string, b: string): boolean => !isInside(a, b) && !isInside(b, a);
  if (!apart(out, content) || !apart(realOut, realContent)) {
    throw new OutputFolderError(
      `the output folder ${path.basename(out)} and the content folder must be apart: choose another --out.`,
    );
  }
  const parent = path.dirname(out);
  const parentIsFolder = await stat(parent).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!parentIsFolder && !makeParent) {
    throw new OutputFolderError(
      `${parent} does not exist. Is the stick plugged in and mounted? mimeo creates only the last folder of --out ${out}.`,
    );
  }
  const kind = await stat(out).then(
    (s) => (s.isDirectory() ? "folder" : "other"),
    () => "missing",
  );
  if (kind === "other") {
    throw new OutputFolderError(
      `${out} is a file, not a folder; mimeo never writes over it. Choose a new or empty folder with --out.`,
    );
  }
  const entries = await readdir(out).catch(() => undefined);
  if (entries === undefined) return;
  // A folder a build made carries its marker; without it, even a `public` folder there is
  // someone else's.
  if (entries.length > 0 && !entries.includes(OUTPUT_MARKER)) {
    const some = entries.sort().slice(0, 3).join(", ");
    throw new OutputFolderError(
      `the output folder ${path.basename(out)} holds files mimeo did not make (${some}${entries.length > 3 ? ", …" : ""}); mimeo never overwrites them. Choose an empty or new folder with --out.`,
    );
  }
}

/**
 * A build replaces each audience folder whole: a file a person added to it or changed in it
 * would be lost, so nothing is built until they are moved out. OS litter is dropped.
 */
function refuseHandChanges(out: string, surveys: Map<Audience, OutputSurvey>): void {
  const added: string[] = [];
  const changed: string[] = [];
  const unknown: string[] = [];
  for (const [audience, survey] of surveys) {
    added.push(...survey.added.map((file) => `${audience}/${file}`));
    changed.push(...survey.changed.map((file) => `${audience}/${file}`));
    if (survey.unknown) unknown.push(`${audience}/`);
  }
  if (added.length + changed.length + unknown.length === 0) return;
  const some = (files: string[]): string =>
    files.slice(0, 5).join(", ") + (files.length > 5 ? ` and ${files.length - 5} more` : "");
  const found = [
    added.length > 0 ? `${some(added)}: not made by mimeo` : "",
    changed.length > 0 ? `${some(changed)}: changed since the last build` : "",
    unknown.length > 0
      ? `${some(unknown)}: its SHA256SUMS is gone, so mimeo cannot tell its own files from yours`
      : "",
  ].filter((line) => line !== "");
  const folders = [...surveys.keys()].map((audience) => `${audience}/`).join(" and ");
  throw new OutputFolderError(
    `a build replaces ${folders} in ${out} whole, and would lose what is yours there:\n` +
      found.map((line) => `  ${line}\n`).join("") +
      `Move these out of ${out} (a change that belongs to the circle goes into the content folder), ` +
      `then build again; or choose another --out.`,
  );
}

/** Moves each finished audience into place, then drops the old one. */
async function swapIn(tmp: string, out: string, audiences: Audience[]): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(
    path.join(out, OUTPUT_MARKER),
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

/**
 * Runs Eleventy with `folder` as the working folder. Eleventy 3.1 makes paths relative to the
 * working folder by cutting its characters off the front (TemplatePath.stripLeadingSubPath), so
 * from /x/nu an output in /x/nu-es/ became "s/…" and the build failed. Inside its own scratch
 * folder every path Eleventy writes is truly inside the working folder.
 */
export async function inFolder<T>(folder: string, run: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(folder);
  try {
    return await run();
  } finally {
    process.chdir(previous);
  }
}

/** Writes an empty Eleventy config into the (empty) input folder and returns its path. */
export async function emptyConfig(input: string): Promise<string> {
  const file = path.join(input, "eleventy.config.mjs");
  await writeFile(file, "export default function () {}\n");
  return file;
}

/**
 * SHA256SUMS at the top of an audience's output: every file, as `sha256sum -c` reads it. A
 * file whose hash a stage already knows (kept from the last build, written from a string) is
 * not read again; every other file's hash is added to `known`.
 */
async function writeSums(dir: string, known: Map<string, string>): Promise<void> {
  const lines = [];
  for (const entry of await walk(dir)) {
    if (entry.path === SUMS_FILE) continue;
    let hash = known.get(entry.path);
    if (hash === undefined) {
      hash = await sha256File(path.join(dir, entry.path));
      known.set(entry.path, hash);
    }
    lines.push({ path: entry.path, hash });
  }
  const text = formatSums(lines);
  await writeFile(path.join(dir, SUMS_FILE), text);
  known.set(SUMS_FILE, sha256(text));
}

/** The previous output of an audience and its record, for a rebuild to keep files from. */
interface Previous {
  dir: string;
  record: AudienceRecord;
}

/** What an audience's output is made of, before anything is written. */
interface AudiencePlan {
  /** Every page, with the fingerprint of what it is made from. */
  pages: PageFingerprint[];
  /** The exchange folder's documents and manifest: the public audience's only. */
  exchange?: ExchangePlan;
}

/**
 * Fingerprints an audience's pages and, for the public one, plans its exchange folder. In a
 * rebuild, a changed search index is begun on its thread as soon as its fingerprint is known,
 * when build() did not begin it already (a title changed, not a body): the thread ends when
 * the index is made. A first build makes it on the main thread, for memory (search-page.ts).
 */
function planAudience(
  site: Site,
  circle: Circle,
  previous: Previous | undefined,
  lastIndexOf: (audience: Audience) => { last?: LastIndexFile },
): AudiencePlan {
  const files = previous?.record.files ?? {};
  const early = (page: PageFingerprint): void => {
    if (page.template === SEARCH_INDEX_TEMPLATE && files[page.output]?.made !== page.fingerprint) {
      beginSearchIndex(site, { once: true, ...lastIndexOf(site.audience) });
    }
  };
  const pages = fingerprintPages(
    site,
    plannedPages(site),
    allDocuments(circle).map((d) => d.file),
    previous ? early : undefined,
  );
  return { pages, ...(site.audience === "public" ? { exchange: exchangePlan(circle) } : {}) };
}

/** What every copied asset is made from: mimeo's code, which the record's version already is. */
const COPIED_ASSET = "copied asset";

/**
 * What each image's clean copy is made from: the image's bytes (the re-encoding is mimeo's code).
 * An image that cannot be read has no key: the images stage reports it. `read` keeps each
 * image's key for the next audience that shows it.
 */
async function imageKeys(
  content: string,
  media: readonly string[],
  read: Map<string, string | undefined>,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const image of media) {
    if (!read.has(image)) {
      const bytes = await readFile(path.join(content, image)).catch(() => undefined);
      read.set(image, bytes ? `image ${sha256(bytes)}` : undefined);
    }
    const key = read.get(image);
    if (key !== undefined) keys.set(image, key);
  }
  return keys;
}

/**
 * Whether an audience's last output holds exactly the files this plan makes, each made from the
 * same (unchangedOutput): a page made from something else says no at once, before every file's
 * key is listed.
 */
function sameOutput(
  plan: AudiencePlan,
  images: ReadonlyMap<string, string>,
  previous: Previous,
): boolean {
  return (
    plan.pages.every((page) => previous.record.files[page.output]?.made === page.fingerprint) &&
    unchangedOutput(outputKeys(plan, images, previous), previous.record)
  );
}

/**
 * Every file an audience's output would hold, but SHA256SUMS, with what it would be made from:
 * its pages, mimeo's assets, its images and, for the public site, the exchange folder (whose
 * manifest lists each document's hash, taken from the last output: a document whose key changed
 * already differs).
 */
function outputKeys(
  plan: AudiencePlan,
  images: ReadonlyMap<string, string>,
  previous: Previous,
): Map<string, string> {
  const keys = new Map(plan.pages.map((page) => [page.output, page.fingerprint]));
  for (const asset of copiedAssets()) keys.set(asset.to, COPIED_ASSET);
  for (const [image, key] of images) keys.set(image, key);
  if (plan.exchange) {
    for (const doc of plan.exchange.documents) keys.set(`${EXCHANGE_DIR}/${doc.path}`, doc.key);
    const manifest = plan.exchange.manifest(
      (file) => previous.record.files[`${EXCHANGE_DIR}/${file}`]?.hash ?? "",
    );
    keys.set(`${EXCHANGE_DIR}/${manifest.path}`, sha256(manifest.text));
  }
  return keys;
}

/** An output's files as recorded, each with the guard's verdict of this build. */
function withVerdicts(
  files: Readonly<Record<string, OutputFile>>,
  report: GuardReport,
): Record<string, OutputFile> {
  return Object.fromEntries(
    Object.entries(files).map(([output, { passed: _, ...file }]) => [
      output,
      report.settings && report.clean?.has(output) ? { ...file, passed: report.settings } : file,
    ]),
  );
}

/**
 * The images stage, first, so the PDFs embed the clean copies: each image re-encoded without
 * metadata. An image another audience already has is copied from its clean copy (`encoded`);
 * one whose bytes are those of the last build is linked from the previous output.
 */
async function imagesStage(
  site: Site,
  circle: Circle,
  content: string,
  dir: string,
  encoded: Map<string, string>,
  state: {
    /** Each image's key (imageKeys). */
    keys: ReadonlyMap<string, string>;
    previous?: Previous;
    known: Map<string, string>;
    made: Map<string, string>;
  },
): Promise<void> {
  const { keys, previous, known, made } = state;
  const problems: ContentProblem[] = [];
  const files = outputFiles(dir, previous?.dir);
  for (const image of site.media) {
    const target = path.join(dir, image);
    const key = keys.get(image);
    if (key !== undefined) made.set(image, key);
    const last = previous?.record.files[image];
    if (key !== undefined && last?.made === key) {
      files.keep(image);
      known.set(image, last.hash);
      encoded.set(image, target);
      continue;
    }
    const clean = encoded.get(image);
    if (clean) {
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(clean, target);
      continue;
    }
    try {
      await reencodeImage(path.join(content, image), target, image);
      encoded.set(image, target);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      problems.push(...imageErrorProblems(error, circle.media));
    }
  }
  if (problems.length > 0) throw new ContentError(sortProblems(problems));
}

/**
 * The pages stage: renders with Eleventy only the pages whose fingerprint changed, and links
 * every other page from the previous output. Fills `made` with each page's fingerprint and
 * `known` with the kept pages' hashes.
 */
async function pagesStage(
  site: Site,
  content: string,
  dir: string,
  scratch: string,
  state: {
    plan: readonly PageFingerprint[];
    previous?: Previous;
    known: Map<string, string>;
    made: Map<string, string>;
  },
): Promise<{ rendered: number; kept: number; linked: ReadonlyMap<string, OutputFile> }> {
  const { plan } = state;
  const files = state.previous?.record.files ?? {};
  const kept = plan.filter((p) => files[p.output]?.made === p.fingerprint);
  for (const page of plan) state.made.set(page.output, page.fingerprint);
  const assets = copiedAssets().map((asset) => asset.to);
  for (const asset of assets) state.made.set(asset, COPIED_ASSET);
  /** Each file kept from the last output, by output path, and where it is put. */
  const links = new Map<string, Link>();
  let linking: Promise<ReadonlySet<string>> = Promise.resolve(new Set());
  /** The files linked from the last output (not copied), with what its record said of them. */
  const linked = async (): Promise<Map<string, OutputFile>> => {
    const copied = await linking;
    const same = new Map<string, OutputFile>();
    for (const [output, [, to]] of links) {
      const last = files[output];
      if (last && !copied.has(to)) same.set(output, last);
    }
    return same;
  };
  if (state.previous) {
    const output = outputFiles(dir, state.previous.dir);
    const keep = (file: string): Link => {
      state.known.set(file, files[file]?.hash ?? "");
      const link = output.linkFor(file);
      links.set(file, link);
      return link;
    };
    // Every page kept (in a build with PDFs, or when only the exchange folder or an image
    // changed): Eleventy would only copy mimeo's assets again, which the last build wrote,
    // after setting itself up for the whole site.
    const all = kept.length === plan.length && assets.every((asset) => files[asset]);
    // The file thread links the kept pages while Eleventy renders the others.
    linking = linkFiles([
      ...kept.map((page) => keep(page.output)),
      ...(all ? assets.map(keep) : []),
    ]);
    if (all) return { rendered: 0, kept: kept.length, linked: await linked() };
  }
  const rendered = await renderSite(site, content, dir, scratch, pagesKept(kept)).finally(
    () => linking,
  );
  return { rendered, kept: kept.length, linked: await linked() };
}

/**
 * The exchange folder. A file whose inputs are those of the last build (a document's key, the
 * manifest's own hash) is linked from the previous output without making its text again; the
 * manifest, which lists every document's hash, is computed each time.
 */
function exchangeStage(
  dir: string,
  plan: ExchangePlan,
  previous: Previous | undefined,
  known: Map<string, string>,
  made: Map<string, string>,
): void {
  const files = outputFiles(dir, previous?.dir);
  /** Keeps or writes one file; gives the SHA-256 of its bytes. */
  const place = (output: string, key: string, text: () => string): string => {
    const last = previous?.record.files[output];
    let hash = last?.made === key ? last.hash : "";
    if (hash !== "") {
      files.keep(output);
    } else {
      const written = text();
      files.write(output, written);
      hash = sha256(written);
    }
    known.set(output, hash);
    made.set(output, key);
    return hash;
  };
  const hashes = new Map<string, string>();
  for (const doc of plan.documents) {
    hashes.set(doc.path, place(`${EXCHANGE_DIR}/${doc.path}`, doc.key, doc.text));
  }
  const manifest = plan.manifest((file) => hashes.get(file) ?? "");
  place(`${EXCHANGE_DIR}/${manifest.path}`, sha256(manifest.text), () => manifest.text);
}
