// Accessibility: axe-core over one page of every template, in real Chromium from file://.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "../../src/build/build.ts";
import { launchBrowser, type RunningBrowser } from "../../src/print/browser.ts";

const root = path.join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);
let out: string;
let chromium: RunningBrowser;
let axeSource: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), "mimeo-axe-"));
  await build({
    content: path.join(root, "content"),
    out: path.join(out, "site"),
    audiences: ["circle"],
    pdf: false,
  });
  chromium = await launchBrowser();
  axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
});

afterAll(async () => {
  await chromium?.close();
  await rm(out, { recursive: true, force: true });
});

const TEMPLATES = [
  "index.html",
  "reports.html",
  "reports/heat-stoppage.html",
  "tactics.html",
  "tactics/solidarity-pantry.html",
  "tactics-by-risk.html",
  "tactics-by-tag.html",
  "tactics-a-z.html",
  "charter.html",
  "ledger.html",
  "rotation.html",
  "rhythm.html",
];

describe("axe-core finds no serious or critical violation", () => {
  it.each(TEMPLATES)("%s", async (page) => {
    const tab = await chromium.browser.newPage();
    // axe is injected as a script the page's CSP would refuse; the page itself is unchanged.
    await tab.setBypassCSP(true);
    await tab.goto(pathToFileURL(path.join(out, "site", "circle", page)).href);
    await tab.addScriptTag({ content: axeSource });
    const violations = await tab.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: () => Promise<{
              passes: unknown[];
              violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run();
      if (result.passes.length < 5) throw new Error("axe ran too few checks to trust");
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3),
      }));
    });
    await tab.close();
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });
});
