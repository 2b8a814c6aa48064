#!/usr/bin/env node
// Runs mimeo's TypeScript sources directly through tsx, so there is no compile step to forget.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
