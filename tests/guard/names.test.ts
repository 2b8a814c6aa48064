// The deny-list and member detectors: whole words, found however the text was written.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseDenyList } from "../../src/guard/deny-list.ts";
import { htmlToScanText } from "../../src/guard/html-text.ts";
import { found, matches } from "./support.ts";

describe("parseDenyList", () => {
  it("reads one entry a line, skipping comments and blank lines, trimmed", () => {
    const text =
      "\uFEFF# people\n\n  Maria Quintero  \r\nAna # night shift\n   # indented comment\nBel\n";
    expect(parseDenyList(text)).toEqual(["Maria Quintero", "Ana", "Bel"]);
  });

  it("keeps a # that is part of an entry", () => {
    expect(parseDenyList("Local#12")).toEqual(["Local#12"]);
  });
});

describe("deny-list detector", () => {
  const deny = { denyList: ["Maria Quintero", "Ana", "Łukasz Nowak"] };

  it.each([
    ["exact", "Maria Quintero was there"],
    ["case and accents", "MARÍA quintero"],
    ["double space and soft hyphen", "MARÍA  quin\u00ADtero"],
    ["entity", "Mar&iacute;a Quintero"],
    ["hyphenation at a line break", "María Quin-\ntero"],
    ["line break inside the name", "Maria\nQuintero"],
    ["NBSP", "Maria\u00A0Quintero"],
    ["zero-width space", "Ma\u200Bria Quintero"],
    ["run together", "MariaQuintero"],
    ["in a slug", "/reports/maria-quintero.html"],
    ["in an address", "maria.quintero@example.org"],
    ["in a handle", "@maria_quintero"],
  ])("finds a multi-word entry: %s", (_name, text) => {
    expect(found(text, "deny-list", deny)).toHaveLength(1);
  });

  it("finds a name split by inline markup", () => {
    for (const html of ["<p>Maria <em>Quintero</em></p>", "<p>Ma<span>ria</span> Quintero</p>"]) {
      expect(found(htmlToScanText(html).text, "deny-list", deny)).toHaveLength(1);
    }
  });

  it("finds a name written without the letters a keyboard lacks", () => {
    expect(matches("Lukasz Nowak", "deny-list", deny)).toEqual(["Lukasz Nowak"]);
  });

  it("matches on word boundaries only", () => {
    expect(matches("a banana, Anastasia, Diana", "deny-list", deny)).toEqual([]);
    expect(matches("Ana's shift, ANA, (ana)", "deny-list", deny)).toEqual(["Ana", "ANA", "ana"]);
    expect(matches("ana1985", "deny-list", deny)).toEqual(["ana"]);
  });

  it("does not join words that are apart", () => {
    expect(matches("Maria de Quintero", "deny-list", deny)).toEqual([]);
    expect(matches("Mari aquintero", "deny-list", deny)).toEqual([]);
  });

  it("returns the original text and its offset, so the finding points at what was written", () => {
    const text = "Intro. MARÍA  quin\u00ADtero left.";
    const [f] = found(text, "deny-list", deny);
    expect(f?.match).toBe("MARÍA  quin\u00ADtero");
    expect(f?.offset).toBe(7);
    expect(f?.masked).toBe("M**** q*******");
    expect(f?.detector).toBe("deny-list");
  });

  it("reports a longer entry once, not also the shorter one inside it", () => {
    const f = found("Ana Belén Ruiz", "deny-list", { denyList: ["Ana", "Ana Belén Ruiz"] });
    expect(f.map((x) => x.match)).toEqual(["Ana Belén Ruiz"]);
  });

  it("finds entries in scripts written without spaces", () => {
    expect(matches("我是王伟的朋友", "deny-list", { denyList: ["王伟"] })).toEqual(["王伟"]);
  });

  it("finds every occurrence", () => {
    expect(matches("Ana, then Ana again", "deny-list", deny)).toHaveLength(2);
  });
});

describe("member-name detector", () => {
  it("finds roster names as their own kind", () => {
    const f = found("Heron and Kestrel cooked", "member-name", { members: ["Heron", "Kestrel"] });
    expect(f.map((x) => [x.detector, x.match])).toEqual([
      ["member-name", "Heron"],
      ["member-name", "Kestrel"],
    ]);
  });

  it("does not find names inside other words", () => {
    expect(matches("Wrenfield", "member-name", { members: ["Wren"] })).toEqual([]);
  });
});

describe("property: an entry survives any disguise", () => {
  const INVISIBLE = ["\u00AD", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];
  const ACCENT: Record<string, string> = { a: "á", e: "é", i: "í", o: "ö", u: "ü", n: "ñ", c: "ç" };
  const word = fc.stringMatching(/^[a-z]{2,8}$/u);
  const entry = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(" "));

  it("is found after soft hyphens, zero-width characters, case changes and diacritics", () => {
    fc.assert(
      fc.property(
        entry,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE))),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        (name, insertions, upper, accent) => {
          let chars = Array.from(name).map((c, k) => {
            const accented = accent[k] === true ? (ACCENT[c] ?? c) : c;
            return upper[k] === true ? accented.toUpperCase() : accented;
          });
          for (const [at, invisible] of insertions) {
            const k = at % (chars.length + 1);
            chars = [...chars.slice(0, k), invisible, ...chars.slice(k)];
          }
          const text = `Before ${chars.join("")} after.`;
          const hits = found(text, "deny-list", { denyList: [name] });
          expect(hits.length).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("cost", () => {
  it("scans a large text against a large deny-list in one pass", () => {
    const denyList = Array.from({ length: 5000 }, (_, k) => `Person${k} Surname${k}`);
    const text = "The crew met at the dock and shared the pantry. ".repeat(20_000); // ~1 MB
    const started = performance.now();
    const hits = found(`${text} Person4999 Surname4999`, "deny-list", { denyList });
    expect(hits).toHaveLength(1);
    // Generous bound: this guards against a quadratic matcher, not a slow machine.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
