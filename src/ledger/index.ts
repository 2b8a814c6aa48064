// The care ledger's public face: read the month files, then ask for totals, balances, exports
// and charts. Everything here is pure; the CLI and the site plugin do the reading and writing.

export { readLedger } from "./read.ts";
export type {
  Amount,
  Audience,
  Ledger,
  LedgerMonth,
  LedgerMonthInput,
  LedgerRow,
  LedgerSettings,
  Opening,
} from "./types.ts";
export type { Quantity } from "./quantity.ts";
export { currencyExponent, isCurrency, knownCurrencies } from "./currencies.ts";
export { formatAmount, formatAmountLocale, plainNumber } from "./format.ts";
export type { LocaleFormatOptions } from "./format.ts";
export {
  allRows,
  balanceHistory,
  closingBalances,
  fundByMonth,
  monthsBetween,
  monthsWithoutEntries,
  totalsByMember,
  totalsByMonth,
  yearToDate,
  yearTotals,
} from "./reports.ts";
export type {
  BalanceHistory,
  BalancePoint,
  FundMonth,
  MemberTotals,
  MonthTotals,
  QuietMonth,
  YearTotals,
} from "./reports.ts";
export { assemblySheet } from "./assembly.ts";
export type { AssemblySheet, Gift, ThankYou } from "./assembly.ts";
export { ledgerCsv } from "./csv.ts";
export { ledgerHledger } from "./hledger.ts";
export { ledgerTable } from "./text-table.ts";
export { ledgerCharts } from "./charts.ts";
export type { ChartOptions, LedgerCharts } from "./charts.ts";
