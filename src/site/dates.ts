// Dates as a circle reads them: in its language and time zone, through luxon.
import { DateTime } from "luxon";
import type { Audience, Language } from "../content/model.ts";

const day = (iso: string, zone: string, language: Language): DateTime =>
  DateTime.fromISO(iso, { zone }).setLocale(language);

/**
 * The same label is asked for once per page that shows a date, and a circle has at most a few
 * thousand days: labels are remembered, by language, zone and date.
 */
const labels = new Map<string, Map<string, string>>();
/** The label of `iso` of one kind, language and zone, made once. */
function remembered(
  kind: string,
  iso: string,
  language: Language,
  zone: string,
  make: (iso: string, language: Language, zone: string) => string,
): string {
  const key = `${kind} ${language} ${zone}`;
  let known = labels.get(key);
  if (known === undefined) labels.set(key, (known = new Map()));
  let label = known.get(iso);
  if (label === undefined) {
    label = make(iso, language, zone);
    known.set(iso, label);
  }
  return label;
}

/**
 * A plain calendar day (or month) as a moment Intl can format: noon UTC of that day. Its label
 * holds no time of day, so it reads the same as the day's midnight in the circle's zone (what
 * luxon formats), without working out the zone's offset, which is most of luxon's time.
 * Anything else (a time, an invalid date, a zone luxon does not know) is left to luxon.
 */
const PLAIN_DAY = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;
const zonesKnown = new Map<string, boolean>();
function plainDay(iso: string, zone: string): Date | undefined {
  const m = PLAIN_DAY.exec(iso);
  if (!m) return undefined;
  let valid = zonesKnown.get(zone);
  if (valid === undefined) zonesKnown.set(zone, (valid = DateTime.now().setZone(zone).isValid));
  if (!valid) return undefined;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 1)];
  const moment = new Date(Date.UTC(year, month - 1, date, 12));
  return year >= 1000 && moment.getUTCMonth() === month - 1 && moment.getUTCDate() === date
    ? moment
    : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (made === undefined) {
    made = new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" });
    formatters.set(key, made);
  }
  return made;
}

const ordinals = new Map<Language, Intl.PluralRules>();
function ordinalOf(language: Language, n: number): Intl.LDMLPluralRule {
  let rules = ordinals.get(language);
  if (rules === undefined) {
    rules = new Intl.PluralRules(language, { type: "ordinal" });
    ordinals.set(language, rules);
  }
  return rules.select(n);
}

/**
 * The ordinal ending a language writes after a day of the month, by Intl's ordinal plural
 * category: French writes the first of the month "1er" ("1er décembre"), every other day plain.
 * Intl and luxon know the category but not the ending, so the ending is named here.
 */
const dayEndings: Partial<Record<Language, Partial<Record<Intl.LDMLPluralRule, string>>>> = {
  fr: { one: "er" },
};

/** luxon's DATE_FULL: the options both ways of formatting a day use. */
const DATE_FULL = { year: "numeric", month: "long", day: "numeric" } as const;

/** "14 October 2026" / "14 de octubre de 2026" / "14 octobre 2026", "1er décembre 2026". */
export function formatDay(iso: string, language: Language, zone: string): string {
  return remembered("d", iso, language, zone, makeDay);
}

function makeDay(iso: string, language: Language, zone: string): string {
  const endings = dayEndings[language];
  const moment = plainDay(iso, zone);
  if (moment) {
    const format = formatter(language, DATE_FULL);
    if (!endings) return format.format(moment);
    const ending = endings[ordinalOf(language, moment.getUTCDate())];
    return format
      .formatToParts(moment)
      .map((part) => (part.type === "day" && ending ? `${part.value}${ending}` : part.value))
      .join("");
  }
  const date = day(iso, zone, language);
  if (!endings) return date.toLocaleString(DateTime.DATE_FULL);
  const ending = endings[ordinalOf(language, date.day)];
  return date
    .toLocaleParts(DateTime.DATE_FULL)
    .map((part) => (part.type === "day" && ending ? `${part.value}${ending}` : part.value))
    .join("");
}

/** "October 2026": what public outputs show instead of an exact day. */
export function formatMonth(iso: string, language: Language, zone: string): string {
  return remembered("m", iso, language, zone, makeMonth);
}

function makeMonth(iso: string, language: Language, zone: string): string {
  const moment = plainDay(iso, zone);
  if (moment) {
    // The language's own month and year: "October 2026", "octobre 2026", "octubre de 2026".
    return formatter(language, { month: "long", year: "numeric" }).format(moment);
  }
  return day(iso.length === 7 ? `${iso}-01` : iso, zone, language).toLocaleString({
    month: "long",
    year: "numeric",
  });
}

/** A date mimeo writes into an output (a PDF's Info), and how much of it to tell. */
export interface OutputDate {
  date: Date;
  precision: "second" | "month";
}

/**
 * SOURCE_DATE_EPOCH when set (the reproducible-builds convention); otherwise `day`, from the
 * content: whole for the circle, and for the public its month only (the first, 00:00 UTC),
 * since a public page shows no finer date than the month.
 */
export function outputDate(
  day: string,
  audience: Audience,
  env: NodeJS.ProcessEnv = process.env,
): OutputDate {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch))
    return { date: new Date(Number(epoch) * 1000), precision: "second" };
  return audience === "public"
    ? { date: new Date(`${day.slice(0, 7)}-01T00:00:00Z`), precision: "month" }
    : { date: new Date(`${day}T00:00:00Z`), precision: "second" };
}
