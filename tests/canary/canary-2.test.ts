// The canary, second half: see canary.test.ts.
import { describe } from "vitest";
import { canaryCases } from "./suite.ts";

describe("canary circles, seeds 101 to 200", () => {
  canaryCases(101);
});
