// The public view is made from public matter only: adding circle-only or expired matter to the
// example circle, or taking the example's out, leaves every field of siteFor's public view as
// it was, while the circle's view does change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { rm, writeFile } from "node:fs/promises";
import { prepareCircle } from "../../src/prepare.ts";
import { searchIndexOf, siteFor, type Site } from "../../src/site/audience.ts";
import type { Audience } from "../../src/content/model.ts";
import { readLedger, type LedgerMonthInput } from "../../src/ledger/index.ts";
import { ledgerView } from "../../src/site/ledger-view.ts";
import { monthFile, settings } from "../ledger/helpers.ts";
import {
  copyExample,
  EXAMPLE,
  plantCircleOnlyMatter,
  removeCircleOnlyMatter,
} from "./circle-only-matter.ts";

const TODAY = "2026-12-02";
const folders: string[] = [];

async function view(content: string, audience: Audience): Promise<Site> {
  const { prepared, problems } = await prepareCircle(content, { today: TODAY });
  if (!prepared)
    throw new Error(problems.map((p) => `${p.file}:${p.line} ${p.message}`).join("\n"));
  expect(problems).toEqual([]);
  return siteFor(prepared, audience, { baseUrl: "https://archive.example.org/" });
}

/** Every field a page, sheet, index or feed is made from (urlOf is a function: asked below). */
const fields = (site: Site): unknown => JSON.parse(JSON.stringify(site));

let planted: string;
let stripped: string;
let removed: string[];

beforeAll(async () => {
  planted = await copyExample();
  stripped = await copyExample();
  folders.push(path.dirname(planted), path.dirname(stripped));
  await plantCircleOnlyMatter(planted);
  removed = await removeCircleOnlyMatter(stripped, TODAY);
});

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("the public view holds public matter only", () => {
  it("is the same with circle-only and expired matter added, or the example's taken out", async () => {
    expect(removed).toEqual(
      expect.arrayContaining([
        "reports/fund-rumour.md",
        "reports/phone-free-after-the-camera.md",
        "tactics/called-to-the-office.md",
      ]),
    );
    const example = await view(EXAMPLE, "public");
    const more = await view(planted, "public");
    const less = await view(stripped, "public");
    expect(fields(more)).toEqual(fields(example));
    expect(fields(less)).toEqual(fields(example));
    for (const file of [
      "reports/zz-canteen-walkout.md",
      "reports/zz-expired-log-off.md",
      "tactics/zz-cold-store-drill.md",
      "reports/fund-rumour.md",
    ]) {
      expect(more.urlOf(file), file).toBeUndefined();
    }
  });

  it("counts, lists and dates a tactic by public reports only", async () => {
    const site = await view(planted, "public");
    const tactic = (slug: string) => site.tactics.find((t) => t.slug === slug);
    // Its only report is circle-only: no count, no outcome.
    expect(tactic("rumour-control")?.reportsUsing).toEqual([]);
    expect(tactic("rumour-control")?.usedLine).toBe(site.words.usedIn(0, ""));
    expect(tactic("safety-stoppage")?.usedLine).toBe("Used in 2 reports: 1 won, 1 partial.");
    expect(tactic("solidarity-pantry")?.mirroredBy.map((t) => t.slug)).not.toContain(
      "zz-cold-store-drill",
    );
    expect(site.tacticsByTag.map((g) => g.tag)).not.toContain("secret-tag");
    expect(searchIndexOf(site)).not.toMatch(/canteen|expired-tag|Cold store/i);
    expect(site.feed).not.toMatch(/2026-11-2|canteen/i);
    // The newest public report is from 9 November; circle-only matter is newer.
    expect(site.newestDay).toBe("2026-11-09");
    // A public ledger month gives no year to date that a circle-only month went into.
    const october = site.ledger.find((m) => m.month === "2026-10");
    expect(october?.view.yearToDate).toEqual([]);
    expect(october?.view.fund.map((f) => f.holds)).toEqual(["€52.35"]);
  });

  it("names a tactic the public cannot see by the slug its public report gives", async () => {
    const content = await copyExample();
    folders.push(path.dirname(content));
    await plantCircleOnlyMatter(content);
    await writeFile(
      path.join(content, "reports", "zz-public-drill.md"),
      "---\ntitle: A drill we tell others about\ndate: 2026-08-03\ntactic: zz-cold-store-drill\n" +
        "care-mirror: zz-cold-store-drill\noutcome: won\naudience: public\n---\nIt worked.\n",
    );
    const report = (await view(content, "public")).reports.find(
      (r) => r.slug === "zz-public-drill",
    );
    expect(report?.tacticTitle).toBe("zz-cold-store-drill");
    expect(report?.careMirrorTitle).toBe("zz-cold-store-drill");
    expect(report?.tacticUrl).toBeUndefined();
    expect(report?.careMirrorUrl).toBeUndefined();
    const inCircle = (await view(content, "circle")).reports.find(
      (r) => r.slug === "zz-public-drill",
    );
    expect(inCircle?.tacticTitle).toBe("Cold store drill");
  });

  it("dates a public charter and its amendments by the month", async () => {
    const minimal = path.join(import.meta.dirname, "..", "fixtures", "minimal");
    const pub = await view(minimal, "public");
    expect(pub.charter?.adoptedLabel).toBe("septiembre de 2026");
    expect(pub.charter?.articles.flatMap((a) => a.amendments.map((m) => m.dateLabel))).toEqual([
      "octubre de 2026",
    ]);
    const circle = await view(minimal, "circle");
    expect(circle.charter?.adoptedLabel).toBe("2 de septiembre de 2026");
  });

  it("while the circle sees, counts and dates everything", async () => {
    const site = await view(planted, "circle");
    const tactic = (slug: string) => site.tactics.find((t) => t.slug === slug);
    expect(tactic("rumour-control")?.usedLine).toBe("Used in 1 report: 1 won.");
    expect(tactic("safety-stoppage")?.usedLine).toBe(
      "Used in 3 reports: 1 won, 1 partial, 1 lost.",
    );
    expect(site.newestDay).toBe("2026-11-28");
    // What was imported and never marked public: the circle sees it, with its lineage.
    expect(tactic("a-dock-circle--go-slow")?.credits.adaptedBy.map((a) => a.title)).toEqual([
      "Cold store drill",
    ]);
    expect(site.archiveNav.map((n) => n.url)).toContain("/tactics-by-origin.html");
    expect(site.ledger.find((m) => m.month === "2026-10")?.view.yearToDate.length).toBeGreaterThan(
      0,
    );
    expect(fields(site)).not.toEqual(fields(await view(EXAMPLE, "circle")));
  });
});

describe("a public ledger month", () => {
  const ledgerOf = (...months: LedgerMonthInput[]) => {
    const { ledger, problems } = readLedger(months, settings);
    expect(problems).toEqual([]);
    return ledger;
  };
  const october = (audience: "public" | "circle", last = "") =>
    monthFile(
      "2026-10",
      [
        "| 2026-10-05 | Wren | dues | 20.00 EUR | |",
        "| 2026-10-06 | Heron | pantry cooking | 4 meals | |",
        ...(last ? [last] : []),
      ],
      { audience },
    );
  const september = (audience: "public" | "circle") =>
    monthFile(
      "2026-09",
      [
        "| 2026-09-03 | Heron | pantry cooking | 6 meals | |",
        "| 2026-09-14 | Kestrel | solidarity | 500 JPY | |",
      ],
      { audience, opening: "100.00 EUR" },
    );
  const publicOctober = (...months: LedgerMonthInput[]) =>
    ledgerView(ledgerOf(...months), "public", "en").months.find((m) => m.month === "2026-10");

  it("gives a year to date and a balance only from public months", () => {
    const after = publicOctober(september("circle"), october("public"));
    expect(after?.totals).toEqual(["4\u00a0meals"]);
    expect(after?.yearToDate).toEqual([]);
    // The balance carries September's opening, and yen only September held: neither shows.
    expect(after?.fund).toEqual([
      { currency: "EUR", takenIn: "€20.00", paidOut: "€0.00", holds: "" },
    ]);
    const open = publicOctober(september("public"), october("public"));
    expect(open?.yearToDate).toEqual(["10\u00a0meals"]);
    expect(open?.fund.map((f) => [f.currency, f.holds])).toEqual([
      ["EUR", "€120.00"],
      ["JPY", "¥500"],
    ]);
  });

  it("shows a balance its own file states, whatever came before", () => {
    const stated = publicOctober(
      september("circle"),
      october("public", "| 2026-10-31 | fund | balance | = 120.00 EUR | counted |"),
    );
    expect(stated?.fund).toEqual([
      { currency: "EUR", takenIn: "€20.00", paidOut: "€0.00", holds: "€120.00" },
    ]);
  });
});
