// The site benchmark: `mimeo build --audience circle --no-pdf` against plain Eleventy 3 on the
// same Markdown, each as a child process, alternating, at each size.

import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sizeFor, temporaryCircle } from "./generate.ts";
import { figures, mustSucceed, timeNode, type Figures, type ProcessRun } from "./measure.ts";
import { plainEleventyProject } from "./plain-eleventy.ts";

export const REPO = fileURLToPath(new URL("../", import.meta.url));
export const MIMEO = path.join(REPO, "bin", "mimeo.js");
const ELEVENTY = path.join(REPO, "node_modules", "@11ty", "eleventy", "cmd.cjs");

export interface SiteResult {
  reports: number;
  runs: number;
  pages: number;
  eleventyPages: number;
  mimeo: Figures;
  eleventy: Figures;
  /** mimeo's median CPU time over plain Eleventy's, same run */
  cpuRatio: number;
  wallRatio: number;
  memoryRatio: number;
}

/**
 * One cold mimeo build of `content` into `out` (removed first), HTML only, circle audience:
 * `--clean`, so the reading cache an earlier run left is not used.
 */
export async function mimeoSiteBuild(
  content: string,
  out: string,
  nodeArgs: string[] = [],
): Promise<ProcessRun> {
  await rm(out, { recursive: true, force: true });
  return mustSucceed(
    "mimeo build",
    await timeNode(
      MIMEO,
      ["build", "--content", content, "--out", out, "--audience", "circle", "--no-pdf", "--clean"],
      { cwd: path.dirname(out), nodeArgs },
    ),
  );
}

export async function benchSite(
  sizes: readonly number[],
  runsFor: (reports: number) => number,
  log: (line: string) => void,
): Promise<SiteResult[]> {
  const results: SiteResult[] = [];
  for (const reports of sizes) {
    const circle = await temporaryCircle(sizeFor(reports));
    const root = path.dirname(circle.dir);
    try {
      const plain = await plainEleventyProject(circle.dir, path.join(root, "plain"));
      const plainOut = path.join(root, "plain", "out");
      const mimeoRuns: ProcessRun[] = [];
      const plainRuns: ProcessRun[] = [];
      const runs = runsFor(reports);
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first, so neither always meets a warm or a cold disk cache.
        const steps = [
          async () => mimeoRuns.push(await mimeoSiteBuild(circle.dir, path.join(root, "out"))),
          async () => {
            await rm(plainOut, { recursive: true, force: true });
            plainRuns.push(
              mustSucceed(
                "eleventy",
                await timeNode(
                  ELEVENTY,
                  ["--input", "input", "--output", "out", "--config", path.basename(plain.config)],
                  { cwd: path.dirname(plain.config) },
                ),
              ),
            );
          },
        ];
        if (i % 2 === 1) steps.reverse();
        for (const step of steps) await step();
        const m = mimeoRuns.at(-1);
        const e = plainRuns.at(-1);
        log(
          `site ${reports} reports, run ${i + 1}/${runs}: mimeo ${((m?.cpuMs ?? 0) / 1000).toFixed(1)} s CPU, ` +
            `eleventy ${((e?.cpuMs ?? 0) / 1000).toFixed(1)} s CPU`,
        );
      }
      const mimeo = figures(mimeoRuns);
      const eleventy = figures(plainRuns);
      const pagesOf = (text: string, pattern: RegExp): number =>
        Number(pattern.exec(text)?.[1] ?? NaN);
      results.push({
        reports,
        runs,
        pages: pagesOf(mimeoRuns[0]?.stdout ?? "", /\((\d+) pages\)/),
        eleventyPages: pagesOf(
          `${plainRuns[0]?.stdout ?? ""}${plainRuns[0]?.stderr ?? ""}`,
          /Wrote (\d+) files/,
        ),
        mimeo,
        eleventy,
        cpuRatio: mimeo.cpuMs / eleventy.cpuMs,
        wallRatio: mimeo.wallMs / eleventy.wallMs,
        memoryRatio: mimeo.maxRss / eleventy.maxRss,
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  return results;
}
