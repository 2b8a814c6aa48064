// Incremental rebuilds as a person runs them (`mimeo build` again in a new process, `mimeo serve`
// kept running): after editing one report's body, after a tactic's new title, with and without
// PDFs; how long `mimeo check` (start, load and check, nothing else) takes at the same size, so
// the share of a rebuild that is not rendering is plain; and peak memory at the largest size.

import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { sizeFor, temporaryCircle } from "./generate.ts";
import { median, mustSucceed, timeNode, type ProcessRun } from "./measure.ts";
import { MIMEO } from "./site.ts";
import { settle, treeHashes } from "../tests/tree.ts";
import { STAGES_ENV, stagesIn } from "../src/stages.ts";

export interface Rebuilt {
  wallMs: number;
  cpuMs: number;
  maxRss: number;
  /**
   * "public: 4 files rendered, 1326 kept from the last build", "public: nothing public changed,
   * 1330 pages kept as they were" and the like, as printed.
   */
  lines: string[];
  /** The build's stage marks (MIMEO_STAGES, src/stages.ts): seconds from its start, and stage. */
  stages: [number, string][];
  /** Every run's wall time, in order, when the figure is the median of several runs. */
  wallRuns?: number[];
}

export interface IncrementalResult {
  reports: number;
  cold: Rebuilt;
  /** `mimeo check` on the same content: process start, module loading, load and check. */
  check: Rebuilt;
  /** `mimeo --version`: process start and module loading only. */
  start: Rebuilt;
  bodyEdited: Rebuilt;
  titleEdited: Rebuilt & { tactic: string; htmlRewritten: number };
  /** `mimeo serve`: from saving the report until the page shows the edit, for each save. */
  serveMs: number[] | string;
  pdf: { reports: number; cold: Rebuilt; bodyEdited: Rebuilt & { rendered: number } } | string;
  large: { reports: number; cold: Rebuilt; bodyEdited: Rebuilt } | string;
}

const asRebuilt = (run: ProcessRun): Rebuilt => ({
  wallMs: run.wallMs,
  cpuMs: run.cpuMs,
  maxRss: run.maxRss,
  lines: run.stdout
    .split("\n")
    .filter((l) => / rendered, \d+ kept|PDFs:|nothing public changed/.test(l)),
  stages: stagesIn(run.stderr),
});

// Each build marks its stages on stderr: a dozen lines, against a second or more of work.
const env = { ...process.env, CI: "1", [STAGES_ENV]: "1" };

async function mimeo(dir: string, args: string[], what: string): Promise<ProcessRun> {
  return mustSucceed(`mimeo ${what}`, await timeNode(MIMEO, args, { cwd: dir, env }));
}

/**
 * `runs` rebuilds, each after a new edit (`edit(n)`, n from 1): the run whose wall time is the
 * median, with every run's wall time. One run is one wall time, and a machine shared with others
 * moves a one-second figure by a tenth either way.
 */
async function medianRebuild(
  runs: number,
  edit: (n: number) => Promise<unknown>,
  rebuild: () => Promise<ProcessRun>,
): Promise<{ run: ProcessRun; wallRuns: number[] }> {
  const all: ProcessRun[] = [];
  for (let n = 1; n <= runs; n++) {
    await edit(n);
    all.push(await rebuild());
  }
  const middle = [...all].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((all.length - 1) / 2)];
  if (!middle) throw new Error("no rebuild ran");
  return { run: middle, wallRuns: all.map((r) => r.wallMs) };
}

/** The targets of incremental rebuilds: each bound, and how the tables say it. */
export const INCREMENTAL_TARGETS = {
  bodyEdited: { under: 1000, says: "under 1 s wall" },
  withPdf: { under: 1500, says: "under 1.5 s" },
  serve: { under: 1000, says: "under 1 s" },
  peak: { under: 2 ** 30, says: "under 1 GiB" },
} as const;

/** Adds a sentence to a report's body; returns the sentence. */
async function editReport(content: string, slug: string, n: number): Promise<string> {
  const file = path.join(content, "reports", `${slug}.md`);
  const sentence = `One sentence more, written after assembly ${n}.`;
  await writeFile(file, `${await readFile(file, "utf8")}\n${sentence}\n`);
  return sentence;
}

/** How many saves the serve figure is made of: the first after start-up is the slowest. */
const SERVE_SAVES = 5;

/** Starts `mimeo serve`, edits a report, and times each save until the page shows it. */
async function serveEdit(dir: string, slug: string, port: number): Promise<number[]> {
  const child = spawn(
    process.execPath,
    [MIMEO, "serve", "--content", "content", "--audience", "circle", "--port", String(port)],
    {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let said = "";
  child.stdout.on("data", (b: Buffer) => (said += b.toString("utf8")));
  child.stderr.on("data", (b: Buffer) => (said += b.toString("utf8")));
  const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  try {
    let url: URL | undefined;
    for (let i = 0; i < 3000 && !url; i++) {
      const m = /serving the circle site on (\S+)/.exec(said);
      if (m?.[1]) url = new URL(m[1]);
      else await wait(100);
    }
    if (!url) throw new Error(`mimeo serve never said where it serves:\n${said.slice(-2000)}`);
    const page = new URL(`reports/${slug}.html`, url);
    const shows = async (text: string): Promise<boolean> =>
      fetch(page)
        .then((r) => r.text())
        .then((html) => html.includes(text))
        .catch(() => false);
    // The first build runs in the background: wait until the page is there.
    for (let i = 0; i < 3000 && !(await shows("<nav")); i++) await wait(100);
    await wait(1000);
    const times: number[] = [];
    for (let save = 0; save < SERVE_SAVES; save++) {
      const sentence = await editReport(path.join(dir, "content"), slug, 99 + save);
      const started = performance.now();
      let shown = false;
      for (let i = 0; i < 1200 && !shown; i++) {
        shown = await shows(sentence);
        if (!shown) await wait(25);
      }
      if (!shown) throw new Error(`the served page never showed the edit:\n${said.slice(-2000)}`);
      times.push(performance.now() - started);
      await wait(1000);
    }
    return times;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("close", r));
  }
}

async function safely<T>(fn: () => Promise<T>): Promise<T | string> {
  try {
    return await fn();
  } catch (error) {
    return `failed: ${(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? ""}`;
  }
}

export async function benchIncremental(
  /** `runs`: how many edits and rebuilds each one-edit figure is the median of. */
  plan: { reports: number; pdfReports: number; largeReports: number; runs: number },
  log: (line: string) => void,
): Promise<IncrementalResult> {
  const circle = await temporaryCircle(sizeFor(plan.reports));
  // An archive's files were saved long before (a circle generated a moment before its first
  // build would have every file read again by the second); only the edited report is new.
  await settle(circle.dir);
  const root = path.dirname(circle.dir);
  const build = ["build", "--no-pdf", "--content", "content", "--out", "out"];
  try {
    const cold = asRebuilt(await mimeo(root, build, "build (cold)"));
    log(
      `incremental: cold HTML build of ${plan.reports} reports, ${(cold.wallMs / 1000).toFixed(1)} s`,
    );
    const check = asRebuilt(await mimeo(root, ["check", "--content", "content"], "check"));
    const start = asRebuilt(await mimeo(root, ["--version"], "--version"));
    const slug = circle.reportSlugs[11 % circle.reportSlugs.length] ?? "";
    const edited = await medianRebuild(
      plan.runs,
      (n) => editReport(circle.dir, slug, n),
      () => mimeo(root, build, "build (one report edited)"),
    );
    const bodyEdited = { ...asRebuilt(edited.run), wallRuns: edited.wallRuns };
    log(`incremental: one report edited, ${(bodyEdited.wallMs / 1000).toFixed(2)} s`);

    const tactic = circle.tacticSlugs[3] ?? "";
    const tacticFile = path.join(circle.dir, "tactics", `${tactic}.md`);
    await writeFile(
      tacticFile,
      (await readFile(tacticFile, "utf8")).replace(/^title: (.*)$/m, "title: $1, renamed"),
    );
    const before = {
      ...(await treeHashes(path.join(root, "out", "public"))),
      ...prefixed(await treeHashes(path.join(root, "out", "circle")), "circle/"),
    };
    const titled = await mimeo(root, build, "build (a tactic's title edited)");
    const after = {
      ...(await treeHashes(path.join(root, "out", "public"))),
      ...prefixed(await treeHashes(path.join(root, "out", "circle")), "circle/"),
    };
    const htmlRewritten = Object.keys(after).filter(
      (f) => f.endsWith(".html") && after[f] !== before[f],
    ).length;
    const titleEdited = { ...asRebuilt(titled), tactic, htmlRewritten };
    log(`incremental: tactic title edited, ${htmlRewritten} pages rewritten`);

    const serveMs = await safely(() => serveEdit(root, slug, 18_400 + (process.pid % 500)));
    log(
      `incremental: serve ${typeof serveMs === "string" ? serveMs : serveMs.map((ms) => ms.toFixed(0)).join(", ")} ms`,
    );

    const pdf = await safely(async () => {
      const small = await temporaryCircle(sizeFor(plan.pdfReports));
      await settle(small.dir);
      const at = path.dirname(small.dir);
      try {
        const withPdf = ["build", "--content", "content", "--out", "out"];
        const first = asRebuilt(await mimeo(at, withPdf, "build with PDFs (cold)"));
        const { run, wallRuns } = await medianRebuild(
          plan.runs,
          (n) => editReport(small.dir, small.reportSlugs[5 % small.reportSlugs.length] ?? "", n),
          () => mimeo(at, withPdf, "build with PDFs (one report edited)"),
        );
        const m = /PDFs: (\d+) rendered/.exec(run.stdout);
        return {
          reports: plan.pdfReports,
          cold: first,
          bodyEdited: { ...asRebuilt(run), wallRuns, rendered: Number(m?.[1] ?? NaN) },
        };
      } finally {
        await rm(at, { recursive: true, force: true });
      }
    });
    log(`incremental: PDFs at ${plan.pdfReports} reports done`);

    const large = await safely(async () => {
      const big = await temporaryCircle(sizeFor(plan.largeReports));
      await settle(big.dir);
      const at = path.dirname(big.dir);
      try {
        const first = asRebuilt(await mimeo(at, build, "build (cold, large)"));
        await editReport(big.dir, big.reportSlugs[7 % big.reportSlugs.length] ?? "", 1);
        const again = asRebuilt(await mimeo(at, build, "build (one report edited, large)"));
        return { reports: plan.largeReports, cold: first, bodyEdited: again };
      } finally {
        await rm(at, { recursive: true, force: true });
      }
    });
    log(`incremental: ${plan.largeReports} reports done`);
    return {
      reports: plan.reports,
      cold,
      check,
      start,
      bodyEdited,
      titleEdited,
      serveMs,
      pdf,
      large,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function prefixed(hashes: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(hashes).map(([k, v]) => [`${prefix}${k}`, v]));
}

/** The median of the saves, then each save in order. */
function savesCell(times: number[]): string {
  const each = times.map((ms) => (ms / 1000).toFixed(2)).join(", ");
  return `${(median(times) / 1000).toFixed(2)} s median of ${times.length} saves (${each} s, in order)`;
}

/** The figures as a Markdown section for docs/benchmarks.md. */
export function incrementalMarkdown(r: IncrementalResult): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const cell = (b: Rebuilt): string =>
    `${s(b.wallMs)} wall${b.wallRuns && b.wallRuns.length > 1 ? ` (the median of ${b.wallRuns.length} edits: ${b.wallRuns.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s, in order)` : ""}, ${s(b.cpuMs)} CPU, ${(b.maxRss / 2 ** 20).toFixed(0)} MiB`;
  const rows: [string, string, string][] = [
    [`cold \`mimeo build --no-pdf\`, ${r.reports} reports`, cell(r.cold), ""],
    [`\`mimeo --version\` (process start, module loading)`, cell(r.start), ""],
    [`\`mimeo check\` (start, load and check, ${r.reports} reports)`, cell(r.check), ""],
    [
      `edit one report's body, \`mimeo build --no-pdf\` again`,
      `${cell(r.bodyEdited)}; ${r.bodyEdited.lines.join("; ")}`,
      INCREMENTAL_TARGETS.bodyEdited.says,
    ],
    [
      `edit a tactic's title (${r.titleEdited.tactic})`,
      `${cell(r.titleEdited)}; ${r.titleEdited.htmlRewritten} pages rewritten; ${r.titleEdited.lines.join("; ")}`,
      "only those pages",
    ],
    [
      "`mimeo serve`: save one report until the page shows it",
      typeof r.serveMs === "string" ? r.serveMs : savesCell(r.serveMs),
      INCREMENTAL_TARGETS.serve.says,
    ],
  ];
  if (typeof r.pdf === "string") rows.push(["with PDFs", r.pdf, INCREMENTAL_TARGETS.withPdf.says]);
  else {
    rows.push([`cold \`mimeo build\` with PDFs, ${r.pdf.reports} reports`, cell(r.pdf.cold), ""]);
    rows.push([
      `edit one report's body, \`mimeo build\` with PDFs again (${r.pdf.reports} reports)`,
      `${cell(r.pdf.bodyEdited)}; ${r.pdf.bodyEdited.rendered} PDFs rendered`,
      INCREMENTAL_TARGETS.withPdf.says,
    ]);
  }
  if (typeof r.large === "string")
    rows.push(["peak memory, largest size", r.large, INCREMENTAL_TARGETS.peak.says]);
  else {
    rows.push([
      `cold \`mimeo build --no-pdf\`, ${r.large.reports} reports`,
      cell(r.large.cold),
      INCREMENTAL_TARGETS.peak.says,
    ]);
    rows.push([
      `one report edited, ${r.large.reports} reports`,
      `${cell(r.large.bodyEdited)}; ${r.large.bodyEdited.lines.join("; ")}`,
      INCREMENTAL_TARGETS.peak.says,
    ]);
  }
  const stages = (title: string, b: Rebuilt): string[] =>
    b.stages.length === 0
      ? []
      : [
          `Where the time went: ${title} (the build's stage marks, seconds from the process's start; the search index is made on its own thread):`,
          "",
          "| stage | at |",
          "| --- | --- |",
          ...b.stages.map(([at, what]) => `| ${what} | ${at.toFixed(2)} s |`),
          `| the process ended | ${s(b.wallMs)} |`,
          "",
        ];
  return [
    "## Incremental rebuilds",
    "",
    "Each figure is one run of a new `mimeo` process (CI=1), as a person runs it, on a synthetic circle whose files are dated an hour back, as an archive's were saved long before (bench/incremental.ts); a one-edit figure is the run with the median wall time of several, each after a new edit (its CPU, memory and stages are that run's).",
    "",
    "| measure | measured | target |",
    "| --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    ...stages(`one report's body edited, ${r.reports} reports, no PDFs`, r.bodyEdited),
    ...(typeof r.pdf === "string"
      ? []
      : stages(`one report's body edited, ${r.pdf.reports} reports, with PDFs`, r.pdf.bodyEdited)),
  ].join("\n");
}
