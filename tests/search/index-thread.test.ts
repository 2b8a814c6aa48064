// The search index made on its own thread is the one made on the main thread, byte for byte,
// and a failure there is the same failure.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sha256 } from "../../src/bundle/files.ts";
import { buildSearchIndex } from "../../src/search/index.ts";
import { madeIndex } from "../../src/search/patch.ts";
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
      expect((await searchIndexInThread([...set], language)).text).toBe(
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
    expect((await searchIndexInThread(docs, "en")).text).toBe(buildSearchIndex(docs, "en"));
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

  it("makes a rebuild's index from the last build's file, only when it is the file recorded", async () => {
    const docs = [...exampleTactics(), ...SPANISH];
    const edited = docs.map((d, i) => (i === 3 ? { ...d, text: `${d.text} Otra palabra.` } : d));
    const last = madeIndex(docs, "es");
    const dir = mkdtempSync(path.join(tmpdir(), "mimeo-index-"));
    try {
      const file = path.join(dir, "search-index.js");
      writeFileSync(file, last.text);
      const recorded = { file, hash: sha256(last.text), docs: last.docs };
      const patched = await searchIndexInThread(edited, "es", recorded);
      expect(patched).toEqual({ ...madeIndex(edited, "es"), patched: true });
      // A file changed since the build recorded it (by hand, say) is not made from.
      writeFileSync(file, `${last.text}// edited\n`);
      const whole = await searchIndexInThread(edited, "es", recorded);
      expect(whole).toEqual({ ...madeIndex(edited, "es"), patched: false });
      // Nor is a file that is gone.
      rmSync(file);
      expect((await searchIndexInThread(edited, "es", recorded)).patched).toBe(false);
      expect(indexThreadWorks()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
