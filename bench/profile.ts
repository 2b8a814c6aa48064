// Reads a V8 CPU profile (node --cpu-prof) and sums the time spent in each package's own code
// (self time): where a build's CPU goes, without async stacks getting in the way.

import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  what: string;
  ms: number;
}

/** "pdf-lib", "src/print", "node (module loading)", "(garbage collector)", … */
function groupOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (url === "") return `(${functionName.replace(/^\(|\)$/g, "") || "native"})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] ?? url;
  // lib/ is src/ compiled (what bin/mimeo.js runs while it is current): named as src/.
  const src = /\/(?:src|lib)\/([^/]+)\//.exec(url);
  if (src) return `src/${src[1] ?? ""}`;
  if (
    url.startsWith("node:internal/modules") ||
    url.startsWith("node:internal/worker") ||
    url.includes("source_map")
  ) {
    // tsx compiles TypeScript in a loader thread; the main thread waits and reads source maps.
    return "node (module loading)";
  }
  if (url.startsWith("node:")) return url.replace(/^node:(internal\/)?/, "node:");
  return path.basename(url);
}

/** Self time by group in the largest profile in `dir` (the main thread's), biggest first. */
export async function profileShares(dir: string, top = 12): Promise<ProfileShare[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) return [];
  const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(dir, f))).size));
  const largest = files[sizes.indexOf(Math.max(...sizes))] ?? "";
  const profile = JSON.parse(await readFile(path.join(dir, largest), "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (!node) return;
    const group = groupOf(node.callFrame);
    totals.set(group, (totals.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals]
    .map(([what, ms]) => ({ what, ms }))
    .filter((s) => s.what !== "(idle)" && s.what !== "(program)")
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}
