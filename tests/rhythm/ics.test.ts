import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { calendarIcs, escapeText, fold, rhythmCalendar } from "../../src/rhythm/index.ts";

const calendar = rhythmCalendar(
  {
    pulse: { kind: "moon" },
    start: "2026-11-01",
    decompressDays: 2,
    assembly: "first saturday",
    timezone: "Europe/Madrid",
    language: "fr",
  },
  [
    { date: "2026-11-02", role: "facilitator", member: "Heron" },
    { date: "2026-11-02", role: "treasurer; fund", member: "Wren, Jr" },
    { date: "2026-11-16", role: "facilitator", member: "Kestrel" },
  ],
);
const options = {
  circleName: "Loading Dock, Solidarity; Committee",
  stamp: "2026-10-01T08:30:00Z",
};
const ics = calendarIcs(calendar, options);

describe("calendarIcs", () => {
  it("is RFC 5545 text: CRLF, folded lines, version and product", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n"))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ics).toContain("X-WR-CALNAME:Loading Dock\\, Solidarity\\; Committee\r\n");
  });

  it("has all-day events with exclusive ends, a fixed stamp and stable UIDs", () => {
    expect(ics).toContain("UID:pulse-20261109@mimeo\r\n");
    expect(ics).toContain("DTSTART;VALUE=DATE:20261109\r\nDTEND;VALUE=DATE:20261110\r\n");
    expect(ics.match(/^DTSTAMP:20261001T083000Z$/gm)).toHaveLength(calendar.events.length);
    expect(calendarIcs(calendar, options)).toBe(ics);
    expect(ics).toContain("UID:seal-20261107@mimeo\r\n");
    expect(ics).toContain("SUMMARY:Sceller et effacer\r\nCATEGORIES:seal\r\n");
    expect(calendarIcs(calendar, { ...options, uidDomain: "circle.example" })).toContain(
      "UID:assembly-20261107@circle.example",
    );
    const uids = ics.match(/^UID:.*$/gm) ?? [];
    expect(new Set(uids).size).toBe(calendar.events.length);
  });

  it("parses with ical.js and gives back every summary, start and end", () => {
    const component = new ICAL.Component(ICAL.parse(ics));
    const events = component.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(calendar.events.length);
    events.forEach((event, i) => {
      const original = calendar.events[i];
      if (original === undefined) throw new Error("missing event");
      expect(event.summary).toBe(original.name);
      expect(event.startDate.isDate).toBe(true);
      expect(event.startDate.toString()).toBe(original.date);
      const next = new Date(Date.parse(`${original.date}T00:00:00Z`) + 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(event.endDate.toString()).toBe(next);
    });
    expect(events.find((e) => e.uid === "handover-20261102@mimeo")?.summary).toBe(
      "Passation\u00a0: facilitator Heron, treasurer; fund Wren, Jr",
    );
  });

  it("refuses a stamp that is not a timestamp", () => {
    expect(() => calendarIcs(calendar, { ...options, stamp: "now" })).toThrow(/DTSTAMP/);
  });
});

describe("iCalendar text helpers", () => {
  it("escape backslash, semicolon, comma and newlines", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("fold at 75 octets without splitting a UTF-8 character", () => {
    const line = `SUMMARY:${"é".repeat(60)}`;
    const folded = fold(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(fold("SHORT:line")).toBe("SHORT:line");
  });
});
