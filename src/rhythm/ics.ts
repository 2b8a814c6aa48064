// The rhythm calendar as an iCalendar file (RFC 5545) for calendar apps. Circle-only: it
// names members only where a handover says who takes a role.
import type { RhythmCalendar, RhythmEvent } from "./calendar.ts";

export interface IcsOptions {
  /** Shown as the calendar's name. */
  circleName: string;
  /** Right-hand side of every UID; default `mimeo`. */
  uidDomain?: string;
  /** The DTSTAMP of every event, an ISO instant: fixed by the caller so builds are reproducible. */
  stamp: string;
}

/** The calendar as .ics text: CRLF line ends, lines folded at 75 octets, all-day events. */
export function calendarIcs(calendar: RhythmCalendar, options: IcsOptions): string {
  const stampMs = Date.parse(options.stamp);
  if (Number.isNaN(stampMs))
    throw new RangeError(`"${options.stamp}" is not an ISO timestamp for DTSTAMP`);
  const stamp = new Date(stampMs)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  const domain = options.uidDomain ?? "mimeo";
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//mimeo//rhythm calendar//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(options.circleName)}`,
    `X-WR-TIMEZONE:${calendar.timezone}`,
  ];
  for (const event of calendar.events) lines.push(...vevent(event, stamp, domain));
  lines.push("END:VCALENDAR");
  return lines.map(fold).join("\r\n") + "\r\n";
}

function vevent(event: RhythmEvent, stamp: string, domain: string): string[] {
  const day = compact(event.date);
  // DTEND of an all-day event is exclusive: the next day.
  const next = compact(
    new Date(Date.parse(`${event.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
  );
  return [
    "BEGIN:VEVENT",
    // One event per kind and day (handovers of one day are already merged), so kind and day
    // make a UID that stays the same from build to build.
    `UID:${event.kind}-${day}@${domain}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${day}`,
    `DTEND;VALUE=DATE:${next}`,
    `SUMMARY:${escapeText(event.name)}`,
    `CATEGORIES:${event.kind}`,
    // Rest days and pulses should not block a member's other calendars.
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
  ];
}

function compact(iso: string): string {
  return iso.replace(/-/g, "");
}

/** RFC 5545 TEXT: backslash, semicolon and comma escaped, newlines as \n. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line at 75 octets (continuations start with one space), never inside a UTF-8 character. */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
      limit = 74; // the leading space of a continuation counts
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}
