// Dates as a circle reads them: in its language and time zone, through luxon.
import { DateTime } from "luxon";
import type { Language } from "../content/model.ts";

const day = (iso: string, zone: string, language: Language): DateTime =>
  DateTime.fromISO(iso, { zone }).setLocale(language);

/** "14 October 2026" / "14 de octubre de 2026" / "14 octobre 2026". */
export function formatDay(iso: string, language: Language, zone: string): string {
  return day(iso, zone, language).toLocaleString(DateTime.DATE_FULL);
}

/** "October 2026": what public outputs show instead of an exact day. */
export function formatMonth(iso: string, language: Language, zone: string): string {
  return day(iso.length === 7 ? `${iso}-01` : iso, zone, language).toFormat("LLLL yyyy");
}
