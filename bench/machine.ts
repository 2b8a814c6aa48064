// What the figures were measured on: CPU, cores, memory, system, Node, Chromium, Eleventy,
// WeasyPrint, and the commit of mimeo.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { findBrowser } from "../src/print/index.ts";
import { REPO } from "./site.ts";

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  system: string;
  node: string;
  /** V8's default heap limit here: what "out of memory" means for a build */
  heapLimit: string;
  chromium: string;
  eleventy: string;
  weasyprint: string;
  mimeo: string;
  /** 1-minute load average when the run started: other work on a shared machine */
  load: string;
}

const output = (command: string, args: string[], cwd?: string): string => {
  const result = spawnSync(command, args, { encoding: "utf8", cwd });
  return result.status === 0 ? result.stdout.trim() : "";
};

function cpuModel(): string {
  const model = os.cpus()[0]?.model.trim() ?? "unknown";
  // "AMD EPYC" alone says little: add family and model from /proc/cpuinfo where there is one.
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const get = (key: string): string | undefined =>
      new RegExp(`^${key}\\s*:\\s*(.+)$`, "m").exec(info)?.[1]?.trim();
    const mhz = get("cpu MHz");
    const family = get("cpu family");
    const modelNo = get("model");
    return `${model} (family ${family ?? "?"}, model ${modelNo ?? "?"}${mhz ? `, ${Number(mhz).toFixed(0)} MHz` : ""})`;
  } catch {
    return model;
  }
}

function browserVersion(): string {
  try {
    const browser = findBrowser();
    return output(browser, ["--version"]) || browser;
  } catch {
    return "not found";
  }
}

export function describeMachine(weasyprint: string): Machine {
  const eleventy = (
    JSON.parse(
      readFileSync(path.join(REPO, "node_modules", "@11ty", "eleventy", "package.json"), "utf8"),
    ) as { version: string }
  ).version;
  const commit = output("git", ["rev-parse", "--short", "HEAD"], REPO) || "unknown";
  const dirty = output("git", ["status", "--porcelain", "--", "src", "layouts"], REPO) !== "";
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    system: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    heapLimit: `${(v8.getHeapStatistics().heap_size_limit / 2 ** 20).toFixed(0)} MiB`,
    chromium: browserVersion(),
    eleventy: `Eleventy ${eleventy}`,
    weasyprint,
    mimeo: `${commit}${dirty ? " with uncommitted changes in src/ or layouts/" : ""}`,
    load: os.loadavg()[0]?.toFixed(2) ?? "?",
  };
}
