// Lineage between tactics: which tactic each `adapted-from:` names (one of the circle's own, or
// one imported from another circle), and the chain of tactics each descends from, oldest first.
// Pure: the loader hands it the tactics it read and collects the problems it finds.
import { nameWrittenAsPath, writeJustTheName } from "./tactic-names.ts";
import type { LineageStep, Tactic } from "./model.ts";
import { problem, type ContentProblem } from "./problem.ts";

/** An `adapted-from:` as written: a slug of this circle, or an imported tactic by circle. */
export type AdaptedFromRef = string | { circle: string; tactic: string };

export interface Adaptation {
  tactic: Tactic;
  ref: AdaptedFromRef;
  line: number;
}

/** The step that names `source` in the lineage of a tactic adapted from it. */
export function stepOf(source: Tactic): LineageStep {
  return source.from
    ? { circle: source.from.circle, id: `tactics/${source.from.slug}`, title: source.title }
    : { id: `tactics/${source.slug}`, title: source.title };
}

/**
 * Sets `adaptedFrom` and `lineage` on the circle's own tactics. An imported tactic keeps the
 * lineage its circle exported. `localSlugs`: every tactic file name of tactics/, so a tactic
 * whose file has other problems is not reported missing a second time.
 */
export function linkAdaptations(
  tactics: readonly Tactic[],
  adaptations: readonly Adaptation[],
  localSlugs: ReadonlySet<string>,
  problems: ContentProblem[],
): void {
  const own = new Map(tactics.filter((t) => !t.from).map((t) => [t.slug, t]));
  const imported = tactics.filter((t) => t.from);
  for (const { tactic, ref, line } of adaptations) {
    const found = (text: string): { field: string; found: string } => ({
      field: "adapted-from",
      found: text,
    });
    if (typeof ref === "string") {
      const source = own.get(ref);
      if (source === tactic) {
        problems.push(problem(tactic.file, line, "a tactic cannot be adapted from itself.", found(ref)));
      } else if (source) {
        tactic.adaptedFrom = source.slug;
      } else if (!localSlugs.has(ref)) {
        const name = nameWrittenAsPath(ref, localSlugs);
        const message = name
          ? writeJustTheName("adapted-from", name)
          : `no file tactics/${ref}.md exists: name one of this circle's tactics by its file name without .md, or an imported one as {circle: <its exchange name>, tactic: <its file name>}.`;
        problems.push(problem(tactic.file, line, message, found(ref)));
      }
      continue;
    }
    const wanted = ref.circle.trim().toLowerCase();
    const fromCircle = imported.filter(
      (t) => t.from?.circle.toLowerCase() === wanted || t.from?.folder === wanted,
    );
    const source = fromCircle.find((t) => t.from?.slug === ref.tactic.trim());
    if (source) {
      tactic.adaptedFrom = source.slug;
      continue;
    }
    const circles = [...new Set(imported.map((t) => t.from?.circle ?? ""))].sort();
    problems.push(
      problem(
        tactic.file,
        line,
        fromCircle.length > 0
          ? `no tactic ${ref.tactic} was imported from "${ref.circle}": name one of the files in from/${fromCircle[0]?.from?.folder ?? ""}/tactics/ without .md.`
          : `no tactic was imported from a circle called "${ref.circle}": ${circles.length > 0 ? `the circles imported are ${circles.map((c) => `"${c}"`).join(", ")}` : "nothing has been imported yet (mimeo import BUNDLE)"}. Write the circle's exchange name as the imported files' from: says.`,
        found(`${ref.circle}, ${ref.tactic}`),
      ),
    );
  }

  // The chain of each own tactic: its source's chain, then its source.
  const bySlug = new Map(tactics.map((t) => [t.slug, t]));
  const done = new Map<Tactic, LineageStep[]>();
  const lineLine = new Map(adaptations.map((a) => [a.tactic, a.line]));
  const chainOf = (tactic: Tactic, seen: Tactic[]): LineageStep[] => {
    if (tactic.from) return tactic.lineage ?? [];
    const known = done.get(tactic);
    if (known) return known;
    const source = tactic.adaptedFrom !== undefined ? bySlug.get(tactic.adaptedFrom) : undefined;
    if (!source) return [];
    if (seen.includes(tactic)) {
      const loop = [...seen.slice(seen.indexOf(tactic)), tactic].map((t) => t.slug).join(" → ");
      problems.push(
        problem(
          tactic.file,
          lineLine.get(tactic) ?? 0,
          `adapted-from goes round in a loop (${loop}): a tactic cannot descend from itself. Remove adapted-from from one of them.`,
          { field: "adapted-from", found: tactic.adaptedFrom ?? "" },
        ),
      );
      return [];
    }
    const chain = [...chainOf(source, [...seen, tactic]), stepOf(source)];
    done.set(tactic, chain);
    return chain;
  };
  for (const tactic of tactics) {
    if (!tactic.from) tactic.lineage = chainOf(tactic, []);
  }
}
