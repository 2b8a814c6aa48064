// Grouping findings into leaks: one entry per thing written on one content line, however many
// outputs and forms it reached.
import { describe, expect, it } from "vitest";
import { formOf, groupFindings } from "../../src/guard/group.ts";
import type { LocatedFinding } from "../../src/guard/output.ts";
import { formatGuardReport } from "../../src/build/guard-step.ts";

const finding = (
  match: string,
  output: string,
  part: LocatedFinding["where"]["part"],
  extra: Partial<LocatedFinding> = {},
): LocatedFinding => ({
  detector: "member-name",
  kind: "member-name",
  match,
  masked: "G****",
  where: { output, part },
  sources: [{ file: "reports/a.md", line: 11 }],
  ...extra,
});

describe("groupFindings", () => {
  it("makes one leak of one name on one line, listing every output and form it reached", () => {
    const leaks = groupFindings([
      finding("Garza", "reports/a.html", "text", { line: 40 }),
      finding("GARZA", "reports/a.html", "attribute", {
        line: 12,
        where: { output: "reports/a.html", part: "attribute", label: "img[alt]" },
      }),
      finding("Garza", "search-index.js", "script"),
      finding("Garza", "print/reports/a.reading.pdf", "pdf-text"),
      finding("Garza", "reports/a.html", "text", { line: 52 }),
    ]);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]?.source).toEqual({ file: "reports/a.md", line: 11 });
    expect(leaks[0]?.reached).toEqual([
      { output: "reports/a.html", form: "page text", lines: [40, 52] },
      { output: "reports/a.html", form: "attribute img[alt]", lines: [12] },
      { output: "search-index.js", form: "script", lines: [] },
      { output: "print/reports/a.reading.pdf", form: "PDF text", lines: [] },
    ]);
  });

  it("keeps apart the same text written on two lines, and two kinds", () => {
    const leaks = groupFindings([
      finding("Garza", "reports/a.html", "text"),
      finding("Garza", "reports/b.html", "text", { sources: [{ file: "reports/b.md", line: 5 }] }),
      finding("Garza", "reports/a.html", "text", { kind: "deny-list", detector: "deny-list" }),
    ]);
    expect(leaks.map((l) => [l.kind, l.source?.file])).toEqual([
      ["member-name", "reports/a.md"],
      ["member-name", "reports/b.md"],
      ["deny-list", "reports/a.md"],
    ]);
  });

  it("groups a date by the day it spells, and names the metadata form", () => {
    const date = (match: string, label: string): LocatedFinding =>
      finding(match, "print/r.reading.pdf", "pdf-metadata", {
        kind: "exact-date",
        detector: "exact-date",
        canonical: "2026-07-09",
        where: { output: "print/r.reading.pdf", part: "pdf-metadata", label },
      });
    const leaks = groupFindings([
      date("D:20260709000000Z", "PDF metadata CreationDate"),
      date("D:20260709000000Z", "PDF metadata ModDate"),
    ]);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]?.metadataOnly).toBe(true);
    expect(leaks[0]?.reached.map((r) => r.form)).toEqual([
      "PDF metadata CreationDate",
      "PDF metadata ModDate",
    ]);
  });

  it("names forms a person can find", () => {
    expect(formOf({ output: "a.html", part: "text" })).toBe("page text");
    expect(formOf({ output: "a.pdf", part: "pdf-metadata", label: "PDF XMP metadata" })).toBe(
      "PDF XMP metadata",
    );
    expect(formOf({ output: "a", part: "filename" })).toBe("file name");
  });
});

describe("formatGuardReport", () => {
  it("writes one entry per leak, with its source, the outputs it reached and the fix", () => {
    const findings = [
      finding("Garza", "reports/a.html", "text", { line: 40 }),
      finding("Garza", "search-index.js", "script"),
      finding("Garza", "print/reports/a.reading.pdf", "pdf-text"),
    ];
    const lines = formatGuardReport({ findings, waived: [], files: 3 });
    expect(lines).toEqual([
      `leak 1 of 1: a member's name from rotation.md, "G****"`,
      "  from reports/a.md:11",
      "  reached 3 outputs: public/reports/a.html (page text line 40), public/search-index.js (script), public/print/reports/a.reading.pdf (PDF text)",
      expect.stringMatching(
        /^ {2}fix: take it out of reports\/a\.md line 11, or if it is safe to publish, waive it/,
      ),
    ]);
    expect(lines.join("\n")).not.toContain("Garza");
  });
});
