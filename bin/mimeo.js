#!/usr/bin/env node
// Runs mimeo's TypeScript sources directly through tsx, so there is no compile step to forget.
import { register } from "tsx/esm/api";

register();
// `mimeo ledger | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
