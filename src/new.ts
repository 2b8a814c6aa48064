// `mimeo new`: starts a report, tactic or ledger month from a template, dated today in the
// circle's zone. It refuses to overwrite: nothing a person wrote is ever replaced.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type NewKind = "report" | "tactic" | "ledger";

/** "Two-hour Safety Stoppage!" → "two-hour-safety-stoppage"; accents dropped (María → maria). */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

export interface NewFile {
  file: string;
  text: string;
}

const yamlString = (s: string): string => JSON.stringify(s);

export function newFile(
  kind: NewKind,
  title: string,
  today: string,
  context: { tactics: string[]; careTactics: string[] },
): NewFile {
  if (kind === "ledger") {
    const month = /^\d{4}-\d{2}$/.test(title) ? title : today.slice(0, 7);
    return {
      file: `ledger/${month}.md`,
      text: `---
month: ${month}
---
What the circle gave and the fund kept this month. One row per act of care or payment; end the
month with a balance assertion (\`= 0.00 EUR\`) counted at the assembly.

| date | who | what | amount | note |
|------|-----|------|--------|------|
`,
    };
  }
  const slug = slugify(title);
  if (slug === "")
    throw new Error("the title needs at least one letter or digit to name the file.");
  if (kind === "tactic") {
    return {
      file: `tactics/${slug}.md`,
      text: `---
title: ${yamlString(title)}
kind: disruption        # disruption | care | skill | defence
risk: low               # low | medium | high
people: 3               # smallest group that can run it
prep: one week
pairs-with: [${context.careTactics.slice(0, 1).join(", ")}]    # care tactics it pairs with
tags: []
audience: circle        # tactics are public by default: change this once the circle has reviewed it
---
How to run it, what to watch for, how it can go wrong.
`,
    };
  }
  return {
    file: `reports/${slug}.md`,
    text: `---
title: ${yamlString(title)}
date: ${today}
tactic: ${context.tactics[0] ?? "name-of-a-tactic"}    # the slug of a file in tactics/
care-mirror: ${context.careTactics[0] ?? "a few words on the act of care"}
outcome: ongoing        # won | partial | lost | ongoing
participants: 0         # a count, never names
audience: circle        # public only after the circle has read it for names, dates and places
tags: []
---
## What we did

## What happened

## What we learned

## Next time
`,
  };
}

/** Writes the new file; fails if it exists (flag `wx`), never replacing it. */
export async function writeNewFile(contentDir: string, created: NewFile): Promise<string> {
  const target = path.join(contentDir, created.file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, created.text, { flag: "wx" });
  return target;
}
