// One half of the canary in the test suite: 100 circles (MIMEO_CANARY_CASES to change), one in
// fifty with its PDFs. Together the two halves build 200.
import { expect, it } from "vitest";
import { runCanaries } from "./cases.ts";

const CASES = Number(process.env.MIMEO_CANARY_CASES ?? 100);

export function canaryCases(from: number): void {
  it(`${CASES} generated circles leak nothing in silence`, async () => {
    const run = await runCanaries(from, CASES, 50);
    expect(run.problems).toEqual([]);
    // About a quarter of the circles plant a leak in public matter: the guard was exercised.
    expect(run.planted).toBeGreaterThan(CASES / 10);
    expect(run.failedBuilds).toBeGreaterThanOrEqual(run.planted);
  }, 900_000);
}
