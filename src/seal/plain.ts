// The warning `mimeo bundle --audience circle --plain` prints: what anyone who finds the stick
// will be able to read, counted from the circle itself so nobody mistakes it for the public one.
import type { PreparedCircle } from "../prepare.ts";

export function plainCircleWarning(prepared: PreparedCircle): string {
  const { circle } = prepared;
  const members = circle.roster?.members.length ?? 0;
  const circleOnly = circle.reports.filter((r) => r.audience === "circle").length;
  const parts = [
    ...(members > 0 ? [`the names of ${members} members and the rotation`] : []),
    ...(circle.ledger.length > 0
      ? [`the care ledger and the fund (${circle.ledger.length} months, with names)`]
      : []),
    ...(circleOnly > 0 ? [`${circleOnly} circle-only reports`] : []),
    "the rhythm calendar",
  ];
  return (
    `mimeo: warning: --plain writes the circle's pages unencrypted: ${parts.join(", ")}. ` +
    "Anyone who finds or seizes the stick can read them. Leave out --plain to seal them."
  );
}
