// The default detectors, in the order the guard runs them. Adding a detector adds a file here
// and one line below. Names first: they are the leak that costs a person most. The order only
// sets the order of findings at one spot; overlaps are settled by `scan.ts`, not by order.
import { Ruler } from "../ruler.ts";
import type { Detector } from "../types.ts";
import { denyList } from "./deny-list.ts";
import { memberName } from "./member-name.ts";
import { buildMachine } from "./build-machine.ts";
import { email } from "./email.ts";
import { iban } from "./iban.ts";
import { phone } from "./phone.ts";
import { exactDate } from "./exact-date.ts";

export function defaultDetectors(): Ruler<Detector> {
  return new Ruler<Detector>()
    .push("deny-list", denyList)
    .push("member-name", memberName)
    .push("build-machine", buildMachine)
    .push("email", email)
    .push("iban", iban)
    .push("phone", phone)
    .push("exact-date", exactDate);
}

export { denyList, memberName, buildMachine, email, iban, phone, exactDate };
