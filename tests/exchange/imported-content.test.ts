// Imported documents in the loader and the site: content/from/<circle>/ is read as part of the
// circle, circle-only unless a person marks a document public; adapted-from: names a tactic of
// the circle or an imported one, and a wrong one is a problem on its line; the public view,
// the lineage and the search index show imports with their origin.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadCircle } from "../../src/content/load.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { searchIndexOf, siteFor } from "../../src/site/audience.ts";
import { exchangeFiles } from "../../src/exchange/export.ts";
import { cardHtml, readingHtml, tacticSource } from "../../src/site/printables.ts";

const TODAY = "2026-12-02";
const FIXTURE = path.join(import.meta.dirname, "..", "fixtures", "minimal");
const FROM = "from/a-dock-circle";

let content: string;
beforeEach(async () => {
  content = await mkdtemp(path.join(os.tmpdir(), "mimeo-imported-"));
  await cp(FIXTURE, content, { recursive: true });
  await writeFile(
    path.join(content, "circle.yaml"),
    "name: Night Shift Care Circle\nlanguage: en\ntimezone: UTC\nexchange-name: a night circle\n",
  );
  await put(
    `${FROM}/tactics/slowdown.md`,
    "---\ntitle: Slowdown\nkind: disruption\nrisk: low\npairs-with: [tea-urn, not-sent]\naudience: circle\nfrom:\n  circle: a dock circle\n  received: 2026-11\nlineage:\n  - circle: a mill circle\n    id: tactics/go-slow\n    title: Go slow\n---\nWork to rule, all of us. See [the urn](tea-urn.md).\n",
  );
  await put(
    `${FROM}/tactics/tea-urn.md`,
    "---\ntitle: Tea urn\nkind: care\nrisk: low\nfrom:\n  circle: a dock circle\n  received: 2026-11\n---\nHot tea at the gate.\n",
  );
  await put(
    `${FROM}/reports/first-slowdown.md`,
    "---\ntitle: First slowdown\ndate: 2026-09\ntactic: slowdown\ncare-mirror: tea-urn\noutcome: partial\naudience: public\nfrom:\n  circle: a dock circle\n  received: 2026-11\n---\nIt held for a week.\n",
  );
});
afterEach(async () => {
  await rm(content, { recursive: true, force: true });
});

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(content, file)), { recursive: true });
  await writeFile(path.join(content, file), text);
}

async function load() {
  return loadCircle(content, { today: TODAY });
}

describe("the loader", () => {
  it("reads from/<circle>/ as part of the circle: circle-only unless marked public, under slugs of their own", async () => {
    const { circle, problems } = await load();
    expect(problems).toEqual([]);
    const slowdown = circle?.tactics.find((t) => t.file === `${FROM}/tactics/slowdown.md`);
    expect(slowdown).toMatchObject({
      slug: "a-dock-circle--slowdown",
      audience: "circle",
      pairsWith: ["a-dock-circle--tea-urn"],
      from: {
        circle: "a dock circle",
        folder: "a-dock-circle",
        received: "2026-11",
        slug: "slowdown",
      },
      lineage: [{ circle: "a mill circle", id: "tactics/go-slow", title: "Go slow" }],
    });
    // No audience line: circle-only all the same, unlike the circle's own tactics.
    expect(circle?.tactics.find((t) => t.slug === "a-dock-circle--tea-urn")?.audience).toBe(
      "circle",
    );
    const report = circle?.reports.find((r) => r.slug === "a-dock-circle--first-slowdown");
    expect(report).toMatchObject({
      date: "2026-09-01",
      tactic: "a-dock-circle--slowdown",
      careMirror: { slug: "a-dock-circle--tea-urn" },
      audience: "public",
    });
  });

  it("links adapted-from to the circle's own tactic or an imported one, and chains the lineage", async () => {
    await put(
      "tactics/night-slowdown.md",
      "---\ntitle: Night slowdown\nkind: disruption\nrisk: low\nadapted-from:\n  circle: a dock circle\n  tactic: slowdown\n---\nAt night.\n",
    );
    await put(
      "tactics/yard-slowdown.md",
      "---\ntitle: Yard slowdown\nkind: disruption\nrisk: low\nadapted-from: night-slowdown\n---\nIn the yard.\n",
    );
    const { circle, problems } = await load();
    expect(problems).toEqual([]);
    const yard = circle?.tactics.find((t) => t.slug === "yard-slowdown");
    expect(yard?.adaptedFrom).toBe("night-slowdown");
    expect(yard?.lineage).toEqual([
      { circle: "a mill circle", id: "tactics/go-slow", title: "Go slow" },
      { circle: "a dock circle", id: "tactics/slowdown", title: "Slowdown" },
      { id: "tactics/night-slowdown", title: "Night slowdown" },
    ]);
    // The circle-only night-slowdown is left out of what other circles read.
    const manifest = JSON.parse(exchangeFiles(circle!).at(-1)!.text) as {
      documents: { id: string; lineage: { circle: string; id: string }[] }[];
    };
    expect(manifest.documents.map((d) => d.id)).not.toContain(`tactics/slowdown`);
    expect(manifest.documents.find((d) => d.id === "tactics/yard-slowdown")?.lineage).toEqual([
      { circle: "a mill circle", id: "tactics/go-slow", title: "Go slow" },
      { circle: "a dock circle", id: "tactics/slowdown", title: "Slowdown" },
      { circle: "a night circle", id: "tactics/night-slowdown", title: "Night slowdown" },
    ]);
  });

  it("names the file and line of an adapted-from that points nowhere, or goes round in a loop", async () => {
    await put(
      "tactics/one.md",
      "---\ntitle: One\nkind: disruption\nrisk: low\nadapted-from: nowhere\n---\n",
    );
    await put(
      "tactics/two.md",
      "---\ntitle: Two\nkind: disruption\nrisk: low\ntags: [x]\nadapted-from: {circle: a dock circle, tactic: go-slow}\n---\n",
    );
    await put(
      "tactics/three.md",
      "---\ntitle: Three\nkind: disruption\nrisk: low\nadapted-from: {circle: a mill circle, tactic: go-slow}\n---\n",
    );
    await put(
      "tactics/four.md",
      "---\ntitle: Four\nkind: care\nrisk: low\nadapted-from: five\n---\n",
    );
    await put(
      "tactics/five.md",
      "---\ntitle: Five\nkind: care\nrisk: low\nadapted-from: four\n---\n",
    );
    const { problems } = await load();
    const at = (file: string) => problems.filter((p) => p.file === file);
    expect(at("tactics/one.md")).toMatchObject([
      { line: 5, field: "adapted-from", found: "nowhere" },
    ]);
    expect(at("tactics/one.md")[0]?.message).toContain("no file tactics/nowhere.md exists");
    expect(at("tactics/two.md")).toMatchObject([{ line: 6, field: "adapted-from" }]);
    expect(at("tactics/two.md")[0]?.message).toContain(
      'no tactic go-slow was imported from "a dock circle"',
    );
    expect(at("tactics/three.md")[0]?.message).toContain(
      'no tactic was imported from a circle called "a mill circle": the circles imported are "a dock circle"',
    );
    const loop = [...at("tactics/four.md"), ...at("tactics/five.md")];
    expect(loop).toHaveLength(1);
    expect(loop[0]?.message).toContain("goes round in a loop");
  });

  it("keeps from: and lineage: for imported files, and adapted-from: for the circle's own", async () => {
    await put(
      "tactics/own.md",
      "---\ntitle: Own\nkind: care\nrisk: low\nfrom:\n  circle: a dock circle\n  received: 2026-11\n---\n",
    );
    await put(
      `${FROM}/tactics/adapted.md`,
      "---\ntitle: Adapted\nkind: care\nrisk: low\nadapted-from: tea-urn\nfrom:\n  circle: a dock circle\n  received: 2026-11\n---\n",
    );
    await put(
      `${FROM}/tactics/no-origin.md`,
      "---\ntitle: No origin\nkind: care\nrisk: low\n---\n",
    );
    await put("from/stray.md", "loose\n");
    await put(`${FROM}/notes.md`, "ours\n");
    const { problems } = await load();
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field ?? ""}`)).toEqual([
      `${FROM}/notes.md:0 `,
      `${FROM}/tactics/adapted.md:5 adapted-from`,
      `${FROM}/tactics/no-origin.md:2 from`,
      "from/stray.md:0 ",
      "tactics/own.md:5 from",
    ]);
  });
});

describe("the site", () => {
  it("shows an import in public only once it is marked public, crediting its circle in the page, lineage and search", async () => {
    await put(
      "tactics/night-slowdown.md",
      "---\ntitle: Night slowdown\nkind: disruption\nrisk: low\nadapted-from: {circle: a-dock-circle, tactic: slowdown}\n---\nAt night.\n",
    );
    await put(
      `${FROM}/tactics/tea-urn.md`,
      "---\ntitle: Tea urn\nkind: care\nrisk: low\naudience: public\nfrom:\n  circle: a dock circle\n  received: 2026-11\n---\nHot tea at the gate.\n",
    );
    const { prepared, problems } = await prepareCircle(content, { today: TODAY });
    expect(problems).toEqual([]);
    const circleSite = siteFor(prepared!, "circle");
    const publicSite = siteFor(prepared!, "public");
    const urls = (site: typeof circleSite) => site.tactics.map((t) => t.url);
    expect(urls(circleSite)).toContain("/tactics/a-dock-circle--slowdown.html");
    expect(urls(publicSite)).not.toContain("/tactics/a-dock-circle--slowdown.html");

    const slowdown = circleSite.tactics.find((t) => t.slug === "a-dock-circle--slowdown")!;
    expect(slowdown.credits).toEqual({
      origin: { circle: "a dock circle", receivedLabel: "November 2026" },
      adaptedFrom: [{ title: "Go slow", circle: "a mill circle" }],
      adaptedBy: [
        { title: "Night slowdown", circle: "a night circle", url: "/tactics/night-slowdown.html" },
      ],
    });
    // The month an import came would date a meeting of two circles: the circle's site only.
    const urn = (site: typeof circleSite) =>
      site.tactics.find((t) => t.slug === "a-dock-circle--tea-urn")?.credits.origin;
    expect(urn(publicSite)).toEqual({ circle: "a dock circle" });
    expect(urn(circleSite)).toEqual({ circle: "a dock circle", receivedLabel: "November 2026" });
    // In public the circle-only original is credited by name, not linked.
    const night = publicSite.tactics.find((t) => t.slug === "night-slowdown")!;
    expect(night.credits.adaptedFrom).toEqual([
      { title: "Go slow", circle: "a mill circle" },
      { title: "Slowdown", circle: "a dock circle" },
    ]);
    expect(
      circleSite.tactics.find((t) => t.slug === "night-slowdown")?.credits.adaptedFrom,
    ).toEqual([
      { title: "Go slow", circle: "a mill circle" },
      { title: "Slowdown", circle: "a dock circle", url: "/tactics/a-dock-circle--slowdown.html" },
    ]);

    // Its reading copy, booklet, mini-zine and card say the same (their facts).
    const night_ = circleSite.tactics.find((t) => t.slug === "night-slowdown")!;
    expect(tacticSource(circleSite, night_).facts).toContainEqual([
      "Adapted from",
      "Go slow (a mill circle) → Slowdown (a dock circle)",
    ]);
    expect(tacticSource(circleSite, slowdown).facts).toContainEqual(["From", "a dock circle"]);
    expect(readingHtml(circleSite, tacticSource(circleSite, night_))).toContain(
      "Go slow (a mill circle) → Slowdown (a dock circle)",
    );
    const cards = cardHtml(circleSite);
    expect(cards).toContain("Adapted from: Go slow (a mill circle) → Slowdown (a dock circle)");
    expect(cards).toContain("From: a dock circle");

    // The public report imported is dated by its month, linked nowhere circle-only, and searchable.
    const report = publicSite.reports.find((r) => r.slug === "a-dock-circle--first-slowdown")!;
    expect(report.dateLabel).toBe("September 2026");
    expect(report.tacticUrl).toBeUndefined();
    expect(searchIndexOf(publicSite)).toContain("First slowdown");
    expect(searchIndexOf(publicSite)).toContain("Reports · September 2026 · a dock circle");
    expect(searchIndexOf(publicSite)).not.toContain("Work to rule");
    expect(searchIndexOf(circleSite)).toContain("Tactics · Disruption · a dock circle");
    expect(circleSite.tacticsByOrigin.map((g) => g.label)).toEqual(["Ours", "a dock circle"]);
    expect(circleSite.archiveNav.at(-1)).toEqual({
      label: "By origin",
      url: "/tactics-by-origin.html",
    });
  });
});
