// The rhythm room: the circle's calendar of pulses, rest, assemblies and handovers.
export { rhythmCalendar } from "./calendar.ts";
export type {
  RhythmInput,
  RhythmCalendar,
  RhythmEvent,
  RhythmEventKind,
  RhythmMonth,
} from "./calendar.ts";
export { calendarIcs, escapeText, fold } from "./ics.ts";
export type { IcsOptions } from "./ics.ts";
export { parseAssemblyRule, assemblyDate } from "./assembly.ts";
export type { AssemblyRule } from "./assembly.ts";
export { newMoonsBetween } from "./moon.ts";
export type { NewMoon } from "./moon.ts";
export { WORDS } from "./words.ts";
export type { RhythmLanguage, RhythmWords } from "./words.ts";
