// Runs canary circles one after another and collects what went wrong, for the test and for
// `npm run canary`.
import { runCanary } from "./check.ts";

export interface CanaryRun {
  cases: number;
  failedBuilds: number;
  planted: number;
  problems: string[];
}

/** Cases `from`…`from + cases - 1`; every `pdfEvery`th builds its PDFs too. */
export async function runCanaries(
  from: number,
  cases: number,
  pdfEvery: number,
  log?: (line: string) => void,
): Promise<CanaryRun> {
  const result: CanaryRun = { cases, failedBuilds: 0, planted: 0, problems: [] };
  for (let seed = from; seed < from + cases; seed++) {
    const pdf = pdfEvery > 0 && (seed - from) % pdfEvery === pdfEvery - 1;
    const { circle, problems, failedBuild } = await runCanary(seed, pdf);
    if (failedBuild) result.failedBuilds++;
    if (circle.planted) result.planted++;
    for (const p of problems) result.problems.push(`seed ${seed}${pdf ? " (PDFs)" : ""}: ${p}`);
    log?.(
      `seed ${seed}${pdf ? " (PDFs)" : ""}: ${problems.length === 0 ? "ok" : problems.join("; ")}`,
    );
  }
  return result;
}
