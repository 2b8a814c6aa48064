// French words must not let a line break before `:` `;` `?` `!` `»` `%` or after `«`: every
// French text mimeo prints (site, sheets, bundle and sealed READMEs, verify's verdict) is
// walked here, functions called with sample values, and each space there must be a no-break one.
import { describe, expect, it } from "vitest";
import { frenchSpaced, frenchSpacedWords } from "../../src/french-spacing.ts";
import { WORDS } from "../../src/site/words.ts";
import { BUNDLE_WORDS, VERIFY_WORDS } from "../../src/bundle/words.ts";
import { SEALED_README_WORDS } from "../../src/seal/words.ts";

/** Every text in a set of words, with each function called on numbers and then on texts. */
function textsOf(value: unknown, where: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") out.push([where, value]);
  else if (typeof value === "function") {
    const made = value as (...args: unknown[]) => unknown;
    for (const sample of [2, 1, "Heron"]) {
      let given: unknown;
      try {
        given = made(...Array.from({ length: Math.max(made.length, 1) }, () => sample));
      } catch {
        continue;
      }
      textsOf(given, `${where}(${String(sample)})`, out);
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => textsOf(v, `${where}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) textsOf(v, `${where}.${key}`, out);
  }
  return out;
}

const BREAKABLE = / [:;?!»%]|« /;

describe("French spacing", () => {
  it("makes the space before : ; ? ! » % and after « a no-break space", () => {
    expect(frenchSpaced("Échelle : taille réelle (100 %), jamais « ajuster » ; sûr ? oui !")).toBe(
      "Échelle\u00a0: taille réelle (100\u00a0%), jamais «\u00a0ajuster\u00a0»\u00a0; sûr\u00a0? oui\u00a0!",
    );
    expect(frenchSpaced("https://exemple.org:8080/ ?")).toBe("https://exemple.org:8080/\u00a0?");
    expect(frenchSpaced("a\u202f: b")).toBe("a\u202f: b");
  });

  it("spaces the texts functions give back, and leaves other values as they are", () => {
    const words = frenchSpacedWords({
      n: 3,
      list: ["a : b"],
      nested: { say: (n: number) => `${n} fichiers : ok`, count: (n: number) => n + 1 },
    });
    expect(words.list).toEqual(["a\u00a0: b"]);
    expect(words.nested.say(2)).toBe("2 fichiers\u00a0: ok");
    expect(words.nested.count(2)).toBe(3);
    expect(words.n).toBe(3);
  });

  const sets: [string, unknown][] = [
    ["site", WORDS.fr],
    ["bundle README", BUNDLE_WORDS.fr],
    ["verify", VERIFY_WORDS.fr],
    ["sealed README", SEALED_README_WORDS.fr],
  ];
  for (const [name, words] of sets) {
    it(`leaves no breakable space at French punctuation in the ${name} words`, () => {
      const texts = textsOf(words, name);
      expect(texts.length).toBeGreaterThan(3);
      const breakable = texts.filter(([, text]) => BREAKABLE.test(text));
      expect(breakable).toEqual([]);
    });
  }

  it("changes nothing in English or Spanish words", () => {
    expect(textsOf(WORDS.es, "es").some(([, t]) => t.includes("\u00a0:"))).toBe(false);
    expect(textsOf(WORDS.en, "en").some(([, t]) => t.includes("\u00a0:"))).toBe(false);
  });
});
