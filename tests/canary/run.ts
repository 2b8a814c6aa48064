// `npm run canary -- --cases N [--from SEED] [--pdf-every K]`: more canary circles than the
// test suite runs. Exit 1 if any leaked in silence, raised a false alarm or passed a plant.
import { parseArgs } from "node:util";
import { runCanaries } from "./cases.ts";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "200" },
    from: { type: "string", default: "1" },
    "pdf-every": { type: "string", default: "50" },
  },
});
const cases = Number(values.cases);
const from = Number(values.from);
const pdfEvery = Number(values["pdf-every"]);
if (![cases, from, pdfEvery].every(Number.isInteger) || cases < 1) {
  console.error("usage: npm run canary -- --cases N [--from SEED] [--pdf-every K]");
  process.exit(2);
}
const started = Date.now();
const run = await runCanaries(from, cases, pdfEvery, (line) => console.log(line));
console.log(
  `${run.cases} circles, ${run.planted} with a planted leak, ${run.failedBuilds} builds refused, ` +
    `${run.problems.length} problems, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
for (const p of run.problems) console.error(p);
process.exit(run.problems.length === 0 ? 0 : 1);
