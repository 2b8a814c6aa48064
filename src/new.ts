// `mimeo new`: starts a report, tactic or ledger month from a template, dated today in the
// circle's zone. It refuses to overwrite: nothing a person wrote is ever replaced.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Language } from "./content/model.ts";
import { currencyExponent } from "./ledger/currencies.ts";
import { starterWords } from "./starter-words.ts";

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

/** A front-matter line with its comment, the comments lined up. */
const noted = (text: string, note: string): string => `${text.padEnd(24)} # ${note}`;

/** What a new file needs to know of the circle it joins. */
export interface NewContext {
  language: Language;
  currency: string;
  /** Slugs of the circle's tactics that are not care, and of its care tactics. */
  tactics: string[];
  careTactics: string[];
}

/** A ledger month: the prose, the table's header and any rows given. */
export function ledgerMonthFile(
  month: string,
  language: Language,
  currency: string,
  start: { opening?: string; rows?: string[][] } = {},
): NewFile {
  const w = starterWords(language);
  const zero = `${(0).toFixed(currencyExponent(currency) ?? 2)} ${currency}`;
  const rows = (start.rows ?? []).map((cells) => `| ${cells.join(" | ")} |`.replace(/ +\|$/, " |"));
  return {
    file: `ledger/${month}.md`,
    text: [
      "---",
      `month: ${month}`,
      ...(start.opening ? [noted(`opening: ${start.opening}`, w.openingNote)] : []),
      "---",
      w.ledgerIntro(zero),
      "",
      "| date | who | what | amount | note |",
      "|------|-----|------|--------|------|",
      ...rows,
      "",
    ].join("\n"),
  };
}

export function tacticFile(
  title: string,
  language: Language,
  context: { pairsWith: string[] },
): NewFile {
  const w = starterWords(language);
  return {
    file: `tactics/${slugOrThrow(title)}.md`,
    text: [
      "---",
      `title: ${yamlString(title)}`,
      noted("kind: disruption", w.kindNote),
      noted("risk: low", w.riskNote),
      noted("people: 3", w.peopleNote),
      noted(`prep: ${yamlString(w.tacticPrep)}`, w.prepNote),
      noted(`pairs-with: [${context.pairsWith.join(", ")}]`, w.pairsWithNote),
      "tags: []",
      noted("audience: circle", w.tacticAudienceNote),
      "---",
      w.tacticText,
      "",
    ].join("\n"),
  };
}

export function reportFile(
  title: string,
  today: string,
  language: Language,
  context: { tactic: string; careMirror: string },
): NewFile {
  const w = starterWords(language);
  const mirror = /^[a-z0-9-]+$/.test(context.careMirror)
    ? context.careMirror
    : yamlString(context.careMirror);
  return {
    file: `reports/${slugOrThrow(title)}.md`,
    text: [
      "---",
      `title: ${yamlString(title)}`,
      noted(`date: ${today}`, w.reportDateNote),
      noted(`tactic: ${context.tactic}`, w.tacticNote),
      noted(`care-mirror: ${mirror}`, w.careMirrorNote),
      noted("outcome: ongoing", w.outcomeNote),
      noted("participants: 0", w.participantsNote),
      noted("audience: circle", w.reportAudienceNote),
      "tags: []",
      "---",
      ...w.headings.flatMap((heading) => [`## ${heading}`, ""]),
    ].join("\n"),
  };
}

function slugOrThrow(title: string): string {
  const slug = slugify(title);
  if (slug === "")
    throw new NewFileError("the title needs at least one letter or digit to name the file.");
  return slug;
}

/** A new file cannot be started as asked; the message says what to do instead. */
export class NewFileError extends Error {
  override name = "NewFileError";
}

export function newFile(kind: NewKind, title: string, today: string, context: NewContext): NewFile {
  const w = starterWords(context.language);
  if (kind === "ledger") {
    const month = /^\d{4}-\d{2}$/.test(title) ? title : today.slice(0, 7);
    return ledgerMonthFile(month, context.language, context.currency);
  }
  if (kind === "tactic") {
    return tacticFile(title, context.language, { pairsWith: context.careTactics.slice(0, 1) });
  }
  // A report must name a tactic that exists, or the circle stops passing `check`.
  const tactic = context.tactics[0] ?? context.careTactics[0];
  if (tactic === undefined) {
    throw new NewFileError(
      'a report names the tactic it used, and this circle has none yet. Start one first: mimeo new tactic "Title".',
    );
  }
  return reportFile(title, today, context.language, {
    tactic,
    careMirror: context.careTactics[0] ?? w.careMirror,
  });
}

/** Writes the new file; fails if it exists (flag `wx`), never replacing it. */
export async function writeNewFile(contentDir: string, created: NewFile): Promise<string> {
  const target = path.join(contentDir, created.file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, created.text, { flag: "wx" });
  return target;
}
