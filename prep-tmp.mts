import { prepareCircle } from "./src/prepare.ts";
const t = process.cpuUsage(); const w = performance.now();
const r = await prepareCircle(process.argv[2]!);
const u = process.cpuUsage(t);
console.log("prepare cpu", ((u.user + u.system) / 1000).toFixed(0), "ms wall", (performance.now() - w).toFixed(0), r.problems.length);
