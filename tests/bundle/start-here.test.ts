// A stranger's first click: START-HERE.html of a real bundle, opened from file:// in Chromium
// with JavaScript off, loads nothing from elsewhere, breaks no CSP and leads into the site.
import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launchBrowser, type RunningBrowser } from "../../src/print/browser.ts";
import { build } from "../../src/build/build.ts";
import { bundle } from "../../src/bundle/index.ts";

const root = path.join(import.meta.dirname, "..", "..");
let work: string;
let chromium: RunningBrowser;

beforeAll(async () => {
  work = await realpath(await mkdtemp(path.join(os.tmpdir(), "mimeo-start-")));
  const output = path.join(work, "output");
  await build({ content: path.join(root, "content"), out: output, audiences: ["public"] });
  await bundle(path.join(output, "public"), path.join(work, "usb"), {
    audience: "public",
    circleName: "Pallet Jack Solidarity Committee",
    language: "en",
  });
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
  await rm(work, { recursive: true, force: true });
});

it("opens with JavaScript off and leads to the site, with no outside request", async () => {
  const usb = path.join(work, "usb");
  const page = await chromium.browser.newPage();
  await page.setJavaScriptEnabled(false);
  const problems: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(pathToFileURL(usb).href + "/")) {
      problems.push(`request outside the stick: ${url}`);
      return void request.abort();
    }
    void request.continue();
  });
  page.on("requestfailed", (request) => problems.push(`failed: ${request.url()}`));
  page.on("console", (message) => problems.push(`console ${message.type()}: ${message.text()}`));
  await page.goto(pathToFileURL(path.join(usb, "START-HERE.html")).href, { waitUntil: "load" });
  expect(await page.title()).toBe("Pallet Jack Solidarity Committee");
  await Promise.all([page.waitForNavigation(), page.click("a.open")]);
  expect(page.url()).toBe(pathToFileURL(path.join(usb, "site", "index.html")).href);
  expect(problems).toEqual([]);
  await page.close();
});
