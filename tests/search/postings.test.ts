// The saved index mimeo writes is MiniSearch's own, byte for byte, with its terms in the order
// of their text: savedIndex() must give what `new MiniSearch(options).addAll(docs).toJSON()`
// gives, terms sorted, whatever the documents hold.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import MiniSearch from "minisearch";
import type { AsPlainObject } from "minisearch";
import type { Language } from "../../src/content/model.ts";
import { miniSearchOptions, processTermFor, SEARCH_FIELDS } from "../../src/search/index.ts";
import type { SearchDoc } from "../../src/search/index.ts";
import { byTerm, savedIndex, tokenize } from "../../src/search/postings.ts";
import { exampleTactics, SPANISH } from "./fixture.ts";

const extractField = (doc: SearchDoc, field: string): string | undefined => {
  const value = doc[field as keyof SearchDoc];
  return Array.isArray(value) ? value.join(" ") : value;
};

function both(docs: SearchDoc[], language: Language): { ours: string; miniSearch: string } {
  const search = new MiniSearch<SearchDoc>(miniSearchOptions(language));
  search.addAll(docs);
  return {
    ours: JSON.stringify(
      savedIndex(docs, {
        fields: [...SEARCH_FIELDS],
        extractField,
        processTerm: processTermFor(language),
      }),
    ),
    miniSearch: JSON.stringify(termsSorted(search.toJSON())),
  };
}

/** MiniSearch's saved index, its terms in the order of their text, as savedIndex lists them. */
function termsSorted(saved: AsPlainObject): AsPlainObject {
  return { ...saved, index: [...saved.index].sort(byTerm) };
}

describe("savedIndex", () => {
  it("gives MiniSearch's saved index for the example circle's tactics and Spanish pages", () => {
    for (const language of ["en", "es", "fr"] as const) {
      const { ours, miniSearch } = both([...exampleTactics(), ...SPANISH], language);
      expect(ours).toBe(miniSearch);
    }
  });

  it("gives MiniSearch's saved index for any documents", () => {
    // Words that share beginnings split MiniSearch's radix tree in every way; accents, case,
    // punctuation, stop words, spaces of every kind and astral letters on top.
    const word = fc.constantFrom(
      "stop",
      "stoppage",
      "stopped",
      "Stop",
      "STOPPAGE",
      "sto",
      "s",
      "the",
      "The",
      "and",
      "de",
      "œuvre",
      "Œuvre",
      "oeuvre",
      "café",
      "cafe",
      "Straße",
      "straße",
      "ﬁre",
      "🚧",
      "día",
      "dia",
      "a",
      "",
    );
    const separator = fc.constantFrom(
      " ",
      "  ",
      "\n",
      ", ",
      ". ",
      "—",
      "\u00a0",
      "\u2028",
      "'",
      "-",
    );
    const text = fc
      .array(fc.tuple(fc.oneof(word, fc.string({ unit: "grapheme", maxLength: 6 })), separator), {
        maxLength: 40,
      })
      .map((pairs) => pairs.map(([w, s]) => w + s).join(""));
    const doc = fc.record({
      title: text,
      text,
      kind: fc.constant("Report"),
      tags: fc.array(fc.oneof(word, fc.string({ maxLength: 5 })), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(doc, { maxLength: 12 }),
        fc.constantFrom<Language>("en", "es", "fr"),
        (raw, language) => {
          const docs = raw.map((d, i) => ({ ...d, id: `/reports/r${i}.html`, url: `r${i}` }));
          const { ours, miniSearch } = both(docs, language);
          expect(ours).toBe(miniSearch);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives MiniSearch's saved index again when the same texts are indexed call after call", () => {
    // Words of a text are remembered between calls (both audiences, each save in serve): a
    // remembered text, in another language, beside other documents, must index the same.
    const pages = [...exampleTactics(), ...SPANISH];
    const rounds: [SearchDoc[], Language][] = [
      [pages, "en"],
      [pages.slice(2), "es"],
      [pages, "fr"],
      [[...pages.slice(1, 4), ...pages.slice(0, 1)].map((d, i) => ({ ...d, id: `/x${i}` })), "en"],
      [pages.slice(3), "en"],
      [pages, "es"],
    ];
    for (const [docs, language] of rounds) {
      const { ours, miniSearch } = both(docs, language);
      expect(ours).toBe(miniSearch);
    }
  });

  it("gives MiniSearch's saved index for a large vocabulary, ASCII and not", () => {
    // Thousands of words grow the table of words met; words that differ in one letter, or in
    // length only, or in a letter past ASCII, must stay apart.
    const docs: SearchDoc[] = Array.from({ length: 40 }, (_, d) => ({
      id: `/reports/v${d}.html`,
      url: `v${d}`,
      title: `w${d} W${d} w${d}x`,
      kind: "Report",
      text: Array.from({ length: 300 }, (_, i) => `w${(d * 97 + i * 31) % 5000}`).join(
        d % 3 === 0 ? " é " : ", ",
      ),
      tags: [`t${d % 7}`, `t${d % 7}t`],
    }));
    for (const language of ["en", "fr"] as const) {
      const { ours, miniSearch } = both(docs, language);
      expect(ours).toBe(miniSearch);
    }
  });

  it("cuts text into the words MiniSearch's own tokenizer cuts", () => {
    const miniSearch = MiniSearch.getDefault("tokenize") as (text: string) => string[];
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary-ascii" }), fc.string({ unit: "grapheme" })),
        (text) => {
          expect(tokenize(text)).toEqual(miniSearch(text));
        },
      ),
      { numRuns: 1000 },
    );
    // Every ASCII character, alone and between words.
    for (let code = 0; code < 128; code++) {
      const c = String.fromCharCode(code);
      expect(tokenize(`a${c}b`), `code ${code}`).toEqual(miniSearch(`a${c}b`));
    }
  });
});
