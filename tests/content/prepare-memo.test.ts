// `mimeo serve` keeps the ledger, the rotation plan and the calendar between loads: a part whose
// inputs did not change is the same object as last time, and a part whose inputs changed is
// what a load without the memo gives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { canonicalJson } from "../../src/canonical-json.ts";
import type { ParsedFiles } from "../../src/content/load.ts";
import { prepareCircle, type PrepareMemo, type PreparedCircle } from "../../src/prepare.ts";
import { ledgerView } from "../../src/site/ledger-view.ts";
import type { Audience } from "../../src/content/model.ts";
import { editFile } from "../edit.ts";

const EXAMPLE = path.join(import.meta.dirname, "..", "..", "content");
const TODAY = "2026-11-21";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-prepare-memo-"));
  await cp(EXAMPLE, dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function prepared(options: {
  parsed?: ParsedFiles;
  memo?: PrepareMemo;
  audiences?: readonly Audience[];
}): Promise<PreparedCircle> {
  const result = await prepareCircle(dir, { today: TODAY, ...options });
  expect(result.problems).toEqual([]);
  if (!result.prepared) throw new Error("the example circle did not load");
  return result.prepared;
}

/** What the parts of a load hold, as text (amounts are BigInts, which JSON does not take). */
const plain = (p: PreparedCircle): string =>
  canonicalJson({ ledger: p.ledger, rotation: p.rotation, calendar: p.calendar });

const edit = (file: string, from: string | RegExp, to: string): Promise<void> =>
  editFile(dir, file, from, to);

describe("the parts serve keeps between loads", () => {
  it("are the same objects while their files are unchanged, and worked out again on an edit", async () => {
    const parsed: ParsedFiles = new Map();
    const memo: PrepareMemo = {};
    const first = await prepared({ parsed, memo });

    // A report's edit reaches none of them.
    await edit("reports/heat-stoppage.md", /\n$/, "\nOne more line.\n");
    const second = await prepared({ parsed, memo });
    expect(second.ledger).toBe(first.ledger);
    expect(second.rotation).toBe(first.rotation);
    expect(second.calendar).toBe(first.calendar);

    // A row of care: the ledger is new, and as a load without the memo gives it.
    await edit("ledger/2026-11.md", "| childcare pod         | 2.5 hours ", "| childcare pod         | 3.5 hours ");
    const third = await prepared({ parsed, memo });
    expect(third.ledger).not.toBe(first.ledger);
    expect(third.rotation).toBe(first.rotation);
    expect(plain(third)).toBe(plain(await prepared({})));

    // Another seed for the lottery: a new rotation plan, and new handovers on the calendar.
    await edit("rotation.md", 'seed: "5207', 'seed: "5208');
    const fourth = await prepared({ parsed, memo });
    expect(fourth.ledger).toBe(third.ledger);
    expect(fourth.rotation).not.toBe(third.rotation);
    expect(fourth.calendar).not.toBe(third.calendar);
    expect(plain(fourth)).toBe(plain(await prepared({})));

    // Another assembly day: only the calendar changes.
    await edit("circle.yaml", "assembly: first saturday", "assembly: second saturday");
    const fifth = await prepared({ parsed, memo });
    expect(fifth.rotation).toBe(fourth.rotation);
    expect(fifth.calendar).not.toBe(fourth.calendar);
    expect(plain(fifth)).toBe(plain(await prepared({})));
  });

  it("keep the ledger page's views while the ledger and the language are the same", async () => {
    const memo: PrepareMemo = {};
    const both = ["public", "circle"] as const;
    const first = await prepared({ memo, audiences: both });
    const views = first.ledgerViews;
    // What siteFor would make itself, for each audience.
    const made = (p: PreparedCircle, audience: Audience): string =>
      canonicalJson(ledgerView(p.ledger, audience, p.circle.settings.language));
    for (const audience of ["public", "circle"] as const) {
      expect(canonicalJson(views?.[audience])).toBe(made(first, audience));
    }
    expect(views?.public?.months.every((m) => m.rows.length === 0)).toBe(true);

    // A report's edit: the same views, not made again.
    await edit("reports/heat-stoppage.md", /\n$/, "\nAnd again.\n");
    expect((await prepared({ memo, audiences: both })).ledgerViews).toBe(views);

    // A row of care: made again, as from the new ledger.
    await edit("ledger/2026-11.md", "| childcare pod         | 3.5 hours ", "| childcare pod         | 4.5 hours ");
    const edited = await prepared({ memo, audiences: both });
    expect(edited.ledgerViews).not.toBe(views);
    expect(canonicalJson(edited.ledgerViews?.circle)).toBe(made(edited, "circle"));
    expect(canonicalJson(edited.ledgerViews?.circle)).not.toBe(canonicalJson(views?.circle));

    // Another language: made again, in its words.
    await edit("circle.yaml", /^language: en/m, "language: fr");
    const french = await prepared({ memo, audiences: both });
    expect(french.ledgerViews).not.toBe(edited.ledgerViews);
    expect(canonicalJson(french.ledgerViews?.circle)).toBe(made(french, "circle"));
    await edit("circle.yaml", /^language: fr/m, "language: en");

    // Without a memo (mimeo check), none are made: siteFor makes the one it shows.
    expect((await prepared({})).ledgerViews).toBeUndefined();
    // A public build's memo keeps the public view only: the circle's is not made.
    const publicOnly = await prepared({ memo: {}, audiences: ["public"] });
    expect(Object.keys(publicOnly.ledgerViews ?? {})).toEqual(["public"]);
  });
});
