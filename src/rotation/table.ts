// A plan as people read it: a table for the terminal, CSV for a spreadsheet, and the
// handovers the rhythm calendar marks.
import { csvField } from "../ledger/csv.ts";
import type { RotationPlan } from "./types.ts";

/** The plan as aligned plain text: header, one row per term, then the turns per member. */
export function rotationTable(plan: RotationPlan): string {
  const how = plan.method === "lottery" ? "by lottery (RFC 3797)" : "by rotation in roster order";
  const out: string[] = [
    `${plan.terms.length} term${plan.terms.length === 1 ? "" : "s"} of ${plan.termDays} day${plan.termDays === 1 ? "" : "s"}, ${how}`,
  ];
  if (plan.key !== undefined) out.push(`key: ${plan.key}`);
  if (plan.method === "lottery") out.push(`order drawn: ${plan.order.join(", ")}`);
  out.push("");

  const head = ["term", "from", "to", ...plan.roles];
  const rows = plan.terms.map((t) => [
    String(t.number),
    t.start,
    t.end,
    ...plan.roles.map((role) => t.seats.find((s) => s.role === role)?.member ?? "-"),
  ]);
  out.push(...columns([head, ...rows]));
  out.push("");

  const turnsHead = ["turns", ...plan.roles, "total"];
  const turnsRows = plan.fairness.map((f) => [
    f.member,
    ...plan.roles.map((role) => String(f.turns[role] ?? 0)),
    String(f.total),
  ]);
  out.push(...columns([turnsHead, ...turnsRows]));
  if (plan.notes.length > 0) {
    out.push("", ...plan.notes.map((n) => `note: ${n}`));
  }
  return out.join("\n") + "\n";
}

/** Left-aligned columns two spaces apart, widths by character count. */
function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - [...cell].length),
      )
      .join("  ")
      .trimEnd(),
  );
}

/** `term,start,end,role,member`, one row per term and role (roster order); quoted per RFC 4180 where needed. */
export function rotationCsv(plan: RotationPlan): string {
  const lines = ["term,start,end,role,member"];
  for (const t of plan.terms) {
    for (const role of plan.roles) {
      const member = t.seats.find((s) => s.role === role)?.member ?? "";
      lines.push([String(t.number), t.start, t.end, role, member].map(csvField).join(","));
    }
  }
  return lines.join("\n") + "\n";
}

/** Each term's start as a handover per role, in the shape the rhythm calendar takes. */
export function handoversOf(plan: RotationPlan): { date: string; role: string; member: string }[] {
  return plan.terms.flatMap((t) =>
    plan.roles.flatMap((role) => {
      const seat = t.seats.find((s) => s.role === role);
      return seat === undefined ? [] : [{ date: t.start, role, member: seat.member }];
    }),
  );
}
