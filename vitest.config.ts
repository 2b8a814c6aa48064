import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: "forks",
    // vitest's default is one worker fewer than the cores: one worker on a 2-core machine, which
    // ran every file in turn. The end-to-end files spend much of their time waiting for Chromium
    // and for child mimeo processes, so two at once take about a third less time there (24 min
    // against 17 min for the whole suite, measured on 2 cores).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
