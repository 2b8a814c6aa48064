// The search index made on its own thread is the one made on the main thread, byte for byte,
// and a failure there is the same failure.
import { describe, expect, it } from "vitest";
import { buildSearchIndex } from "../../src/search/index.ts";
import {
  endIndexThread,
  indexThreadsEnded,
  indexThreadWorks,
  searchIndexInThread,
} from "../../src/search/index-thread.ts";
import { exampleTactics, SPANISH } from "./fixture.ts";

describe("the search index thread", () => {
  it("gives the bytes buildSearchIndex gives, call after call", async () => {
    const docs = [...exampleTactics(), ...SPANISH];
    const edited = docs.map((d, i) => (i === 1 ? { ...d, text: `${d.text} Una palabra más.` } : d));
    for (const [set, language] of [
      [docs, "en"],
      [docs, "es"],
      [edited, "es"],
      [edited.slice(2), "fr"],
      // The thread holds the pages of the last call and is sent only the others: an order it
      // was never sent in, and pages it no longer holds, are still the right index.
      [[...edited].reverse(), "fr"],
      [docs, "en"],
    ] as const) {
      expect(await searchIndexInThread([...set], language)).toBe(
        buildSearchIndex([...set], language),
      );
    }
    // Made there, not by the fallback on this thread.
    expect(indexThreadWorks()).toBe(true);
  });

  it("starts again after a build ends it, and sends the pages again", async () => {
    const docs = exampleTactics();
    await searchIndexInThread(docs, "en");
    const before = indexThreadsEnded();
    endIndexThread();
    expect(indexThreadWorks()).toBe(false);
    expect(indexThreadsEnded()).toBe(before + 1);
    // The new thread holds nothing: every page goes again, and the bytes are the same.
    expect(await searchIndexInThread(docs, "en")).toBe(buildSearchIndex(docs, "en"));
    expect(indexThreadWorks()).toBe(true);
  });

  it("fails as the main thread fails", async () => {
    const docs = exampleTactics();
    const twice = [...docs, { ...docs[0]! }];
    expect(() => buildSearchIndex(twice, "en")).toThrow(/two search documents share the id/);
    await expect(searchIndexInThread(twice, "en")).rejects.toThrow(
      /two search documents share the id/,
    );
  });
});
