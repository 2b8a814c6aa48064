// Fallback for machines without GNU time: `node bench/rusage.mjs REPORT SCRIPT ARGS…` runs the
// Node script SCRIPT in this process, as if started with `node SCRIPT ARGS…`, and writes this
// process's resource usage (process.resourceUsage()) as JSON to REPORT when it exits.
// Plain JavaScript, with no loader, so a baseline measured through it pays for nothing extra.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [report, script, ...args] = process.argv.slice(2);
if (!report || !script) {
  process.stderr.write("usage: node bench/rusage.mjs REPORT SCRIPT [ARGS…]\n");
  process.exit(2);
}
process.on("exit", () => {
  writeFileSync(report, JSON.stringify(process.resourceUsage()));
});
process.argv = [process.argv[0] ?? "node", path.resolve(script), ...args];
await import(pathToFileURL(path.resolve(script)).href);
