// Circle-only and expired matter planted in a copy of the example circle, and the example's own
// taken out: tests build the public audience with and without it and expect the same bytes.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const EXAMPLE = path.join(import.meta.dirname, "..", "..", "content");

/**
 * Uses public tactics as tactic and care mirror, with outcomes, tags and dates newer than any
 * public report: every count, tag list and "newest" day of the public site would show it.
 */
const PLANTED: Record<string, string> = {
  "reports/zz-canteen-walkout.md": `---
title: Canteen walkout after the night shift
date: 2026-11-28
tactic: safety-stoppage
care-mirror: solidarity-pantry
outcome: lost
participants: 11
audience: circle
tags: [canteen, night-shift, safety]
---
Eleven of us left the canteen together. Read the [safety stoppage](../tactics/safety-stoppage.md)
sheet before trying it.
`,
  "reports/zz-quiet-drill.md": `---
title: The quiet drill in the cold store
date: 2026-06-01
tactic: zz-cold-store-drill
care-mirror: ride-share-ring
outcome: won
participants: 4
audience: circle
tags: [cold-store, drill]
---
We ran the [cold store drill](../tactics/zz-cold-store-drill.md) twice.
`,
  "reports/zz-expired-log-off.md": `---
title: An old log-off that has expired
date: 2026-11-20
expires: 2026-11-25
tactic: five-minute-log-off
care-mirror: childcare-pod
outcome: won
participants: 7
audience: public
tags: [expired-tag, log-off]
---
This report was public until it expired.
`,
  "tactics/zz-cold-store-drill.md": `---
title: Cold store drill
kind: disruption
risk: low
people: 4
prep: one day
pairs-with: [solidarity-pantry, ride-share-ring]
audience: circle
tags: [safety, cold-store, secret-tag]
adapted-from: {circle: a dock circle, tactic: go-slow}
---
A drill the circle keeps to itself. It pairs with the [pantry](solidarity-pantry.md).
`,
  // Imported from another circle and not marked public; go-slow does not even say circle.
  "from/a-dock-circle/tactics/go-slow.md": `---
title: Go slow at the gate
kind: disruption
risk: low
pairs-with: [tea-urn]
tags: [safety, imported-tag]
from:
  circle: a dock circle
  received: 2026-11
---
Everyone works to rule at the gate. Tea from the [urn](tea-urn.md).
`,
  "from/a-dock-circle/tactics/tea-urn.md": `---
title: Tea urn
kind: care
risk: low
audience: circle
from:
  circle: a dock circle
  received: 2026-11
---
Hot tea for whoever slows down.
`,
  "from/a-dock-circle/reports/first-go-slow.md": `---
title: The first go-slow at the dock
date: 2026-11
tactic: go-slow
care-mirror: tea-urn
outcome: won
participants: 30
audience: circle
tags: [dock]
from:
  circle: a dock circle
  received: 2026-11
---
The gate ran at half speed for a day.
`,
  "ledger/2026-08.md": `---
month: 2026-08
---
The month before the written ledger, kept inside the circle.

| date       | who    | what           | amount    | note |
|------------|--------|----------------|-----------|------|
| 2026-08-14 | Heron  | pantry cooking | 5 meals   |      |
| 2026-08-20 | Plover | rides          | 3 rides   |      |
`,
};

/** A copy of the example circle in a new temporary folder; returns its content folder. */
export async function copyExample(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-views-"));
  const content = path.join(dir, "content");
  await cp(EXAMPLE, content, { recursive: true });
  return content;
}

/**
 * Adds circle-only reports, an expired public report, a circle-only tactic and ledger month,
 * and tactics and a report imported from another circle that no one marked public.
 */
export async function plantCircleOnlyMatter(content: string): Promise<void> {
  for (const [file, text] of Object.entries(PLANTED)) {
    await mkdir(path.dirname(path.join(content, file)), { recursive: true });
    await writeFile(path.join(content, file), text);
  }
}

/**
 * Takes out the example's circle-only and expired reports and its circle-only tactics. Returns
 * the files removed, so a test can say it removed something.
 */
export async function removeCircleOnlyMatter(content: string, today: string): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of ["reports", "tactics"]) {
    for (const name of await readdir(path.join(content, folder))) {
      const file = path.join(content, folder, name);
      const head = (await readFile(file, "utf8")).split(/^---$/m)[1] ?? "";
      const audience =
        /^audience:\s*(\w+)/m.exec(head)?.[1] ?? (folder === "tactics" ? "public" : "circle");
      const expires = /^expires:\s*(\S+)/m.exec(head)?.[1];
      if (audience === "circle" || (expires !== undefined && expires <= today)) {
        await rm(file);
        removed.push(`${folder}/${name}`);
      }
    }
  }
  return removed.sort();
}
