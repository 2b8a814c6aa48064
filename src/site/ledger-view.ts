// The ledger as the ledger page shows it: each month's rows with the running balance, the
// month's totals, the fund, the year to date and two charts. The public view has totals only:
// no member names, no notes, no rows, and no figure that a circle-only month went into.
import type { Audience, Language } from "../content/model.ts";
import type { LedgerMonth } from "../ledger/types.ts";
import {
  fundByMonth,
  ledgerCharts,
  formatAmountLocale,
  totalsByMonth,
  yearToDate,
  type Amount,
  type FundMonth,
  type Ledger,
  type LedgerCharts,
} from "../ledger/index.ts";
import { anonymousWho, fundWho } from "../ledger/read.ts";
import type { Quantity } from "../ledger/quantity.ts";
import { wordsFor } from "./words.ts";

export interface LedgerRowView {
  date: string;
  who: string;
  what: string;
  amount: string;
  balance: string;
  note: string;
  isAssertion: boolean;
}

export interface LedgerMonthView {
  month: string;
  audience: Audience;
  openings: string[];
  /** Empty in the public view. */
  rows: LedgerRowView[];
  /** Care given, by unit; money is in `fund`. */
  totals: string[];
  fund: { currency: string; takenIn: string; paidOut: string; holds: string }[];
  /** Care given from January to this month, by unit. */
  yearToDate: string[];
}

export interface LedgerView {
  months: LedgerMonthView[];
  charts: LedgerCharts;
  /** Whether rows (with names) are shown. */
  detailed: boolean;
}

const isCare = (a: Amount): boolean => a.kind === "care";

/**
 * An amount as the page shows it: in the circle's locale (Intl), with a real minus sign
 * (U+2212) where Intl writes a hyphen, so "−36,40 €" reads as one figure and never breaks.
 */
export function pageAmount(amount: Quantity, unit: string, language: Language): string {
  const key = `${amount.value}e-${amount.scale} ${unit} ${language}`;
  let text = amountTexts.get(key);
  if (text === undefined) {
    text = formatAmountLocale(amount, unit, language);
    if (amount.value < 0n) text = text.replace("-", "\u2212");
    // A ledger repeats the same few amounts; the texts are kept for the next view and build.
    if (amountTexts.size < 100_000) amountTexts.set(key, text);
  }
  return text;
}
const amountTexts = new Map<string, string>();

/**
 * A ledger's totals, year to date and fund by month, which both audiences' views read: worked
 * out once for each ledger (the same object for both).
 */
const sums = new WeakMap<
  Ledger,
  {
    totals: Map<string, Amount[]>;
    ytd: Map<string, Amount[]>;
    fund: FundMonth[];
  }
>();
function sumsOf(ledger: Ledger): NonNullable<ReturnType<typeof sums.get>> {
  let known = sums.get(ledger);
  if (known === undefined) {
    known = {
      totals: new Map(totalsByMonth(ledger).map((t) => [t.month, t.totals])),
      ytd: new Map(yearToDate(ledger).map((t) => [t.month, t.totals])),
      fund: fundByMonth(ledger),
    };
    sums.set(ledger, known);
  }
  return known;
}

/** What the fund took in, paid out and holds in one month, per currency, as text. */
export function fundOfMonth(
  fund: readonly FundMonth[],
  month: string,
  fmt: (a: Amount) => string,
): LedgerMonthView["fund"] {
  return fund
    .filter((f) => f.month === month)
    .map((f) => ({
      currency: f.currency,
      takenIn: fmt(f.takenIn),
      paidOut: fmt(f.paidOut),
      holds: fmt(f.holds),
    }));
}

/**
 * Whether a month's fund balance in `currency` follows from public months alone: every month
 * back to one that states the balance (an opening, or a closing `= AMOUNT` row) is public.
 */
function balanceIsPublic(months: readonly LedgerMonth[], month: string, currency: string): boolean {
  const upTo = months.filter((m) => m.month <= month);
  for (const m of upTo.reverse()) {
    if (m.audience !== "public") return false;
    const money = m.rows.filter((r) => r.amount.kind === "money" && r.amount.unit === currency);
    if (money.at(-1)?.assertsBalance) return true;
    if (m.openings.some((o) => o.amount.unit === currency)) return true;
  }
  return true;
}

/** Whether every ledger month of `month`'s year up to it is public: only then is a year to date. */
function yearIsPublic(months: readonly LedgerMonth[], month: string): boolean {
  return months
    .filter((m) => m.month.startsWith(month.slice(0, 4)) && m.month <= month)
    .every((m) => m.audience === "public");
}

export function ledgerView(ledger: Ledger, audience: Audience, language: Language): LedgerView {
  const shown: Ledger =
    audience === "circle"
      ? ledger
      : { ...ledger, months: ledger.months.filter((m) => m.audience === "public") };
  const words = wordsFor(language);
  const fmt = (a: Amount): string => pageAmount(a, a.unit, language);
  const { totals, ytd, fund } = sumsOf(ledger);
  const detailed = audience === "circle";
  const charts = ledgerCharts(shown, {
    words: words.chart,
    // A care figure sits beside its unit's name, so it is the number alone.
    figure: (q, unit, kind) => {
      const text = pageAmount(q, unit, language);
      return kind === "care" ? text.slice(0, -unit.length - 1) : text;
    },
  });
  return {
    detailed,
    // In public, the balance after every row would show when each payment was made: the
    // public page keeps to monthly figures and leaves that chart out.
    charts: detailed ? charts : { ...charts, fundBalance: "" },
    months: shown.months.map((m) => ({
      month: m.month,
      audience: m.audience,
      openings: m.openings.map((o) => fmt(o.amount)),
      rows: detailed
        ? m.rows.map((r) => ({
            date: r.date,
            who:
              r.who === fundWho
                ? words.whoFund
                : r.who === anonymousWho
                  ? words.whoAnonymous
                  : r.who,
            what: r.what,
            amount: r.assertsBalance ? `= ${fmt(r.amount)}` : fmt(r.amount),
            balance: r.balanceAfter ? fmt(r.balanceAfter) : "",
            note: r.note,
            isAssertion: r.assertsBalance,
          }))
        : [],
      totals: (totals.get(m.month) ?? []).filter(isCare).map(fmt),
      fund: detailed
        ? fundOfMonth(fund, m.month, fmt)
        : publicFund(ledger.months, m, fundOfMonth(fund, m.month, fmt)),
      yearToDate:
        detailed || yearIsPublic(ledger.months, m.month)
          ? (ytd.get(m.month) ?? []).filter(isCare).map(fmt)
          : [],
    })),
  };
}

/**
 * A public month's fund lines, each with its balance only where public months alone give it. A
 * currency this month neither moves nor opens, whose balance comes from circle-only months, is
 * left out: even its name would come from them.
 */
function publicFund(
  months: readonly LedgerMonth[],
  month: LedgerMonth,
  lines: LedgerMonthView["fund"],
): LedgerMonthView["fund"] {
  const own = new Set([
    ...month.rows.filter((r) => r.amount.kind === "money").map((r) => r.amount.unit),
    ...month.openings.map((o) => o.amount.unit),
  ]);
  return lines.flatMap((line) => {
    if (balanceIsPublic(months, month.month, line.currency)) return [line];
    return own.has(line.currency) ? [{ ...line, holds: "" }] : [];
  });
}
