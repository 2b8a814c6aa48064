// The canary, first half: generated circles whose circle-only matter is full of unique markers,
// built for the public. Every marker must be absent from every byte of the output, in every
// form, or the build must fail naming it: never a silent leak. The second half is in
// canary-2.test.ts, so the two run side by side; `npm run canary -- --cases N` runs more.
import { describe } from "vitest";
import { canaryCases } from "./suite.ts";

describe("canary circles, seeds 1 to 100", () => {
  canaryCases(1);
});
