// circle.yaml's optional `rhythm.seal`: read with its line, checked like the assembly rule, and
// carried into the calendar; without it the seal-and-wipe day is the assembly day.
import { afterEach, describe, expect, it } from "vitest";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { prepareCircle } from "../../src/prepare.ts";

const minimal = path.join(import.meta.dirname, "..", "fixtures", "minimal");
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function circleWith(rhythm: string): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-seal-day-"));
  await cp(minimal, dir, { recursive: true });
  await writeFile(
    path.join(dir, "circle.yaml"),
    `name: Night Shift Care Circle\nlanguage: es\ntimezone: America/Mexico_City\nrhythm:\n${rhythm}`,
  );
  return dir;
}

const sealDays = (events: { kind: string; date: string }[]): string[] =>
  events.filter((e) => e.kind === "seal").map((e) => e.date);

describe("rhythm.seal in circle.yaml", () => {
  it("defaults to the assembly day", async () => {
    const { prepared } = await prepareCircle(await circleWith("  assembly: day 15\n"), {
      today: "2026-11-21",
    });
    expect(sealDays(prepared?.calendar.events ?? []).slice(0, 2)).toEqual([
      "2026-11-15",
      "2026-12-15",
    ]);
  });

  it("takes its own day rule", async () => {
    const { prepared } = await prepareCircle(
      await circleWith("  assembly: day 15\n  seal: last friday\n"),
      { today: "2026-11-21" },
    );
    expect(sealDays(prepared?.calendar.events ?? []).slice(0, 2)).toEqual([
      "2026-11-27",
      "2026-12-25",
    ]);
  });

  it("refuses a rule it cannot read, naming the file, line and field", async () => {
    const { prepared, problems } = await prepareCircle(
      await circleWith("  assembly: day 15\n  seal: after payday\n"),
      { today: "2026-11-21" },
    );
    expect(prepared).toBeUndefined();
    expect(problems).toMatchObject([
      { file: "circle.yaml", line: 6, field: "rhythm.seal", found: "after payday" },
    ]);
  });
});
