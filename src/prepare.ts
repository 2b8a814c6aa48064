// Reads a circle and computes what the pages and sheets need from it (the ledger's totals and
// balances; the rotation plan and the calendar), collecting every problem of every stage in one
// run. The result is used only when there are no problems at all.
import { loadCircle, type LoadOptions } from "./content/load.ts";
import { problem, sortProblems, type ContentProblem } from "./content/problem.ts";
import type { Audience, Circle } from "./content/model.ts";
import { readLedger, type Ledger } from "./ledger/index.ts";
import { handoversOf, planRotation, type RotationPlan } from "./rotation/index.ts";
import { parseAssemblyRule, rhythmCalendar, type RhythmCalendar } from "./rhythm/index.ts";
import { canonicalJson } from "./canonical-json.ts";
import { ledgerView, type LedgerView } from "./site/ledger-view.ts";

export interface PreparedCircle {
  circle: Circle;
  ledger: Ledger;
  /** The rotation table, when the circle keeps a roster. */
  rotation?: RotationPlan;
  /** The next twelve months from rhythm.start: pulses, rest, assemblies, handovers. */
  calendar: RhythmCalendar;
  /**
   * The ledger page's view for each audience (ledgerView), when the load kept a memo: a rebuild
   * takes them as the last build made them while the ledger and the language are the same (its
   * sums and charts were about 0.03 s of a one-edit rebuild). Without it, siteFor makes them.
   */
  ledgerViews?: Readonly<Partial<Record<Audience, LedgerView>>>;
}

export interface PrepareResult {
  prepared?: PreparedCircle;
  problems: ContentProblem[];
}

export interface PrepareOptions extends LoadOptions {
  /** More checks with I/O of their own (images are decoded by the build), run in the same pass. */
  also?: (circle: Circle) => Promise<ContentProblem[]>;
  /**
   * The ledger, rotation plan and calendar of the last load, kept by `mimeo serve`: a part whose
   * inputs are the same is not worked out again, and is the same object as last time.
   */
  memo?: PrepareMemo;
  /** The audiences being built: the memo keeps the ledger page's view of each (ledgerViews). */
  audiences?: readonly Audience[];
}

/** Each part of the last load, with the canonical JSON of what it was worked out from. */
export interface PrepareMemo {
  ledger?: Remembered<ReturnType<typeof readLedger>>;
  rotation?: Remembered<ReturnType<typeof planRotation>>;
  calendar?: Remembered<RhythmCalendar>;
  ledgerViews?: Remembered<Partial<Record<Audience, LedgerView>>>;
}

interface Remembered<T> {
  inputs: string;
  value: T;
}

/** `work()`, or its value from the memo when `inputs` are the same as they were then. */
function remembered<K extends keyof PrepareMemo>(
  memo: PrepareMemo | undefined,
  part: K,
  inputs: unknown,
  work: () => NonNullable<PrepareMemo[K]>["value"],
): NonNullable<PrepareMemo[K]>["value"] {
  if (!memo) return work();
  const key = canonicalJson(inputs);
  const last = memo[part];
  if (last?.inputs === key) return last.value;
  const value = work();
  memo[part] = { inputs: key, value } as PrepareMemo[K];
  return value;
}

/** The months of ledger files that have problems and could not be read into the circle. */
function unreadLedgerMonths(circle: Circle, problems: readonly ContentProblem[]): string[] {
  const read = new Set(circle.ledger.map((m) => m.file));
  const months = problems.flatMap((p) => {
    const month = /^ledger\/(\d{4}-\d{2})\.md$/.exec(p.file)?.[1];
    return month !== undefined && !read.has(p.file) ? [month] : [];
  });
  return [...new Set(months)].sort();
}

/**
 * Whether the loader already reported the problem the planner found: the planner checks the
 * roster it is given (a role no one has, an absence that ends before it starts) for callers
 * other than the loader, and the loader names the same mistake at its exact line. Said once.
 */
function saidBefore(found: ContentProblem, loaded: readonly ContentProblem[]): boolean {
  const field = found.field;
  if (field === undefined) return false;
  return loaded.some(
    (p) =>
      p.file === found.file &&
      p.field !== undefined &&
      (p.field === field || p.field.startsWith(`${field}[`) || p.field.startsWith(`${field}.`)),
  );
}

export async function prepareCircle(
  dir: string,
  options: PrepareOptions = {},
): Promise<PrepareResult> {
  const { also, memo, audiences, ...load } = options;
  const { circle, problems } = await loadCircle(dir, load);
  if (!circle) return { problems };
  const all = [...problems];
  if (also) all.push(...(await also(circle)));

  const ledgerOptions = {
    currency: circle.settings.currency,
    careUnits: circle.settings.careUnits,
    members: circle.roster?.members.map((m) => m.name) ?? [],
    hasRoster: circle.roster !== undefined,
    unreadMonths: unreadLedgerMonths(circle, problems),
  };
  const { ledger, problems: ledgerProblems } = remembered(
    memo,
    "ledger",
    { months: circle.ledger, ledgerOptions },
    () => readLedger(circle.ledger, ledgerOptions),
  );
  // A rotation.md that cannot be read names no members, and every name in the ledger would be
  // reported as unknown, burying the problem that matters under one line per row.
  const rosterUnread = !circle.roster && problems.some((p) => p.file === "rotation.md");
  all.push(...ledgerProblems.filter((p) => !(rosterUnread && p.field === "who")));

  let rotation: RotationPlan | undefined;
  if (circle.roster) {
    const roster = circle.roster;
    const { plan, problems: rotationProblems } = remembered(memo, "rotation", roster, () =>
      planRotation(roster),
    );
    all.push(...rotationProblems.filter((p) => !saidBefore(p, problems)));
    rotation = plan;
  }

  const { settings } = circle;
  const rule = parseAssemblyRule(settings.rhythm.assembly);
  if ("error" in rule) {
    all.push(
      problem("circle.yaml", settings.lines.assembly, rule.error, {
        field: "rhythm.assembly",
        found: settings.rhythm.assembly,
      }),
    );
  }
  if (settings.rhythm.seal !== undefined) {
    const seal = parseAssemblyRule(settings.rhythm.seal);
    if ("error" in seal) {
      all.push(
        problem("circle.yaml", settings.lines.seal ?? settings.lines.assembly, seal.error, {
          field: "rhythm.seal",
          found: settings.rhythm.seal,
        }),
      );
    }
  }
  if (all.length > 0) return { problems: sortProblems(all) };

  const rhythm = { ...settings.rhythm, timezone: settings.timezone, language: settings.language };
  const handovers = rotation ? handoversOf(rotation) : [];
  const calendar = remembered(memo, "calendar", { rhythm, handovers }, () =>
    rhythmCalendar(rhythm, handovers),
  );
  // Made from the ledger (by the key it was remembered under) and the language only, for the
  // audiences being built: a public build does not make the circle's view.
  const { language } = settings;
  const ledgerViews =
    memo && audiences && audiences.length > 0
      ? remembered(
          memo,
          "ledgerViews",
          { ledger: memo.ledger?.inputs ?? null, language, audiences: [...audiences].sort() },
          () => Object.fromEntries(audiences.map((a) => [a, ledgerView(ledger, a, language)])),
        )
      : undefined;
  return {
    prepared: {
      circle,
      ledger,
      ...(rotation ? { rotation } : {}),
      calendar,
      ...(ledgerViews ? { ledgerViews } : {}),
    },
    problems: [],
  };
}
