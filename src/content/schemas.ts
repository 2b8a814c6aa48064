// Front-matter schemas for every file of the content format (docs/content-format.md), with
// messages that say what is allowed. zod checks shapes; cross-file rules live in load.ts.
import { z } from "zod";
import { IANAZone } from "luxon";
import { LANGUAGES, OUTCOMES, RISKS, TACTIC_KINDS } from "./model.ts";
import { problem, type ContentProblem } from "./problem.ts";
import { isCurrency } from "../ledger/currencies.ts";

/**
 * The bounds of every number in the format (docs/content-format.md names them): far beyond
 * what a real circle writes, and low enough that a typo never makes mimeo count for hours or
 * compute a date past the year 9999.
 */
export const BOUNDS = {
  firstYear: 1900,
  lastYear: 2999,
  /** participants in a report, people for a tactic */
  count: 100_000,
  pulseDays: 365,
  decompressDays: 30,
  termDays: 365,
  // The planner's work grows with roles × members × terms: at 12 × 40 × 104 a lottery takes
  // some seconds, at 60 members it took forty.
  terms: 104,
  roles: 12,
  members: 40,
  seedLength: 500,
} as const;

/** Whether the year a date or month starts with is in bounds; other shapes are refused elsewhere. */
const yearInBounds = (s: string): boolean => {
  const year = /^(\d{4})-/.exec(s)?.[1];
  return year === undefined || (Number(year) >= BOUNDS.firstYear && Number(year) <= BOUNDS.lastYear);
};

/** The number in `every N days` or `N weeks`, in days; 0 for other shapes (refused elsewhere). */
const daysIn = (s: string): number => {
  const n = /^(?:every )?(\d+) (day|week)/.exec(s);
  return n ? Number(n[1]) * (n[2] === "week" ? 7 : 1) : 0;
};

/**
 * Whether a YYYY-MM-DD date is a day of the (proleptic Gregorian) calendar: what luxon's
 * `DateTime.fromISO(s).isValid` says of that shape, without building a DateTime, which at
 * thousands of reports was most of the time spent checking them. tests/content/schemas.test.ts
 * holds the two to the same answer for every month and day of many years.
 */
export function isCalendarDay(s: string): boolean {
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

const isoDay = z
  .string({ error: "must be a date written YYYY-MM-DD, like 2026-10-14" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: "must be a date written YYYY-MM-DD, like 2026-10-14",
    abort: true,
  })
  .refine(isCalendarDay, { error: "is not a real calendar day" })
  .refine(yearInBounds, {
    error: `must be a day between the years ${BOUNDS.firstYear} and ${BOUNDS.lastYear}`,
  });

const oneOf = <T extends string>(values: readonly T[]) =>
  z.enum(values as [T, ...T[]], { error: `must be one of: ${values.join(" | ")}` });

const paperName = oneOf(["a4", "letter"] as const);

const audience = oneOf(["public", "circle"] as const).optional();

const tagList = z
  .array(
    z
      .string({ error: "each tag must be a word" })
      .regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N}-]*$/u, {
        error: "each tag must be lowercase words joined by hyphens, like loading-dock",
      }),
    { error: "must be a list, like [safety, night-shift]" },
  )
  .optional();

const slugList = z
  .array(z.string({ error: "each entry must be a tactic slug" }), {
    error: "must be a list of tactic slugs, like [solidarity-pantry]",
  })
  .optional();

/**
 * What a text field must be; a number or a yes/no where text was meant (`title: 1984`) is only
 * missing its quotes, so that is what the message says.
 */
const textError =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    typeof issue.input === "number" || typeof issue.input === "boolean"
      ? `must be ${what}; YAML reads ${String(issue.input)} as ${typeof issue.input === "number" ? "a number" : "a yes/no value"}: put it in quotes, like "${String(issue.input)}"`
      : `must be ${what}`;

const nonEmpty = (what: string) =>
  z.string({ error: textError(what) }).trim().min(1, { error: `must not be empty` });

const wholeNumber = z
  .number({ error: "must be a whole number, like 12" })
  .int({ error: "must be a whole number, like 12" })
  .min(0, { error: "must not be negative" });

const count = wholeNumber.max(BOUNDS.count, { error: `must be at most ${BOUNDS.count}` });

const waivers = z
  .array(
    z.strictObject(
      {
        text: nonEmpty("the exact text to allow"),
        reason: nonEmpty("a reason, so a reviewer can see why the text may be published"),
      },
      { error: "each waiver needs `text` and `reason`" },
    ),
    { error: "must be a list of {text, reason}" },
  )
  .optional();

const common = { audience, allow: waivers };

export const circleSchema = z.strictObject({
  name: nonEmpty("the circle's name, safe to print"),
  language: oneOf(LANGUAGES).default("en"),
  // One paper, or a list to print every sheet on each (`[a4, letter]`).
  paper: z
    .union([paperName, z.array(paperName).min(1, { error: "must name at least one paper" })], {
      error: "must be a4, letter, or a list of them like [a4, letter]",
    })
    .default("a4")
    .transform((p) => [...new Set(Array.isArray(p) ? p : [p])]),
  timezone: z
    .string({ error: "must be an IANA time zone, like Europe/Madrid" })
    .refine((s) => IANAZone.isValidZone(s), {
      error: "is not a known IANA time zone; write one like Europe/Madrid or America/Chicago",
    })
    .default("UTC"),
  currency: z
    .string({ error: "must be an ISO 4217 code, like EUR" })
    .regex(/^[A-Z]{3}$/, { error: "must be a three-letter ISO 4217 code in capitals, like EUR" })
    .default("EUR"),
  "care-units": z
    .array(
      z
        .string()
        .refine((unit) => !/\p{Sc}/u.test(unit), {
          error:
            "a currency symbol is not a care unit: money needs no care unit, the ledger writes it with its ISO 4217 code, like 20.00 EUR. Remove it",
          abort: true,
        })
        .regex(/^[\p{L}][\p{L}\p{N}-]*$/u, {
          error: "each care unit must be one word, like meals",
          abort: true,
        })
        // In capitals only: `cup` or `all` is a fine word for care, and only `CUP` is money.
        .refine((unit) => !isCurrency(unit), {
          error:
            "is a currency code: the ledger reads every ISO 4217 code as money, so it cannot be a care unit. Remove it, or name the care another way",
        }),
      { error: "must be a list, like [hours, meals, rides, credits]" },
    )
    .superRefine((units, context) => {
      // `hours` twice, or `hours` and `Hours`: one unit, or two a reader cannot tell apart.
      const seen = new Map<string, number>();
      units.forEach((unit, i) => {
        const earlier = seen.get(unit.toLowerCase());
        if (earlier === undefined) seen.set(unit.toLowerCase(), i);
        else {
          context.addIssue({
            code: "custom",
            path: [i],
            input: unit,
            message:
              units[earlier] === unit
                ? "is listed twice: list each care unit once"
                : `is listed twice, also as ${units[earlier] ?? unit}: write it one way, and list it once`,
          });
        }
      });
    })
    .default(["hours", "meals", "rides", "credits"]),
  rhythm: z
    .strictObject({
      pulse: z
        .string({ error: "must be `moon` or `every N days`" })
        .regex(/^(moon|every \d+ days?)$/, { error: "must be `moon` or `every N days`" })
        .refine((s) => daysIn(s) <= BOUNDS.pulseDays, {
          error: `must come at least once a year: every N days with N at most ${BOUNDS.pulseDays}`,
        })
        .default("moon"),
      start: isoDay.optional(),
      "decompress-days": wholeNumber
        .max(BOUNDS.decompressDays, { error: `must be at most ${BOUNDS.decompressDays} days` })
        .default(2),
      assembly: z
        .string({ error: "must be a day rule like `first saturday`, `last friday` or `day 15`" })
        .default("first saturday"),
      seal: z
        .string({ error: "must be a day rule like `first saturday`, `last friday` or `day 15`" })
        .optional(),
    })
    .optional(),
  emblem: z.string().optional(),
  "exchange-name": z
    .string({ error: "must be a short public name, like a warehouse circle, north side" })
    .trim()
    .min(3, { error: "must be at least 3 characters, like a warehouse circle, north side" })
    .max(80, { error: "must be at most 80 characters" })
    .refine((s) => !/[\r\n]/.test(s), { error: "must be one line" })
    .optional(),
});

export const reportSchema = z.strictObject({
  title: nonEmpty("the report's title"),
  date: isoDay,
  tactic: nonEmpty("the slug of a file in tactics/"),
  "care-mirror": nonEmpty("a tactic slug or a few words on the act of care"),
  outcome: oneOf(OUTCOMES),
  participants: count.optional(),
  expires: isoDay.optional(),
  tags: tagList,
  ...common,
});

export const tacticSchema = z.strictObject({
  title: nonEmpty("the tactic's title"),
  kind: oneOf(TACTIC_KINDS),
  risk: oneOf(RISKS),
  people: count.optional(),
  prep: z.union([z.string(), z.number()], { error: "must be free text, like one week" }).optional(),
  "pairs-with": slugList,
  tags: tagList,
  // Optional extension (docs/content-format.md): the tactic this one was adapted from.
  "adapted-from": z
    .union(
      [
        z.string().trim().min(1),
        z.strictObject({
          circle: nonEmpty("the other circle's exchange name, as its imported files say in from:"),
          tactic: nonEmpty("the tactic's file name in from/<circle>/tactics/, without .md"),
        }),
      ],
      {
        error:
          "must be a tactic slug of this circle, like night-stoppage, or {circle, tactic} for an imported one",
      },
    )
    .optional(),
  ...common,
});

/** What mimeo's import adds to a document from another circle (docs/exchange.md). */
const origin = {
  from: z.strictObject(
    {
      circle: nonEmpty("the other circle's exchange name"),
      received: z
        .string({ error: "must be the month received, written YYYY-MM" })
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be the month received, written YYYY-MM" }),
      // The hash of the words as they came: how a later import tells a person's edits.
      sha256: z
        .string({ error: "must be the hash mimeo import wrote" })
        .regex(/^[0-9a-f]{64}$/, { error: "must be the hash mimeo import wrote" })
        .optional(),
    },
    { error: "must be {circle, received, sha256}, as mimeo import writes it" },
  ),
};

const lineage = z
  .array(
    z.object(
      {
        circle: nonEmpty("a circle's exchange name"),
        id: z.string().regex(/^tactics\/[a-z0-9][a-z0-9-]*$/, { error: "must be tactics/<slug>" }),
        title: z.string().optional(),
      },
      { error: "each step must be {circle, id}" },
    ),
    { error: "must be a list of {circle, id, title}, as the other circle's bundle gave it" },
  )
  .optional();

/** An imported tactic: the public fields another circle exports, with `from:` and `lineage:`. */
export const importedTacticSchema = tacticSchema
  .omit({ "adapted-from": true })
  .extend({ ...origin, lineage });

/**
 * An imported report: its date is the month only, and its tactic and care mirror are left out
 * when they named a tactic the other circle did not publish.
 */
export const importedReportSchema = reportSchema.extend({
  ...origin,
  date: z
    .string({ error: "must be the month written YYYY-MM" })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be the month written YYYY-MM" })
    .refine(yearInBounds, { error: `must be a month between the years ${BOUNDS.firstYear} and ${BOUNDS.lastYear}` }),
  tactic: z.string().optional(),
  "care-mirror": z.string().optional(),
  expires: z.never({ error: "an imported report carries no expires" }).optional(),
});

export const charterSchema = z.strictObject({
  title: nonEmpty("the charter's title"),
  adopted: isoDay,
  amendments: z
    .array(
      z.strictObject({
        date: isoDay,
        article: z
          .number({ error: "must be an article number, like 4" })
          .int({ error: "must be an article number, like 4" })
          .min(1, { error: "must be an article number from 1" }),
        change: nonEmpty("a sentence on what changed"),
      }),
      { error: "must be a list of {date, article, change}" },
    )
    .optional(),
  ...common,
});

export const ledgerSchema = z.strictObject({
  month: z
    .string({ error: "must be the month written YYYY-MM, like 2026-11" })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "must be the month written YYYY-MM, like 2026-11" })
    .refine(yearInBounds, {
      error: `must be a month between the years ${BOUNDS.firstYear} and ${BOUNDS.lastYear}`,
    }),
  opening: z
    .string({ error: "must be an amount with its currency, like 190.00 EUR" })
    .optional(),
  ...common,
});

export const rosterSchema = z.strictObject({
  roles: z
    .array(nonEmpty("a role name"), { error: "must be a list of roles, like [facilitator, treasurer]" })
    .min(1, {
      error:
        "needs at least one role: list the roles the circle hands round, like roles: [facilitator, treasurer]",
    })
    .max(BOUNDS.roles, { error: `must name at most ${BOUNDS.roles} roles` }),
  term: z
    .string({ error: "must be a length like `14 days` or `2 weeks`" })
    .regex(/^\d+ (days?|weeks?)$/, { error: "must be a length like `14 days` or `2 weeks`" })
    .refine((s) => daysIn(s) <= BOUNDS.termDays, {
      error: `a term lasts at most a year: ${BOUNDS.termDays} days or 52 weeks`,
    }),
  start: isoDay,
  terms: wholeNumber
    .min(1, { error: "must be at least 1" })
    .max(BOUNDS.terms, { error: `must be at most ${BOUNDS.terms}` })
    .default(12),
  method: oneOf(["rotation", "lottery"] as const).default("rotation"),
  seed: z
    .string({
      error: (issue) =>
        typeof issue.input === "number"
          ? `must be in quotes: without them YAML reads ${String(issue.input)} as a single number. Write the numbers drawn in public in quotes, like seed: "9319 / 2 5 8 10 12"`
          : 'must be the numbers drawn in public, in quotes, like seed: "9319 / 2 5 8 10 12"',
    })
    .max(BOUNDS.seedLength, {
      error: `must be at most ${BOUNDS.seedLength} characters: the numbers of a few public draws`,
    })
    .optional(),
  members: z
    .array(
      z.strictObject({
        name: nonEmpty("the member's name as the circle uses it"),
        roles: z.array(z.string(), { error: "must be a list of roles" }).optional(),
        away: z
          .tuple([isoDay, isoDay], { error: "must be [from, to], two dates" })
          .optional(),
      }),
      { error: "must be a list of members, each with a name" },
    )
    .min(1, { error: "must list at least one member" })
    .max(BOUNDS.members, { error: `must list at most ${BOUNDS.members} members` }),
  ...common,
});

/**
 * Checks `data` against `schema`, turning every issue into a problem on the right line.
 * `found` quotes the value as written, so a person sees what to change.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  lineOf: (path: readonly (string | number)[]) => number,
  sourceOf: (path: readonly (string | number)[]) => string | undefined = () => undefined,
): { value?: z.output<S>; problems: ContentProblem[] } {
  // Issues the schema gives no words for carry this mark, and are said in plain words below.
  const result = schema.safeParse(data ?? {}, { error: () => PLAIN });
  if (result.success) return { value: result.data, problems: [] };
  const problems: ContentProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const fieldPath = [...path, key];
        problems.push(
          problem(
            file,
            lineOf(fieldPath),
            `unknown field. Check its spelling; the fields allowed here are: ${allowedKeys(schema, path)}.`,
            { field: formatPath(fieldPath) },
          ),
        );
      }
      continue;
    }
    const found = valueAt(data, path);
    const missing = found === undefined;
    const message =
      quotedNumber(issue, path, found) ??
      (issue.message === PLAIN ? plainMessage(issue, schema, path, found) : issue.message);
    problems.push(
      problem(file, lineOf(path), missing ? `is required and missing: it ${message}` : message, {
        field: formatPath(path),
        ...(missing ? {} : { found: foundText(found, sourceOf(path)) }),
      }),
    );
  }
  return { problems };
}

/**
 * A number written in quotes (`participants: "12"`) is text to YAML: the one change to make is
 * to take the quotes away, whatever the field's own message says a number must be.
 */
function quotedNumber(
  issue: z.core.$ZodIssue,
  path: readonly (string | number)[],
  found: unknown,
): string | undefined {
  if (issue.code !== "invalid_type" || issue.expected !== "number") return undefined;
  if (typeof found !== "string" || !/^[+-]?\d+(\.\d+)?$/.test(found.trim())) return undefined;
  const key = [...path].reverse().find((p) => typeof p === "string");
  const example = key === undefined || typeof path[path.length - 1] === "number" ? found.trim() : `${key}: ${found.trim()}`;
  return `is a number written in quotes, which YAML reads as text: remove the quotes, like ${example}`;
}

/** The mark of an issue without words of its own (zod's would name types, not fields). */
const PLAIN = "\u0000plain";

/** What a value is, in the words of someone writing YAML. */
function kindOf(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "a yes/no value";
    case "object":
      return "a group of fields";
    default:
      return "something else";
  }
}

/**
 * An issue the schema has no message for, said as what the field must be and what was found
 * instead: zod's own words ("Invalid input: expected object, received string") name types a
 * person writing YAML never sees.
 */
function plainMessage(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  path: readonly (string | number)[],
  found: unknown,
): string {
  const instead = found === undefined ? "" : `, not ${kindOf(found)}`;
  const entries = (n: number | bigint): string => `${n} ${Number(n) === 1 ? "entry" : "entries"}`;
  switch (issue.code) {
    case "invalid_type":
      switch (issue.expected) {
        case "object": {
          const keys = allowedKeys(schema, path);
          const last = path[path.length - 1];
          if (path.length === 0) {
            return `the fields must be written one a line, like \`name: value\`${instead}`;
          }
          if (typeof last === "number") {
            const first = keys.split(", ")[0] ?? "name";
            const example = typeof found === "string" || typeof found === "number" ? `${found}` : "…";
            return `each entry must be fields (${keys})${instead}: write it as \`- ${first}: ${example}\`, with any other fields on the lines below, indented`;
          }
          return `must be fields on the lines below it, indented (${keys})${instead}`;
        }
        case "array":
          return `must be a list, like [first, second]${instead}`;
        case "string":
          return typeof found === "number" || typeof found === "boolean"
            ? `must be text${instead}: put it in quotes, like "${String(found)}"`
            : `must be text${instead}`;
        case "number":
        case "int":
          return `must be a number${instead}`;
        case "boolean":
          return `must be true or false${instead}`;
        case "never":
        case "undefined":
          return "is not allowed here: remove it";
        default:
          return `is not the kind of value this field takes${instead}`;
      }
    case "too_small":
      if (issue.origin === "array") {
        return Number(issue.minimum) <= 1
          ? "must not be an empty list: list at least one"
          : `must list at least ${entries(issue.minimum)}`;
      }
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1
          ? "must not be empty"
          : `must be at least ${issue.minimum} characters long`;
      }
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return `must list at most ${entries(issue.maximum)}`;
      if (issue.origin === "string") {
        return `must be at most ${issue.maximum} characters long`;
      }
      return `must be at most ${issue.maximum}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(" | ")}`;
    default:
      return "is not written in a way this field takes: see docs/content-format.md for the field";
  }
}

/** A value as the person wrote it: `.inf` stays `.inf`, where JSON would say null. */
function foundText(found: unknown, written: string | undefined): string {
  if (typeof found === "string") return found;
  if (written !== undefined && !written.includes("\n")) return written;
  // A long list is named by its length: the whole roster quoted back helps nobody.
  if (Array.isArray(found) && found.length > 5) return `a list of ${found.length}`;
  return JSON.stringify(found) ?? String(found);
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function allowedKeys(schema: z.ZodType, path: readonly (string | number)[]): string {
  let node: z.ZodType = schema;
  for (const key of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) {
      const shape = node.shape as Record<string, z.ZodType>;
      const next = typeof key === "string" ? shape[key] : undefined;
      if (!next) break;
      node = next;
    } else if (node instanceof z.ZodArray) {
      node = node.element as z.ZodType;
    }
  }
  node = unwrap(node);
  if (node instanceof z.ZodArray) node = unwrap(node.element as z.ZodType);
  return node instanceof z.ZodObject ? Object.keys(node.shape).join(", ") : "(none)";
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
