// The search index as a pure function: what it finds, that it is the same every time, and that
// no document text can break out of the script it is written into.
import { describe, expect, it } from "vitest";
import vm from "node:vm";
import fc from "fast-check";
import {
  buildSearchIndex,
  loadSearchIndex,
  markdownToPlainText,
  normaliseTerm,
  parseSearchIndex,
  processTermFor,
  SEARCH_ASSETS,
  summarise,
} from "../../src/search/index.ts";
import type { SearchDoc } from "../../src/search/index.ts";
import { existsSync } from "node:fs";
import { collapseBlanks, collapseWhitespace } from "../../src/search/text.ts";
import { exampleTactics, SPANISH } from "./fixture.ts";

function titlesFound(docs: SearchDoc[], query: string, language: "en" | "es" | "fr" = "en") {
  const search = loadSearchIndex(buildSearchIndex(docs, language), language);
  const byId = new Map(docs.map((doc) => [doc.id, doc.title]));
  return search.search(query).map((hit) => byId.get(String(hit.id)));
}

/** Runs the file as a browser would, in a sandbox with only `window`, and returns what it set. */
function runInWindow(file: string): unknown {
  const window: { MIMEO_SEARCH?: unknown } = {};
  vm.runInNewContext(file, { window });
  return window.MIMEO_SEARCH;
}

describe("buildSearchIndex", () => {
  const tactics = exampleTactics();

  it("finds by prefix: 'sick' finds the coordinated sick-out", () => {
    expect(titlesFound(tactics, "sick")[0]).toBe("Coordinated sick-out");
  });

  it("forgives a typo: 'stopage' finds the safety stoppage", () => {
    expect(titlesFound(tactics, "stopage")).toContain("Safety stoppage");
    expect(titlesFound(tactics, "safety stopage")[0]).toBe("Safety stoppage");
  });

  it("needs every word (AND), and drops stop words from the query", () => {
    const both = titlesFound(tactics, "sick pantry");
    const sick = titlesFound(tactics, "sick");
    const pantry = titlesFound(tactics, "pantry");
    expect(both).toContain("Coordinated sick-out");
    for (const title of both) expect(sick.includes(title) && pantry.includes(title)).toBe(true);
    expect(both.length).toBeLessThan(new Set([...sick, ...pantry]).size);
    expect(titlesFound(tactics, "the sick")).toEqual(titlesFound(tactics, "sick"));
    expect(titlesFound(tactics, "zzzzqx")).toEqual([]);
  });

  it("ranks a title match above a mention in the text", () => {
    expect(titlesFound(tactics, "pantry")[0]).toBe("Solidarity pantry");
  });

  it("ignores accents both ways, in Spanish", () => {
    expect(titlesFound(SPANISH, "practica")).toEqual(["Asamblea de turno"]);
    expect(titlesFound(SPANISH, "práctica")).toEqual(["Asamblea de turno"]);
    expect(titlesFound(SPANISH, "REUNION")).toEqual(["Asamblea de turno"]);
    expect(titlesFound(SPANISH, "disrupcion")).toEqual([]); // kind is shown, not searched
    // "de" and "el" are stop words in Spanish, so they neither match nor block a match.
    expect(titlesFound(SPANISH, "huelga de celo")).toEqual(["Huelga de celo"]);
  });

  it("normalises French ligatures and accents", () => {
    expect(normaliseTerm("Œuvre")).toBe("oeuvre");
    expect(normaliseTerm("Grève")).toBe("greve");
    expect(processTermFor("fr")("L")).toBeNull();
    expect(processTermFor("en")("The")).toBeNull();
    expect(processTermFor("es")("The")).toBe("the");
  });

  it("gives plain ASCII terms the same form as the full accent and ligature path", () => {
    const LIGATURES: Record<string, string> = { œ: "oe", æ: "ae", ß: "ss", ø: "o", ł: "l", ı: "i" };
    const full = (term: string): string =>
      term
        .toLowerCase()
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[œæßøłı]/g, (letter) => LIGATURES[letter] ?? letter);
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), (term) => {
        expect(normaliseTerm(term)).toBe(full(term));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (term) => {
        expect(normaliseTerm(term)).toBe(full(term));
      }),
    );
  });

  it("is deterministic: same documents in any order give the same bytes", () => {
    const a = buildSearchIndex(tactics, "en");
    const b = buildSearchIndex([...tactics].reverse(), "en");
    expect(b).toBe(a);
    fc.assert(
      fc.property(fc.shuffledSubarray(tactics, { minLength: 1 }), (docs) => {
        expect(buildSearchIndex([...docs].reverse(), "en")).toBe(buildSearchIndex(docs, "en"));
      }),
      { numRuns: 20 },
    );
  });

  it("refuses two documents with the same id", () => {
    const [first] = tactics;
    if (!first) throw new Error("no example tactics");
    expect(() => buildSearchIndex([first, { ...first }], "en")).toThrow(/share the id/);
  });

  it("writes a script that sets window.MIMEO_SEARCH with the result cards", () => {
    const data = runInWindow(buildSearchIndex(tactics, "en")) as ReturnType<
      typeof parseSearchIndex
    >;
    const card = data.docs["tactics/safety-stoppage"];
    expect(card).toMatchObject({
      title: "Safety stoppage",
      url: "tactics/safety-stoppage.html",
      kind: "Tactic · disruption",
    });
    expect(card?.summary.length).toBeLessThanOrEqual(161);
    expect(card?.summary.endsWith("…")).toBe(true);
    expect(data.stopWords).toContain("the");
  });

  it("escapes </script, <!-- and U+2028/2029 so the text cannot end the script", () => {
    const hostile: SearchDoc = {
      id: "x",
      url: "x.html",
      title: "</script><script>alert(1)</script>",
      kind: "<!-- k",
      text: "line\u2028separator\u2029para </SCRIPT >",
      tags: ["</script"],
    };
    const file = buildSearchIndex([hostile], "en");
    expect(file).not.toMatch(/<\/script/i);
    expect(file).not.toContain("<!--");
    expect(file).not.toContain("\u2028");
    expect(file).not.toContain("\u2029");
    expect(file).not.toContain("<");
    const data = runInWindow(file) as ReturnType<typeof parseSearchIndex>;
    expect(data.docs.x?.title).toBe(hostile.title);
    expect(data.docs.x?.summary).toBe("line separator para </SCRIPT >");
    expect(parseSearchIndex(file).docs.x?.kind).toBe("<!-- k");
  });

  it("writes each term and each card on a line of its own, as JSON.stringify's data", () => {
    const file = buildSearchIndex(tactics, "en");
    const data = parseSearchIndex(file);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    const lines = file.split("\n");
    // A line per card and per term, so a long index is read by the guard in pieces.
    expect(lines.length).toBeGreaterThan(Object.keys(data.docs).length + 100);
    for (const id of Object.keys(data.docs)) {
      expect(lines.filter((l) => l.startsWith(JSON.stringify(id))).length).toBe(1);
    }
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(2000);
    // The line ends are JSON's whitespace: what the browser runs is the same data.
    expect(runInWindow(file)).toEqual(data);
  });

  it("keeps any text intact through the escaping", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string(), (title, text) => {
        const file = buildSearchIndex(
          [{ id: "a", url: "a.html", title, kind: "", text, tags: [] }],
          "en",
        );
        expect(file).not.toMatch(/<\/script/i);
        const data = runInWindow(file) as ReturnType<typeof parseSearchIndex>;
        expect(data.docs.a?.title).toBe(title);
      }),
      { numRuns: 100 },
    );
  });
});

describe("markdownToPlainText", () => {
  it("keeps the words and drops the markup", () => {
    const text = markdownToPlainText(
      [
        "### Before",
        "",
        "- Pick a **hazard** that is [real](other.md), `visible` & written down.",
        "- Second item",
        "",
        "![a broken pallet jack](media/jack.jpg)",
        "",
        "| Who | What |",
        "| --- | --- |",
        "| Ana | &amp; <b>bold</b> |",
        "",
        "```",
        "code line",
        "```",
      ].join("\n"),
    );
    expect(text).toBe(
      [
        "Before",
        "Pick a hazard that is real, visible & written down.",
        "Second item",
        "a broken pallet jack",
        "Who What",
        "Ana & <b>bold</b>",
        "code line",
      ].join("\n"),
    );
  });

  it("never runs two paragraphs' words together", () => {
    expect(markdownToPlainText("one\n\ntwo")).toBe("one\ntwo");
    expect(markdownToPlainText("one\ntwo")).toBe("one two");
  });
});

describe("collapseBlanks", () => {
  it("makes each run of spaces and tabs one space, as /[ \\t]+/g would", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(" ", "\t", "a", "\n", "é")), (parts) => {
        const text = parts.join("");
        expect(collapseBlanks(text)).toBe(text.replace(/[ \t]+/g, " "));
      }),
      { numRuns: 500 },
    );
  });
});

describe("collapseWhitespace", () => {
  it("makes each run of whitespace one space, as /\\s+/g would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(" ", "\t", "a", "\n", "\u00a0", "\u2028", "\u3000", "é")),
        (parts) => {
          const text = parts.join("");
          expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, " "));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("summarise", () => {
  it("gives the summary of the whole text when it flattens only the start", () => {
    const whole = (text: string, length: number): string => {
      const flat = text.replace(/\s+/g, " ").trim();
      if (flat.length <= length) return flat;
      const head = Array.from(flat).slice(0, length).join("");
      const space = head.lastIndexOf(" ");
      const cut = space > length / 2 ? head.slice(0, space) : head;
      return `${cut.replace(/[\s,;:.\-–—]+$/u, "")}…`;
    };
    const piece = fc.constantFrom(
      "word",
      " ",
      "\n\n",
      " ".repeat(12),
      "é",
      "😀😀😀",
      "—",
      ",",
      "x",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 600 }),
        fc.integer({ min: 1, max: 200 }),
        (parts, length) => {
          const text = parts.join("");
          expect(summarise(text, length)).toBe(whole(text, length));
        },
      ),
      // Wide spaces between emoji: the start flattens to few characters of two code units.
      { numRuns: 500, examples: [[[...Array<string>(20).fill(" ".repeat(12) + "😀😀😀")], 10]] },
    );
  });

  it("cuts at a word near 160 characters and marks the cut", () => {
    const long = "word ".repeat(100);
    const summary = summarise(long);
    expect(summary.length).toBeLessThanOrEqual(161);
    expect(summary.endsWith("word…")).toBe(true);
    expect(summarise("short  text\n here")).toBe("short text here");
  });
});

describe("SEARCH_ASSETS", () => {
  it("points at files that exist: the MiniSearch browser build and search.js", () => {
    expect(SEARCH_ASSETS.map((asset) => asset.to).sort()).toEqual([
      "assets/minisearch.js",
      "assets/search.js",
    ]);
    for (const asset of SEARCH_ASSETS) expect(existsSync(asset.from)).toBe(true);
  });
});
