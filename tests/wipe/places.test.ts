// The names of the places mimeo leaves circle data in, as `mimeo wipe` recognises them.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { buildRecordFor } from "../../src/site/locations.ts";
import {
  printCacheBesideContent,
  printCacheDir,
  isScratchFolder,
  scratchPid,
  temporaryBuildPid,
} from "../../src/wipe/places.ts";

describe("places", () => {
  it("puts the print cache beside the output, and beside the content for check and seal", () => {
    expect(printCacheDir("/circle/output")).toBe(path.resolve("/circle/.cache/mimeo-print"));
    expect(printCacheBesideContent("/circle/content")).toBe(
      path.resolve("/circle/.cache/mimeo-print"),
    );
  });

  it("keeps the build record inside the print cache, so wiping the cache removes it", () => {
    const cache = printCacheDir("/circle/output");
    const record = buildRecordFor("/circle/output", cache);
    expect(path.relative(cache, record).startsWith("..")).toBe(false);
    expect(buildRecordFor("/circle/other", cache)).not.toBe(record);
  });

  it("knows a killed build's temporary folder and the process it names", () => {
    expect(temporaryBuildPid(".output.tmp-4242-0a1b2c3d", "/circle/output")).toBe(4242);
    expect(temporaryBuildPid(".output.tmp-4242-0a1b2c3d", "/circle/site")).toBeUndefined();
    expect(temporaryBuildPid(".output.bundle-tmp-4242-0a", "/circle/output")).toBeUndefined();
    expect(temporaryBuildPid("output", "/circle/output")).toBeUndefined();
  });

  it("knows mimeo's scratch folders in the temporary folder, with a pid where they carry one", () => {
    expect(scratchPid("mimeo-check-4242")).toBe(4242);
    expect(scratchPid("mimeo-seal-4242-Ab12Cd")).toBe(4242);
    expect(scratchPid("mimeo-serve-Ab12Cd")).toBeUndefined();
    expect(scratchPid("mimeo-bundle-Ab12Cd")).toBeUndefined();
  });

  it("takes for mimeo's only the folders named as mimeo names them", () => {
    expect(isScratchFolder("mimeo-seal-4242-Ab12Cd")).toBe(true);
    expect(isScratchFolder("mimeo-check-4242-Ab12Cd")).toBe(true);
    // Older versions named scratch folders without the pid, or without mkdtemp's characters.
    expect(isScratchFolder("mimeo-serve-Ab12Cd")).toBe(true);
    expect(isScratchFolder("mimeo-check-4242")).toBe(true);
    // Someone else's folders that only start the same way: a test's, a person's notes.
    expect(isScratchFolder("mimeo-seal-test-Ab12Cd")).toBe(false);
    expect(isScratchFolder("mimeo-serve-notes")).toBe(false);
    expect(isScratchFolder("mimeo-check-4242-Ab12Cd-copy")).toBe(false);
    expect(isScratchFolder("mimeo-bundle-Ab12Cd")).toBe(false);
  });
});
