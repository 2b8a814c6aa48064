// Measuring: child processes timed with GNU time (wall, user + system CPU of the process and
// every descendant it waited for, peak resident memory of the largest one), or, where GNU time
// is missing, with bench/rusage.mjs, which runs a Node script in-process and reports its own
// resource usage (then a browser's CPU is not counted). Plus medians and formatting.

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface ProcessRun {
  wallMs: number;
  /** user + system CPU time */
  cpuMs: number;
  /** peak resident set size, bytes */
  maxRss: number;
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const GNU_TIME = "/usr/bin/time";
const RUSAGE = fileURLToPath(new URL("./rusage.mjs", import.meta.url));

let hasGnuTime: boolean | undefined;
/** Whether /usr/bin/time -v works here (it is GNU time, not a shell's or BSD's). */
export function gnuTimeAvailable(): boolean {
  hasGnuTime ??=
    existsSync(GNU_TIME) &&
    spawnSync(GNU_TIME, ["-v", "true"], { encoding: "utf8" }).stderr.includes(
      "Maximum resident set size",
    );
  return hasGnuTime;
}

/** How child processes are measured, for the report. */
export function measuringMethod(): string {
  return gnuTimeAvailable()
    ? "`/usr/bin/time -v` (CPU of the process and all its descendants; peak RSS of the largest)"
    : "`bench/rusage.mjs` (`process.resourceUsage()` of the Node process only: a browser's CPU is not counted)";
}

function run(
  command: string,
  args: string[],
  options: RunOptions,
): Promise<{ code: number; stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        wallMs: performance.now() - started,
      }),
    );
  });
}

const field = (text: string, label: string): number => {
  const line = text.split("\n").find((l) => l.trim().startsWith(label));
  return Number(line?.slice(line.lastIndexOf(":") + 1).trim() ?? NaN);
};

/**
 * Runs `node SCRIPT ARGS…` and measures it. `nodeArgs` go before the script (e.g. --cpu-prof);
 * they are ignored where GNU time is missing.
 */
export async function timeNode(
  script: string,
  args: string[],
  options: RunOptions & { nodeArgs?: string[] } = {},
): Promise<ProcessRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-bench-time-"));
  const report = path.join(dir, "usage.txt");
  try {
    if (gnuTimeAvailable()) {
      const result = await run(
        GNU_TIME,
        ["-v", "-o", report, process.execPath, ...(options.nodeArgs ?? []), script, ...args],
        options,
      );
      const text = await readFile(report, "utf8");
      return {
        ...result,
        cpuMs: (field(text, "User time (seconds)") + field(text, "System time (seconds)")) * 1000,
        maxRss: field(text, "Maximum resident set size (kbytes)") * 1024,
      };
    }
    const result = await run(process.execPath, [RUSAGE, report, script, ...args], options);
    const usage = JSON.parse(await readFile(report, "utf8")) as {
      userCPUTime: number;
      systemCPUTime: number;
      maxRSS: number;
    };
    return {
      ...result,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      maxRss: usage.maxRSS * 1024,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Throws with the child's output when it failed. */
export function mustSucceed(what: string, run: ProcessRun): ProcessRun {
  if (run.code !== 0) {
    throw new Error(
      `${what} exited with ${run.code}:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`,
    );
  }
  return run;
}

export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds spent in `fn`, wall clock. */
/** Wall, CPU and peak memory of a process: the median of each over several runs. */
export interface Figures {
  wallMs: number;
  cpuMs: number;
  maxRss: number;
}

export const figures = (runs: readonly ProcessRun[]): Figures => ({
  wallMs: median(runs.map((r) => r.wallMs)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
  maxRss: median(runs.map((r) => r.maxRss)),
});

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export const seconds = (ms: number): string =>
  Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : "n/a";
export const millis = (ms: number): string =>
  Number.isFinite(ms) ? `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms` : "n/a";
export const mebibytes = (bytes: number): string =>
  Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : "n/a";
export const ratio = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "n/a");
export const percent = (x: number): string =>
  Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a";
