// The fund's running balance: walks every month in order, applies openings, counts money rows
// and checks each `= AMOUNT` assertion and each opening against what the rows add up to.

import { problem } from "../content/problem.ts";
import type { ContentProblem } from "../content/problem.ts";
import { addAmounts, amountText, negateAmount, zeroAmount } from "./amount.ts";
import { compareQuantities } from "./quantity.ts";
import type { Amount, LedgerMonth, LedgerRow } from "./types.ts";

/** A month as read, before balances: openings without what they replace, rows without balances. */
export interface MonthDraft extends Omit<LedgerMonth, "openings"> {
  openings: { amount: Amount; line: number; written: string }[];
  /**
   * Where a row or an opening that could not be read (a problem says why) leaves the fund's
   * balance unknown: from `date` on (`""`: before the month's openings; the month itself, like
   * "2026-11": before its first row), in `unit`, or in every currency when it has none.
   */
  unknownFrom: { date: string; unit?: string }[];
}

/**
 * Which balances are unknown because a row or an opening could not be read: an assertion or an
 * opening in that currency is not checked against a sum that misses it (it would only repeat the
 * problem the row already has), and sets the balance again from what was counted.
 */
class Unknowns {
  private readonly units = new Set<string>();
  private every = false;
  private readonly knownAgain = new Set<string>();

  has(unit: string): boolean {
    return this.units.has(unit) || (this.every && !this.knownAgain.has(unit));
  }

  lose(unit: string | undefined): void {
    if (unit === undefined) {
      this.every = true;
      this.units.clear();
      this.knownAgain.clear();
    } else {
      this.units.add(unit);
      this.knownAgain.delete(unit);
    }
  }

  know(unit: string): void {
    this.units.delete(unit);
    if (this.every) this.knownAgain.add(unit);
  }
}

/**
 * Fills in every money row's `balanceAfter` and every opening's `carried`, in balance order:
 * months in order, rows by date within a month (readMonth sorted them), an opening before its
 * month's first row. Reports assertions that fail and openings that do not join the months before.
 */
export function balanceMonths(
  drafts: readonly MonthDraft[],
  problems: ContentProblem[],
): LedgerMonth[] {
  // Only currencies the books have seen: an opening in a currency no earlier month used starts
  // that currency's books rather than contradicting them.
  const balances = new Map<string, Amount>();
  const balanceOf = (unit: string): Amount => balances.get(unit) ?? zeroAmount(unit, "money");
  const unknown = new Unknowns();

  return drafts.map((draft) => {
    const pending = [...draft.unknownFrom].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
    );
    /** Loses the balances that rows which could not be read, dated up to `date`, leave unknown. */
    const loseUpTo = (date: string): void => {
      while (pending[0] !== undefined && pending[0].date <= date)
        unknown.lose(pending.shift()?.unit);
    };
    loseUpTo("");
    const openings = draft.openings.map(({ amount, line, written }) => {
      const carried = balanceOf(amount.unit);
      const checked = !unknown.has(amount.unit);
      unknown.know(amount.unit);
      if (checked && balances.has(amount.unit) && compareQuantities(carried, amount) !== 0) {
        problems.push(
          problem(
            draft.file,
            line,
            `the opening sets the fund's ${amount.unit} balance to ${amountText(amount)}, but the ` +
              `months before carry ${amountText(carried)} into ${draft.month} ` +
              `(difference ${amountText(addAmounts(amount, negateAmount(carried)))}): the books ` +
              `don't join. Find the missing or mistyped row in the months before, or correct the opening`,
            { field: "opening", found: written },
          ),
        );
      }
      balances.set(amount.unit, amount);
      return { amount, carried, line };
    });

    const rows = draft.rows.map((row): LedgerRow => {
      loseUpTo(row.date);
      if (row.amount.kind !== "money") return row;
      const before = balanceOf(row.amount.unit);
      if (row.assertsBalance && unknown.has(row.amount.unit)) {
        // What was counted is the best the books know: later rows count on from it.
        unknown.know(row.amount.unit);
        balances.set(row.amount.unit, row.amount);
        return { ...row, balanceAfter: row.amount };
      }
      if (row.assertsBalance) {
        checkAssertion(row, before, problems);
        balances.set(row.amount.unit, before);
        return { ...row, balanceAfter: before };
      }
      const after = addAmounts(before, row.amount);
      balances.set(row.amount.unit, after);
      return { ...row, balanceAfter: after };
    });
    loseUpTo("\uffff");

    return {
      file: draft.file,
      month: draft.month,
      audience: draft.audience,
      openings,
      rows,
      hasTable: draft.hasTable,
    };
  });
}

function checkAssertion(row: LedgerRow, computed: Amount, problems: ContentProblem[]): void {
  const asserted = row.amount;
  const difference = addAmounts(asserted, negateAmount(computed));
  if (difference.value === 0n) return;
  const direction = difference.value > 0n ? "more" : "less";
  problems.push(
    problem(
      row.file,
      row.line,
      `the fund's ${asserted.unit} balance does not match: asserted ${amountText(asserted)}, ` +
        `computed ${amountText(computed)}, difference ${amountText(difference)} (the count is ` +
        `${direction} than the rows add up to). Look for a missing or mistyped row since the ` +
        `last count, or correct the asserted balance`,
      { field: "amount", found: row.written },
    ),
  );
}
