// Scanning: all detectors in order, waivers, context that hides what it reports, and pages.
import { describe, expect, it } from "vitest";
import { createGuard, scanHtml, scanText } from "../../src/guard/scan.ts";
import { defaultDetectors } from "../../src/guard/detectors/index.ts";
import { Ruler } from "../../src/guard/ruler.ts";
import type { Detector } from "../../src/guard/types.ts";
import { context } from "./support.ts";

const where = { output: "reports/stoppage/index.html", part: "text" as const };

describe("scanText", () => {
  const ctx = context({
    denyList: ["Maria Quintero"],
    members: ["Heron"],
    publicReportDates: ["2026-10-14"],
  });

  it("runs every detector and lists every finding, in text order", () => {
    const text =
      "On 14 October 2026 Maria Quintero (maria@example.org, +34 612 345 678, " +
      "ES91 2100 0418 4502 0005 1332) met Heron.";
    const { findings, waived } = scanText(text, where, ctx);
    expect(findings.map((f) => f.kind)).toEqual([
      "exact-date",
      "deny-list",
      "email",
      "phone",
      "iban",
      "member-name",
    ]);
    expect(waived).toEqual([]);
    for (const f of findings) {
      expect(f.where).toEqual(where);
      expect(text.slice(f.offset, (f.offset ?? 0) + f.match.length)).toBe(f.match);
    }
  });

  it("keeps a name inside an address as well as the address", () => {
    const { findings } = scanText("maria.quintero@example.org", where, ctx);
    expect(findings.map((f) => f.kind)).toEqual(["deny-list", "email"]);
  });

  it("gives context around a finding with every finding in it masked", () => {
    const { findings } = scanText(
      "The committee thanks Maria Quintero and Heron for the pantry.",
      where,
      ctx,
    );
    const [name] = findings;
    expect(name?.context).toBe("The committee thanks M**** Q******* and H**** for the pantry.");
    for (const f of findings) expect(f.context).not.toContain("Quintero");
  });

  it("never shows a neighbouring finding in part at the edge of the context", () => {
    const text = `${"x".repeat(60)} Heron ${"y".repeat(35)}maria.quintero@example.org`;
    const { findings } = scanText(text, where, ctx);
    for (const f of findings) expect(f.context).not.toMatch(/quintero|example|Heron/u);
  });

  it("builds the matchers once per context", () => {
    const first = scanText("Maria Quintero", where, ctx);
    const second = scanText("Maria Quintero", where, ctx);
    expect(second).toEqual(first);
  });
});

describe("waivers", () => {
  const waiver = {
    text: "Maria's Bakery Workers",
    reason: "the union's public name",
    file: "charter.md",
    line: 4,
  };
  const ctx = context({ denyList: ["Maria"], waivers: [waiver] });

  it("waives a finding whose text is the waiver's, normalised", () => {
    const exact = context({
      denyList: ["Maria Quintero"],
      waivers: [{ text: "MARÍA quintero", reason: "public speaker", file: "reports/a.md" }],
    });
    const { findings, waived } = scanText("Maria  Quintero spoke.", where, exact);
    expect(findings).toEqual([]);
    expect(waived).toHaveLength(1);
    expect(waived[0]).toMatchObject({ reason: "public speaker", file: "reports/a.md" });
    expect(waived[0]?.finding.match).toBe("Maria  Quintero");
  });

  it("waives a finding inside the waived string, and only there", () => {
    const { findings, waived } = scanText(
      "Maria's Bakery Workers marched. Maria stayed home.",
      where,
      ctx,
    );
    expect(waived.map((w) => [w.finding.offset, w.file, w.line])).toEqual([[0, "charter.md", 4]]);
    expect(findings.map((f) => f.offset)).toEqual([32]);
  });

  it("applies only the waivers the caller passes for this output", () => {
    const guard = createGuard(ctx);
    expect(guard.scan("Maria's Bakery Workers", where, []).findings).toHaveLength(1);
    expect(guard.scan("Maria's Bakery Workers", where).findings).toHaveLength(0);
  });
});

describe("detectors as a ruler", () => {
  it("orders the default detectors", () => {
    expect(defaultDetectors().names()).toEqual([
      "deny-list",
      "member-name",
      "build-machine",
      "email",
      "iban",
      "phone",
      "exact-date",
    ]);
  });

  it("takes a new detector without touching the others", () => {
    const shout: Detector = (text, w) =>
      text.text.includes("secret")
        ? [{ detector: "secret", kind: "deny-list", match: "secret", masked: "s*****", where: w }]
        : [];
    const ruler = defaultDetectors().before("email", "secret", shout).disable("phone");
    expect(ruler.names()).toEqual([
      "deny-list",
      "member-name",
      "build-machine",
      "secret",
      "email",
      "iban",
      "exact-date",
    ]);
    const guard = createGuard(context(), ruler);
    expect(guard.scan("a secret +34 612 345 678", where).findings.map((f) => f.detector)).toEqual([
      "secret",
    ]);
  });

  it("refuses two detectors with one name, and unknown names", () => {
    expect(() => new Ruler<number>().push("a", 1).push("a", 2)).toThrow(/already/u);
    expect(() => new Ruler<number>().after("nope", "a", 1)).toThrow(/no detector/u);
  });
});

describe("scanHtml", () => {
  it("scans text, attributes, scripts and comments, with page lines", () => {
    const html = [
      "<!doctype html>",
      "<p>Ma<span>ria</span> <em>Quintero</em></p>",
      '<img alt="Heron" src="/media/a.jpg">',
      "<!-- call 612 345 678 -->",
      '<script type="application/ld+json">{"datePublished": "2026-10-14"}</script>',
    ].join("\n");
    const guard = createGuard(
      context({
        denyList: ["Maria Quintero"],
        members: ["Heron"],
        publicReportDates: ["2026-10-14"],
      }),
    );
    const { findings } = scanHtml(html, "reports/x/index.html", guard);
    expect(findings.map((f) => [f.kind, f.where.part, f.where.label, f.line])).toEqual([
      ["deny-list", "text", undefined, 2],
      ["member-name", "attribute", "img[alt]", 3],
      ["phone", "comment", "<!-- -->", 4],
      ["exact-date", "json", "<script>", 5],
    ]);
    expect(findings[0]?.masked).toBe("M**** Q*******");
  });
});
