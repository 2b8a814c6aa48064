#!/usr/bin/env node
// Runs mimeo. `npm ci` compiles src/ into lib/ and packs it into lib/packed/ (npm run compile;
// scripts/bundle.mjs says why), and lib/packed/ is run (by bin/packed.cjs) while it is newer
// than every source file: loading TypeScript through tsx costs about half a second of CPU at
// every start. After an edit, or where lib/ was never compiled, the sources run through tsx, so
// there is no compile step to forget.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const stamp = `${root}lib/.compiled`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = `${dir}/${entry.name}`;
    const time = entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

const compiled =
  process.env.MIMEO_FROM_SOURCE !== "1" &&
  existsSync(stamp) &&
  statSync(stamp).mtimeMs >= newestSource(`${root}src`);

// `mimeo ledger | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// Whatever escapes main() (a failed import, an error after `serve` started) is still one line.
let report = (error) => {
  process.stderr.write(
    `mimeo: unexpected error while starting: ${error instanceof Error ? error.message : String(error)}. MIMEO_DEBUG=1 shows the details.\n`,
  );
  if (process.env.MIMEO_DEBUG === "1" && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  }
};
const fail = (error) => {
  report(error);
  process.exit(1);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

let cli;
if (compiled && existsSync(`${root}lib/packed/cli.cjs`)) {
  const { loadPacked } = createRequire(import.meta.url)("./packed.cjs");
  cli = loadPacked(`${root}lib/packed/cli.cjs`);
} else if (compiled) {
  // lib/ from before lib/packed/ was made, until the next `npm run compile`.
  cli = existsSync(`${root}lib/packed/cli.js`)
    ? await import("../lib/packed/cli.js")
    : await import("../lib/cli.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../src/cli.ts");
}
const argv = process.argv.slice(2);
report = (error) => cli.reportUnexpected(error, argv[0]);
process.exitCode = await cli.main(argv);
