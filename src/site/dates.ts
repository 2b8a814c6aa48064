// Dates as a circle reads them: in its language and time zone, through luxon.
import { DateTime } from "luxon";
import type { Audience, Language } from "../content/model.ts";

const day = (iso: string, zone: string, language: Language): DateTime =>
  DateTime.fromISO(iso, { zone }).setLocale(language);

/**
 * The same label is asked for once per page that shows a date, and luxon works out the zone's
 * offset afresh each time; labels are remembered (a circle has at most a few thousand days).
 */
const labels = new Map<string, string>();
function remembered(key: string, make: () => string): string {
  let label = labels.get(key);
  if (label === undefined) {
    label = make();
    labels.set(key, label);
  }
  return label;
}

/**
 * The ordinal ending a language writes after a day of the month, by Intl's ordinal plural
 * category: French writes the first of the month "1er" ("1er décembre"), every other day plain.
 * Intl and luxon know the category but not the ending, so the ending is named here.
 */
const dayEndings: Partial<Record<Language, Partial<Record<Intl.LDMLPluralRule, string>>>> = {
  fr: { one: "er" },
};

/** "14 October 2026" / "14 de octubre de 2026" / "14 octobre 2026", "1er décembre 2026". */
export function formatDay(iso: string, language: Language, zone: string): string {
  return remembered(`d ${iso} ${language} ${zone}`, () => {
    const date = day(iso, zone, language);
    const endings = dayEndings[language];
    if (!endings) return date.toLocaleString(DateTime.DATE_FULL);
    const ending = endings[new Intl.PluralRules(language, { type: "ordinal" }).select(date.day)];
    return date
      .toLocaleParts(DateTime.DATE_FULL)
      .map((part) => (part.type === "day" && ending ? `${part.value}${ending}` : part.value))
      .join("");
  });
}

/** "October 2026": what public outputs show instead of an exact day. */
export function formatMonth(iso: string, language: Language, zone: string): string {
  return remembered(`m ${iso} ${language} ${zone}`, () =>
    day(iso.length === 7 ? `${iso}-01` : iso, zone, language).toFormat("LLLL yyyy"),
  );
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
