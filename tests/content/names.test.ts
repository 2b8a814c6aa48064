// A file name can hold any character but "/": one with a terminal's escape character in it is
// shown written out in every problem, never sent to the terminal as it is.
import { afterAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadCircle } from "../../src/content/load.ts";
import { formatProblem } from "../../src/content/problem.ts";

const minimal = path.join(import.meta.dirname, "..", "fixtures", "minimal");
const copies: string[] = [];
afterAll(async () => {
  for (const dir of copies) await rm(dir, { recursive: true, force: true });
});

describe("a file name with control characters", () => {
  it("is written out in the problem, with no control character left", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-names-"));
    copies.push(dir);
    await cp(minimal, dir, { recursive: true });
    await rename(path.join(dir, "reports", "circle-one.md"), path.join(dir, "reports", "re\x1b[2Jport.md"));
    const { problems } = await loadCircle(dir, { today: "2026-11-21" });
    const lines = problems.map(formatProblem);
    expect(lines).toContain(
      'reports/re\\u001b[2Jport.md: the file name becomes a web address: use lowercase letters, digits and hyphens only, like night-shift-stoppage.md. (found: "re\\u001b[2Jport.md")',
    );
    expect(lines.join("")).not.toMatch(/\p{Cc}/u);
  });

  it("writes out bidirectional overrides and C1 controls too", () => {
    const line = formatProblem({ file: "reports/a\u202eb\u009b.md", line: 0, message: "m" });
    expect(line).toBe("reports/a\\u202eb\\u009b.md: m");
  });
});
