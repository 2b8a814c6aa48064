// A search index made from the last one is the index made whole, byte for byte, whatever
// changed; it is patched only when the pages are the same ones and few changed.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Language } from "../../src/content/model.ts";
import { buildSearchIndex, type SearchDoc } from "../../src/search/index.ts";
import {
  madeIndex,
  MOST_PATCHED,
  patchedFrom,
  patchedIndex,
  patchPages,
  searchDocHash,
  type LastIndex,
} from "../../src/search/patch.ts";
import { inIndexOrder } from "../../src/search/index-file.ts";
import { exampleTactics, SPANISH } from "./fixture.ts";

const word = fc.constantFrom(
  "stop",
  "stoppage",
  "Stop",
  "the",
  "de",
  "œuvre",
  "oeuvre",
  "café",
  "Straße",
  "🚧",
  "día",
  "a",
  "<script>",
  "\u2028",
  "",
);
const text = fc
  .array(
    fc.tuple(
      fc.oneof(word, fc.string({ unit: "grapheme", maxLength: 5 })),
      fc.constantFrom(" ", ", ", "\n", "—"),
    ),
    {
      maxLength: 30,
    },
  )
  .map((pairs) => pairs.map(([w, s]) => w + s).join(""));
const page = fc.record({
  title: text,
  text,
  kind: fc.constantFrom("Report", "Tactic · Care"),
  tags: fc.array(fc.oneof(word, fc.string({ maxLength: 4 })), { maxLength: 3 }),
});

const withIds = (raw: Omit<SearchDoc, "id" | "url">[]): SearchDoc[] =>
  raw.map((d, i) => ({ ...d, id: `/reports/r${String(i).padStart(2, "0")}.html`, url: `r${i}` }));

const lastOf = (docs: SearchDoc[], language: Language): LastIndex => madeIndex(docs, language);

describe("patchedIndex", () => {
  it("gives the whole index's bytes after any edits to the pages' titles, texts, kinds and tags", () => {
    fc.assert(
      fc.property(
        fc.array(page, { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(), page), { maxLength: 4 }),
        fc.constantFrom<Language>("en", "es", "fr"),
        (raw, edits, language) => {
          const before = withIds(raw);
          const after = [...before];
          for (const [at, edit] of edits) {
            const i = at % after.length;
            after[i] = { ...edit, id: after[i]?.id ?? "", url: after[i]?.url ?? "" };
          }
          const made = patchedIndex(lastOf(before, language), after.reverse(), language);
          expect(made.text).toBe(buildSearchIndex(after, language));
          expect(made.patched).toBe(true);
          expect(made.docs).toEqual(madeIndex(after, language).docs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("patches one edited page of the example circle's tactics, round after round", () => {
    let docs = [...exampleTactics(), ...SPANISH];
    let last = lastOf(docs, "en");
    for (let round = 0; round < 5; round++) {
      const i = (round * 3) % docs.length;
      docs = docs.map((d, j) =>
        j === i ? { ...d, text: `${d.text} round${round} ${"new ".repeat(round)}` } : d,
      );
      const made = patchedIndex(last, docs, "en");
      expect(made.patched).toBe(true);
      expect(made.text).toBe(buildSearchIndex(docs, "en"));
      expect(made.text).toContain(`"round${round}"`);
      last = made;
    }
  });

  it("makes the index whole when pages were added, removed or renamed, or the language changed", () => {
    const docs = [...exampleTactics(), ...SPANISH];
    const last = lastOf(docs, "en");
    const renamed = docs.map((d, i) => (i === 2 ? { ...d, id: `${d.id}-renamed` } : d));
    const cases: [SearchDoc[], Language][] = [
      [docs.slice(1), "en"],
      [[...docs, { ...SPANISH[0]!, id: "tactics/new" }], "en"],
      [renamed, "en"],
      [docs, "fr"],
    ];
    for (const [now, language] of cases) {
      const made = patchedIndex(last, now, language);
      expect(made.patched).toBe(false);
      expect(made.text).toBe(buildSearchIndex(now, language));
    }
  });

  it("makes the index whole when more pages changed than it patches", () => {
    const docs = withIds(
      Array.from({ length: MOST_PATCHED + 2 }, (_, i) => ({
        title: `t${i}`,
        text: `w${i}`,
        kind: "Report",
        tags: [],
      })),
    );
    const last = lastOf(docs, "en");
    const few = docs.map((d, i) => (i < MOST_PATCHED ? { ...d, text: `${d.text} x` } : d));
    expect(patchedIndex(last, few, "en").patched).toBe(true);
    const many = docs.map((d) => ({ ...d, text: `${d.text} x` }));
    const made = patchedIndex(last, many, "en");
    expect(made.patched).toBe(false);
    expect(made.text).toBe(buildSearchIndex(many, "en"));
  });

  it("makes the index whole from a last text that is not an index, or not of these hashes", () => {
    const docs = [...exampleTactics(), ...SPANISH];
    const last = lastOf(docs, "en");
    const edited = docs.map((d, i) => (i === 0 ? { ...d, title: "Changed" } : d));
    for (const broken of [
      { ...last, text: "window.MIMEO_SEARCH = {" },
      { ...last, text: "" },
      { ...last, docs: last.docs.slice(1) },
    ]) {
      const made = patchedIndex(broken, edited, "en");
      expect(made.patched).toBe(false);
      expect(made.text).toBe(buildSearchIndex(edited, "en"));
    }
    // Unchanged pages give the last text as it is.
    expect(patchedIndex(last, docs, "en")).toEqual({ ...last, patched: true });
  });

  it("needs only the changed pages whole, with every page's id and hash", () => {
    const docs = [...exampleTactics(), ...SPANISH];
    const last = lastOf(docs, "en");
    const edited = inIndexOrder(
      docs.map((d, i) => (i === 4 ? { ...d, text: `${d.text} and a new line` } : d)),
    );
    const pages = patchPages(last, edited);
    expect([...(pages?.changed.values() ?? [])].map((d) => d.id)).toEqual([docs[4]?.id]);
    // The unchanged pages' texts are not read: what they were is in the last index.
    if (!pages) throw new Error("no patch");
    const made = patchedFrom(last, pages, "en");
    expect(made).toEqual({ ...madeIndex(edited, "en"), patched: true });
    // Every page changed (fewer than MOST_PATCHED): each whole. Another number of pages: no patch.
    const all = edited.map((d) => ({ ...d, title: `${d.title}!` }));
    expect(patchPages(last, all, all.map(searchDocHash))?.changed.size).toBe(all.length);
    expect(patchPages({ docs: last.docs.slice(1) }, edited)).toBeUndefined();
    // A last text that is not an index of these pages.
    expect(patchedFrom({ ...last, text: "" }, pages, "en")).toBeUndefined();
  });

  it("hashes a page by everything the index shows of it, and never holds its words", () => {
    const doc = exampleTactics()[0]!;
    const hash = searchDocHash(doc);
    expect(hash).toMatch(/^[\w-]{22}$/);
    for (const change of [
      { title: `${doc.title}!` },
      { text: `${doc.text} ` },
      { kind: "Other" },
      { tags: [...doc.tags, "x"] },
      { url: "elsewhere.html" },
    ]) {
      expect(searchDocHash({ ...doc, ...change })).not.toBe(hash);
    }
  });
});
