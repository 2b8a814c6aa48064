import { describe, expect, it } from "vitest";
import { rhythmCalendar } from "../../src/rhythm/index.ts";
import type { RhythmInput } from "../../src/rhythm/index.ts";

const input: RhythmInput = {
  pulse: { kind: "moon" },
  start: "2026-11-01",
  decompressDays: 2,
  assembly: "first saturday",
  timezone: "Europe/Madrid",
  language: "en",
};

describe("rhythmCalendar", () => {
  it("covers twelve months from the start, month by month", () => {
    const cal = rhythmCalendar(input);
    expect(cal.start).toBe("2026-11-01");
    expect(cal.end).toBe("2027-10-31");
    expect(cal.months.map((m) => m.month)).toEqual([
      "2026-11",
      "2026-12",
      "2027-01",
      "2027-02",
      "2027-03",
      "2027-04",
      "2027-05",
      "2027-06",
      "2027-07",
      "2027-08",
      "2027-09",
      "2027-10",
    ]);
    expect(cal.months[0]?.label).toBe("November 2026");
    expect(cal.months.flatMap((m) => m.events)).toEqual(cal.events);
  });

  it("puts a pulse on each new moon's local day and rest days after it", () => {
    const cal = rhythmCalendar(input);
    const pulses = cal.events.filter((e) => e.kind === "pulse").map((e) => e.date);
    expect(pulses).toHaveLength(13); // two in August 2027 (the 2nd and the 31st)
    expect(pulses.slice(0, 3)).toEqual(["2026-11-09", "2026-12-09", "2027-01-07"]);
    expect(pulses).toContain("2027-04-07"); // 23:51 UTC on the 6th is the 7th in Madrid
    const rest = cal.events.filter((e) => e.kind === "decompress").map((e) => e.date);
    expect(rest.slice(0, 4)).toEqual(["2026-11-10", "2026-11-11", "2026-12-10", "2026-12-11"]);
    expect(cal.events[0]).toMatchObject({ kind: "assembly", date: "2026-11-07", name: "Assembly" });
    expect(cal.events.find((e) => e.kind === "pulse")).toMatchObject({
      name: "New moon: pulse",
      moonAt: "2026-11-09T07:02:42Z",
    });
  });

  it("marks a seal-and-wipe day each month, on the assembly day unless told otherwise", () => {
    const cal = rhythmCalendar(input);
    const assemblies = cal.events.filter((e) => e.kind === "assembly").map((e) => e.date);
    const seals = cal.events.filter((e) => e.kind === "seal");
    expect(seals.map((e) => e.date)).toEqual(assemblies);
    expect(seals[0]).toEqual({ kind: "seal", date: "2026-11-07", name: "Seal and wipe" });
    // On the same day, the seal comes after the assembly has read the ledger.
    const day = cal.events.filter((e) => e.date === "2026-11-07").map((e) => e.kind);
    expect(day.indexOf("seal")).toBe(day.indexOf("assembly") + 1);

    const own = rhythmCalendar({ ...input, seal: "last sunday", language: "es" });
    const sealDays = own.events.filter((e) => e.kind === "seal").map((e) => e.date);
    expect(sealDays).toHaveLength(12);
    expect(sealDays[0]).toBe("2026-11-29");
    expect(own.events.find((e) => e.kind === "seal")?.name).toBe("Sellar y borrar");
    expect(() => rhythmCalendar({ ...input, seal: "every payday" })).toThrow(
      /not an assembly rule/,
    );
  });

  it("holds one assembly a month", () => {
    const cal = rhythmCalendar({ ...input, assembly: "last friday" });
    const assemblies = cal.events.filter((e) => e.kind === "assembly").map((e) => e.date);
    expect(assemblies).toHaveLength(12);
    expect(assemblies[0]).toBe("2026-11-27");
    expect(assemblies[11]).toBe("2027-10-29");
  });

  it("counts 'every N days' from the start, and never rests on a pulse day", () => {
    const cal = rhythmCalendar({ ...input, pulse: { kind: "every", days: 3 }, decompressDays: 2 });
    const days = cal.events.filter((e) => e.date < "2026-11-08").map((e) => `${e.date} ${e.kind}`);
    expect(days).toEqual([
      "2026-11-01 pulse",
      "2026-11-02 decompress",
      "2026-11-03 decompress",
      "2026-11-04 pulse",
      "2026-11-05 decompress",
      "2026-11-06 decompress",
      "2026-11-07 pulse",
      "2026-11-07 assembly",
      "2026-11-07 seal",
    ]);
    const tight = rhythmCalendar({
      ...input,
      pulse: { kind: "every", days: 2 },
      decompressDays: 3,
    });
    const pulseDays = new Set(tight.events.filter((e) => e.kind === "pulse").map((e) => e.date));
    expect(tight.events.filter((e) => e.kind === "decompress" && pulseDays.has(e.date))).toEqual(
      [],
    );
  });

  it("marks handovers inside the span, one event per day, in the circle's language", () => {
    const cal = rhythmCalendar({ ...input, language: "es" }, [
      { date: "2026-11-02", role: "facilitación", member: "Heron" },
      { date: "2026-11-02", role: "tesorería", member: "Wren" },
      { date: "2027-12-01", role: "facilitación", member: "Kestrel" },
    ]);
    const handovers = cal.events.filter((e) => e.kind === "handover");
    expect(handovers).toEqual([
      {
        kind: "handover",
        date: "2026-11-02",
        name: "Relevo: facilitación Heron, tesorería Wren",
        seats: [
          { role: "facilitación", member: "Heron" },
          { role: "tesorería", member: "Wren" },
        ],
      },
    ]);
    expect(cal.months[0]?.label).toBe("noviembre de 2026");
    expect(cal.events.find((e) => e.kind === "assembly")?.name).toBe("Asamblea");
  });

  it("names events in French", () => {
    const cal = rhythmCalendar({ ...input, language: "fr" });
    expect(cal.months[1]?.label).toBe("décembre 2026");
    expect(new Set(cal.events.map((e) => e.name))).toEqual(
      new Set([
        "Nouvelle lune\u00a0: pulsation",
        "Décompression",
        "Assemblée",
        "Sceller et effacer",
      ]),
    );
  });

  it("refuses an assembly rule or a time zone it cannot read", () => {
    expect(() => rhythmCalendar({ ...input, assembly: "fifth monday" })).toThrow(
      /not an assembly rule/,
    );
    expect(() => rhythmCalendar({ ...input, timezone: "Mars/Olympus" })).toThrow(/IANA time zone/);
  });
});
