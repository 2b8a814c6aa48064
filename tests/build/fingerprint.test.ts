// What a page's fingerprint is made from: the fields of the view its templates read, found in
// their sources, and values written the same way whatever order their keys were set in.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  canonicalJson,
  hashOf,
  longTextWritten,
  textIn,
  vouchAs,
  vouchTexts,
  writtenIn,
} from "../../src/canonical-json.ts";
import {
  fieldsRead,
  fingerprintOf,
  itemPropsRead,
  publicInputsKey,
} from "../../src/build/fingerprint.ts";
import { loadCircle } from "../../src/content/load.ts";
import type { Circle } from "../../src/content/model.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";

describe("fieldsRead", () => {
  it("lists each `mimeo.X` a template reads, and not a layout's name", () => {
    const source =
      "---\nlayout: mimeo/base.njk\n---\n<h1>{{ mimeo.words.home }}</h1>{{ mimeo.nav | length }}";
    expect(fieldsRead(source)).toEqual(["nav", "words"]);
  });

  it("says all when the view is used whole or indexed", () => {
    expect(fieldsRead("{{ mimeo | dump }}")).toBe("all");
    expect(fieldsRead('{{ mimeo["reports"] }}')).toBe("all");
    expect(fieldsRead("{% set m = mimeo %}")).toBe("all");
  });

  it("leaves out the list a page is paginated over, unless its body reads the list too", () => {
    const paged =
      "---\npagination:\n  data: mimeo.reports\n---\n{{ report.title }} {{ mimeo.words.date }}";
    expect(fieldsRead(paged, "reports")).toEqual(["words"]);
    expect(fieldsRead(`${paged} {{ mimeo.reports.length }}`, "reports")).toEqual([
      "reports",
      "words",
    ]);
  });
});

describe("canonicalJson", () => {
  it("writes keys in order, Maps and Sets as lists, and leaves functions out", () => {
    const a = { b: 1, a: [1, { d: new Set(["x"]), c: new Map([["k", 2]]) }], f: () => 1 };
    const b = { a: [1, { c: new Map([["k", 2]]), d: new Set(["x"]) }], b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
    expect(fingerprintOf({ ...b, b: 2 })).not.toBe(fingerprintOf(b));
  });

  it("writes an object already fingerprinted as its hash", () => {
    const item = { title: "Heat stoppage" };
    const known = new WeakMap([[item, "abc"]]);
    expect(canonicalJson({ list: [item] }, known)).toBe('{"list":[#abc]}');
  });

  it("tells apart any two texts, long or short, whatever characters they hold", () => {
    // Long texts are written as their hash; a text with a lone surrogate (which UTF-8 cannot
    // hold) stays quoted; nothing written as a hash reads like a quoted text.
    const body = "A stoppage over the heat. ".repeat(20);
    const texts = [
      body,
      `${body}.`,
      `${body}\uD800`,
      `${body}\uDC00`,
      `${body}\uFFFD`,
      `${body}🚧`,
      `#t${"0".repeat(64)}`,
      "short",
      "",
    ];
    const written = texts.map((text) => canonicalJson({ body: text }));
    expect(new Set(written).size).toBe(texts.length);
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", minLength: 250, maxLength: 400 }),
        fc.string({ unit: "binary", minLength: 250, maxLength: 400 }),
        (a, b) => {
          // The same text twice (remembered the second time) writes the same.
          expect(canonicalJson([a, b])).toBe(canonicalJson([a, b]));
          if (a !== b) expect(fingerprintOf({ body: a })).not.toBe(fingerprintOf({ body: b }));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("long texts worked out by an earlier build", () => {
  it("are written as longTextWritten gave them, which is how canonicalJson writes them", () => {
    const body = "The night shift stopped the line for twenty minutes. ".repeat(10);
    expect(longTextWritten(body)).toBe(`#t${hashOf(body)}`);
    expect(canonicalJson({ body })).toBe(`{"body":#t${hashOf(body)}}`);
    // Short texts and texts with a lone surrogate are written quoted: nothing to keep.
    expect(longTextWritten("short")).toBeUndefined();
    expect(longTextWritten(`${body}\uD800`)).toBeUndefined();
    // Taken as told for the object that holds it: the reading cache keeps each body's, so a new
    // build does not hash it again.
    const kept = "What the assembly decided, word for word. ".repeat(10);
    const told = `#t${"7".repeat(64)}`;
    const report = { body: kept, title: "Heat" };
    vouchTexts(report, [
      ["body", kept, told],
      ["title", "Heat", undefined],
    ]);
    expect(canonicalJson([report])).toBe(`[{"body":${told},"title":"Heat"}]`);
    expect(textIn(report, "body", kept)).toBe(told);
    // The same text held by another object, or under another key, is hashed.
    expect(canonicalJson({ body: kept })).toBe(`{"body":#t${hashOf(kept)}}`);
    expect(textIn(report, "plainText", kept)).toBe(`#t${hashOf(kept)}`);
    // A view made from the report keeps what was told of it, under the same or another key; a
    // copy whose body is another text does not.
    const view = { ...report, url: "/reports/heat.html" };
    vouchAs(view, report);
    expect(canonicalJson(view)).toContain(told);
    const page = { text: kept };
    vouchTexts(page, [["text", kept, writtenIn(report, "body", kept)]]);
    expect(canonicalJson(page)).toBe(`{"text":${told}}`);
    const edited = { ...report, body: `${kept}One more line.` };
    vouchAs(edited, report);
    expect(canonicalJson(edited)).not.toContain(told);
  });
});

describe("itemPropsRead", () => {
  const index =
    "{%- if mimeo.reports.length %}{%- for report in mimeo.reports | head(10) %}" +
    '<a href="{{ report.url | rel }}">{{ report.title }}</a> {{ mimeo.words.outcomes[report.outcome] }}' +
    "{%- endfor %}{%- endif %}";

  it("lists what a loop reads of each item, so a report's body does not reach the index", () => {
    expect(itemPropsRead(index, "reports")).toEqual(["outcome", "title", "url"]);
    expect(itemPropsRead(index, "tactics")).toEqual([]);
  });

  it("says whole when an item or the list is read any other way", () => {
    const whole = [
      `${index}{{ mimeo.reports[0].body }}`,
      `${index}{{ mimeo.reports | dump }}`,
      index.replace("{{ report.title }}", "{{ report | dump }}"),
      index.replace("{{ report.title }}", '{{ report["body"] }}'),
      index.replace("{{ report.title }}", "{% set r = report %}{{ r.body }}"),
      index.replace("{{ report.title }}", '{% include "card.njk" %}'),
      "{% for key, report in mimeo.reports %}{{ report.title }}{% endfor %}",
    ];
    for (const source of whole) expect(itemPropsRead(source, "reports")).toBe("whole");
  });

  it("is what the example's reports index and home page read", () => {
    for (const page of ["reports.njk", "index.njk"]) {
      const read = itemPropsRead(
        readFileSync(path.join(import.meta.dirname, "..", "..", "layouts", "pages", page), "utf8"),
        "reports",
      );
      expect(read).not.toBe("whole");
      expect(read).not.toContain("body");
    }
  });
});

describe("publicInputsKey", () => {
  it("changes with anything public, and not with what only the circle sees", async () => {
    const { circle } = await loadCircle(EXAMPLE, { today: "2026-12-01" });
    if (!circle) throw new Error("the example does not load");
    const files = [
      "circle.yaml",
      ...[circle.charter, ...circle.reports, ...circle.tactics, ...circle.ledger, circle.roster]
        .filter((d) => d !== undefined)
        .map((d) => d.file),
    ];
    const stamps = new Map<string, string | undefined>(files.map((f) => [f, `stamp of ${f}`]));
    const images = new Map(circle.media.map((use) => [use.path, `image of ${use.path}`]));
    const key = publicInputsKey(circle, stamps, images);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const circleOnly = circle.reports.find((r) => r.audience === "circle")?.file ?? "";
    const shown = circle.reports.find((r) => r.audience === "public")?.file ?? "";
    const image = circle.media[0]?.path ?? "";
    const stamped = (file: string, stamp: string | undefined): Map<string, string | undefined> =>
      new Map(stamps).set(file, stamp);
    // A circle-only report saved again, even a moment ago (no settled stat yet), or gone.
    expect(publicInputsKey(circle, stamped(circleOnly, "saved again"), images)).toBe(key);
    expect(publicInputsKey(circle, stamped(circleOnly, undefined), images)).toBe(key);
    const without = new Map(stamps);
    without.delete(circleOnly);
    const fewer: Circle = {
      ...circle,
      reports: circle.reports.filter((r) => r.file !== circleOnly),
    };
    expect(publicInputsKey(fewer, without, images)).toBe(key);
    // A public report saved again, or just now; the ledger; the build day; an image's bytes.
    expect(publicInputsKey(circle, stamped(shown, "saved again"), images)).not.toBe(key);
    expect(publicInputsKey(circle, stamped(shown, undefined), images)).toBeUndefined();
    const ledger = circle.ledger[0]?.file ?? "";
    expect(publicInputsKey(circle, stamped(ledger, "saved again"), images)).not.toBe(key);
    expect(publicInputsKey({ ...circle, today: "2026-12-02" }, stamps, images)).not.toBe(key);
    expect(publicInputsKey(circle, stamps, new Map(images).set(image, "new bytes"))).not.toBe(key);
    const unreadable = new Map(images);
    unreadable.delete(image);
    expect(publicInputsKey(circle, stamps, unreadable)).toBeUndefined();
    // A public report made circle-only: its file was in the last key, and is not in this one.
    const hidden: Circle = {
      ...circle,
      reports: circle.reports.map((r) => (r.file === shown ? { ...r, audience: "circle" } : r)),
    };
    expect(publicInputsKey(hidden, stamps, images)).not.toBe(key);
  });
});
