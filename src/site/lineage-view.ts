// Where each tactic of one audience comes from, as its page shows it: the circle that sent it,
// the tactics it was adapted from (oldest first), and the tactics known here that adapted it.
// Pure: siteFor calls it with the tactics that audience sees and nothing else.
import type { LineageStep, Tactic } from "../content/model.ts";
import { formatMonth } from "./dates.ts";
import type { Words } from "./words.ts";

/** A tactic named with its circle, linked when this audience has its page. */
export interface CircleCredit {
  title: string;
  circle: string;
  url?: string;
}

export interface TacticLineage {
  /** For an imported tactic: the circle that sent it, and for the circle the month it came. */
  origin?: { circle: string; receivedLabel?: string };
  /** The tactics it descends from, oldest first. */
  adaptedFrom: CircleCredit[];
  /** Tactics known here that descend from it, each with its circle. */
  adaptedBy: CircleCredit[];
}

export interface LineageContext {
  /** The tactics this audience sees, own and imported. */
  tactics: readonly Tactic[];
  /** This circle's exchange name, if it has one: its own tactics in other circles' lineage. */
  exchangeName?: string;
  words: Words;
  language: Parameters<typeof formatMonth>[1];
  zone: string;
  urlOf: (tactic: Tactic) => string;
  /**
   * Whether to say the month each import came: the circle's own record. The public archive
   * leaves it out, since it would date a meeting between two circles.
   */
  showReceived: boolean;
}

/**
 * Each tactic's lineage. A step naming one of this circle's own tactics that this audience
 * does not see is left out, so a public page never names a circle-only tactic; a step naming
 * another circle's tactic is shown (their bundle published it), linked when it is here.
 */
export function lineageView(context: LineageContext): (tactic: Tactic) => TacticLineage {
  const { tactics, exchangeName, words } = context;
  const own = new Map(tactics.filter((t) => !t.from).map((t) => [`tactics/${t.slug}`, t]));
  const imported = new Map(
    tactics.flatMap((t) => (t.from ? [[`${t.from.circle}\n${t.from.slug}`, t] as const] : [])),
  );
  const ours = exchangeName ?? words.exchange.thisCircle;
  const isOurs = (step: LineageStep): boolean =>
    step.circle === undefined || step.circle === exchangeName;
  const tacticOf = (step: LineageStep): Tactic | undefined =>
    isOurs(step)
      ? own.get(step.id)
      : imported.get(`${step.circle ?? ""}\n${step.id.replace(/^tactics\//, "")}`);
  const creditOf = (tactic: Tactic): CircleCredit => ({
    title: tactic.title,
    circle: tactic.from?.circle ?? ours,
    url: context.urlOf(tactic),
  });
  const chainOf = (tactic: Tactic): CircleCredit[] =>
    (tactic.lineage ?? []).flatMap((step) => {
      const found = tacticOf(step);
      if (found) return [creditOf(found)];
      if (isOurs(step)) return [];
      return [
        {
          title: step.title ?? step.id.replace(/^tactics\//, ""),
          circle: step.circle ?? ours,
        },
      ];
    });
  // Who descends from whom, worked out once rather than once a page.
  const adopters = new Map<Tactic, Tactic[]>();
  for (const adopter of tactics) {
    for (const source of new Set((adopter.lineage ?? []).map(tacticOf))) {
      if (source && source !== adopter)
        adopters.set(source, [...(adopters.get(source) ?? []), adopter]);
    }
  }
  return (tactic) => ({
    ...(tactic.from
      ? {
          origin: {
            circle: tactic.from.circle,
            ...(context.showReceived
              ? {
                  receivedLabel: formatMonth(tactic.from.received, context.language, context.zone),
                }
              : {}),
          },
        }
      : {}),
    adaptedFrom: chainOf(tactic),
    adaptedBy: (adopters.get(tactic) ?? []).map(creditOf),
  });
}
