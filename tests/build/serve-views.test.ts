// `mimeo serve` keeps an unchanged report, its view and its page's fingerprint from one save to
// the next, by identity (reportsRead in content/load.ts, reportView in site/audience.ts,
// itemHashes in build/fingerprint.ts). What it keeps must be what a load from nothing gives:
// after each edit, every page's fingerprint equals a fresh load's, for both audiences, and the
// unchanged reports really were kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { prepareForBuild } from "../../src/build/build.ts";
import { fingerprintPages } from "../../src/build/fingerprint.ts";
import type { ParsedFiles } from "../../src/content/load.ts";
import { allDocuments, type Audience } from "../../src/content/model.ts";
import type { PrepareMemo } from "../../src/prepare.ts";
import { siteFor, type Site } from "../../src/site/audience.ts";
import { plannedPages } from "../../src/site/plugin.ts";
import { editFile } from "../edit.ts";

const EXAMPLE = path.join(import.meta.dirname, "..", "..", "content");
const TODAY = "2026-11-21";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-serve-views-"));
  await cp(EXAMPLE, dir, { recursive: true });
  // A tactic named only as a report's care mirror, so deleting it changes no other file.
  const tactic = await readFile(path.join(dir, "tactics", "skill-circle.md"), "utf8");
  await writeFile(
    path.join(dir, "tactics", "tea-urn.md"),
    tactic.replace(/^title: .*$/m, "title: The tea urn"),
  );
  const report = await readFile(path.join(dir, "reports", "fund-rumour.md"), "utf8");
  await writeFile(
    path.join(dir, "reports", "urn-rota.md"),
    report
      .replace(/^title: .*$/m, "title: Keeping the urn on the rota")
      .replace(/^care-mirror: .*$/m, "care-mirror: tea-urn"),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Loaded {
  site: Site;
  fingerprints: Map<string, string>;
}

async function load(
  audience: Audience,
  options: { parsed?: ParsedFiles; memo?: PrepareMemo },
): Promise<Loaded> {
  const { prepared, problems } = await prepareForBuild(dir, { today: TODAY, ...options });
  expect(problems).toEqual([]);
  if (!prepared) throw new Error("the circle did not load");
  const site = siteFor(prepared, audience);
  const documents = allDocuments(prepared.circle).map((d) => d.file);
  const pages = fingerprintPages(site, plannedPages(site), documents);
  return { site, fingerprints: new Map(pages.map((p) => [p.output, p.fingerprint])) };
}

const edit = (file: string, from: string | RegExp, to: string): Promise<void> =>
  editFile(dir, file, from, to);

const reportIn = (site: Site, slug: string) => {
  const found = site.reports.find((r) => r.slug === slug);
  if (!found) throw new Error(`no report ${slug}`);
  return found;
};

describe.each(["circle", "public"] as const)("what serve keeps between saves (%s)", (audience) => {
  it("is what a load from nothing gives, edit after edit", async () => {
    const parsed: ParsedFiles = new Map();
    const memo: PrepareMemo = {};
    /** A load as serve makes it, checked against a fresh one. */
    const kept = async (): Promise<Loaded> => {
      const now = await load(audience, { parsed, memo });
      const fresh = await load(audience, {});
      expect(now.fingerprints).toEqual(fresh.fingerprints);
      return now;
    };
    const first = await kept();
    // fund-rumour is a circle report: the public site shows the public ones.
    const steady = audience === "circle" ? "fund-rumour" : "heat-stoppage";
    const edited = audience === "circle" ? "heat-stoppage" : "pallet-jack-stoppage";

    // A body edit: the other reports' views are the very same objects.
    await edit(`reports/${edited}.md`, /\n$/, "\nOne more line.\n");
    const second = await kept();
    expect(reportIn(second.site, steady)).toBe(reportIn(first.site, steady));
    expect(reportIn(second.site, edited)).not.toBe(reportIn(first.site, edited));

    // A tactic's new title reaches the views of the reports that use it, and only those.
    const tactic = reportIn(second.site, steady).tactic;
    await edit(`tactics/${tactic}.md`, /^title: .*$/m, "title: A new name for it");
    const third = await kept();
    expect(reportIn(third.site, steady).tacticTitle).toBe("A new name for it");
    const other = third.site.reports.find((r) => r.tactic !== tactic && r.slug !== edited);
    if (other) expect(other).toBe(second.site.reports.find((r) => r.slug === other.slug));

    if (audience === "circle") {
      // The tactic a care mirror names is deleted, the report itself untouched: its care mirror
      // is plain words again, and comes back as a link with the tactic.
      expect(reportIn(third.site, "urn-rota").careMirrorUrl).toBeDefined();
      const urn = await readFile(path.join(dir, "tactics", "tea-urn.md"), "utf8");
      await rm(path.join(dir, "tactics", "tea-urn.md"));
      const fourth = await kept();
      expect(reportIn(fourth.site, "urn-rota").careMirrorUrl).toBeUndefined();
      expect(reportIn(fourth.site, "urn-rota").careMirrorTitle).toBe("tea-urn");
      await writeFile(path.join(dir, "tactics", "tea-urn.md"), urn);
      const fifth = await kept();
      expect(reportIn(fifth.site, "urn-rota").careMirrorTitle).toBe("The tea urn");
      expect(reportIn(fifth.site, steady)).toBe(reportIn(third.site, steady));
    }
  });
});
