// `mimeo serve` rebuilds only what an edit reaches: the edited report's page is written again,
// the other reports' pages are left as they were, and a deleted report's page goes away as soon
// as the file is deleted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve } from "../../src/build/serve.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-serve-incremental-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("mimeo serve", () => {
  it("writes again only the pages an edit reaches", async () => {
    const content = path.join(work, "content");
    await cp(EXAMPLE, content, { recursive: true });
    const running = await serve({
      content,
      audience: "circle",
      port: 19_000 + (process.pid % 1000),
      log: () => undefined,
    });
    const site = path.join(running.scratch, "circle");
    const page = (name: string): Promise<string> =>
      fetch(new URL(name, running.url)).then((r) => r.text());
    /** Saves `text` into `file` until `name` shows `shows` (a save can go unseen at start-up). */
    const until = async (file: string, text: string, check: () => Promise<boolean>) => {
      for (let i = 0; i < 150; i++) {
        if (i % 25 === 0) await writeFile(file, text);
        await new Promise((r) => setTimeout(r, 200));
        if (await check()) return true;
      }
      return false;
    };
    try {
      const edited = path.join(content, "reports", "heat-stoppage.md");
      const other = path.join(site, "reports", "fund-rumour.html");
      const charter = path.join(site, "charter.html");
      const before = { other: (await stat(other)).mtimeMs, charter: (await stat(charter)).mtimeMs };
      const otherBytes = await readFile(other);
      const text = `${await readFile(edited, "utf8")}\nA line added while serving.\n`;
      expect(
        await until(edited, text, async () =>
          (await page("reports/heat-stoppage.html")).includes("A line added while serving."),
        ),
      ).toBe(true);
      expect((await stat(other)).mtimeMs).toBe(before.other);
      expect((await stat(charter)).mtimeMs).toBe(before.charter);
      expect(await readFile(other)).toEqual(otherBytes);
      // The reports index lists every report's title: it is written again for a new title.
      const retitled = text.replace(/^title: .*$/m, "title: Heat stoppage, retitled");
      expect(
        await until(edited, retitled, async () =>
          (await page("reports.html")).includes("Heat stoppage, retitled"),
        ),
      ).toBe(true);
      // Deleting a file is a change of its own: no other save is needed to see it.
      await rm(path.join(content, "reports", "mapping-the-cross-dock.md"));
      const goneAt = path.join(site, "reports", "mapping-the-cross-dock.html");
      let deleted = false;
      for (let i = 0; i < 150 && !deleted; i++) {
        await new Promise((r) => setTimeout(r, 200));
        deleted = !existsSync(goneAt);
      }
      expect(deleted).toBe(true);
      expect(await page("reports.html")).not.toContain("mapping-the-cross-dock");
      // A kept page is written nowhere else either (Eleventy writes a page whose permalink it
      // cannot read to its template's own folder).
      expect(existsSync(path.join(site, "mimeo"))).toBe(false);
    } finally {
      await running.stop();
    }
  });
});
