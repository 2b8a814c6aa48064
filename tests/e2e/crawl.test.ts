// Opens both built outputs from file:// in real Chromium with JavaScript off, visits every page
// reachable from index.html and checks every link and asset: nothing broken, no folder links,
// no request outside the output, nothing wider than a 320 px phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Page } from "puppeteer-core";
import { build } from "../../src/build/build.ts";
import { siteFor } from "../../src/site/audience.ts";
import type { PreparedCircle } from "../../src/prepare.ts";
import { launchBrowser, type RunningBrowser } from "../../src/print/browser.ts";

const root = path.join(import.meta.dirname, "..", "..");
let out: string;
let chromium: RunningBrowser;
let prepared: PreparedCircle;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), "mimeo-crawl-"));
  const result = await build({
    content: path.join(root, "content"),
    out: path.join(out, "site"),
    audiences: ["public", "circle"],
  });
  prepared = result.prepared;
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
  await rm(out, { recursive: true, force: true });
});

interface CrawlResult {
  pages: string[];
  problems: string[];
  /** Clicks from index.html to each page, following links in order (breadth first). */
  clicks: Map<string, number>;
}

async function crawl(siteDir: string): Promise<CrawlResult> {
  const page: Page = await chromium.browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport({ width: 320, height: 640 });
  await page.setRequestInterception(true);
  const problems: string[] = [];
  const inside = (url: string): boolean => {
    if (!url.startsWith("file://")) return false;
    const file = fileURLToPath(url.split("#")[0] ?? url);
    return file === siteDir || file.startsWith(siteDir + path.sep);
  };
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:")) return void request.continue();
    if (!inside(url)) {
      problems.push(`request outside the output: ${url} (from ${page.url()})`);
      return void request.abort();
    }
    void request.continue();
  });
  page.on("requestfailed", (request) => {
    if (inside(request.url()))
      problems.push(`failed to load ${request.url()} (from ${page.url()})`);
  });

  const start = pathToFileURL(path.join(siteDir, "index.html")).href;
  const queue = [start];
  const seen = new Set(queue);
  const pages: string[] = [];
  const depth = new Map<string, number>([[start, 0]]);
  const clicks = new Map<string, number>();
  while (queue.length > 0) {
    const url = queue.shift() as string;
    await page.goto(url, { waitUntil: "load" });
    const relative = path.relative(siteDir, fileURLToPath(url));
    pages.push(relative);
    clicks.set(relative, depth.get(url) ?? 0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) problems.push(`${url} is ${width} px wide at 320 px`);
    const refs = await page.evaluate(() =>
      [...document.querySelectorAll("a[href], link[href], img[src], script[src]")].map((el) => ({
        raw: el.getAttribute("href") ?? el.getAttribute("src") ?? "",
        resolved: (el as HTMLAnchorElement).href || (el as HTMLImageElement).src,
        tag: el.tagName.toLowerCase(),
      })),
    );
    for (const ref of refs) {
      if (ref.raw.startsWith("#")) continue;
      if (/^[a-z]+:/i.test(ref.raw) || ref.raw.startsWith("/")) {
        problems.push(`${url}: not a relative link: ${ref.raw}`);
        continue;
      }
      const target = ref.resolved.split("#")[0] ?? "";
      if (!inside(target)) {
        problems.push(`${url}: link leaves the output: ${ref.raw}`);
        continue;
      }
      const file = fileURLToPath(target);
      const info = await stat(file).catch(() => undefined);
      if (!info) problems.push(`${url}: broken link ${ref.raw}`);
      else if (info.isDirectory() || ref.raw.endsWith("/"))
        problems.push(`${url}: link to a folder ${ref.raw}`);
      else if (ref.tag === "a" && target.endsWith(".html") && !seen.has(target)) {
        seen.add(target);
        depth.set(target, (depth.get(url) ?? 0) + 1);
        queue.push(target);
      }
    }
  }
  await page.close();
  return { pages: pages.sort(), problems, clicks };
}

describe.each(["public", "circle"] as const)("the %s output opened from file://", (audience) => {
  let result: CrawlResult;
  beforeAll(async () => {
    result = await crawl(path.join(out, "site", audience));
  });

  it("has no broken link, folder link, foreign request or page wider than 320 px", () => {
    expect(result.problems).toEqual([]);
  });

  it("reaches every page from index.html", () => {
    const expected =
      audience === "public"
        ? ["index.html", "reports.html", "tactics.html"]
        : [
            "charter.html",
            "index.html",
            "ledger.html",
            "reports.html",
            "rotation.html",
            "tactics.html",
          ];
    for (const p of expected) expect(result.pages).toContain(p);
    // Every published report and tactic page is reached by following links.
    const site = siteFor(prepared, audience);
    expect(result.pages.filter((p) => p.startsWith("tactics/"))).toEqual(
      site.tactics.map((t) => `tactics/${t.slug}.html`).sort(),
    );
    expect(result.pages.filter((p) => p.startsWith("reports/"))).toEqual(
      site.reports.map((r) => `reports/${r.slug}.html`).sort(),
    );
    expect(site.reports.length).toBeGreaterThan(audience === "public" ? 3 : 7);
  });

  it("reaches every tactic within three clicks of index.html with JavaScript off", () => {
    const tactics = [...result.clicks].filter(([p]) => p.startsWith("tactics/"));
    expect(tactics.length).toBeGreaterThan(10);
    for (const [p, n] of tactics) expect(n, p).toBeLessThanOrEqual(3);
  });
});

describe("the public output", () => {
  it("holds no circle content and shows report dates as month and year only", async () => {
    const page = await chromium.browser.newPage();
    await page.setJavaScriptEnabled(false);
    const site = path.join(out, "site", "public");
    await page.goto(pathToFileURL(path.join(site, "reports", "heat-stoppage.html")).href);
    const facts = await page.$eval("dl.facts", (el) => el.textContent ?? "");
    expect(facts).toContain("July 2026");
    expect(facts).not.toMatch(/July \d{1,2}, 2026/);
    for (const circleOnly of [
      "charter.html",
      "rotation.html",
      "tactics/called-to-the-office.html",
    ]) {
      await expect(stat(path.join(site, circleOnly))).rejects.toThrow();
    }
    await page.close();
  });
});

describe("search from file://", () => {
  it("shows matching tactics as one types, and nothing circle-only in the public site", async () => {
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    const site = path.join(out, "site", "public");
    await page.goto(pathToFileURL(path.join(site, "reports", "heat-stoppage.html")).href);
    const results = async (query: string): Promise<{ text: string; href: string }[]> => {
      await page.$eval("#q", (el) => ((el as HTMLInputElement).value = ""));
      await page.type("#q", query);
      await page.waitForFunction(
        () => document.querySelector("#search-results")?.textContent?.trim() !== "",
        { timeout: 5000 },
      );
      await new Promise((r) => setTimeout(r, 300));
      return page.$$eval("#search-results a", (as) =>
        as.map((a) => ({ text: a.textContent ?? "", href: (a as HTMLAnchorElement).href })),
      );
    };
    const pantry = await results("pantr");
    expect(pantry.map((r) => r.text)).toContain("Solidarity pantry");
    for (const r of pantry) await expect(stat(fileURLToPath(r.href))).resolves.toBeTruthy();
    const typo = await results("stopage");
    expect(typo.map((r) => r.text)).toContain("Safety stoppage");
    const office = await results("office");
    expect(office.map((r) => r.text)).not.toContain("When someone is called to the office");
    expect(errors).toEqual([]);
    await page.close();

    const index = await readFile(path.join(site, "search-index.js"), "utf8");
    for (const circleOnly of [
      "When someone is called to the office",
      "called-to-the-office",
      "fund-rumour",
    ]) {
      expect(index).not.toContain(circleOnly);
    }
  });

  it("leads to the tactics index with JavaScript off", async () => {
    const page = await chromium.browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.goto(pathToFileURL(path.join(out, "site", "public", "index.html")).href);
    await page.type("#q", "pantry");
    await Promise.all([page.waitForNavigation(), page.click("form.search button")]);
    expect(page.url()).toMatch(/\/public\/tactics\.html\?q=pantry$/);
    await page.close();
  });
});
