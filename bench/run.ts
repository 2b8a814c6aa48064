// `npm run bench`: measures mimeo on synthetic circles and writes docs/benchmarks.md.
//
//   npm run bench                  full run (about 20 minutes on 2 cores)
//   BENCH_QUICK=1 npm run bench    smoke run with small sizes; writes to a temporary file
//   BENCH_RUNS=5                   runs per figure (default 3; the largest site size runs once)
//   BENCH_ONLY=site,spans,throughput,rebuild,incremental,weasy,impose,seal   only these parts
//   BENCH_OUT=FILE                 where to write the Markdown (default docs/benchmarks.md)
//   BENCH_FROM=FILE.json           measure nothing: write the Markdown from a run's raw figures

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findBrowser } from "../src/print/index.ts";
import { sizeFor, temporaryCircle } from "./generate.ts";
import { benchImpose } from "./impose.ts";
import { describeMachine } from "./machine.ts";
import { measuringMethod } from "./measure.ts";
import { benchThroughput } from "./pdf.ts";
import { printFixture, type PrintFixture } from "./print-fixture.ts";
import { benchRebuild } from "./rebuild.ts";
import { benchIncremental } from "./incremental.ts";
import { markdown, MARKER, terminalTable, type Results, type SpanFigures } from "./report.ts";
import { profileShares } from "./profile.ts";
import { benchSeal } from "./seal.ts";
import { benchSite, mimeoSiteBuild, REPO } from "./site.ts";
import { benchWeasyPrint } from "./weasyprint.ts";

const quick = process.env.BENCH_QUICK === "1";
const runs = Math.max(1, Math.floor(Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3)) || 1));
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const wanted = (part: string): boolean => !only || only.includes(part);

const plan = quick
  ? {
      siteSizes: [50, 200],
      onceFrom: 200,
      spansReports: 200,
      printReports: 8,
      jobs: [1, 2],
      rebuildReports: 8,
      incremental: { reports: 50, pdfReports: 4, largeReports: 200 },
      weasyDocuments: 3,
      bookletIterations: 3,
      minizines: 10,
      sealReports: 50,
    }
  : {
      siteSizes: [100, 1000, 4000, 10000],
      // 10,000 reports take about a minute and 1 GiB: once, not BENCH_RUNS times.
      onceFrom: 10000,
      spansReports: 4000,
      printReports: 100,
      jobs: [1, 2, 4],
      rebuildReports: 100,
      // PDFs for 4,000 reports take hours to render cold: the PDF figure uses fewer.
      incremental: { reports: 4000, pdfReports: 100, largeReports: 10000 },
      weasyDocuments: 20,
      bookletIterations: 20,
      minizines: 100,
      sealReports: 1000,
    };

const out = path.resolve(
  process.env.BENCH_OUT ??
    (quick
      ? path.join(os.tmpdir(), "mimeo-benchmarks-quick.md")
      : path.join(REPO, "docs", "benchmarks.md")),
);

const started = performance.now();
const log = (line: string): void => {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(5);
  process.stderr.write(`[${s} s] ${line}\n`);
};

/** Runs one part; a failure is written down in its place and the run goes on. */
async function part<T>(name: string, fn: () => Promise<T>): Promise<T | string | undefined> {
  if (!wanted(name)) return undefined;
  log(`${name}…`);
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name} failed: ${message}`);
    return `failed: ${message.split("\n")[0] ?? ""}`;
  }
}

function spansChild(content: string, scratch: string): Promise<SpanFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(REPO, "bench", "site-spans.ts"), content, scratch],
      { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`site-spans exited with ${code}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as SpanFigures);
    });
  });
}

const hasBrowser = ((): boolean => {
  try {
    findBrowser();
    return true;
  } catch {
    return false;
  }
})();
const noBrowser = "no browser: install Chromium or set MIMEO_CHROME";

async function measure(): Promise<Results> {
  const results: Results = {
    quick,
    runs,
    date: new Date().toISOString().slice(0, 10),
    method: measuringMethod(),
    durationMs: 0,
    machine: describeMachine("not installed"),
    mimeoAtStart: "",
  };
  results.mimeoAtStart = results.machine.mimeo;

  results.site = await part("site", () =>
    benchSite(plan.siteSizes, (n) => (n >= plan.onceFrom ? 1 : runs), log),
  );

  results.spans = await part("spans", async () => {
    const circle = await temporaryCircle(sizeFor(plan.spansReports));
    const root = path.dirname(circle.dir);
    try {
      const figures = await spansChild(circle.dir, path.join(root, "out"));
      const profiles = path.join(root, "profile");
      await mimeoSiteBuild(circle.dir, path.join(root, "out"), [
        "--cpu-prof",
        "--cpu-prof-dir",
        profiles,
      ]);
      return {
        reports: plan.spansReports,
        figures,
        profile: await profileShares(profiles, 16),
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  let fixture: PrintFixture | undefined;
  const getFixture = async (): Promise<PrintFixture> =>
    (fixture ??= await printFixture(plan.printReports));

  try {
    results.throughput = await part("throughput", async () => {
      if (!hasBrowser) throw new Error(noBrowser);
      return benchThroughput(await getFixture(), plan.printReports, plan.jobs, runs, log);
    });
    results.rebuild = await part("rebuild", async () => {
      if (!hasBrowser) throw new Error(noBrowser);
      return benchRebuild(plan.rebuildReports, runs, log);
    });
    results.incremental = await part("incremental", () =>
      benchIncremental({ ...plan.incremental, runs }, log),
    );
    results.weasy = await part("weasy", async () => {
      if (!hasBrowser) throw new Error(noBrowser);
      return benchWeasyPrint(await getFixture(), plan.weasyDocuments, runs, log);
    });
    results.impose = await part("impose", async () =>
      benchImpose(await getFixture(), {
        bookletIterations: plan.bookletIterations,
        minizines: plan.minizines,
        runs,
        browser: hasBrowser,
      }),
    );
  } finally {
    await fixture?.remove();
  }

  results.seal = await part("seal", () => benchSeal(plan.sealReports, runs, log));

  const weasy = typeof results.weasy === "object" ? results.weasy : undefined;
  results.machine = describeMachine(
    weasy?.installed ? weasy.version : weasy ? weasy.reason : "not measured",
  );
  results.durationMs = performance.now() - started;
  return results;
}

const from = process.env.BENCH_FROM;
const results = from ? (JSON.parse(await readFile(from, "utf8")) as Results) : await measure();

const previous = existsSync(out) ? await readFile(out, "utf8") : "";
const at = previous.indexOf(MARKER);
const handWritten =
  at >= 0
    ? previous.slice(at + MARKER.length)
    : "\n\n## Analysis\n\nWhat the figures mean, and what to change where a target is missed.\n";
await writeFile(out, `${markdown(results)}\n${MARKER}${handWritten}`);
const json = from ?? path.join(os.tmpdir(), "mimeo-bench-results.json");
if (!from) await writeFile(json, JSON.stringify(results, null, 2));

console.log(terminalTable(results));
console.log(`\nwrote ${path.relative(process.cwd(), out) || out} (raw figures: ${json})`);
