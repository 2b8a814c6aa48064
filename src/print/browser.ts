// Finding and starting the headless Chromium that turns print HTML into PDF.
// One place decides which browser runs and with which flags, so every PDF is made the same way.

import { execFile } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";
import type { Browser } from "puppeteer-core";
import { BrowserError } from "./browser-error.ts";

/** What findBrowser may look at; tests pass a fake one. */
export interface BrowserProbe {
  platform: NodeJS.Platform;
  home: string;
  isFile(file: string): boolean;
  /** names in a folder, or [] when it does not exist */
  list(dir: string): string[];
}

const realProbe: BrowserProbe = {
  platform: process.platform,
  home: os.homedir(),
  isFile: (file) => {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  },
  list: (dir) => {
    try {
      return existsSync(dir) ? readdirSync(dir) : [];
    } catch {
      return [];
    }
  },
};

const SYSTEM_BROWSERS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
  ],
  darwin: [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  ],
  win32: [
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files\\Chromium\\Application\\chrome.exe",
  ],
};

/** Where `npx puppeteer browsers install chrome` puts Chrome for Testing, per platform. */
function puppeteerCacheBrowsers(env: NodeJS.ProcessEnv, probe: BrowserProbe): string[] {
  const cache = env.PUPPETEER_CACHE_DIR ?? path.join(probe.home, ".cache", "puppeteer");
  const chromeDir = path.join(cache, "chrome");
  const found: string[] = [];
  // Newest first: version folders like "linux-131.0.6778.204" sort well enough by name.
  const versions = probe.list(chromeDir).sort().reverse();
  for (const version of versions) {
    for (const build of probe.list(path.join(chromeDir, version))) {
      if (!build.startsWith("chrome-")) continue;
      const dir = path.join(chromeDir, version, build);
      found.push(
        path.join(dir, "chrome"),
        path.join(dir, "chrome.exe"),
        path.join(
          dir,
          "Google Chrome for Testing.app",
          "Contents",
          "MacOS",
          "Google Chrome for Testing",
        ),
      );
    }
  }
  return found;
}

export const NO_BROWSER_MESSAGE = [
  "mimeo needs Chromium or Chrome to make PDFs and could not find one.",
  "Install one of these:",
  "  Debian/Ubuntu:  sudo apt-get install chromium",
  "  any system:     npx puppeteer browsers install chrome",
  "or point mimeo at a browser you already have: MIMEO_CHROME=/path/to/chrome",
].join("\n");

/**
 * The browser to print with: MIMEO_CHROME, then PUPPETEER_EXECUTABLE_PATH, then a system
 * Chromium or Chrome, then puppeteer's own download. A path set by hand that does not
 * exist is an error, not a reason to quietly use another browser.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  probe: BrowserProbe = realProbe,
): string {
  for (const name of ["MIMEO_CHROME", "PUPPETEER_EXECUTABLE_PATH"] as const) {
    const given = env[name];
    if (given) {
      if (probe.isFile(given)) return given;
      throw new BrowserError(
        `${name} is set to "${given}", but there is no browser there: give the path of Chrome or Chromium, or unset ${name} to let mimeo look for one.`,
      );
    }
  }
  const candidates = [
    ...(SYSTEM_BROWSERS[probe.platform] ?? []),
    ...puppeteerCacheBrowsers(env, probe),
  ];
  const found = candidates.find((file) => probe.isFile(file));
  if (found) return found;
  throw new BrowserError(NO_BROWSER_MESSAGE);
}

/** Chromium flags: no phoning home, no GPU, glyph outlines that don't depend on the screen. */
export function launchArgs(isRoot: boolean = process.getuid?.() === 0): string[] {
  return [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-gpu",
    "--font-render-hinting=none",
    // Chromium refuses to start its sandbox as root (containers, CI); nowhere else do we drop it.
    ...(isRoot ? ["--no-sandbox"] : []),
  ];
}

/**
 * Remove `dir` when the process exits, even if nobody called close (a crash, an uncaught
 * error): a left-behind profile would hold copies of what was printed. Returns the undo.
 */
export function removeOnExit(dir: string): () => void {
  const remove = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Exiting anyway; nothing more we can do.
    }
  };
  process.once("exit", remove);
  return () => process.removeListener("exit", remove);
}

export interface RunningBrowser {
  browser: Browser;
  executablePath: string;
  /** closes the browser and removes its profile folder */
  close(): Promise<void>;
}

/**
 * Puppeteer's or a browser's message on one line: the lines that say what failed, without the
 * link to puppeteer's troubleshooting page, which is not for a circle.
 */
function oneLine(message: string): string {
  return message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("TROUBLESHOOTING"))
    .join(" ")
    .replace(/\s*stderr:$/, "")
    .replace(/\s+/g, " ");
}

/**
 * What `browser --version` says when it fails (its error output, else its exit code), or
 * undefined when it runs: then the browser starts but fails later, and puppeteer says how.
 */
function versionFails(executablePath: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(executablePath, ["--version"], { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve(undefined);
      const said = oneLine(String(stderr)).slice(0, 300);
      const how = error.code === undefined ? error.message : `exit code ${error.code}`;
      resolve(`${path.basename(executablePath)} --version: ${said || oneLine(how)}`);
    });
  });
}

/** Start a headless browser with a fresh profile that is thrown away when it closes. */
export async function launchBrowser(
  options: { executablePath?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningBrowser> {
  const executablePath = options.executablePath ?? findBrowser(options.env ?? process.env);
  const profile = await mkdtemp(path.join(os.tmpdir(), "mimeo-chromium-"));
  const forget = removeOnExit(profile);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir: profile,
      args: launchArgs(),
      // Driven through a pipe, not a port: puppeteer's default listens on 127.0.0.1, where any
      // program of any user of the machine could take over the browser while it prints the
      // circle's documents.
      pipe: true,
      // Let the caller's Ctrl-C reach the build, which closes us properly.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    forget();
    await rm(profile, { recursive: true, force: true });
    // Through a pipe, puppeteer says only that the browser closed: what the browser itself said
    // (a library missing, not a program) comes from asking it its version, which fails alike.
    const said =
      (await versionFails(executablePath)) ??
      oneLine(error instanceof Error ? error.message : String(error));
    throw new BrowserError(
      `could not start the browser at ${executablePath} (${said}). Check that it runs (${path.basename(executablePath)} --version), or point MIMEO_CHROME at another Chrome or Chromium.`,
      { cause: error },
    );
  }
  return {
    browser,
    executablePath,
    close: async () => {
      try {
        await browser.close();
      } finally {
        forget();
        await rm(profile, { recursive: true, force: true, maxRetries: 3 });
      }
    },
  };
}
