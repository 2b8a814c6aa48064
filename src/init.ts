// `mimeo init DIR`: starts a circle from nothing. It writes DIR/content/ with every kind of file
// (settings, charter, roster, one report, one tactic, one ledger month), each with comments in
// the circle's language on what to change, that passes `mimeo check` as written.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { IANAZone } from "luxon";
import { LANGUAGES, type Language } from "./content/model.ts";
import { currencyExponent } from "./ledger/currencies.ts";
import { ledgerMonthFile, reportFile, slugify, tacticFile, type NewFile } from "./new.ts";
import { starterWords } from "./starter-words.ts";

export interface InitSettings {
  name: string;
  language: Language;
  paper: "a4" | "letter";
  currency: string;
  timezone: string;
}

export type InitField = keyof InitSettings;

/** What is asked, in this order, and the check each answer must pass (an error, or undefined). */
export const initQuestions: { field: InitField; question: string }[] = [
  { field: "name", question: "The circle's name, printed on every sheet" },
  { field: "language", question: "Language (en, es, fr)" },
  { field: "paper", question: "Paper (a4, letter)" },
  { field: "currency", question: "The fund's currency (ISO 4217, like EUR, USD, MXN)" },
  { field: "timezone", question: "Time zone (IANA, like Europe/Madrid)" },
];

/** Why a value cannot be used for a setting, or undefined when it can. */
export function initValueError(field: InitField, value: string): string | undefined {
  switch (field) {
    case "name":
      return value.trim() === "" ? "the name must not be empty." : undefined;
    case "language":
      return (LANGUAGES as readonly string[]).includes(value)
        ? undefined
        : `--language must be en, es or fr (found "${value}").`;
    case "paper":
      return value === "a4" || value === "letter"
        ? undefined
        : `--paper must be a4 or letter (found "${value}").`;
    case "currency":
      return currencyExponent(value) === undefined
        ? `--currency must be an ISO 4217 code in capitals, like EUR or USD (found "${value}").`
        : undefined;
    case "timezone":
      return IANAZone.isValidZone(value)
        ? undefined
        : `--timezone must be an IANA time zone, like Europe/Madrid (found "${value}").`;
  }
}

/** The settings used where neither a flag nor an answer gives one. */
export function initDefaults(language: Language = "en"): InitSettings {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    name: starterWords(language).circleName,
    language,
    paper: "a4",
    currency: "EUR",
    timezone: zone && IANAZone.isValidZone(zone) ? zone : "UTC",
  };
}

/**
 * Asks for every setting not given, one line each, offering the default; an answer that cannot
 * be used is asked again. The name's default follows the language answered before it.
 */
export async function askSettings(
  given: Partial<InitSettings>,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<InitSettings> {
  // Lines are read through the iterator, which keeps those typed (or piped) ahead of a
  // question; at the end of input every remaining setting takes its default.
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const answers: Partial<InitSettings> = { ...given };
  try {
    // The language first, so that the name's default is in it.
    const order = ["language", "name", "paper", "currency", "timezone"] as const;
    for (const field of order) {
      if (answers[field] !== undefined) continue;
      const fallback = initDefaults(answers.language)[field];
      const { question } = initQuestions.find((q) => q.field === field)!;
      for (;;) {
        output.write(`${question} [${fallback}]: `);
        const next = await lines.next();
        if (next.done) output.write("\n");
        const answer = (next.done ? "" : String(next.value)).trim() || fallback;
        const error = initValueError(field, answer);
        if (error === undefined) {
          Object.assign(answers, { [field]: answer });
          break;
        }
        output.write(`${error}\n`);
      }
    }
  } finally {
    rl.close();
  }
  return { ...initDefaults(answers.language), ...answers };
}

const yaml = (s: string): string => JSON.stringify(s);

/** A value and its comment, the comments lined up. */
const line = (text: string, note: string, width = 28): string => `${text.padEnd(width)} # ${note}`;

/** The files of a new circle, dated `today` (YYYY-MM-DD in its zone). */
export function starterCircle(settings: InitSettings, today: string): NewFile[] {
  const w = starterWords(settings.language);
  const exponent = currencyExponent(settings.currency) ?? 2;
  const money = (units: number): string => `${units.toFixed(exponent)} ${settings.currency}`;
  const tactic = tacticFile(w.tacticTitle, settings.language, { pairsWith: [] });
  const [first, second] = w.members as [string, string, string];
  const circleYaml = [
    `# ${w.settingsIntro}`,
    line(`name: ${yaml(settings.name)}`, w.nameNote),
    line(`language: ${settings.language}`, w.languageNote),
    line(`paper: ${settings.paper}`, w.paperNote),
    line(`timezone: ${settings.timezone}`, w.timezoneNote),
    line(`currency: ${settings.currency}`, w.currencyNote),
    line(`care-units: [${w.careUnits.join(", ")}]`, w.careUnitsNote),
    "rhythm:",
    line("  pulse: moon", w.pulseNote),
    line(`  start: ${today}`, w.startNote),
    line("  decompress-days: 2", w.decompressNote),
    line("  assembly: first saturday", w.assemblyNote),
    "",
  ].join("\n");
  const charter = [
    "---",
    line(`title: ${yaml(w.charterTitle)}`, w.charterTitleNote),
    line(`adopted: ${today}`, w.adoptedNote),
    `# amendments:                 # ${w.amendmentsNote}`,
    `#   - date: ${today}`,
    "#     article: 1",
    `#     change: ${w.amendmentExample}`,
    "---",
    w.charterIntro,
    "",
    `## ${w.articleTitle}`,
    "",
    w.articleText,
    "",
  ].join("\n");
  const roster = [
    "---",
    line(`roles: [${w.roles.join(", ")}]`, w.rolesNote, 44),
    line("term: 14 days", w.termNote, 44),
    line(`start: ${today}`, w.termStartNote, 44),
    line("terms: 6", w.termsNote, 44),
    line("method: rotation", w.methodNote, 44),
    line("members:", w.membersNote, 44),
    ...w.members.map((name) => `  - name: ${yaml(name)}`),
    "---",
    w.rosterText,
    "",
  ].join("\n");
  const month = today.slice(0, 7);
  const ledger = ledgerMonthFile(month, settings.language, settings.currency, {
    opening: money(0),
    rows: [
      [today, first, w.dues, money(10), ""],
      [today, second, w.meal, `4 ${w.careUnits[1]}`, ""],
      [today, "fund", w.balance, `= ${money(10)}`, w.counted],
    ],
  });
  return [
    { file: "circle.yaml", text: circleYaml },
    { file: "charter.md", text: charter },
    { file: "rotation.md", text: roster },
    tactic,
    reportFile(w.reportTitle, today, settings.language, {
      tactic: slugify(w.tacticTitle),
      careMirror: w.careMirror,
    }),
    ledger,
  ];
}

/** Thrown when DIR holds anything: init never writes beside or over a person's files. */
export class InitFolderError extends Error {
  override name = "InitFolderError";
}

/** Writes the circle into DIR/content/; DIR must not exist or be empty. Returns the paths. */
export async function writeStarter(dir: string, files: readonly NewFile[]): Promise<string[]> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    if (error.code === "ENOTDIR") throw new InitFolderError(`${dir} is a file, not a folder.`);
    throw error;
  });
  if (entries.length > 0) {
    throw new InitFolderError(
      `${dir} is not empty; nothing was written. Choose a new folder name: mimeo init never writes beside existing files.`,
    );
  }
  const content = path.join(dir, "content");
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(content, file.file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text, { flag: "wx" });
    written.push(target);
  }
  return written;
}
