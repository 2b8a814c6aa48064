// The other spellings of a text in an output's bytes, decoded with a map back to the bytes.
import { describe, expect, it } from "vitest";
import { decodePercent, decodeScriptEscapes, readIcs } from "../../src/guard/escapes.ts";
import { matches } from "./support.ts";

describe("decodeScriptEscapes", () => {
  it("decodes \\u, \\u{…}, \\x and one-letter escapes, each mapped to its escape", () => {
    const raw = "Mar\\u00eda \\u{51}uintero\\x21\\n\\/";
    const d = decodeScriptEscapes(raw, 100);
    expect(d.text).toBe("María Quintero!\n/");
    const i = d.text.indexOf("í");
    expect([d.starts[i], d.ends[i]]).toEqual([103, 109]);
  });

  it("leaves a text without escapes as it is", () => {
    expect(decodeScriptEscapes("plain", 5).starts[0]).toBe(5);
  });
});

describe("decodePercent", () => {
  it("decodes UTF-8 percent-encoding and keeps what is not UTF-8", () => {
    expect(decodePercent("Mar%C3%ADa%20Q").text).toBe("María Q");
    expect(decodePercent("100%FF off").text).toBe("100%FF off");
  });
});

describe("readIcs", () => {
  it("joins folded lines and decodes escapes", () => {
    expect(readIcs("SUMMARY:a\\, b\\;\r\n c\\nd")).toBe("SUMMARY:a, b;c\nd");
  });
});

describe("the detectors over decoded text", () => {
  it("find a name and an address written with escapes", () => {
    const text = decodeScriptEscapes(
      '{"who":"Mar\\u00eda Quintero","at":"m\\u0040example.org"}',
    ).text;
    expect(matches(text, "deny-list", { denyList: ["María Quintero"] })).toEqual([
      "María Quintero",
    ]);
    expect(matches(text, "email")).toEqual(["m@example.org"]);
  });
});
