// The circle's rhythm for the twelve months from `rhythm.start`: pulse days, the rest after
// them, the monthly assembly, the monthly seal-and-wipe day and the role handovers, grouped
// month by month for the wall.
import { DateTime } from "luxon";
import { assemblyDate, parseAssemblyRule } from "./assembly.ts";
import { newMoonsBetween } from "./moon.ts";
import { WORDS } from "./words.ts";
import type { RhythmLanguage } from "./words.ts";

/** circle.yaml's `rhythm`, with `timezone` and `language` from the circle, already validated. */
export interface RhythmInput {
  pulse: { kind: "moon" } | { kind: "every"; days: number };
  start: string;
  decompressDays: number;
  assembly: string;
  /** The seal-and-wipe day's rule, in the assembly's form; the assembly day when absent. */
  seal?: string;
  timezone: string;
  language: RhythmLanguage;
}

export type RhythmEventKind = "pulse" | "decompress" | "assembly" | "seal" | "handover";

export interface RhythmEvent {
  kind: RhythmEventKind;
  /** Local calendar day, ISO. */
  date: string;
  /** What the wall and calendar apps show, in the circle's language. */
  name: string;
  /** For a new-moon pulse: the instant of the new moon, UTC. */
  moonAt?: string;
  /** For a handover: who takes which role that day. */
  seats?: { role: string; member: string }[];
}

export interface RhythmMonth {
  /** `YYYY-MM`. */
  month: string;
  /** "November 2026", "noviembre de 2026", "novembre 2026". */
  label: string;
  events: RhythmEvent[];
}

export interface RhythmCalendar {
  /** First day covered. */
  start: string;
  /** Last day covered (inclusive): the day before start + 12 months. */
  end: string;
  timezone: string;
  language: RhythmLanguage;
  /** Every event in date order; on one day: pulse, decompression, assembly, handover. */
  events: RhythmEvent[];
  /** The same events by month, every month of the span present even when empty. */
  months: RhythmMonth[];
}

const KIND_ORDER: Record<RhythmEventKind, number> = {
  pulse: 0,
  decompress: 1,
  assembly: 2,
  // After the assembly: the archive is sealed once the ledger has been read and checked.
  seal: 3,
  handover: 4,
};

/**
 * The twelve months from `input.start`. Throws a RangeError for an assembly rule or a time
 * zone that cannot be read (check them with `parseAssemblyRule` when loading circle.yaml).
 * Handovers outside the span are left out; handovers on one day become one event.
 */
export function rhythmCalendar(
  input: RhythmInput,
  handovers: readonly { date: string; role: string; member: string }[] = [],
): RhythmCalendar {
  const parsed = parseAssemblyRule(input.assembly);
  if ("error" in parsed) throw new RangeError(parsed.error);
  const sealRule = input.seal === undefined ? parsed : parseAssemblyRule(input.seal);
  if ("error" in sealRule) throw new RangeError(sealRule.error);
  const first = DateTime.fromISO(input.start, { zone: "utc" });
  if (!first.isValid)
    throw new RangeError(`rhythm start "${input.start}" is not a date written YYYY-MM-DD`);
  if (!DateTime.local().setZone(input.timezone).isValid) {
    throw new RangeError(`"${input.timezone}" is not an IANA time zone such as Europe/Madrid`);
  }
  const words = WORDS[input.language];
  const until = first.plus({ months: 12 });
  const start = input.start;
  const stop = until.toISODate() ?? start; // exclusive
  const inSpan = (d: string): boolean => d >= start && d < stop;
  const events: RhythmEvent[] = [];

  // Pulse days.
  const pulses: string[] = [];
  if (input.pulse.kind === "moon") {
    for (const moon of newMoonsBetween(start, stop, input.timezone)) {
      pulses.push(moon.date);
      events.push({ kind: "pulse", date: moon.date, name: words.newMoon, moonAt: moon.at });
    }
  } else {
    const step = input.pulse.days;
    if (!Number.isInteger(step) || step < 1)
      throw new RangeError(`"every ${step} days" needs a whole number of days, at least 1`);
    for (let d = first; (d.toISODate() ?? stop) < stop; d = d.plus({ days: step })) {
      const date = d.toISODate() ?? start;
      pulses.push(date);
      events.push({ kind: "pulse", date, name: words.pulse });
    }
  }

  // Decompression: the days after each pulse. A day that is itself a pulse stays a pulse,
  // and overlapping rests are one day of rest, not two.
  const pulseDays = new Set(pulses);
  const rest = new Set<string>();
  for (const p of pulses) {
    for (let i = 1; i <= input.decompressDays; i++) {
      const date = DateTime.fromISO(p, { zone: "utc" }).plus({ days: i }).toISODate() ?? p;
      if (inSpan(date) && !pulseDays.has(date)) rest.add(date);
    }
  }
  for (const date of rest) events.push({ kind: "decompress", date, name: words.decompress });

  // One assembly a month, in every month the span touches, when its day is in the span.
  const months: { key: string; year: number; month: number }[] = [];
  for (let m = first.startOf("month"); m < until; m = m.plus({ months: 1 })) {
    months.push({ key: m.toFormat("yyyy-MM"), year: m.year, month: m.month });
  }
  for (const { year, month } of months) {
    const date = assemblyDate(parsed.rule, year, month);
    if (inSpan(date)) events.push({ kind: "assembly", date, name: words.assembly });
    const sealDay = assemblyDate(sealRule.rule, year, month);
    if (inSpan(sealDay)) events.push({ kind: "seal", date: sealDay, name: words.seal });
  }

  // Handovers: every role that changes hands on a day, as one event.
  const byDay = new Map<string, { role: string; member: string }[]>();
  for (const h of handovers) {
    if (!inSpan(h.date)) continue;
    byDay.set(h.date, [...(byDay.get(h.date) ?? []), { role: h.role, member: h.member }]);
  }
  for (const [date, seats] of byDay)
    events.push({ kind: "handover", date, name: words.handover(seats), seats });

  events.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
  return {
    start,
    end: until.minus({ days: 1 }).toISODate() ?? start,
    timezone: input.timezone,
    language: input.language,
    events,
    months: months.map(({ key, year, month }) => ({
      month: key,
      label: DateTime.fromObject(
        { year, month, day: 1 },
        { zone: "utc", locale: input.language },
      ).toLocaleString({
        month: "long",
        year: "numeric",
      }),
      events: events.filter((e) => e.date.startsWith(`${key}-`)),
    })),
  };
}
