// The warning a plain circle bundle prints: it counts what a finder of the stick could read.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { prepareCircle } from "../../src/prepare.ts";
import { plainCircleWarning } from "../../src/seal/plain.ts";

describe("plainCircleWarning", () => {
  it("names the members, the ledger and the circle-only reports of the example circle", async () => {
    const { prepared } = await prepareCircle(
      path.join(import.meta.dirname, "..", "..", "content"),
      {
        today: "2026-11-21",
      },
    );
    if (!prepared) throw new Error("the example circle did not load");
    const warning = plainCircleWarning(prepared);
    expect(warning).toContain("the names of 8 members and the rotation");
    expect(warning).toContain(
      `the care ledger and the fund (${prepared.circle.ledger.length} months`,
    );
    expect(warning).toMatch(/\d+ circle-only reports/);
    expect(warning).toContain("Leave out --plain to seal them.");
  });
});
