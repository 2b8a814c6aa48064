// Turns the results into the targets' verdicts, a table for the terminal and the generated part
// of docs/benchmarks.md. Everything after MARKER in an existing file is written by hand and kept.

import type { ImposeResult } from "./impose.ts";
import type { Machine } from "./machine.ts";
import { mebibytes, median, millis, percent, ratio, seconds } from "./measure.ts";
import type { ThroughputResult } from "./pdf.ts";
import type { ProfileShare } from "./profile.ts";
import type { RebuildResult } from "./rebuild.ts";
import {
  INCREMENTAL_TARGETS as T,
  incrementalMarkdown,
  type IncrementalResult,
} from "./incremental.ts";
import type { SealResult } from "./seal.ts";
import type { SiteResult } from "./site.ts";
import type { WeasyResult } from "./weasyprint.ts";

export const MARKER =
  "<!-- Everything below this line is written by hand; npm run bench keeps it as it is. -->";

export interface Spans {
  reports: number;
  figures: SpanFigures;
  /** one more `mimeo build --no-pdf` under --cpu-prof: self CPU time by package */
  profile: ProfileShare[];
}

export interface SpanFigures {
  /** Whether the stages ran compiled (lib/), as `mimeo build` runs them, or through tsx. */
  fromLib?: boolean;
  loadPrint: { cpuMs: number };
  /** How much loading the print room adds to the resident memory. */
  loadPrintRss: number;
  loadRest: { cpuMs: number };
  prepare: { cpuMs: number };
  siteFor: { cpuMs: number };
  searchIndex: { cpuMs: number };
  renderSite: { cpuMs: number };
  pages: number;
  compiles: number;
  processCpuMs: number;
  maxRss: number;
}

export interface Results {
  quick: boolean;
  runs: number;
  date: string;
  method: string;
  durationMs: number;
  machine: Machine;
  /** the mimeo commit (and whether src/ or layouts/ had changes) when the run started */
  mimeoAtStart: string;
  site?: SiteResult[] | string;
  spans?: Spans | string;
  throughput?: ThroughputResult | string;
  rebuild?: RebuildResult | string;
  incremental?: IncrementalResult | string;
  weasy?: WeasyResult | string;
  impose?: ImposeResult | string;
  seal?: SealResult | string;
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean | undefined;
}

const ok = <T>(value: T | string | undefined): T | undefined =>
  value === undefined || typeof value === "string" ? undefined : value;

const GIB = 2 ** 30;

export function verdicts(r: Results): Verdict[] {
  const out: Verdict[] = [];
  const site = ok(r.site) ?? [];
  const at4000 = site.find((s) => s.reports === 4000) ?? site.at(-2) ?? site.at(-1);
  if (at4000) {
    out.push({
      target: `HTML build at ${at4000.reports} reports: CPU time at most 1.3× plain Eleventy's`,
      measured: `${ratio(at4000.cpuRatio)} (${seconds(at4000.mimeo.cpuMs)} against ${seconds(at4000.eleventy.cpuMs)})`,
      met: at4000.cpuRatio <= 1.3,
    });
    out.push({
      target: `HTML build at ${at4000.reports} reports: peak memory under 1 GiB`,
      measured: mebibytes(at4000.mimeo.maxRss),
      met: at4000.mimeo.maxRss < GIB,
    });
  }
  const largest = site.at(-1);
  if (largest && largest !== at4000) {
    out.push({
      target: `${largest.reports.toLocaleString("en")} reports build without running out of memory`,
      measured: `built ${largest.pages} pages in ${seconds(largest.mimeo.wallMs)}, peak ${mebibytes(largest.mimeo.maxRss)}`,
      met: Number.isFinite(largest.mimeo.wallMs),
    });
  }
  const rebuild = ok(r.rebuild);
  if (rebuild) {
    out.push({
      target: "Rebuild with nothing changed renders no PDF",
      measured: `${rebuild.printed.unchanged.rendered} rendered, ${rebuild.printed.unchanged.cached} from the cache`,
      met: rebuild.printed.unchanged.rendered === 0,
    });
    out.push({
      target: "Rebuild with nothing changed takes under 15 % of a cold build",
      measured: `${percent(rebuild.unchangedShare)} (${seconds(rebuild.unchanged.wallMs)} against ${seconds(rebuild.cold.wallMs)})`,
      met: rebuild.unchangedShare < 0.15,
    });
    out.push({
      target: "Editing one report re-renders only its documents and those that include it",
      measured: `${rebuild.printed.edited.rendered} rendered; PDFs changed: ${rebuild.changedAfterEdit.join(", ") || "none"}`,
      // Three renders at most: its reading copy once, its mini-zine at the size its length
      // suggests and, when that is not the largest that fits, a size beside it (zine.ts).
      met: rebuild.onlyEditedChanged && rebuild.printed.edited.rendered <= 3,
    });
  }
  const incremental = ok(r.incremental);
  if (incremental) out.push(...incrementalVerdicts(incremental));
  const throughput = ok(r.throughput);
  const two = throughput?.rows.find((row) => row.jobs === 2);
  if (two) {
    const per100 = (two.wallMs / two.documents) * 100 + two.launchMs;
    out.push({
      target: "100 booklets cold in under 60 s on 2 cores",
      measured: `${seconds(per100)} with 2 pages${two.documents === 100 ? "" : ` (from ${two.documents} booklets, scaled to 100)`}, browser start included`,
      met: per100 < 60_000,
    });
  }
  const impose = ok(r.impose);
  if (impose) {
    out.push({
      target: "Imposing a 32-page booklet under 100 ms",
      measured: millis(impose.bookletMs),
      met: impose.bookletMs < 100,
    });
  }
  const weasy = ok(r.weasy);
  if (weasy) {
    out.push(
      weasy.installed
        ? {
            target: "Faster than WeasyPrint per document on the same HTML",
            measured: `${millis(weasy.chromiumMs)} against ${millis(weasy.weasyMs)}: WeasyPrint takes ${ratio(weasy.ratio)}`,
            met: weasy.ratio > 1,
          }
        : {
            target: "Faster than WeasyPrint per document on the same HTML",
            measured: `WeasyPrint ${weasy.reason}`,
            met: undefined,
          },
    );
  }
  return out;
}

/** The targets of incremental rebuilds, at the sizes the run used. */
function incrementalVerdicts(r: IncrementalResult): Verdict[] {
  const out: Verdict[] = [
    {
      target: `Edit one report's body, ${r.reports.toLocaleString("en")} reports, \`mimeo build --no-pdf\` again: ${T.bodyEdited.says}`,
      measured: seconds(r.bodyEdited.wallMs),
      met: r.bodyEdited.wallMs < T.bodyEdited.under,
    },
  ];
  if (typeof r.pdf !== "string") {
    out.push({
      target: `The same with PDFs, ${r.pdf.reports.toLocaleString("en")} reports: ${T.withPdf.says} wall`,
      measured: `${seconds(r.pdf.bodyEdited.wallMs)}, ${r.pdf.bodyEdited.rendered} PDFs rendered`,
      met: r.pdf.bodyEdited.wallMs < T.withPdf.under,
    });
  }
  out.push({
    target: "Edit a tactic's title: only the pages that show it rewritten, and the count printed",
    measured: `${r.titleEdited.htmlRewritten} pages rewritten`,
    met:
      r.titleEdited.htmlRewritten > 0 &&
      r.titleEdited.lines.some((line) => /\d+ files rendered/.test(line)),
  });
  if (typeof r.serveMs !== "string") {
    out.push({
      target: `\`mimeo serve\`, ${r.reports.toLocaleString("en")} reports: a saved report shown in ${T.serve.says}`,
      measured: `${seconds(median(r.serveMs))}, the median of ${r.serveMs.length} saves`,
      met: median(r.serveMs) < T.serve.under,
    });
  }
  if (typeof r.large !== "string") {
    out.push({
      target: `Peak memory, ${r.large.reports.toLocaleString("en")} reports: ${T.peak.says}`,
      measured: `${mebibytes(r.large.cold.maxRss)} cold, ${mebibytes(r.large.bodyEdited.maxRss)} after one edit`,
      met: Math.max(r.large.cold.maxRss, r.large.bodyEdited.maxRss) < T.peak.under,
    });
  }
  return out;
}

const verdictWord = (met: boolean | undefined): string =>
  met === undefined ? "not measured" : met ? "met" : "**missed**";

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function failed(what: string, value: unknown): string | undefined {
  return typeof value === "string" ? `${what}: not measured (${value}).` : undefined;
}

export function markdown(r: Results): string {
  const parts: string[] = [];
  const m = r.machine;
  parts.push(
    "# Benchmarks",
    "",
    "Written by `npm run bench` (bench/run.ts) on " +
      `${r.date}${r.quick ? ", in the quick mode (`BENCH_QUICK=1`): small sizes, figures not comparable" : ""}, ` +
      `in ${seconds(r.durationMs)}. Each figure is the median of ${r.runs} run${r.runs === 1 ? "" : "s"} ` +
      "(`BENCH_RUNS` changes it) unless the table says otherwise; every ratio compares figures " +
      "measured in the same run, on the same synthetic circle (bench/generate.ts, seed 7). " +
      `Child processes are measured with ${r.method}.` +
      (r.mimeoAtStart !== m.mimeo
        ? ` **mimeo changed during the run** (from ${r.mimeoAtStart} to ${m.mimeo}): later parts measured newer code.`
        : ""),
    "",
    "## Machine",
    "",
    table(
      ["", ""],
      [
        ["CPU", m.cpu],
        ["cores", String(m.cores)],
        ["memory", m.memory],
        ["system", m.system],
        ["Node", m.node],
        ["Node's default heap limit", m.heapLimit],
        ["Chromium", m.chromium],
        ["Eleventy", m.eleventy],
        ["WeasyPrint", m.weasyprint],
        ["mimeo", m.mimeo],
        [
          "load average at start",
          `${m.load} (the machine is shared: wall times are noisy, CPU times less so)`,
        ],
      ],
    ),
    "",
    "## Targets",
    "",
    table(
      ["target", "measured", ""],
      verdicts(r).map((v) => [v.target, v.measured, verdictWord(v.met)]),
    ),
    "",
  );

  parts.push("## Site: `mimeo build --audience circle --no-pdf` against plain Eleventy", "");
  const site = ok(r.site);
  if (site) {
    parts.push(
      "Plain Eleventy builds the same Markdown files (reports, tactics, ledger months, charter, " +
        "roster) with one Nunjucks layout and a five-line config (bench/plain-eleventy.ts), " +
        "through its own command line. mimeo also loads and checks the content, and writes the " +
        "index pages, the ledger, rotation and rhythm pages, the calendar and the search index. " +
        "Both are child processes; CPU is user + system.",
      "",
      table(
        [
          "reports",
          "runs",
          "pages (mimeo / Eleventy)",
          "mimeo wall",
          "mimeo CPU",
          "mimeo peak RSS",
          "Eleventy wall",
          "Eleventy CPU",
          "Eleventy peak RSS",
          "CPU ratio",
          "memory ratio",
        ],
        site.map((s) => [
          s.reports.toLocaleString("en"),
          String(s.runs),
          `${s.pages} / ${s.eleventyPages}`,
          seconds(s.mimeo.wallMs),
          seconds(s.mimeo.cpuMs),
          mebibytes(s.mimeo.maxRss),
          seconds(s.eleventy.wallMs),
          seconds(s.eleventy.cpuMs),
          mebibytes(s.eleventy.maxRss),
          ratio(s.cpuRatio),
          ratio(s.memoryRatio),
        ]),
      ),
      "",
    );
  } else parts.push(failed("Site", r.site) ?? "Not run.", "");

  const spans = ok(r.spans);
  parts.push(`## Where the HTML build's CPU time goes`, "");
  if (spans) {
    const p = spans.figures;
    const sites = ok(r.site);
    const plainEleventy = Array.isArray(sites)
      ? sites.find((x) => x.reports === spans.reports)?.eleventy.cpuMs
      : undefined;
    parts.push(
      `One build of ${spans.reports.toLocaleString("en")} reports, stage by stage, in a fresh ` +
        `process (bench/site-spans.ts; one run, not a median), ${p.fromLib ? "from the compiled lib/, as `mimeo build` runs" : "through tsx (lib/ was not current)"}. ` +
        "Nunjucks compilations are counted to show that each template is compiled once, not once " +
        "per page. The search index and the print room are measured alone after the build, and " +
        "the whole process is counted up to the end of the build.",
      "",
      table(
        ["stage", "CPU"],
        [
          ["loading the build (Eleventy, markdown-it, zod, …)", seconds(p.loadRest.cpuMs)],
          [
            "prepareCircle: read, parse, check, ledger, rotation, calendar",
            seconds(p.prepare.cpuMs),
          ],
          ["siteFor: what the circle sees, with the search index", seconds(p.siteFor.cpuMs)],
          [
            "… of which search index: terms, result cards and JSON (measured again alone, after the build)",
            seconds(p.searchIndex.cpuMs),
          ],
          [`renderSite: Eleventy (${p.pages} pages)`, seconds(p.renderSite.cpuMs)],
          ["Nunjucks compilations", String(p.compiles)],
          ["whole process, up to the end of the build", seconds(p.processCpuMs)],
          [
            "not in the build: loading src/print (puppeteer-core, pdf-lib, pdfjs-dist), which an HTML-only build does not",
            `${seconds(p.loadPrint.cpuMs)}, +${mebibytes(p.loadPrintRss)} RSS`,
          ],
          ...(plainEleventy !== undefined
            ? [
                [
                  "plain Eleventy's whole build of the same Markdown (site table above, median)",
                  seconds(plainEleventy),
                ],
              ]
            : []),
        ],
      ),
      "",
    );
    if (spans.profile.length > 0) {
      parts.push(
        "The same build once more as `mimeo build` under `node --cpu-prof` (main thread, self " +
          "time by package; `(garbage collector)` and `(writeFileUtf8)` are V8's and Node's own, " +
          "and the latter varies with the disk's load):",
        "",
        table(
          ["code", "self CPU"],
          spans.profile.map((s) => [s.what, millis(s.ms)]),
        ),
        "",
      );
    }
  } else parts.push(failed("Spans", r.spans) ?? "Not run.", "");

  parts.push("## PDFs", "");
  const t = ok(r.throughput);
  if (t) {
    const d = t.perDocument;
    parts.push(
      `Reading copies of synthetic reports (A5, 2 to 4 pages each), rendered by ${t.browserVersion} ` +
        "through mimeo's print shop with no render cache, padded, finished and imposed into " +
        "booklets, the steps of src/build/print-build.ts (bench/pdf.ts). Per document, made one " +
        `after another (medians over the first ${t.sequential} documents of every run):`,
      "",
      table(
        ["step", "time per document"],
        [
          ["render (Chromium)", millis(d.renderMs)],
          ["pad to four pages", millis(d.padMs)],
          ["finish the reading copy", millis(d.finishReadingMs)],
          ["impose and finish the booklet", millis(d.bookletMs)],
          ["**a reading copy** (render + pad + finish)", millis(t.readingMs)],
          ["**a booklet** (render + pad + impose + finish)", millis(t.bookletMs)],
        ],
      ),
      "",
      `Throughput for ${t.rows[0]?.documents ?? "?"} documents (reading copy and booklet each), by width of the page pool (\`--jobs\`):`,
      "",
      table(
        [
          "pages at once",
          "browser start",
          "all documents",
          "documents per minute",
          "against 1 wide",
        ],
        t.rows.map((row) => [
          String(row.jobs),
          seconds(row.launchMs),
          seconds(row.wallMs),
          row.rate.toFixed(0),
          ratio(row.rate / (t.rows[0]?.rate ?? NaN)),
        ]),
      ),
      "",
    );
  } else parts.push(failed("Throughput", r.throughput) ?? "Throughput: not run.", "");

  const b = ok(r.rebuild);
  if (b) {
    parts.push(
      `Full builds with PDFs of a circle of ${b.reports} reports (\`mimeo build --audience circle\`, ` +
        `child process, default \`--jobs\`; ${b.pdfs} PDFs; the render cache beside the output):`,
      "",
      table(
        ["build", "wall", "CPU (with Chromium)", "peak RSS", "PDFs rendered / from cache"],
        (
          [
            ["cold: no output, no cache", b.cold, b.printed.cold],
            ["again, nothing changed", b.unchanged, b.printed.unchanged],
            ["again, one report edited", b.edited, b.printed.edited],
          ] as const
        ).map(([label, f, p]) => [
          label,
          seconds(f.wallMs),
          seconds(f.cpuMs),
          mebibytes(f.maxRss),
          `${p.rendered} / ${p.cached}`,
        ]),
      ),
      "",
      `Nothing changed: the rebuild took ${percent(b.unchangedShare)} of the cold build's wall time, ` +
        `and ${b.changedWhenUnchanged.length === 0 ? "every PDF came out byte for byte the same" : `these PDFs changed: ${b.changedWhenUnchanged.join(", ")}`}. ` +
        `One report edited (${b.editedReport} in the last run): the PDFs whose bytes changed were ` +
        `${b.changedAfterEdit.join(", ") || "none"}; ${b.onlyEditedChanged ? "in every run only the edited report's own PDFs changed" : `**other PDFs changed too**: ${b.unexpected.join(", ")}`}. ` +
        "No printed collection includes a report's text (the archive zine and the cards are " +
        "made of tactics), so no other document depends on it.",
      "",
    );
    if (b.unchangedProfile.length > 0) {
      const total = b.unchangedProfile.reduce((sum, s) => sum + s.ms, 0);
      parts.push(
        "Where the CPU of a rebuild with nothing changed goes (one more such rebuild under " +
          "`node --cpu-prof`, main thread, self time by package; the profiler slows it a little):",
        "",
        table(
          ["code", "self CPU", "share of the top groups"],
          b.unchangedProfile.map((s) => [s.what, millis(s.ms), percent(s.ms / total)]),
        ),
        "",
      );
    }
  } else parts.push(failed("Rebuilds", r.rebuild) ?? "Rebuilds: not run.", "");
  if (typeof r.incremental === "object") parts.push(incrementalMarkdown(r.incremental));
  else if (r.incremental) parts.push(`## Incremental rebuilds\n\n${r.incremental}\n`);

  const w = ok(r.weasy);
  if (w?.installed) {
    parts.push(
      `The same reading-copy HTML rendered by WeasyPrint ${w.version} (bench/weasy.py, one Python ` +
        `process) and by Chromium (one page), ${w.documents} documents, each engine started ` +
        "beforehand. WeasyPrint's copy declares only the latin subset of the font, since it " +
        "ignores `unicode-range` and would otherwise set the text in a fallback font.",
      "",
      table(
        ["engine", "per document", "pages in all", "start"],
        [
          [
            "Chromium (mimeo's print shop)",
            millis(w.chromiumMs),
            String(w.chromiumPages),
            `${seconds(w.chromiumLaunchMs)} browser start`,
          ],
          [
            `WeasyPrint ${w.version}`,
            millis(w.weasyMs),
            String(w.weasyPages),
            `${seconds(w.weasyImportMs)} import`,
          ],
          ["WeasyPrint / Chromium", ratio(w.ratio), "", ""],
        ],
      ),
      "",
    );
  } else if (w) {
    parts.push(`WeasyPrint: ${w.reason}.`, "");
  } else parts.push(failed("WeasyPrint", r.weasy) ?? "WeasyPrint: not run.", "");

  const i = ok(r.impose);
  if (i) {
    parts.push(
      `Imposition alone (bench/impose.ts), on pages made once by ${i.source === "chromium" ? "Chromium (a long reading copy cut to 32 pages, and one report's mini-zine panels)" : "pdf-lib (no browser)"}:`,
      "",
      table(
        ["what", "time"],
        [
          [
            `a ${i.bookletPages}-page booklet (median of ${i.bookletIterations})`,
            millis(i.bookletMs),
          ],
          [
            `${i.minizines} mini-zines, one after another (median of ${i.runs})`,
            millis(i.minizinesMs),
          ],
          ["one mini-zine", millis(i.minizinesMs / i.minizines)],
        ],
      ),
      "",
    );
  } else parts.push(failed("Imposition", r.impose) ?? "Imposition: not run.", "");

  const s = ok(r.seal);
  parts.push("## Sealing: `mimeo seal --from` and `mimeo unseal`", "");
  if (s) {
    parts.push(
      "The circle build (HTML, `--no-pdf`) sealed into one age file and opened again, as child " +
        `processes (bench/seal.ts; median of ${s.runs}). A passphrase is stretched with scrypt ` +
        "(work factor 2^18, as the age command does), in JavaScript: that is most of its time. " +
        "Each time is wall / CPU (user + system, the process and its children).",
      "",
      table(
        [
          "circle",
          "files",
          "sealed file",
          "seal, passphrase",
          "unseal, passphrase",
          "seal, key",
          "unseal, key",
          "peak RSS",
        ],
        s.rows.map((row) => [
          row.circle,
          String(row.files),
          `${(row.sealedBytes / 1e6).toFixed(1)} MB`,
          wallCpu(row.passphrase.seal),
          wallCpu(row.passphrase.unseal),
          wallCpu(row.key.seal),
          wallCpu(row.key.unseal),
          mebibytes(
            Math.max(
              row.passphrase.seal.maxRss,
              row.passphrase.unseal.maxRss,
              row.key.seal.maxRss,
              row.key.unseal.maxRss,
            ),
          ),
        ]),
      ),
      "",
    );
  } else parts.push(failed("Sealing", r.seal) ?? "Sealing: not run.", "");

  return parts.join("\n");
}

const wallCpu = (f: { wallMs: number; cpuMs: number }): string =>
  `${seconds(f.wallMs)} / ${seconds(f.cpuMs)}`;

/** The terminal's table: every target with its figure. */
export function terminalTable(r: Results): string {
  const rows = verdicts(r).map((v) => [
    verdictWord(v.met).replace(/\*/g, ""),
    v.target,
    v.measured,
  ]);
  const widths = [0, 1].map((c) => Math.max(...rows.map((row) => (row[c] ?? "").length)));
  const lines = rows.map((row) =>
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell)).join("  "),
  );
  const site = ok(r.site) ?? [];
  const siteLines = site.map(
    (s) =>
      `site ${String(s.reports).padStart(6)} reports: mimeo ${seconds(s.mimeo.wallMs)} wall, ${seconds(s.mimeo.cpuMs)} CPU, ${mebibytes(s.mimeo.maxRss)}; ` +
      `eleventy ${seconds(s.eleventy.wallMs)} wall, ${seconds(s.eleventy.cpuMs)} CPU, ${mebibytes(s.eleventy.maxRss)}; CPU ratio ${ratio(s.cpuRatio)}`,
  );
  const sealLines = (ok(r.seal)?.rows ?? []).map(
    (row) =>
      `seal ${row.circle}: passphrase ${seconds(row.passphrase.seal.wallMs)} seal, ${seconds(row.passphrase.unseal.wallMs)} unseal; ` +
      `key ${seconds(row.key.seal.wallMs)} seal, ${seconds(row.key.unseal.wallMs)} unseal`,
  );
  return [...siteLines, ...sealLines, "", ...lines].join("\n");
}
