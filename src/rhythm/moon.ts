// New moons as days on the circle's wall calendar: the instant of each new moon, from
// astronomy-engine, placed on the local calendar day in the circle's time zone.
import { MakeTime, SearchMoonPhase } from "astronomy-engine";
import { DateTime } from "luxon";

export interface NewMoon {
  /** The local calendar day of the new moon in the circle's zone. */
  date: string;
  /** The instant of the new moon, UTC, to the second. */
  at: string;
}

/** Every new moon whose local day falls in [from, until) (ISO dates) in `zone` (IANA). */
export function newMoonsBetween(from: string, until: string, zone: string): NewMoon[] {
  const begin = DateTime.fromISO(from, { zone }).startOf("day");
  if (!begin.isValid) throw new RangeError(`cannot place ${from} in the time zone "${zone}"`);
  const moons: NewMoon[] = [];
  // A lunation is about 29.5 days, so a 40-day window always holds the next new moon.
  let search = MakeTime(begin.toJSDate());
  for (;;) {
    const found = SearchMoonPhase(0, search, 40);
    if (found === null)
      throw new Error(`no new moon found within 40 days of ${search.date.toISOString()}`);
    const local = DateTime.fromJSDate(found.date, { zone }).toISODate();
    if (local === null || local >= until) break;
    if (local >= from) {
      moons.push({ date: local, at: found.date.toISOString().replace(/\.\d{3}Z$/, "Z") });
    }
    search = found.AddDays(1);
  }
  return moons;
}
