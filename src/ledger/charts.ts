// Two inline SVG charts for the ledger page: care given per month by unit, and the fund's
// balance over time. Plain strings, no script, no external fonts or images, same input → same bytes.
//
// Both read without colour: bars carry black-and-white patterns and a unit label, points carry
// their figures, and `<title>`/`<desc>` give the whole chart as text. They have a viewBox and no
// width or height, so they shrink to a 320 px phone; the care chart grows downwards, one group
// per month, rather than sideways, so its labels stay readable however many months there are.

import { sumByUnit, unitOrder } from "./amount.ts";
import { plainNumber } from "./format.ts";
import { compareQuantities, proportion } from "./quantity.ts";
import type { Quantity } from "./quantity.ts";
import { balanceHistory, monthsBetween } from "./reports.ts";
import type { BalancePoint } from "./reports.ts";
import type { Amount, Ledger } from "./types.ts";

export interface LedgerCharts {
  /** Grouped horizontal bars: for each month, one bar per care unit, each with its figure. */
  careByMonth: string;
  /** A step line per currency: the balance after every money row, month ends labelled. */
  fundBalance: string;
}

/** The charts' words, in the circle's language; English by default. */
export interface ChartWords {
  careTitle: string;
  careDesc: string;
  nothingRecorded: string;
  noCare: string;
  fundTitle: string;
  fundDesc: string;
  noMoney: string;
  balanceIn: (currency: string) => string;
  openingOn: (amount: string, date: string) => string;
  endsAt: (month: string, amount: string) => string;
}

export const englishChartWords: ChartWords = {
  careTitle: "Care given per month, by unit",
  careDesc: "One group per month, one bar per care unit, each unit drawn to its own scale.",
  nothingRecorded: "nothing recorded",
  noCare: "No care has been recorded in the ledger yet.",
  fundTitle: "The fund’s balance over time",
  fundDesc:
    "A step line of the fund’s balance after every money row; squares are openings, each month’s last balance is labelled.",
  noMoney: "The fund has no money in the ledger yet.",
  balanceIn: (currency) => `Balance in ${currency}`,
  openingOn: (amount, date) => `opening ${amount} on ${date}`,
  endsAt: (month, amount) => `${month} ends at ${amount}`,
};

export interface ChartOptions {
  /** Prefix for element ids, so two ledgers' charts can share a page. */
  idPrefix?: string;
  words?: ChartWords;
  /**
   * How a figure is written: the number alone for care (its unit labels the bar), the number
   * and currency for money. Plain "20.00" / "20.00 EUR" by default; pages pass their locale's.
   */
  figure?: (amount: Quantity, unit: string, kind: "care" | "money") => string;
}

interface Style {
  words: ChartWords;
  figure: (amount: Quantity, unit: string, kind: "care" | "money") => string;
}

const plainFigure = (amount: Quantity, unit: string, kind: "care" | "money"): string =>
  kind === "care" ? plainNumber(amount, unit) : `${plainNumber(amount, unit)} ${unit}`;

const width = 320;
const font = `font-family="system-ui, sans-serif"`;

// Black-and-white fills, told apart without colour; every bar also names its unit in text.
const patterns = [
  { id: "solid", body: `<rect width="6" height="6" fill="#000"/>` },
  {
    id: "hatch",
    body: `<rect width="6" height="6" fill="#fff"/><path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#000" stroke-width="1.5"/>`,
  },
  {
    id: "dots",
    body: `<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.4" fill="#000"/>`,
  },
  {
    id: "lines",
    body: `<rect width="6" height="6" fill="#fff"/><path d="M0,3 H6" stroke="#000" stroke-width="1.5"/>`,
  },
  {
    id: "cross",
    body: `<rect width="6" height="6" fill="#fff"/><path d="M0,0 L6,6 M6,0 L0,6" stroke="#000" stroke-width="1"/>`,
  },
  { id: "open", body: `<rect width="6" height="6" fill="#fff"/>` },
];

export function ledgerCharts(ledger: Ledger, options: ChartOptions = {}): LedgerCharts {
  const prefix = options.idPrefix ?? "mimeo-ledger";
  const style: Style = {
    words: options.words ?? englishChartWords,
    figure: options.figure ?? plainFigure,
  };
  return {
    careByMonth: careChart(ledger, `${prefix}-care`, style),
    fundBalance: fundChart(ledger, `${prefix}-fund`, style),
  };
}

function careChart(ledger: Ledger, id: string, { words, figure: write }: Style): string {
  const title = words.careTitle;
  const first = ledger.months[0]?.month;
  const last = ledger.months[ledger.months.length - 1]?.month;
  const order = unitOrder(ledger.currency, ledger.careUnits);
  const months = first && last ? monthsBetween(first, last) : [];
  const byMonth = months.map((month) => ({
    month,
    totals: sumByUnit(
      ledger.months
        .filter((m) => m.month === month)
        .flatMap((m) => m.rows)
        .filter((row) => row.amount.kind === "care")
        .map((row) => row.amount),
      order,
    ),
  }));
  const units = [...new Set(byMonth.flatMap((m) => m.totals.map((t) => t.unit)))].sort(order);
  if (units.length === 0) {
    return emptyChart(id, title, words.noCare);
  }
  // Each unit is drawn to its own scale: an hour and a meal are not the same length.
  const largest = new Map<string, Quantity>();
  for (const { totals } of byMonth) {
    for (const t of totals) {
      const before = largest.get(t.unit);
      if (!before || compareQuantities(t, before) > 0) largest.set(t.unit, t);
    }
  }

  // The label column fits the longest unit name (about 6.5 units a character at 11 units),
  // and the bars share what is left, keeping room for the widest figure after the bar.
  const longestFigure = Math.max(
    ...byMonth.flatMap((m) => m.totals.map((t) => write(t, t.unit, "care").length)),
  );
  const labelRight = 8 + Math.max(...units.map((u) => u.length)) * 6.5;
  const barLeft = labelRight + 4;
  const barMax = Math.max(60, width - barLeft - 8 - longestFigure * 6.5);
  const rowHeight = 16;
  const parts: string[] = [];
  let y = 4;
  for (const { month, totals } of byMonth) {
    parts.push(`<text x="4" y="${num(y + 12)}" font-weight="bold">${month}</text>`);
    y += rowHeight;
    if (totals.length === 0) {
      parts.push(
        `<text x="${barLeft}" y="${num(y + 12)}" font-style="italic">${escapeXml(words.nothingRecorded)}</text>`,
      );
      y += rowHeight;
    }
    for (const total of totals) {
      const unitIndex = units.indexOf(total.unit);
      const pattern = patterns[unitIndex % patterns.length]?.id ?? "solid";
      const max = largest.get(total.unit) ?? total;
      const length = proportion(total, { value: 0n, scale: 0 }, max) * barMax;
      const figure = escapeXml(write(total, total.unit, "care"));
      parts.push(
        `<text x="${labelRight}" y="${num(y + 12)}" text-anchor="end">${escapeXml(total.unit)}</text>`,
        `<rect x="${barLeft}" y="${num(y + 3)}" width="${num(length)}" height="11" fill="url(#${id}-${pattern})" stroke="#000" stroke-width="1"/>`,
        `<text x="${num(barLeft + length + 4)}" y="${num(y + 12)}">${figure}</text>`,
      );
      y += rowHeight;
    }
    y += 6;
  }

  const desc =
    `${words.careDesc} ` +
    byMonth
      .map(({ month, totals }) =>
        totals.length === 0
          ? `${month}: ${words.nothingRecorded}.`
          : `${month}: ${totals.map((t) => `${write(t, t.unit, "care")} ${t.unit}`).join(", ")}.`,
      )
      .join(" ");
  const defs = patterns
    .slice(0, Math.min(units.length, patterns.length))
    .map(
      (p) =>
        `<pattern id="${id}-${p.id}" width="6" height="6" patternUnits="userSpaceOnUse">${p.body}</pattern>`,
    )
    .join("");
  return svg(id, title, desc, num(y), `<defs>${defs}</defs>`, parts);
}

function fundChart(ledger: Ledger, id: string, style: Style): string {
  const { words, figure: write } = style;
  const title = words.fundTitle;
  const histories = balanceHistory(ledger);
  const firstMonth = ledger.months[0]?.month;
  const lastMonth = ledger.months[ledger.months.length - 1]?.month;
  if (histories.length === 0 || !firstMonth || !lastMonth) {
    return emptyChart(id, title, words.noMoney);
  }
  const months = monthsBetween(firstMonth, lastMonth);
  const start = dayNumber(`${firstMonth}-01`);
  const end = dayNumber(`${nextMonth(lastMonth)}-01`);
  const crowded = months.length > 5;
  // Slanted month labels reach left of their tick; leave them room.
  const left = crowded ? 32 : 8;
  const right = width - 8;
  const xOf = (date: string): number =>
    left + ((dayNumber(date) - start) / Math.max(1, end - start)) * (right - left);

  const parts: string[] = [];
  const descs: string[] = [];
  let top = 4;
  for (const { currency, points } of histories) {
    const plotTop = top + (crowded ? 64 : 34);
    const plotBottom = plotTop + 110;
    const figures = points.map((p) => p.balance);
    const zero: Amount = { value: 0n, scale: 0, unit: currency, kind: "money" };
    // The range always holds zero, so the zero line is on the chart.
    const low = figures.reduce((a, b) => (compareQuantities(b, a) < 0 ? b : a), zero);
    const high = figures.reduce((a, b) => (compareQuantities(b, a) > 0 ? b : a), zero);
    const yOf = (q: Quantity): number =>
      plotBottom - proportion(q, low, high) * (plotBottom - plotTop);

    parts.push(
      `<text x="${left}" y="${num(top + 12)}" font-weight="bold">${escapeXml(words.balanceIn(currency))}</text>`,
    );
    // The zero line, dashed, so an overdrawn fund shows below it.
    parts.push(
      `<line x1="${left}" y1="${num(yOf(zero))}" x2="${right}" y2="${num(yOf(zero))}" stroke="#000" stroke-width="0.5" stroke-dasharray="3 2"/>`,
      `<text x="${right}" y="${num(yOf(zero) - 2)}" text-anchor="end" font-size="9">0 ${currency}</text>`,
    );
    let path = "";
    for (const point of points) {
      const x = num(xOf(point.date));
      const y = num(yOf(point.balance));
      path += path === "" ? `M${x},${y}` : ` H${x} V${y}`;
    }
    path += ` H${num(right)}`;
    parts.push(`<path d="${path}" fill="none" stroke="#000" stroke-width="1.5"/>`);
    for (const point of points) {
      const x = num(xOf(point.date));
      const y = num(yOf(point.balance));
      parts.push(
        point.kind === "opening"
          ? `<rect x="${num(xOf(point.date) - 3)}" y="${num(yOf(point.balance) - 3)}" width="6" height="6" fill="#fff" stroke="#000"/>`
          : `<circle cx="${x}" cy="${y}" r="2.5" fill="#000"/>`,
      );
    }
    const monthEnds = lastPointOfEachMonth(points);
    for (const point of monthEnds) {
      const x = xOf(point.date);
      // The step comes in at the level before this point: a label above only this point
      // would sit on that incoming line when the balance fell. Above both, it clears the line.
      const before = points[points.indexOf(point) - 1];
      const y = Math.min(yOf(point.balance), before ? yOf(before.balance) : Infinity) - 6;
      const figure = escapeXml(write(point.balance, currency, "money"));
      // A white halo keeps a label legible where it crosses the line; labels near an edge
      // are anchored inwards so they are not cut off.
      const halo = `stroke="#fff" stroke-width="3" paint-order="stroke"`;
      const anchor = x > right - 30 ? "end" : x < left + 30 ? "start" : "middle";
      parts.push(
        crowded
          ? `<text x="${num(x)}" y="${num(y)}" font-size="9" ${halo} transform="rotate(-90 ${num(x)} ${num(y)})">${figure}</text>`
          : `<text x="${num(x)}" y="${num(y)}" font-size="9" ${halo} text-anchor="${anchor}">${figure}</text>`,
      );
    }
    for (const month of months) {
      const x = xOf(`${month}-01`);
      const y = plotBottom + 12;
      parts.push(
        `<line x1="${num(x)}" y1="${num(plotBottom)}" x2="${num(x)}" y2="${num(plotBottom + 3)}" stroke="#000"/>`,
        crowded
          ? `<text x="${num(x)}" y="${num(y)}" font-size="9" text-anchor="end" transform="rotate(-45 ${num(x)} ${num(y)})">${month}</text>`
          : `<text x="${num(x)}" y="${num(y)}" font-size="9">${month}</text>`,
      );
    }
    top = plotBottom + (crowded ? 44 : 22);
    descs.push(describeFund(currency, points, monthEnds, style));
  }
  const desc = `${words.fundDesc} ${descs.join(" ")}`;
  return svg(id, title, desc, num(top), "", parts);
}

function describeFund(
  currency: string,
  points: BalancePoint[],
  monthEnds: BalancePoint[],
  { words, figure }: Style,
): string {
  const said = (a: Amount): string => figure(a, currency, "money");
  const openings = points
    .filter((p) => p.kind === "opening")
    .map((p) => words.openingOn(said(p.balance), p.date));
  const ends = monthEnds.map((p) => words.endsAt(p.month, said(p.balance)));
  return `${currency}: ${[...openings, ...ends].join("; ")}.`;
}

function lastPointOfEachMonth(points: readonly BalancePoint[]): BalancePoint[] {
  const last = new Map<string, BalancePoint>();
  for (const point of points) last.set(point.month, point);
  return [...last.values()];
}

function svg(
  id: string,
  title: string,
  desc: string,
  height: string,
  defs: string,
  parts: readonly string[],
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" ${font} font-size="11">` +
    `<title id="${id}-title">${escapeXml(title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>` +
    defs +
    parts.join("") +
    `</svg>`
  );
}

function emptyChart(id: string, title: string, message: string): string {
  return svg(id, title, message, "24", "", [`<text x="4" y="16">${escapeXml(message)}</text>`]);
}

/** Coordinates to one decimal: enough for a screen, and the same text on every machine. */
function num(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

function dayNumber(date: string): number {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

function nextMonth(month: string): string {
  const [year = 0, m = 1] = month.split("-").map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
