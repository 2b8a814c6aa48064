// locateSource: a finding in an output, traced back to the content file and line.
import { describe, expect, it } from "vitest";
import { createLocator, locateSource } from "../../src/guard/locate.ts";

const sources = [
  {
    file: "reports/stoppage.md",
    text: [
      "---",
      "title: Two-hour safety stoppage",
      "date: 2026-10-14",
      "---",
      "## What we did",
      "Mar&iacute;a Quin-",
      "tero called it. Ana helped.",
    ].join("\n"),
  },
  { file: "tactics/sick-out.md", text: "---\ntitle: Sick-out\n---\nAsk MARÍA QUINTERO first." },
  { file: "charter.md", text: "A banana is not a name." },
];

describe("locateSource", () => {
  it("finds a name by its normalised form, in every file and line", () => {
    expect(locateSource("Maria Quintero", sources)).toEqual([
      { file: "reports/stoppage.md", line: 6 },
      { file: "tactics/sick-out.md", line: 4 },
    ]);
  });

  it("matches whole words only", () => {
    expect(locateSource("Ana", sources)).toEqual([{ file: "reports/stoppage.md", line: 7 }]);
  });

  it("finds a day written another way in the source", () => {
    expect(locateSource("14 October 2026", sources)).toEqual([
      { file: "reports/stoppage.md", line: 3 },
    ]);
  });

  it("returns nothing when no source holds it", () => {
    expect(locateSource("Heron", sources)).toEqual([]);
  });

  it("can normalise the sources once for many findings", () => {
    const locate = createLocator(sources);
    expect(locate("maría quintero")).toHaveLength(2);
    expect(locate("2026-10-14")).toEqual([{ file: "reports/stoppage.md", line: 3 }]);
  });
});
