// Small builders for ledger tests: a month file is a string, as a circle would write it.

import type { LedgerMonthInput, LedgerSettings } from "../../src/ledger/index.ts";

export const settings: LedgerSettings = {
  currency: "EUR",
  careUnits: ["hours", "meals", "rides", "credits"],
  members: ["Heron", "Kestrel", "Wren"],
};

export const header = "| date | who | what | amount | note |\n|---|---|---|---|---|";

/**
 * A month file whose body starts on line 5 (after four lines of front matter), so the table's
 * header is line 5 + the prose lines before it. `rows` are table rows without the header.
 */
export function monthFile(
  month: string,
  rows: readonly string[],
  extra: { opening?: string; before?: string; after?: string; audience?: "public" | "circle" } = {},
): LedgerMonthInput {
  const body = [extra.before ?? "", header, ...rows, "", extra.after ?? ""].join("\n");
  return {
    file: `ledger/${month}.md`,
    month,
    ...(extra.opening !== undefined ? { opening: { text: extra.opening, line: 3 } } : {}),
    audience: extra.audience ?? "circle",
    body,
    bodyStartLine: 5,
  };
}

/** Line in the file of the n-th row (0-based) of a monthFile without `before` prose. */
export function rowLine(n: number): number {
  // body line 0 is the empty `before`, 1 the header, 2 the delimiter row.
  return 5 + 3 + n;
}

/** A realistic quarter: an opening, dues, a stipend, care, assertions, a second currency. */
export function quarter(): LedgerMonthInput[] {
  return [
    monthFile(
      "2026-09",
      [
        "| 2026-09-03 | Wren | dues | 20.00 EUR | |",
        "| 2026-09-03 | Heron | dues | 20.00 EUR | |",
        "| 2026-09-10 | Kestrel | childcare pod | 3.5 hours | sick-out day |",
        "| 2026-09-12 | Heron | pantry cooking | 12 meals | |",
        "| 2026-09-20 | fund | hardship stipend | -50.00 EUR | one family, one week |",
        "| 2026-09-30 | fund | balance | = 180.00 EUR | counted at the assembly |",
      ],
      { opening: "190.00 EUR", before: "Read aloud on the first Saturday." },
    ),
    monthFile("2026-10", [
      "| 2026-10-01 | anonymous | donation | 35.55 EUR | envelope in the box |",
      "| 2026-10-02 | Kestrel | rides to the clinic | 2 rides | |",
      "| 2026-10-02 | Wren | childcare pod | 0.1 hours | |",
      "| 2026-10-02 | Wren | childcare pod | 0.2 hours | |",
      "| 2026-10-05 | Wren | dues | 20.00 EUR | |",
      "| 2026-10-14 | Heron | solidarity from abroad | 5000 JPY | |",
      "| 2026-10-20 | fund | hardship stipend | -100.00 EUR | |",
      "| 2026-10-31 | fund | balance | = 135.55 EUR | |",
      "| 2026-10-31 | fund | balance | = 5000 JPY | |",
    ]),
    monthFile(
      "2026-11",
      [
        "| 2026-11-02 | Heron | pantry cooking | 12 meals | sick-out day |",
        "| 2026-11-02 | Kestrel | childcare pod | 3.5 hours | |",
        "| 2026-11-03 | Wren | dues | 20.00 EUR | |",
        "| 2026-11-05 | fund | hardship stipend | -50.00 EUR | one family, one week |",
        "| 2026-11-30 | fund | balance | = 105.55 EUR | counted at the assembly |",
      ],
      { opening: "135.55 EUR" },
    ),
  ];
}
