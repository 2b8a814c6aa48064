// `mimeo serve`: Eleventy's dev server on localhost with live reload, rebuilding when the
// content changes. It writes to a scratch folder, never to the real output, and removes that
// folder when it stops (and the folders of earlier runs that were killed). While the content has
// problems it prints them, as `mimeo check` does, and every page shows them instead.
import { existsSync, readdirSync, readFileSync, rmSync, watch, type FSWatcher } from "node:fs";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { Server as HttpServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { eleventyClass } from "../site/eleventy.ts";
import type { Audience } from "../content/model.ts";
import { formatProblem, type ContentProblem } from "../content/problem.ts";
import mimeoPlugin, { MIMEO_COMMAND, plannedPages, type PageSkip } from "../site/plugin.ts";
import { emptyConfig, prepareForBuild } from "./build.ts";
import { siteFor, type Site } from "../site/audience.ts";
import { beginSearchIndex } from "../site/search-page.ts";
import { allDocuments } from "../content/model.ts";
import type { ParsedFiles } from "../content/load.ts";
import type { PrepareMemo } from "../prepare.ts";
import { fingerprintPages, pagesKept } from "./fingerprint.ts";
import { SERVE_SCRATCH_PREFIX, staleScratchFolders } from "../site/locations.ts";

export interface ServeOptions {
  content: string;
  audience: Audience;
  port: number;
  log: (line: string) => void;
  /** Where problems are printed; defaults to `log`. */
  err?: (line: string) => void;
  /** Stop by itself on SIGINT, SIGTERM, SIGHUP or when the process that started it is gone. */
  signals?: boolean;
}

export interface Serving {
  url: string;
  /** The scratch folder the site is written to. */
  scratch: string;
  /** Stops the server and the watchers, and removes the scratch folder. */
  stop: () => Promise<void>;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** The page served for every page while the content has problems; it looks again every 2 s. */
export function problemsPage(problems: readonly ContentProblem[]): string {
  const items = problems.map((p) => `<li><code>${escapeHtml(formatProblem(p))}</code></li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mimeo: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the content</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}li{margin:.5rem 0}code{white-space:pre-wrap}</style>
</head><body><main>
<h1>${problems.length} problem${problems.length === 1 ? "" : "s"} in the content</h1>
<p>Fix ${problems.length === 1 ? "it" : "them"} and save: this page shows the site again by itself.</p>
<ul>
${items.join("\n")}
</ul>
</main></body></html>
`;
}

const BUILDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">
<title>mimeo: building the site</title></head><body><p>Building the site…</p></body></html>
`;

const RAISE_WATCHES =
  "Raise the limit, for example with `sudo sysctl fs.inotify.max_user_watches=524288`, and start mimeo serve again.";

/** Linux's limit of file watches per user, or undefined elsewhere. */
function readWatchLimit(): string | undefined {
  try {
    return readFileSync("/proc/sys/fs/inotify/max_user_watches", "utf8");
  } catch {
    return undefined;
  }
}

/** How many files and folders are under `folder` (what a recursive watch of it takes on Linux). */
function countEntries(folder: string): number {
  try {
    return readdirSync(folder, { recursive: true }).length + 1;
  } catch {
    return 0;
  }
}

/**
 * What to say when the content folder alone needs more file watches than Linux allows a user
 * (`limit` as /proc/sys/fs/inotify/max_user_watches reads): edits would go unseen, not always
 * with an error. Other programs' watches count too, so this says only what is sure to fail.
 */
export function tooFewWatches(entries: number, limit: string | undefined): string | undefined {
  const allowed = Number(limit?.trim());
  if (limit === undefined || !Number.isInteger(allowed) || allowed <= 0 || entries <= allowed)
    return undefined;
  return `the content folder has ${entries} files and folders to watch for edits, and Linux allows ${allowed} file watches: edits will not show in the preview. ${RAISE_WATCHES}`;
}

/**
 * Makes the HTTP servers this process starts listen on the loopback address unless told where:
 * Eleventy's dev server listens on every interface and takes no host, and the circle's site
 * (the ledger, the roster) is for this machine, not for everyone on the café's network.
 * Gives the function that undoes it.
 */
function listenOnLoopback(): () => void {
  const prototype = HttpServer.prototype as unknown as { listen: (...args: unknown[]) => unknown };
  const listen = prototype.listen;
  prototype.listen = function (this: HttpServer, ...args: unknown[]): unknown {
    const [first] = args;
    if (typeof first === "object" && first !== null && !("host" in first) && "port" in first) {
      args[0] = { ...first, host: "127.0.0.1" };
    }
    return listen.apply(this, args);
  };
  return () => {
    prototype.listen = listen;
  };
}

export async function serve(given: ServeOptions): Promise<Serving> {
  // serve works from inside its scratch folder (below): a relative content path would move.
  const options = { ...given, content: path.resolve(given.content) };
  const err = options.err ?? options.log;
  for (const stale of await staleScratchFolders()) {
    await rm(stale, { recursive: true, force: true });
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), `${SERVE_SCRATCH_PREFIX}${process.pid}-`));
  const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });
  process.once("exit", removeScratch);
  const input = path.join(scratch, "input");
  await mkdir(input);

  let problems: ContentProblem[] = [];
  /** Whether Eleventy has written the site once: until then there is no page to serve. */
  let built = false;
  let shown = "";
  let site: Site | undefined;
  const output = path.join(scratch, options.audience);
  /** Parsed content files, kept between rebuilds: only a changed file is parsed again. */
  const parsed: ParsedFiles = new Map();
  /** The ledger, rotation and calendar, kept between rebuilds: worked out again on a change. */
  const memo: PrepareMemo = {};
  /** The images that decoded, by their bytes' keys: an image saved again unchanged is not. */
  let decoded = new Set<string>();
  /** The fingerprint of each page in the scratch folder, as Eleventy last wrote it. */
  let written = new Map<string, string>();
  /** The pages of the rebuild under way, and which of them it leaves as they are. */
  let pending: Map<string, string> | undefined;
  let skip: PageSkip | undefined;
  /** Loads the content; prints its problems once each time they change. */
  const load = async (): Promise<Site | undefined> => {
    const images = { read: new Map(), before: decoded, now: new Set<string>() };
    const result = await prepareForBuild(
      options.content,
      { parsed, memo, audiences: [options.audience] },
      images,
    );
    decoded = images.now;
    problems = result.problems;
    if (result.prepared) {
      site = siteFor(result.prepared, options.audience);
      // Made on a thread of its own while the pages are fingerprinted and rendered.
      beginSearchIndex(site);
      // Only pages whose inputs changed are rendered again; the others stay as written.
      const plan = fingerprintPages(
        site,
        plannedPages(site),
        allDocuments(result.prepared.circle).map((d) => d.file),
      );
      skip = pagesKept(plan.filter((page) => written.get(page.output) === page.fingerprint));
      pending = new Map(plan.map((p) => [p.output, p.fingerprint]));
      // A page whose report or tactic is gone (deleted, renamed, no longer shown) goes too.
      for (const old of written.keys()) {
        if (pending.has(old)) continue;
        await rm(path.join(output, old), { force: true });
        written.delete(old);
      }
    }
    const now = problems.map(formatProblem).join("\n");
    if (now !== shown) {
      for (const line of problems.map(formatProblem)) err(line);
      if (problems.length > 0) {
        err(
          `${problems.length} problem${problems.length === 1 ? "" : "s"} found; the preview shows them until they are fixed.`,
        );
      } else if (shown !== "") {
        options.log("no problems found: the preview shows the site again.");
      }
      shown = now;
    }
    return site;
  };

  let url = `http://localhost:${options.port}/index.html`;
  const Eleventy = await eleventyClass();
  const eleventy = new Eleventy(input, output, {
    runMode: "serve",
    quietMode: true,
    configPath: await emptyConfig(input),
    config: (eleventyConfig: Parameters<typeof mimeoPlugin>[0]) => {
      eleventyConfig.addPlugin(mimeoPlugin, {
        content: options.content,
        audience: options.audience,
        // A preview on localhost, in a scratch folder: nothing is published.
        command: MIMEO_COMMAND,
        // Never fails the build for the content: the last good site stays while the pages
        // show the problems.
        load: async () => (await load()) ?? Promise.reject(new Error("no site to show yet")),
        skip: () => skip,
        // Watched below, by serve itself.
        watchContent: false,
      });
      // What was written is known only once Eleventy has written it.
      eleventyConfig.on("eleventy.after", () => {
        if (pending) written = pending;
        pending = undefined;
      });
      // Eleventy waits until a saved file's size holds still for 150 ms before it rebuilds. An
      // editor writes a Markdown file in one go: 50 ms is enough, and a tenth of the one second
      // between saving and seeing the page is back.
      eleventyConfig.setChokidarConfig({
        awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 },
      });
      eleventyConfig.setServerOptions({
        port: options.port,
        showAllHosts: false,
        domDiff: false,
        onRequest: {
          "/*": ({ url: asked }: { url: URL }) =>
            (problems.length > 0 || !built) && /(\.html|\/)$/.test(asked.pathname)
              ? {
                  status: 200,
                  headers: { "Content-Type": "text/html; charset=utf-8" },
                  body: problems.length > 0 ? problemsPage(problems) : BUILDING_PAGE,
                }
              : undefined,
        },
        // When the port is taken, Eleventy's server takes the next free one: say which it took.
        ready: (server: { getServerUrl(host: string, pathname?: string): string }) => {
          url = server.getServerUrl("localhost", "/index.html");
        },
      });
    },
  });

  // Eleventy cuts the working folder's characters off the front of its paths (see inFolder in
  // build.ts), so it runs from inside its own scratch folder.
  const previous = process.cwd();
  process.chdir(scratch);
  let contentWatcher: FSWatcher | undefined;
  /** The rebuild waiting for the content to be quiet (see `changed`). */
  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const restoreListen = listenOnLoopback();
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      contentWatcher?.close();
      clearTimeout(timer);
      clearInterval(orphanCheck);
      await eleventy.stopWatch();
      process.chdir(previous);
      // A rebuild under way may still be writing (images come after the pages), so a folder
      // emptied once can fill again: remove it until it stays gone.
      for (let tries = 0; tries < 20; tries++) {
        await rm(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (!existsSync(scratch)) break;
      }
      process.off("exit", removeScratch);
      restoreListen();
    })());
  let orphanCheck: NodeJS.Timeout | undefined;
  if (options.signals) {
    // `npx mimeo serve` runs mimeo under a shell: a signal to npx may never reach this process,
    // but its parent going away does.
    const parent = process.ppid;
    orphanCheck = setInterval(() => {
      if (process.ppid !== parent) void stop().finally(() => process.exit(0));
    }, 1000);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.once(signal, () => void stop().finally(() => process.exit(0)));
    }
  }

  /** Eleventy's file watcher, once it runs: told of each change to the content (see below). */
  let watcher:
    | {
        emit: (event: "change", file: string) => boolean;
        on: (event: "error", listener: (error: Error) => void) => unknown;
      }
    | undefined;
  /** Eleventy's first build and its watcher, started once however many saves ask. */
  let watching: Promise<void> | undefined;
  const startWatching = (): Promise<void> =>
    (watching ??= (async () => {
      if (stopping) return;
      await eleventy.watch();
      watcher = (eleventy as unknown as { watcher?: typeof watcher }).watcher;
      // Eleventy's watcher watches only serve's empty input folder and empty config: serve tells
      // it of each change to the content itself. When the system allows no more watches (the
      // content folder took them: one per file), that folder goes unwatched and nothing is lost;
      // with no listener, the watcher's error would stop serve.
      watcher?.on("error", () => undefined);
      built = true;
    })());
  /**
   * The content folder is watched here rather than by Eleventy's watcher, which reads the whole
   * folder of a saved file again (4,000 reports: a quarter of a second of the main thread at
   * every save). Node's own recursive watch tells which file changed, a deleted one too. Saves
   * that come together (an editor writing a file in parts) make one rebuild: the last waits 50 ms
   * for quiet, as Eleventy waited for a file's size to hold still.
   */
  const changed = (file: string): void => {
    if (watcher) {
      watcher.emit("change", file);
      return;
    }
    // Nothing was built yet: the server shows the problems until a change makes the content
    // readable, then Eleventy builds and serves the site.
    void load().then(async (ready) => {
      if (ready) await startWatching();
    });
  };
  try {
    await eleventy.init();
    await eleventy.serve(options.port);
    const serving = (): void =>
      options.log(`serving the ${options.audience} site on ${url} (Ctrl-C to stop)`);
    if (await load()) await startWatching();
    serving();
    // Watching fails when the system allows fewer watches than the folder has files (Linux:
    // fs.inotify.max_user_watches), or when the folder moves away; the site stays served.
    const unwatched = (error: Error): void => {
      err(
        `mimeo: cannot watch ${options.content} for changes (${error.message}): the preview shows the site as it was; stop and start mimeo serve to see edits.${
          (error as NodeJS.ErrnoException).code === "ENOSPC"
            ? ` Linux allows too few file watches for this folder (one per file and folder). ${RAISE_WATCHES}`
            : ""
        }`,
      );
      contentWatcher?.close();
    };
    // Past the limit, Node's watch of a folder can also miss changes without an error.
    const short = tooFewWatches(countEntries(options.content), readWatchLimit());
    if (short) err(`mimeo: ${short}`);
    try {
      contentWatcher = watch(options.content, { recursive: true }, (_event, name) => {
        clearTimeout(timer);
        const file = path.join(options.content, typeof name === "string" ? name : "");
        timer = setTimeout(() => changed(file), 50);
      });
      contentWatcher.on("error", unwatched);
    } catch (error) {
      unwatched(error instanceof Error ? error : new Error(String(error)));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, scratch, stop };
}
