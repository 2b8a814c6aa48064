// `mimeo serve` watches every file of the content folder (Node's recursive watch takes one Linux
// file watch per file and folder). Past the system's limit, edits can go unseen without an error,
// so serve says so when the content alone needs more watches than the limit.
import { describe, expect, it } from "vitest";
import { tooFewWatches } from "../../src/build/serve.ts";

describe("the file watch limit", () => {
  it("says how many watches the content needs, how many Linux allows, and how to raise it", () => {
    const said = tooFewWatches(4_121, "4096\n");
    expect(said).toContain("4121 files and folders");
    expect(said).toContain("Linux allows 4096 file watches");
    expect(said).toContain("sudo sysctl fs.inotify.max_user_watches=");
  });

  it("says nothing when the limit is enough, unknown (not Linux) or unreadable", () => {
    expect(tooFewWatches(4_096, "4096\n")).toBeUndefined();
    expect(tooFewWatches(37, "524288\n")).toBeUndefined();
    expect(tooFewWatches(37, undefined)).toBeUndefined();
    expect(tooFewWatches(37, "")).toBeUndefined();
    expect(tooFewWatches(37, "unlimited")).toBeUndefined();
  });
});
