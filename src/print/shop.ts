// The print shop: one headless browser, a few pages working side by side, HTML in, PDF out.
// Pages see only local files and data: URLs; anything else is refused and reported.

import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stage } from "../stages.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { HTTPRequest, Page } from "puppeteer-core";
import { launchBrowser, removeOnExit } from "./browser.ts";
import type { RunningBrowser } from "./browser.ts";
import { CacheUse, RenderCache, renderKey } from "./cache.ts";
import { finishPdf, outline } from "./finish.ts";
import type { FinishOptions, OutlineEntry } from "./finish.ts";
import { fontDir } from "./fonts.ts";
import { digestReferences } from "./references.ts";
import { keepShortBlocksWhole } from "./keep-lines.ts";
import { resolveSize } from "./sizes.ts";
import type { Size, SizeSpec } from "./sizes.ts";

export interface PrintShopOptions {
  /** pages rendering at once; default: one per CPU */
  jobs?: number;
  /** where rendered PDFs are kept between builds; outside the output folder. None: no cache */
  cacheDir?: string;
  /** records which cache entries this build used (and whether it may write); default: writable */
  cacheUse?: CacheUse;
  /** the browser to use; default: findBrowser(env) */
  executablePath?: string;
  env?: NodeJS.ProcessEnv;
  /** folders, besides each page's baseDir and the font folder, that pages may read from */
  fileRoots?: string[];
  /** per page load and per PDF; default 60 s */
  timeoutMs?: number;
  /**
   * Called once, as the browser starts: this thread only waits for it then, so what the PDFs
   * need next can be loaded meanwhile.
   */
  whileStarting?: () => void;
}

export interface RenderRequest {
  /** a complete HTML document */
  html: string;
  /** the folder relative URLs resolve against; pages may read files inside it */
  baseDir?: string;
  /** the PDF's page size; it overrides any @page size in the document's CSS */
  size: SizeSpec;
  /** hashes of anything else that shapes this PDF and that the HTML doesn't reference */
  deps?: readonly string[];
  /** when given, the PDF is finished (neutral metadata, language) before it is cached */
  finish?: FinishOptions;
  /** bookmarks, added before finishing */
  outline?: OutlineEntry[];
  /**
   * What to do when the page asks for something that isn't a local file: "fail" (the
   * default) throws, naming every URL refused; "drop" prints without it.
   */
  onBlocked?: "fail" | "drop";
}

/** A page asked for something it may not load, or the browser failed. */
export class PrintError extends Error {
  constructor(
    message: string,
    readonly blocked: readonly string[] = [],
  ) {
    super(message);
    this.name = "PrintError";
  }
}

interface Job {
  pageUrl: string;
  html: string;
  roots: readonly string[];
  blocked: string[];
}

/** The name the page is served under, inside its baseDir, so relative URLs resolve there. */
const PAGE_NAME = "__mimeo-print__.html";

/** Puts the requested size after the document's own CSS, where it wins the cascade. */
export function withPageSize(html: string, size: Size): string {
  const rule = `<style data-mimeo-page-size>@page { size: ${size.width}mm ${size.height}mm; }</style>`;
  const at = html.search(/<\/head\s*>/i);
  return at === -1 ? `${rule}\n${html}` : `${html.slice(0, at)}${rule}\n${html.slice(at)}`;
}

const isInside = (file: string, roots: readonly string[]): boolean =>
  roots.some((root) => {
    const rel = path.relative(root, file);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
  });

async function realPathOf(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return path.resolve(file);
  }
}

export class PrintShop {
  /** renders done by the browser, and renders answered from the cache */
  readonly counters = { rendered: 0, cached: 0 };
  readonly jobs: number;
  private readonly cache: RenderCache | undefined;
  private readonly timeoutMs: number;
  private running: Promise<RunningBrowser> | undefined;
  private scratch: Promise<string> | undefined;
  private forgetScratch: (() => void) | undefined;
  private rootsPromise: Promise<string[]> | undefined;
  private readonly idle: Page[] = [];
  private readonly waiting: ((page: Page) => void)[] = [];
  private opened = 0;
  /** The tab the browser opened as it started, until the first page takes it. */
  private startedTab: Promise<Page | undefined> | undefined;
  private readonly current = new WeakMap<Page, Job>();
  private closed = false;

  constructor(private readonly options: PrintShopOptions = {}) {
    this.jobs = Math.max(1, Math.floor(options.jobs ?? os.availableParallelism()));
    this.cache = options.cacheDir
      ? new RenderCache(options.cacheDir, options.cacheUse ?? new CacheUse(options.cacheDir))
      : undefined;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Render HTML to PDF bytes, or take them from the cache when nothing that shapes them changed. */
  async renderPdf(request: RenderRequest): Promise<Uint8Array> {
    if (this.closed) throw new PrintError("the print shop is closed");
    const size = resolveSize(request.size);
    const baseDir = request.baseDir ? path.resolve(request.baseDir) : await this.scratchDir();
    const pageUrl = pathToFileURL(path.join(baseDir, PAGE_NAME)).href;
    const html = withPageSize(request.html, size);

    let key: string | undefined;
    if (this.cache) {
      key = renderKey({
        html,
        size: [size.width, size.height],
        files: (await digestReferences(html, new URL(pageUrl))).map((d) => [d.file, d.sha256]),
        deps: [...(request.deps ?? [])],
        finish: request.finish
          ? {
              title: request.finish.title,
              lang: request.finish.lang,
              date: request.finish.date.toISOString(),
              ...(request.finish.precision ? { precision: request.finish.precision } : {}),
            }
          : null,
        outline: JSON.stringify(request.outline ?? []),
        onBlocked: request.onBlocked ?? "fail",
      });
      const hit = await this.cache.get(key);
      if (hit) {
        this.counters.cached++;
        return hit;
      }
    }

    const roots = [await realPathOf(baseDir), ...(await this.fileRoots())];
    let pdf = await this.print({ pageUrl, html, roots, blocked: [] }, size, request.onBlocked);
    if (request.outline && request.outline.length > 0) pdf = await outline(pdf, request.outline);
    if (request.finish) pdf = await finishPdf(pdf, request.finish);
    this.counters.rendered++;
    if (this.cache && key) await this.cache.put(key, pdf);
    return pdf;
  }

  /** Whether the browser has been started: a build answered wholly from the cache never starts it. */
  get browserStarted(): boolean {
    return this.running !== undefined;
  }

  /**
   * Starts the browser now, for a caller that expects to render soon: it starts while other
   * work goes on. A failure to start is reported by the first render, if one comes.
   */
  start(): void {
    this.browser().catch(() => undefined);
  }

  /**
   * How many more renders could start now without waiting for a page: pages open and idle, and
   * pages not yet opened, less the renders already waiting for one.
   */
  freePages(): number {
    return this.idle.length + (this.jobs - this.opened) - this.waiting.length;
  }

  /** How many tabs the browser has open (none when it has not started). */
  async tabsOpen(): Promise<number> {
    const running = this.running && (await this.running.catch(() => undefined));
    return running ? (await running.browser.pages()).length : 0;
  }

  /** The browser's version, e.g. "Chrome/131.0.6778.85"; starts the browser if needed. */
  async browserVersion(): Promise<string> {
    return (await this.browser()).browser.version();
  }

  /** Close the browser, remove its profile and scratch folder. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.running = undefined;
    const scratch = this.scratch;
    this.scratch = undefined;
    try {
      if (running) await (await running.catch(() => undefined))?.close();
    } finally {
      this.forgetScratch?.();
      if (scratch) await rm(await scratch, { recursive: true, force: true });
    }
  }

  private async print(
    job: Job,
    size: Size,
    onBlocked: "fail" | "drop" = "fail",
  ): Promise<Uint8Array> {
    const page = await this.acquire();
    this.current.set(page, job);
    let pdf: Uint8Array;
    try {
      await page.goto(job.pageUrl, { waitUntil: "load", timeout: this.timeoutMs });
      await keepShortBlocksWhole(page, size);
      pdf = await page.pdf({
        width: `${size.width}mm`,
        height: `${size.height}mm`,
        preferCSSPageSize: true,
        printBackground: true,
        margin: { top: 0, right: 0, bottom: 0, left: 0 },
        timeout: this.timeoutMs,
      });
    } finally {
      this.current.delete(page);
      this.release(page);
    }
    if (job.blocked.length > 0 && onBlocked === "fail") {
      const list = [...new Set(job.blocked)].map((u) => `  ${u}`).join("\n");
      throw new PrintError(
        `a print page asked for something mimeo will not load (another host, or a file ` +
          `outside the page's folder):\n${list}\n` +
          `Copy what it needs into the content folder, or remove the reference.`,
        [...new Set(job.blocked)],
      );
    }
    return pdf;
  }

  private browser(): Promise<RunningBrowser> {
    if (this.closed) return Promise.reject(new PrintError("the print shop is closed"));
    if (this.running === undefined) {
      stage("browser starting");
      this.running = launchBrowser({
        executablePath: this.options.executablePath,
        env: this.options.env,
      });
      this.startedTab = this.running
        .then(async ({ browser }) => {
          stage("browser started");
          const [tab] = await browser.pages();
          // Only a blank tab: anything else is not the one the browser opened with.
          return tab?.url() === "about:blank" ? tab : undefined;
        })
        // A browser that did not start says so to whoever awaits it (see `start`).
        .catch(() => undefined);
      this.options.whileStarting?.();
    }
    return this.running;
  }

  private scratchDir(): Promise<string> {
    // Pages without a baseDir live in an empty folder, so they can read nothing of the build.
    this.scratch ??= mkdtemp(path.join(os.tmpdir(), "mimeo-print-")).then((dir) => {
      this.forgetScratch = removeOnExit(dir);
      return dir;
    });
    return this.scratch;
  }

  private fileRoots(): Promise<string[]> {
    this.rootsPromise ??= Promise.all(
      [fontDir(), ...(this.options.fileRoots ?? [])].map((root) => realPathOf(root)),
    );
    return this.rootsPromise;
  }

  private async acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return page;
    if (this.opened < this.jobs) {
      this.opened++;
      try {
        return await this.openPage();
      } catch (error) {
        this.opened--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page): void {
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }

  private async openPage(): Promise<Page> {
    const { browser } = await this.browser();
    // The tab the browser opened as it started is the first page: its renderer is already
    // running, where a new tab starts one (about 0.1 s of a rebuild that renders one sheet).
    const started = this.startedTab;
    this.startedTab = undefined;
    const page = (await started) ?? (await browser.newPage());
    page.setDefaultTimeout(this.timeoutMs);
    // Print pages are documents, not programs: no script runs in them.
    await page.setJavaScriptEnabled(false);
    await page.setCacheEnabled(false);
    await page.emulateMediaType("print");
    await page.setRequestInterception(true);
    page.on("request", (request) => void this.route(page, request));
    return page;
  }

  /** Serve the page itself from memory; let through data: and files under the roots. */
  private async route(page: Page, request: HTTPRequest): Promise<void> {
    const job = this.current.get(page);
    const url = request.url();
    let verdict: "serve" | "allow" | "refuse" = "refuse";
    try {
      if (job && url === job.pageUrl) verdict = "serve";
      else if (url.startsWith("data:")) verdict = "allow";
      else if (job && url.startsWith("file:")) {
        const file = await realPathOf(fileURLToPath(url));
        if (isInside(file, job.roots)) verdict = "allow";
      }
    } catch {
      verdict = "refuse";
    }
    if (verdict === "refuse") job?.blocked.push(url);
    try {
      if (verdict === "serve" && job) {
        await request.respond({
          status: 200,
          contentType: "text/html; charset=utf-8",
          body: job.html,
        });
      } else if (verdict === "allow") {
        await request.continue();
      } else {
        await request.abort("blockedbyclient");
      }
    } catch {
      // The page navigated away or closed while we decided; nothing is waiting for this.
    }
  }
}
