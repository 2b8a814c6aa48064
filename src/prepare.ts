// Reads a circle and computes what the pages and sheets need from it (the ledger's totals and
// balances; the rotation plan and the calendar), collecting every problem of every stage in one
// run. The result is used only when there are no problems at all.
import { loadCircle, type LoadOptions } from "./content/load.ts";
import { sortProblems, type ContentProblem } from "./content/problem.ts";
import type { Circle } from "./content/model.ts";
import { readLedger, type Ledger } from "./ledger/index.ts";

export interface PreparedCircle {
  circle: Circle;
  ledger: Ledger;
}

export interface PrepareResult {
  prepared?: PreparedCircle;
  problems: ContentProblem[];
}

export async function prepareCircle(
  dir: string,
  options: LoadOptions = {},
): Promise<PrepareResult> {
  const { circle, problems } = await loadCircle(dir, options);
  if (!circle) return { problems };
  const all = [...problems];

  const { ledger, problems: ledgerProblems } = readLedger(
    circle.ledger.map((m) => ({
      file: m.file,
      month: m.month,
      audience: m.audience,
      body: m.body,
      bodyStartLine: m.bodyStartLine,
      ...(m.opening ? { opening: m.opening } : {}),
    })),
    {
      currency: circle.settings.currency,
      careUnits: circle.settings.careUnits,
      members: circle.roster?.members.map((m) => m.name) ?? [],
    },
  );
  all.push(...ledgerProblems);

  if (all.length > 0) return { problems: sortProblems(all) };
  return { prepared: { circle, ledger }, problems: [] };
}
