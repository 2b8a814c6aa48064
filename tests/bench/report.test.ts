// The benchmark's verdicts on the incremental rebuilds' targets: each figure judged against its
// own bound, so a run that misses one says so in docs/benchmarks.md.
import { describe, expect, it } from "vitest";
import type { IncrementalResult, Rebuilt } from "../../bench/incremental.ts";
import { verdicts, type Results } from "../../bench/report.ts";

const rebuilt = (wallMs: number, maxRss = 300 * 2 ** 20, lines: string[] = []): Rebuilt => ({
  wallMs,
  cpuMs: wallMs * 1.4,
  maxRss,
  lines,
  stages: [],
});

function results(incremental: IncrementalResult): Results {
  return {
    quick: false,
    runs: 3,
    date: "2026-12-05",
    method: "getrusage",
    durationMs: 1,
    machine: {} as Results["machine"],
    mimeoAtStart: "abc1234",
    incremental,
  };
}

const run = (over: Partial<IncrementalResult> = {}): IncrementalResult => ({
  reports: 4000,
  cold: rebuilt(9000),
  check: rebuilt(900),
  start: rebuilt(130),
  bodyEdited: rebuilt(920),
  titleEdited: {
    ...rebuilt(1000, 300 * 2 ** 20, ["circle: 54 files rendered, 4038 kept from the last build"]),
    tactic: "tactic-004",
    htmlRewritten: 53,
  },
  serveMs: [410, 370, 320, 320, 320],
  pdf: { reports: 100, cold: rebuilt(30_000), bodyEdited: { ...rebuilt(1370), rendered: 2 } },
  large: { reports: 10_000, cold: rebuilt(20_000, 880 * 2 ** 20), bodyEdited: rebuilt(1700) },
  ...over,
});

const verdictOf = (r: IncrementalResult, start: string): boolean | undefined =>
  verdicts(results(r)).find((v) => v.target.startsWith(start))?.met;

describe("the incremental rebuilds' verdicts", () => {
  it("meets each target under its bound and misses it over", () => {
    expect(verdictOf(run(), "Edit one report's body, 4,000 reports")).toBe(true);
    expect(verdictOf(run({ bodyEdited: rebuilt(1040) }), "Edit one report's body")).toBe(false);
    expect(verdictOf(run(), "The same with PDFs, 100 reports")).toBe(true);
    const slowPdf = run({
      pdf: { reports: 100, cold: rebuilt(30_000), bodyEdited: { ...rebuilt(1510), rendered: 2 } },
    });
    expect(verdictOf(slowPdf, "The same with PDFs")).toBe(false);
    expect(verdictOf(run(), "`mimeo serve`, 4,000 reports")).toBe(true);
    expect(verdictOf(run({ serveMs: [1200, 1100, 900, 1300, 1000] }), "`mimeo serve`")).toBe(false);
    expect(verdictOf(run(), "Peak memory, 10,000 reports")).toBe(true);
    const heavy = run({
      large: { reports: 10_000, cold: rebuilt(20_000, 2 ** 30), bodyEdited: rebuilt(1700) },
    });
    expect(verdictOf(heavy, "Peak memory, 10,000 reports")).toBe(false);
    expect(verdictOf(run(), "Edit a tactic's title")).toBe(true);
  });

  it("leaves out a figure the run could not make", () => {
    const targets = verdicts(results(run({ pdf: "failed: no browser", serveMs: "failed" }))).map(
      (v) => v.target,
    );
    expect(targets.some((t) => t.startsWith("The same with PDFs"))).toBe(false);
    expect(targets.some((t) => t.startsWith("`mimeo serve`"))).toBe(false);
    expect(targets.some((t) => t.startsWith("Edit one report's body"))).toBe(true);
  });
});
