// A Markdown file saved as UTF-16 ("Unicode" in Notepad), with or without a byte-order mark, is
// one problem saying to save it as UTF-8, never read as garbage.
import { describe, expect, it } from "vitest";
import { decodeContent } from "../../src/content/source.ts";

const text = "---\ntitle: Paro en el muelle\nkind: care\nrisk: low\n---\nCocinar juntas, ¿sí?\n";
const utf16be = (s: string): Buffer => Buffer.from(s, "utf16le").swap16();
const said = (bytes: Uint8Array): string[] =>
  decodeContent("tactics/x.md", bytes).problems.map((p) => `${p.line}: ${p.message}`);
const utf16Problem = ['1: this file is saved as UTF-16 ("Unicode" in Notepad): save it again as UTF-8.'];

describe("a file saved as UTF-16", () => {
  it("is named without a byte-order mark, little or big endian, and read as its letters", () => {
    for (const bytes of [Buffer.from(text, "utf16le"), utf16be(text)]) {
      expect(said(bytes)).toEqual(utf16Problem);
      expect(decodeContent("tactics/x.md", bytes).text).toBe(text);
    }
  });

  it("is named with a byte-order mark, little or big endian, and the mark is not read as text", () => {
    for (const bytes of [Buffer.from(`\uFEFF${text}`, "utf16le"), utf16be(`\uFEFF${text}`)]) {
      expect(said(bytes)).toEqual(utf16Problem);
      expect(decodeContent("tactics/x.md", bytes).text).toBe(text);
    }
  });

  it("is not mistaken for UTF-8 that holds a zero byte or two", () => {
    expect(said(Buffer.from(`${text}a\u0000b\n`, "utf8"))).toEqual([]);
    expect(said(Buffer.from("\u0000\n", "utf8"))).toEqual([]);
  });
});
