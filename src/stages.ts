// Stage marks for whoever measures a build. With MIMEO_STAGES=1 in the environment, each
// stage's end is written to stderr as `mimeo stage <seconds since the process started> <stage>`;
// bench/incremental.ts reads them to say where a rebuild's time goes. Without it, nothing.

export const STAGES_ENV = "MIMEO_STAGES";

/** Marks the end of a stage, when the environment asks for marks. */
export function stage(what: string): void {
  if (process.env[STAGES_ENV] !== "1") return;
  process.stderr.write(`mimeo stage ${(performance.now() / 1000).toFixed(3)} ${what}\n`);
}

/** The marks a build wrote into `stderr`, in order: seconds since its start, and the stage. */
export function stagesIn(stderr: string): [number, string][] {
  return [...stderr.matchAll(/^mimeo stage (\d+\.\d+) (.+)$/gm)].map((m) => [
    Number(m[1]),
    m[2] ?? "",
  ]);
}
