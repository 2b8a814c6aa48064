// `mimeo ledger --format table`: the ledger's totals as plain text for a terminal, in columns
// that line up in any monospace font. Exact figures, no colours, nothing but ASCII spacing.

import { unitOrder } from "./amount.ts";
import { plainNumber } from "./format.ts";
import {
  fundByMonth,
  monthsWithoutEntries,
  totalsByMember,
  totalsByMonth,
  yearTotals,
} from "./reports.ts";
import type { Amount, Ledger } from "./types.ts";

/** Totals by month, by member, by year, the fund month by month, and months with no entries. */
export function ledgerTable(ledger: Ledger): string {
  const first = ledger.months[0]?.month;
  const last = ledger.months[ledger.months.length - 1]?.month;
  if (!first || !last) return "The care ledger is empty: no month files yet.\n";

  // The circle's own unit order, as circle.yaml gives it now.
  const order = unitOrder(ledger.currency, ledger.careUnits);
  const byMonth = totalsByMonth(ledger);
  const units = [...new Set(byMonth.flatMap((m) => m.totals.map((t) => t.unit)))].sort(order);
  const heading = units.map((u) => (ledger.careUnits.includes(u) ? u : `${u} (net)`));
  const cellsOf = (totals: readonly Amount[]): string[] =>
    units.map((unit) => {
      const total = totals.find((t) => t.unit === unit);
      return total ? plainNumber(total, unit) : "";
    });

  const sections = [
    `Care ledger, ${first} to ${last}`,
    section(
      "Totals by month",
      ["month", ...heading],
      byMonth.map((m) => [m.month, ...cellsOf(m.totals)]),
    ),
    section(
      "By member",
      ["who", ...heading],
      totalsByMember(ledger).map((m) => [m.who, ...cellsOf(m.totals)]),
    ),
    section(
      "By year",
      ["year", ...heading],
      yearTotals(ledger).map((y) => [y.year, ...cellsOf(y.totals)]),
    ),
    section(
      "The fund by month",
      ["month", "currency", "taken in", "paid out", "holds"],
      fundByMonth(ledger).map((f) => [
        f.month,
        f.currency,
        plainNumber(f.takenIn, f.currency),
        plainNumber(f.paidOut, f.currency),
        plainNumber(f.holds, f.currency),
      ]),
    ),
  ];
  const quiet = monthsWithoutEntries(ledger);
  if (quiet.length > 0) {
    sections.push(
      section(
        "Months without entries",
        ["month", "why"],
        quiet.map((q) => [q.month, q.reason === "no file" ? "no file" : "the table has no rows"]),
      ),
    );
  }
  return sections.join("\n\n") + "\n";
}

/** A titled block of columns: the first (a label) left-aligned, the rest right-aligned as figures. */
function section(title: string, header: readonly string[], rows: readonly string[][]): string {
  if (rows.length === 0) return `${title}\n  (nothing yet)`;
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return i === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [title, line(header), rule, ...rows.map(line)].join("\n");
}
