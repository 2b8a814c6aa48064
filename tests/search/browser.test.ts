// Search as a reader meets it: a tiny site opened from file:// in real Chromium, under the
// site's CSP, typed into with the keyboard. Results must appear, link to files that exist,
// and nothing may be requested from outside the folder or break the CSP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFile, mkdir, mkdtemp, realpath, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Page } from "puppeteer-core";
import { launchBrowser, type RunningBrowser } from "../../src/print/browser.ts";
import { buildSearchIndex, SEARCH_ASSETS } from "../../src/search/index.ts";
import type { SearchDoc } from "../../src/search/index.ts";
import { exampleTactics } from "./fixture.ts";

const CSP = "default-src 'none'; script-src 'self' file:; style-src 'self' file:";

const EXTRA: SearchDoc[] = [
  {
    id: "reports/practice",
    url: "reports/practice.html",
    title: "Buena práctica en el muelle",
    kind: "Report",
    text: "Una práctica sencilla que funcionó.",
    tags: [],
  },
  {
    id: "reports/hostile",
    url: "reports/hostile.html",
    title: '<img src="x.png" id="injected"> quarantine',
    kind: "Report",
    text: "A title that looks like markup must show as text.",
    tags: [],
  },
];

function pageHtml(title: string, root: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${title}</title></head>
<body>
<form class="search" action="${root}tactics.html" method="get" role="search" data-root="${root}">
<label for="q">Search</label> <input type="search" id="q" name="q"> <button>Find</button>
</form>
<div id="search-results" aria-live="polite"></div>
<main><h1>${title}</h1></main>
<script src="${root}assets/minisearch.js"></script>
<script src="${root}search-index.js"></script>
<script src="${root}assets/search.js"></script>
</body></html>
`;
}

let site: string;
let chromium: RunningBrowser;

beforeAll(async () => {
  // realpath: on macOS the temp folder is behind a symlink, and URLs are compared as text.
  site = await realpath(await mkdtemp(path.join(os.tmpdir(), "mimeo-search-")));
  const docs = [...exampleTactics(), ...EXTRA];
  await mkdir(path.join(site, "assets"));
  for (const asset of SEARCH_ASSETS) await copyFile(asset.from, path.join(site, asset.to));
  await writeFile(path.join(site, "search-index.js"), buildSearchIndex(docs, "en"));
  await writeFile(path.join(site, "index.html"), pageHtml("Home", ""));
  await writeFile(path.join(site, "tactics.html"), pageHtml("Tactics", ""));
  for (const doc of docs) {
    const depth = doc.url.split("/").length - 1;
    await mkdir(path.dirname(path.join(site, doc.url)), { recursive: true });
    await writeFile(path.join(site, doc.url), pageHtml(doc.id, "../".repeat(depth)));
  }
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
  await rm(site, { recursive: true, force: true });
});

interface Watched {
  page: Page;
  problems: string[];
}

/** A page that records every request outside the site, console error, page error and CSP report. */
async function watchedPage(javascript = true): Promise<Watched> {
  const page = await chromium.browser.newPage();
  await page.setJavaScriptEnabled(javascript);
  const problems: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    const inside =
      url.startsWith("file://") &&
      fileURLToPath(url.split(/[?#]/)[0] ?? url).startsWith(site + path.sep);
    if (!inside) {
      problems.push(`request outside the site: ${url}`);
      return void request.abort();
    }
    void request.continue();
  });
  page.on("requestfailed", (request) => problems.push(`failed: ${request.url()}`));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warn")
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${String(error)}`));
  if (javascript) {
    await page.evaluateOnNewDocument(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
  }
  return { page, problems };
}

function fileUrl(relative: string): string {
  return pathToFileURL(path.join(site, relative)).href;
}

interface Shown {
  title: string;
  href: string;
  kind: string;
}

async function typeAndRead(page: Page, query: string): Promise<Shown[]> {
  await page.type('input[name="q"]', query);
  await page.waitForFunction(
    (q) => {
      const input = document.querySelector<HTMLInputElement>('input[name="q"]');
      const count = document.querySelector("#search-results .search-count");
      return input?.value === q && count !== null;
    },
    {},
    query,
  );
  // Let the typing debounce settle on the final query before reading.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return page.$$eval("#search-results li", (items) =>
    items.map((item) => {
      const link = item.querySelector("a");
      return {
        title: link?.textContent ?? "",
        href: link?.href ?? "",
        kind: item.querySelector(".meta")?.textContent?.trim() ?? "",
      };
    }),
  );
}

async function exists(url: string): Promise<boolean> {
  try {
    return (await stat(fileURLToPath(url))).isFile();
  } catch {
    return false;
  }
}

describe("search in Chromium from file://", () => {
  it("finds by prefix as one types, with links that open existing pages", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(fileUrl("index.html"), { waitUntil: "load" });
    const shown = await typeAndRead(page, "sick");
    expect(shown[0]).toMatchObject({
      title: "Coordinated sick-out",
      href: fileUrl("tactics/coordinated-sick-out.html"),
      kind: "Tactic · disruption",
    });
    for (const result of shown) expect(await exists(result.href)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("links correctly from a page one folder down (data-root)", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(fileUrl("reports/practice.html"), { waitUntil: "load" });
    const shown = await typeAndRead(page, "stopage");
    const stoppage = shown.find((result) => result.title === "Safety stoppage");
    expect(stoppage?.href).toBe(fileUrl("tactics/safety-stoppage.html"));
    await Promise.all([
      page.waitForNavigation(),
      page.click('#search-results a[href$="safety-stoppage.html"]'),
    ]);
    expect(page.url()).toBe(fileUrl("tactics/safety-stoppage.html"));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("ignores accents, and shows markup in titles as plain text", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(fileUrl("index.html"), { waitUntil: "load" });
    const accented = await typeAndRead(page, "practica");
    expect(accented[0]?.title).toBe("Buena práctica en el muelle");
    await page.click('input[name="q"]', { count: 3 });
    await page.keyboard.press("Backspace");
    const hostile = await typeAndRead(page, "quarantine");
    expect(hostile[0]?.title).toBe('<img src="x.png" id="injected"> quarantine');
    expect(await page.$("#injected")).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("says so when nothing matches, and stays on the page when the form is submitted", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(fileUrl("index.html"), { waitUntil: "load" });
    expect(await typeAndRead(page, "zzzqqx")).toEqual([]);
    expect(await page.$eval("#search-results", (el) => el.textContent)).toBe("Nothing found.");
    await page.keyboard.press("Enter");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(page.url()).toBe(fileUrl("index.html"));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("searches for ?q= when a page is opened with a query", async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${fileUrl("tactics.html")}?q=pantry`, { waitUntil: "load" });
    await page.waitForSelector("#search-results li a");
    const first = await page.$eval("#search-results li a", (a) => a.textContent);
    expect(first).toBe("Solidarity pantry");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("without JavaScript, submitting the form goes to the tactics page", async () => {
    const { page, problems } = await watchedPage(false);
    await page.goto(fileUrl("reports/practice.html"), { waitUntil: "load" });
    await page.type('input[name="q"]', "sick");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    expect(page.url()).toBe(`${fileUrl("tactics.html")}?q=sick`);
    expect(await page.$("#search-results li")).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });
});
