// What a build keeps of a print cache that builds into other outputs share (shared-cache.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { codeVersion, recordFileFor, type BuildRecord } from "../../src/build/record.ts";
import { otherOutputsParts } from "../../src/build/shared-cache.ts";

let work: string;
let cache: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-shared-cache-"));
  cache = path.join(work, "cache");
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** An output with the given audience folders, and its record in the cache. */
async function output(
  name: string,
  folders: string[],
  record: Partial<BuildRecord> = {},
  at?: string,
): Promise<string> {
  const out = path.join(work, name);
  for (const folder of folders) await mkdir(path.join(out, folder), { recursive: true });
  const file = at ?? recordFileFor(cache, out);
  await mkdir(path.dirname(file), { recursive: true });
  const whole: Partial<BuildRecord> = {
    version: codeVersion(),
    out,
    audiences: { public: { options: "", files: {} }, circle: { options: "", files: {} } },
    cache: ["sheets/ab/ab12", "pdf-forms/cd34.json"],
    ...record,
  };
  await writeFile(file, JSON.stringify(whole));
  return file;
}

describe("a print cache shared by several outputs", () => {
  it("keeps what other outputs' last builds used, only while those outputs exist whole", async () => {
    const own = path.join(work, "own");
    await output("own", ["public", "circle"]);
    const whole = await output("whole", ["public", "circle"], {
      cache: [
        "sheets/ab/ab12",
        "../outside",
        "/etc/passwd",
        "sheets/../../up",
        "pdf-forms/cd34.json",
      ],
    });
    // Its circle folder was deleted (before a stick was handed on): its part goes.
    await output("no-circle", ["public"]);
    await output("old-version", ["public", "circle"], { version: "another" });
    // A record that is not where a build into its output would write it.
    await output(
      "moved",
      ["public", "circle"],
      {},
      path.join(cache, "build-record", "0".repeat(32) + ".json"),
    );
    await writeFile(path.join(cache, "build-record", "torn.json"), "{ half");

    expect(await otherOutputsParts(cache, own)).toEqual([
      whole,
      whole.replace(/\.json$/, ".read"),
      path.join(cache, "sheets", "ab", "ab12"),
      path.join(cache, "pdf-forms", "cd34.json"),
    ]);
  });

  it("keeps nothing of others when the cache has no records", async () => {
    expect(await otherOutputsParts(path.join(work, "empty"), path.join(work, "own"))).toEqual([]);
  });
});
