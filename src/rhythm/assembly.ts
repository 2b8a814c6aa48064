// The monthly assembly rule from circle.yaml ("first saturday", "last friday", "day 15"):
// parsed once, then turned into one date per month.

export type AssemblyRule =
  | {
      kind: "weekday";
      /** 1–4 from the start of the month, -1 for the last */ nth: 1 | 2 | 3 | 4 | -1;
      /** 1 = Monday … 7 = Sunday */ weekday: number;
    }
  | { kind: "day"; /** 1–31; clamped to the month's last day */ day: number };

const ORDINALS: Record<string, 1 | 2 | 3 | 4 | -1> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  last: -1,
};

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

const ASSEMBLY_FORMS =
  '"first|second|third|fourth|last WEEKDAY" (e.g. "first saturday", "last friday") or "day N" with N from 1 to 31 (e.g. "day 15"; a day past the month\'s end means its last day)';

/**
 * Reads an assembly rule. English keywords only, any case; "the" before and "of the month"
 * or "of each month" after are allowed, weekdays may be shortened to three letters. A fifth
 * weekday is refused because most months have none.
 */
export function parseAssemblyRule(text: string): { rule: AssemblyRule } | { error: string } {
  const words = text
    .trim()
    .toLowerCase()
    .replace(/\s+of\s+(the|each|every)\s+month$/, "")
    .replace(/^the\s+/, "")
    .split(/\s+/);
  const fail = { error: `"${text}" is not an assembly rule mimeo knows: write ${ASSEMBLY_FORMS}` };
  if (words.length !== 2) return fail;
  const [first = "", second = ""] = words;
  if (first === "day") {
    if (!/^[0-9]{1,2}$/.test(second)) return fail;
    const day = Number(second);
    return day >= 1 && day <= 31 ? { rule: { kind: "day", day } } : fail;
  }
  const nth = ORDINALS[first];
  const weekday =
    WEEKDAYS[second] ??
    (second.length === 3
      ? Object.entries(WEEKDAYS).find(([name]) => name.startsWith(second))?.[1]
      : undefined);
  if (nth === undefined || weekday === undefined) return fail;
  return { rule: { kind: "weekday", nth, weekday } };
}

/** The assembly's date in a month (`month` 1–12), as an ISO date. */
export function assemblyDate(rule: AssemblyRule, year: number, month: number): string {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  let day: number;
  if (rule.kind === "day") {
    // "day 31" in a 30-day month (or February) is the month's last day: the assembly still
    // happens that month, at the end the circle chose.
    day = Math.min(rule.day, lastDay);
  } else {
    const weekdayOf = (d: number): number =>
      ((new Date(Date.UTC(year, month - 1, d)).getUTCDay() + 6) % 7) + 1;
    if (rule.nth === -1) {
      day = lastDay - ((weekdayOf(lastDay) - rule.weekday + 7) % 7);
    } else {
      day = 1 + ((rule.weekday - weekdayOf(1) + 7) % 7) + 7 * (rule.nth - 1);
    }
  }
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
