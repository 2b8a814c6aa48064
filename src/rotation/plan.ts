// The rotation planner: who holds which role in each term, by round robin or by an
// RFC 3797 lottery, keeping the six rules of rotation.md wherever the roster allows.
import type { ContentProblem } from "../content/problem.ts";
import { dayNumber, isoDay } from "./days.ts";
import { drawSteps, LotterySeedError, rfc3797Key } from "./rfc3797.ts";
import type { DrawStep } from "./rfc3797.ts";
import type { RosterInput, RotationPlan, RotationSeat, RotationTerm } from "./types.ts";
import { checkPlan } from "./check.ts";
import type { PlanFinding } from "./check.ts";
import { cheapestAssignment } from "./assign.ts";
import { rankedFillings } from "./fill.ts";

/**
 * How much the search may try over the whole plan before it settles for the best plan it has
 * (docs/rotation.md, "Going back"): each filling tried costs its term's roles × free members,
 * so a small roster gets more tries than a large one, where each try costs more. A count, not
 * a time, so every machine gives the same table.
 */
const SEARCH_BUDGET = 100_000;

/** A member with what the planner needs precomputed. */
interface Person {
  name: string;
  line: number;
  /** Role indexes (into roster.roles) this member may hold. */
  open: number[];
  away?: { from: number; to: number; text: string };
}

/** Plans the roster, or explains (rule 6) why it cannot be planned. */
export function planRotation(roster: RosterInput): {
  plan?: RotationPlan;
  problems: ContentProblem[];
} {
  const problems: ContentProblem[] = [];
  const { file, lines } = roster;
  const report = (line: number, field: string, message: string, found?: string): void => {
    problems.push(
      found === undefined ? { file, line, field, message } : { file, line, field, message, found },
    );
  };

  // --- The roster itself -----------------------------------------------------------------
  const roles = roster.roles;
  if (roles.length === 0) report(lines.roles, "roles", "list at least one role");
  const seenRoles = new Set<string>();
  for (const role of roles) {
    if (seenRoles.has(role))
      report(lines.roles, "roles", `"${role}" is listed twice: list each role once`, role);
    seenRoles.add(role);
  }
  const startDay = dayNumber(roster.start);
  if (startDay === undefined) {
    report(lines.start, "start", "not a calendar date: write it as YYYY-MM-DD", roster.start);
  }
  if (!Number.isInteger(roster.termDays) || roster.termDays < 1) {
    report(
      lines.term ?? lines.start,
      "term",
      "a term must last a whole number of days, at least one",
      String(roster.termDays),
    );
  }
  if (!Number.isInteger(roster.terms) || roster.terms < 1) {
    report(lines.start, "terms", "plan at least one term", String(roster.terms));
  }

  let key: string | undefined;
  if (roster.method === "lottery") {
    const seedLine = lines.seed ?? lines.roles;
    if (roster.seed === undefined) {
      report(
        seedLine,
        "seed",
        'a lottery needs a seed: the numbers drawn in public, e.g. seed: "9319 / 2 5 8 10 12 / 9 18 26 34 41 45"',
      );
    } else {
      try {
        key = rfc3797Key(roster.seed);
      } catch (error) {
        if (!(error instanceof LotterySeedError)) throw error;
        report(seedLine, "seed", error.message, roster.seed);
      }
    }
  }

  const people: Person[] = [];
  const seenNames = new Set<string>();
  roster.members.forEach((m, i) => {
    if (seenNames.has(m.name)) {
      report(
        m.line,
        `members[${i}].name`,
        `${m.name} is listed twice: list each member once`,
        m.name,
      );
    }
    seenNames.add(m.name);
    const open: number[] = [];
    if (m.roles === undefined) {
      roles.forEach((_, r) => open.push(r));
    } else {
      for (const role of m.roles) {
        const r = roles.indexOf(role);
        if (r < 0) {
          report(
            m.line,
            `members[${i}].roles`,
            `"${role}" is not one of the roles (${roles.join(", ")}): check the spelling`,
            role,
          );
        } else if (!open.includes(r)) {
          open.push(r);
        }
      }
      open.sort((a, b) => a - b);
    }
    const person: Person = { name: m.name, line: m.line, open };
    if (m.away !== undefined) {
      const [fromText, toText] = m.away;
      const from = dayNumber(fromText);
      const to = dayNumber(toText);
      if (from === undefined || to === undefined) {
        report(
          m.line,
          `members[${i}].away`,
          "both dates must be calendar dates written YYYY-MM-DD",
          `${fromText}, ${toText}`,
        );
      } else if (from > to) {
        report(
          m.line,
          `members[${i}].away`,
          "the first date (away from) must not be after the second (back after)",
          `${fromText}, ${toText}`,
        );
      } else {
        person.away = { from, to, text: `${fromText} to ${toText}` };
      }
    }
    people.push(person);
  });

  // Roles nobody may hold fail every term; say so once, not once per term.
  const holdersOf = roles.map((_, r) => people.filter((p) => p.open.includes(r)));
  const unfillable = new Set<number>();
  holdersOf.forEach((holders, r) => {
    if (holders.length === 0) {
      unfillable.add(r);
      report(
        lines.roles,
        "rule 1",
        `no member may hold ${roles[r]}, so no term can be filled (term 1 onwards): add ${roles[r]} to some member's roles, or remove that member's roles list, or remove the role`,
        roles[r],
      );
    }
  });

  // Each of these was reported above; without a start and a term length there are no terms.
  if (startDay === undefined || !Number.isInteger(roster.termDays) || roster.termDays < 1) {
    return { problems };
  }

  // Most restricted role first, ties in roster order: a rare role is filled while its few
  // holders are all still unplaced. The lookahead below keeps the rules in any order; this
  // one fixes which pool the round robin sees first, so it is part of the public procedure.
  const fillOrder = roles
    .map((_, r) => r)
    .filter((r) => !unfillable.has(r))
    .sort((a, b) => (holdersOf[a]?.length ?? 0) - (holdersOf[b]?.length ?? 0) || a - b);

  // --- Who goes first -------------------------------------------------------------------
  // The round robin walks the roster in its own order; a lottery first draws that order with
  // RFC 3797 (the pool is the roster numbered from 1, every member is picked), then walks it
  // the same way. One public draw decides the table, and the table keeps the rules as well
  // as the plain rotation does.
  const count = people.length;
  let order = people.map((_, c) => c);
  let draws: (DrawStep & { selected: number; member: string })[] | undefined;
  if (key !== undefined && roster.seed !== undefined && count > 0) {
    // The seed made `key` above, so it is valid; the pool is the roster numbered from 1.
    const { steps } = drawSteps(roster.seed, count);
    order = steps.map((step) => step.selected - 1);
    draws = steps.map((step) => ({ ...step, member: people[step.selected - 1]?.name ?? "" }));
  }
  const place = new Array<number>(count).fill(0);
  order.forEach((c, i) => (place[c] = i));

  // --- The terms -------------------------------------------------------------------------
  const termList = Array.from({ length: roster.terms }, (_, t) => {
    const from = startDay + t * roster.termDays;
    const to = from + roster.termDays - 1;
    const free = people.map((p) => p.away === undefined || p.away.to < from || p.away.from > to);
    return {
      term: { number: t + 1, start: isoDay(from), end: isoDay(to) },
      free,
      present: people.map((_, c) => c).filter((c) => free[c]),
    };
  });
  // Members "with the same availability" (rule 4) are free in exactly the same terms of the
  // plan; which roles they may hold does not matter for the count of turns.
  const freeTerms = people.map((_, c) => termList.map((tm) => (tm.free[c] ? "1" : "0")).join(""));
  const groupKeys = [...new Set(freeTerms)];
  const groupOf = freeTerms.map((f) => groupKeys.indexOf(f));
  const groups = groupKeys.map((_, g) => people.map((_, c) => c).filter((c) => groupOf[c] === g));
  const freeCount = freeTerms.map((f) => [...f].filter((x) => x === "1").length);
  /**
   * Rule 4's spread between members: [a, b, more] for every two members where a is free in
   * every term b is free in, and in `more` terms besides. At the end b must have at most one
   * turn more than a, and a at most `more` + 1 more than b (within one, when alike).
   */
  const nested: [number, number, number][] = [];
  freeTerms.forEach((a, i) =>
    freeTerms.forEach((b, j) => {
      if (i !== j && [...b].every((x, u) => x === "0" || a[u] === "1"))
        nested.push([i, j, (freeCount[i] ?? 0) - (freeCount[j] ?? 0)]);
    }),
  );
  /** freeFrom[c][t]: terms from t on (t included) in which member c is free. */
  const freeFrom = freeTerms.map((f) => {
    const left = new Array<number>(f.length + 1).fill(0);
    for (let t = f.length - 1; t >= 0; t--) left[t] = (left[t + 1] ?? 0) + (f[t] === "1" ? 1 : 0);
    return left;
  });

  // Rule 6 first: a term no filling can fill (rules 1 and 2) fails the build, whatever the
  // other terms hold. Every term is checked, so one run lists every problem.
  termList.forEach(({ term, free, present }) => {
    const open = fillOrder.map((r) =>
      present.map((c) => (people[c]?.open.includes(r) ? 0n : null)),
    );
    if (cheapestAssignment(open) === undefined) diagnose(term, free);
  });
  if (problems.length > 0) return { problems };

  /** Where the plan stands after some terms. States are never changed, only replaced. */
  interface State {
    turns: number[];
    /** Roles held since the member last held every role open to them (rule 4's round). */
    round: ReadonlySet<number>[];
    /** Who held each role last term. */
    lastHolder: (number | undefined)[];
    /** The round robin's place in `order`: the next pick is the first candidate at or after it. */
    pointer: number;
  }
  /** One term filled: who holds each role (fill order), each role's pool, and the state after. */
  interface Step {
    members: number[];
    pools: number[][];
    state: State;
  }
  const seatsPerTerm = BigInt(fillOrder.length);
  const startState: State = {
    turns: new Array<number>(count).fill(0),
    round: people.map(() => new Set<number>()),
    lastHolder: roles.map(() => undefined),
    pointer: 0,
  };
  /** Whether giving role `r` to member `c` now would break rule 3 or rule 4's round. */
  const departs = (s: State, r: number, c: number): boolean =>
    s.lastHolder[r] === c || (s.round[c]?.has(r) ?? false);

  /**
   * The fillings of term `t` after state `s`, best first (docs/rotation.md, "The best fillings
   * of a term" and "The pool and the pick"). `keep` leaves out every filling that would break
   * rule 3 or rule 4's round.
   */
  const fillingsOf = (t: number, s: State, keep: boolean): (() => Step | undefined) => {
    const present = termList[t]?.present ?? [];
    const { turns, round, lastHolder } = s;
    // Groups whose free members have unequal turns: only there can the first wish tell
    // fillings apart.
    const uneven = new Set<number>();
    for (const c of present) {
      const g = groupOf[c] ?? -1;
      if (present.some((k) => groupOf[k] === g && turns[k] !== turns[c])) uneven.add(g);
    }
    // The share: turns so far ÷ terms of the plan the member is free in. Ranked among the
    // members free this term, lowest first; compared without division.
    const shareRank = shareRanks(present.map((c) => [turns[c] ?? 0, freeCount[c] ?? 1]));

    // What each (role, member) pair costs the term, wish by wish, most important first.
    // Rules 1 and 2 are not wishes: a pair that breaks them is not allowed at all.
    const power = seatsPerTerm + 1n;
    const wishes = (r: number, i: number): bigint[] | null => {
      const c = present[i] ?? -1;
      const p = people[c];
      if (p === undefined || !p.open.includes(r)) return null;
      const own = round[c] ?? new Set<number>();
      return [
        // rule 4: within a group, turns to the fewest turns (counted against the group below)
        uneven.has(groupOf[c] ?? -1) ? BigInt(turns[c] ?? 0) : 0n,
        // rule 3: not the role the member held last term
        lastHolder[r] === c ? 1n : 0n,
        // rule 4: a role not yet held in the member's current round
        own.has(r) ? 1n : 0n,
        // then the lowest share of turns for the terms they are free, so a member who is away
        // for part of the plan gets proportionally fewer turns, and catches up when back
        power ** BigInt(shareRank[i] ?? 0),
        // rule 4: then whoever has fewest roles left in their round, so rounds close together
        // and members who serve together keep needing different roles
        BigInt(p.open.length - own.size),
      ];
    };
    // The weights come from every pair the term allows, kept or not, so a filling costs the
    // same whether or not the fillings that break rules 3 and 4 are left out.
    const { costs, weights } = lexicographicCosts(
      fillOrder.map((r) => present.map((_, i) => wishes(r, i))),
      seatsPerTerm,
    );
    const next = rankedFillings({
      cost: keep
        ? costs.map((row, q) =>
            row.map((v, i) => (departs(s, fillOrder[q] ?? -1, present[i] ?? -1) ? null : v)),
          )
        : costs,
      firstWeight: weights[0] ?? 1n,
      group: present.map((c) => groupOf[c] ?? -1),
      turns: present.map((c) => turns[c] ?? 0),
      place: present.map((c) => place[c] ?? 0),
      count,
      pointer: s.pointer,
    });
    return () => {
      const f = next();
      if (f === undefined) return undefined;
      const members = f.columns.map((i) => present[i] ?? -1);
      const pools = f.pools.map((pool) => pool.map((i) => present[i] ?? -1));
      return { members, pools, state: after(s, members) };
    };
  };

  /** The state after a term filled with `members` (one per role, in fill order). */
  const after = (s: State, members: number[]): State => {
    const turns = [...s.turns];
    const round = [...s.round];
    const lastHolder: (number | undefined)[] = roles.map(() => undefined);
    members.forEach((c, q) => {
      const r = fillOrder[q] ?? -1;
      lastHolder[r] = c;
      turns[c] = (turns[c] ?? 0) + 1;
      const own = new Set(round[c]);
      own.add(r);
      if (people[c]?.open.every((o) => own.has(o))) own.clear();
      round[c] = own;
    });
    const lastPick = members[members.length - 1];
    const pointer = lastPick === undefined ? s.pointer : ((place[lastPick] ?? 0) + 1) % count;
    return { turns, round, lastHolder, pointer };
  };

  /**
   * Whether rule 4's spread of turns can still be kept with terms `t` onwards to fill: a
   * bound, never wrong when it says no. Each member can still gain at most one turn per free
   * term left, or about half of them if they may hold one role only (rule 3), so two members
   * already too far apart cannot end within the spread; and every term fills every role, so
   * the turns to come add up exactly.
   */
  const canEven = (t: number, s: State): boolean => {
    const gain = people.map((p, c) => {
      const left = freeFrom[c]?.[t] ?? 0;
      if (p.open.length === 0) return 0;
      if (p.open.length > 1) return left;
      // One role only: never two terms in a row, so at best every free term the last one left.
      const r = p.open[0] ?? -1;
      let taken = 0;
      let previous = s.lastHolder[r] === c;
      for (let u = t; u < roster.terms; u++) {
        const take = (termList[u]?.free[c] ?? false) && !previous;
        if (take) taken++;
        previous = take;
      }
      return taken;
    });
    const turns = s.turns;
    for (const [a, b, more] of nested) {
      const [ta, tb] = [turns[a] ?? 0, turns[b] ?? 0];
      if (tb > ta + (gain[a] ?? 0) + 1 || ta > tb + (gain[b] ?? 0) + more + 1) return false;
    }
    let low = 0;
    let high = 0;
    const seatsLeft = (roster.terms - t) * fillOrder.length;
    let total = seatsLeft;
    /** The turns each member must still take so their group can end within one turn. */
    const need = new Array<number>(count).fill(0);
    const lowestOf = groups.map((g) => Math.max(...g.map((c) => turns[c] ?? 0)) - 1);
    groups.forEach((g, i) => {
      const lowest = lowestOf[i] ?? 0;
      const highest = Math.min(...g.map((c) => (turns[c] ?? 0) + (gain[c] ?? 0)));
      g.forEach((c) => {
        const n = turns[c] ?? 0;
        need[c] = Math.max(0, lowest - n);
        total += n;
        low += Math.max(n, lowest);
        high += Math.min(n + (gain[c] ?? 0), highest + 1);
      });
    });
    if (low > total || total > high) return false;
    const needed = need.reduce((a, b) => a + b, 0);
    // The most turns each member can still take: a whole group rises together, so it can
    // rise only as far as the seats left over by every other member's need allow.
    const most = new Array<number>(count).fill(0);
    groups.forEach((g) => {
      const spare = seatsLeft - needed + g.reduce((sum, c) => sum + (need[c] ?? 0), 0);
      let level = Math.max(...g.map((c) => turns[c] ?? 0)) - 1;
      const cost = (a: number): number =>
        g.reduce((sum, c) => sum + Math.max(0, a - (turns[c] ?? 0)), 0);
      while (cost(level + 1) <= spare && level < roster.terms) level++;
      for (const c of g) most[c] = Math.max(0, Math.min(gain[c] ?? 0, level + 1 - (turns[c] ?? 0)));
    });
    // Each role needs one seat a term. Rule 4's round lets a member hold a role again only
    // after every other role open to them: count the turns the role's seats cost at least,
    // cheapest seats first, on top of what members must take anyway.
    for (const r of fillOrder) {
      const offers: number[] = [];
      people.forEach((p, c) => {
        if (!p.open.includes(r)) return;
        const k = p.open.length;
        const own = s.round[c] ?? new Set<number>();
        const m = k - own.size;
        const inRound = own.has(r);
        // Turns the member must take to hold role r for the j-th time.
        const turnsFor = (j: number): number =>
          inRound ? m + 1 + (j - 1) * k : j === 1 ? 1 : m + (j - 2) * k + 1;
        const floor = need[c] ?? 0;
        let before = floor;
        for (let j = 1; turnsFor(j) <= (most[c] ?? 0); j++) {
          const now = Math.max(turnsFor(j), floor);
          offers.push(now - before);
          before = now;
        }
      });
      const seats = roster.terms - t;
      if (offers.length < seats) return false;
      offers.sort((a, b) => a - b);
      let extra = 0;
      for (let i = 0; i < seats; i++) extra += offers[i] ?? 0;
      if (needed + extra > seatsLeft) return false;
    }
    return true;
  };

  /** The first filling of the term after `path`, breaking rules 3 and 4 if it must. */
  const firstFilling = (path: Step[]): Step => {
    const step = fillingsOf(path.length, path[path.length - 1]?.state ?? startState, false)();
    if (step === undefined) throw new Error("unreachable: every term can be filled");
    return step;
  };

  /** Term by term: each term takes its first filling, breaking rules 3 and 4 if it must. */
  const termByTerm = (steps: Step[]): Step[] => {
    const path = [...steps];
    while (path.length < roster.terms) path.push(firstFilling(path));
    return path;
  };

  /**
   * Depth first from `steps`: each term tries its fillings that keep rules 3 and 4's round,
   * best first, and goes back to the term before when none leads to a whole plan. With
   * `even`, a plan must also keep rule 4's spread of turns. Stops when the budget is spent.
   * Returns the plan, or the deepest partial plan reached first.
   */
  const search = (steps: Step[], even: boolean): { plan?: Step[]; deepest: Step[] } => {
    const dead = new Set<string>();
    const path = [...steps];
    let deepest = [...steps];
    const walk = (): boolean | "spent" => {
      const t = path.length;
      const s = path[t - 1]?.state ?? startState;
      if (t > deepest.length) deepest = [...path];
      if (even && !canEven(t, s)) return false;
      if (t === roster.terms) return true;
      // What decides whether the rest can be planned: the pointer only decides the order.
      const key = `${t}|${s.turns.join()}|${s.lastHolder.join()}|${s.round.map((o) => [...o].join("+")).join()}`;
      if (dead.has(key)) return false;
      const next = fillingsOf(t, s, true);
      for (;;) {
        if (budget <= 0) return "spent";
        const step = next();
        if (step === undefined) break;
        budget -= fillOrder.length * (termList[t]?.present.length ?? 1);
        path.push(step);
        const found = walk();
        if (found !== false) return found;
        path.pop();
      }
      dead.add(key);
      return false;
    };
    return walk() === true ? { plan: path, deepest } : { deepest };
  };
  let budget = SEARCH_BUDGET;

  /** A plan made of these steps, and where it departs from rules 3 and 4. */
  const judge = (path: Step[]): { plan: RotationPlan; findings: PlanFinding[] } => {
    const plan = planOf(path);
    return { plan, findings: checkPlan(roster, plan).filter((f) => f.rule === 3 || f.rule === 4) };
  };

  let chosen: { plan: RotationPlan; findings: PlanFinding[] };
  const strict = search([], true);
  if (strict.plan !== undefined) {
    chosen = judge(strict.plan);
  } else {
    // No plan keeps rules 3 and 4 everywhere, or the budget ran out before one was found.
    // Two plans are made and the better one kept: term by term from the start, and from the
    // deepest partial plan found, a term that breaks a rule, then the search again.
    const greedy = termByTerm([]);
    let path = strict.deepest;
    while (path.length < roster.terms) {
      if (budget <= 0) {
        path = termByTerm(path);
        break;
      }
      const step = firstFilling(path);
      path = [...path, step];
      const s = step.state;
      const again = search(path, canEven(path.length, s));
      if (again.plan !== undefined) {
        path = again.plan;
        break;
      }
      path = again.deepest;
    }
    const [resumed, byTerm] = [judge(path), judge(greedy)];
    chosen = departuresBefore(resumed.findings, byTerm.findings) ? resumed : byTerm;
  }

  const { plan, findings } = chosen;
  plan.notes = findings.map((f) => f.message);
  return { plan, problems };

  /** The plan made of these steps, one per term, without notes. */
  function planOf(path: Step[]): RotationPlan {
    const last = path[path.length - 1]?.state ?? startState;
    // Turns per member and role: each step holds one member per role, in fill order.
    const held = people.map(() => new Array<number>(roles.length).fill(0));
    for (const step of path) {
      step.members.forEach((c, q) => {
        const row = held[c];
        const r = fillOrder[q] ?? -1;
        if (row !== undefined) row[r] = (row[r] ?? 0) + 1;
      });
    }
    const terms: RotationTerm[] = path.map((step, t) => {
      const seats: RotationSeat[] = [];
      roles.forEach((role, r) => {
        const q = fillOrder.indexOf(r);
        const c = step.members[q];
        const p = c === undefined ? undefined : people[c];
        if (p === undefined) return;
        seats.push({
          role,
          member: p.name,
          pool: (step.pools[q] ?? []).map((i) => people[i]?.name ?? ""),
        });
      });
      return { ...(termList[t]?.term ?? { number: t + 1, start: "", end: "" }), seats };
    });
    const result: RotationPlan = {
      roles: [...roles],
      fillOrder: fillOrder.map((r) => roles[r] ?? ""),
      method: roster.method,
      termDays: roster.termDays,
      terms,
      fairness: people.map((p, c) => ({
        member: p.name,
        turns: Object.fromEntries(roles.map((role, r) => [role, held[c]?.[r] ?? 0])),
        total: last.turns[c] ?? 0,
        freeTerms: freeCount[c] ?? 0,
      })),
      order: order.map((c) => people[c]?.name ?? ""),
      notes: [],
    };
    if (key !== undefined) result.key = key;
    if (draws !== undefined) result.draws = draws;
    return result;
  }

  /**
   * Whether the plan with findings `a` departs from rules 3 and 4 less than the plan with
   * findings `b` (checkPlan's, rules 3 and 4 only). Compared in this order: members free in
   * the same terms more than one turn apart (rule 4), rule 3, rounds (rule 4), members out of
   * step with one free whenever they are (rule 4), then where the departures come: the first
   * departure later, then the second, and so on (a spread of turns counts as after the last
   * term).
   */
  function departuresBefore(a: PlanFinding[], b: PlanFinding[]): boolean {
    const weigh = (found: PlanFinding[]): number[] => {
      const when = found
        .map((f) => f.term ?? roster.terms + 1)
        .sort((x, y) => x - y)
        .map((d) => -d);
      return [
        found.filter((f) => f.spread === "alike").length,
        found.filter((f) => f.rule === 3).length,
        found.filter((f) => f.rule === 4 && f.term !== undefined).length,
        found.filter((f) => f.spread === "nested").length,
        ...when,
      ];
    };
    const [x, y] = [weigh(a), weigh(b)];
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) return (x[i] ?? 0) < (y[i] ?? 0);
    }
    return false;
  }

  // --- Rule 6: say which term, which role, which rule, and what to change ----------------
  function diagnose(term: { number: number; start: string; end: string }, free: boolean[]): void {
    const when = `term ${term.number} (${term.start} to ${term.end})`;
    let ruleOne = false;
    for (const r of fillOrder) {
      const role = roles[r] ?? "";
      const holders = holdersOf[r] ?? [];
      if (holders.some((p) => free[people.indexOf(p)])) continue;
      ruleOne = true;
      const away = holders.filter((p) => p.away !== undefined);
      const line = away[0]?.line ?? lines.roles;
      const absences = away.map((p) => `${p.name} ${p.away?.text ?? ""}`).join("; ");
      const message =
        holders.length === 1
          ? `${when}, ${role}: only ${holders[0]?.name ?? ""} may be ${role} and is away ${holders[0]?.away?.text ?? ""}: let another member take ${role}, or shorten the absence`
          : `${when}, ${role}: everyone who may be ${role} is away (${absences}): let another member take ${role}, or shorten one of the absences`;
      report(line, "rule 1", message, role);
    }
    if (ruleOne) return;

    // Every role has someone free, so some roles share too few people (Hall's condition):
    // name the smallest such group of roles.
    const freeHolders = (set: number[]): Set<number> => {
      const names = new Set<number>();
      for (const r of set)
        for (const p of holdersOf[r] ?? [])
          if (free[people.indexOf(p)]) names.add(people.indexOf(p));
      return names;
    };
    let short: number[] = fillOrder;
    for (let mask = 1; mask < 1 << fillOrder.length; mask++) {
      const set = fillOrder.filter((_, i) => (mask >> i) & 1).sort((a, b) => a - b);
      if (set.length < short.length && freeHolders(set).size < set.length) short = set;
    }
    const who = [...freeHolders(short)].sort((a, b) => a - b).map((c) => people[c]?.name ?? "");
    const roleList = listWords(short.map((r) => roles[r] ?? ""));
    const whoList = who.length === 0 ? "nobody" : listWords(who);
    const message =
      short.length === fillOrder.length &&
      fillOrder.length === roles.length &&
      short.every((r) => (holdersOf[r]?.length ?? 0) === people.length)
        ? `${when}: ${roles.length} roles but only ${who.length} member${who.length === 1 ? " is" : "s are"} free (${whoList}), and nobody may hold two roles in one term: shorten an absence, or add a member`
        : `${when}, ${roleList}: these ${short.length} roles need ${short.length} different people, but only ${whoList} may hold them and ${who.length === 1 ? "is" : "are"} free, and nobody may hold two roles in one term: let another member take ${short.length === 2 ? "one of them" : "some of them"}, or shorten an absence`;
    report(lines.roles, "rule 2", message, roleList);
  }
}

/** "a", "a and b", "a, b and c". */
function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}

/**
 * One cost per pair from a list of wishes per pair, most important first: each wish is
 * weighted above the largest total the wishes below it can reach over `seats` seats, so the
 * cheapest assignment honours them in order. Returns the weights too.
 */
function lexicographicCosts(
  table: (bigint[] | null)[][],
  seats: bigint,
): { costs: (bigint | null)[][]; weights: bigint[] } {
  const width = table.flat().find((w) => w !== null)?.length ?? 0;
  const highest = new Array<bigint>(width).fill(0n);
  for (const row of table) {
    for (const w of row) {
      if (w === null) continue;
      w.forEach((v, i) => {
        if (v > (highest[i] ?? 0n)) highest[i] = v;
      });
    }
  }
  const weights = new Array<bigint>(width).fill(1n);
  for (let i = width - 2; i >= 0; i--) {
    weights[i] = (weights[i + 1] ?? 1n) * (seats * (highest[i + 1] ?? 0n) + 1n);
  }
  const costs = table.map((row) =>
    row.map((w) => (w === null ? null : w.reduce((sum, v, i) => sum + v * (weights[i] ?? 1n), 0n))),
  );
  return { costs, weights };
}

/**
 * For each [turns, free terms] pair, the rank (0 = lowest) of turns ÷ free terms among the
 * distinct shares of the list.
 */
function shareRanks(shares: [number, number][]): number[] {
  const below = (a: [number, number], b: [number, number]): number => a[0] * b[1] - b[0] * a[1];
  const distinct: [number, number][] = [];
  for (const s of [...shares].sort(below)) {
    const last = distinct[distinct.length - 1];
    if (last === undefined || below(last, s) !== 0) distinct.push(s);
  }
  return shares.map((s) => distinct.findIndex((d) => below(d, s) === 0));
}
