// A tactic page lists the reports that used it, as tactic or as care mirror, in the reports'
// order and each once: siteFor groups the reports by tactic in one pass, and must list exactly
// what asking every report about every tactic lists.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { prepareCircle } from "../../src/prepare.ts";
import { siteFor } from "../../src/site/audience.ts";

const EXAMPLE = path.join(import.meta.dirname, "..", "..", "content");

describe("a tactic's reports", () => {
  it("are every report that used it as tactic or care mirror, in order, each once", async () => {
    const { prepared } = await prepareCircle(EXAMPLE, { today: "2026-12-02" });
    if (!prepared) throw new Error("the example circle did not load");
    const [first, second] = prepared.circle.reports;
    const [tactic, other] = prepared.circle.tactics;
    if (!first || !second || !tactic || !other) throw new Error("the example circle changed");
    // One report names the same tactic twice; another uses a tactic only as its care mirror.
    const reports = [
      ...prepared.circle.reports,
      {
        ...first,
        file: "reports/zz-twice.md",
        slug: "zz-twice",
        tactic: tactic.slug,
        careMirror: { slug: tactic.slug, text: "" },
      },
      {
        ...second,
        file: "reports/zz-mirror.md",
        slug: "zz-mirror",
        tactic: "not-a-tactic",
        careMirror: { slug: other.slug, text: "" },
      },
    ];
    const circle = { ...prepared.circle, reports };
    for (const audience of ["public", "circle"] as const) {
      const site = siteFor({ ...prepared, circle }, audience);
      const shown = site.reports;
      for (const t of site.tactics) {
        const expected = shown
          .filter((r) => r.tactic === t.slug || r.careMirror.slug === t.slug)
          .map((r) => r.url);
        expect(
          t.reportsUsing.map((r) => r.url),
          `${audience} ${t.slug}`,
        ).toEqual(expected);
      }
    }
    const site = siteFor({ ...prepared, circle }, "circle");
    const twice = site.tactics.find((t) => t.slug === tactic.slug);
    expect(twice?.reportsUsing.filter((r) => r.url === "/reports/zz-twice.html")).toHaveLength(1);
    const mirrored = site.tactics.find((t) => t.slug === other.slug);
    expect(mirrored?.reportsUsing.map((r) => r.url)).toContain("/reports/zz-mirror.html");
  });
});
