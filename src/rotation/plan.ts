// The rotation planner: who holds which role in each term, by round robin or by an
// RFC 3797 lottery, keeping the six rules of rotation.md wherever the roster allows.
import type { ContentProblem } from "../content/problem.ts";
import type { Member, Roster } from "../content/model.ts";
import { dayNumber, isoDay } from "./days.ts";
import { drawStep, LotterySeedError, rfc3797Key } from "./rfc3797.ts";
import type { DrawStep } from "./rfc3797.ts";
import { checkPlan } from "./check.ts";
import { fillTerm } from "./fill.ts";

/** A member as the loader reads rotation.md: name, optional roles and absence, line. */
export type RosterMember = Member;

/** rotation.md's front matter, already read and typed by the loader. */
export type RosterInput = Pick<
  Roster,
  "file" | "roles" | "termDays" | "start" | "terms" | "method" | "seed" | "members" | "lines"
>;

/** One role in one term, and how its holder was chosen. */
export interface RotationSeat {
  role: string;
  member: string;
  /** Who could have taken it in a best filling of the term, in the plan's order: the round robin took the first at or after its pointer. */
  pool: string[];
}

export interface RotationTerm {
  /** 1-based, as printed: "term 3". */
  number: number;
  start: string;
  /** Last day of the term, inclusive. */
  end: string;
  /** One seat per role, in the roster's order of roles. */
  seats: RotationSeat[];
}

export interface FairnessRow {
  member: string;
  /** Turns per role, every role of the roster present. */
  turns: Record<string, number>;
  total: number;
  /** Terms in which the member was not away. */
  freeTerms: number;
}

export interface RotationPlan {
  roles: string[];
  /** The order roles are filled within each term (most restricted first). */
  fillOrder: string[];
  method: "rotation" | "lottery";
  termDays: number;
  /** The RFC 3797 key the lottery used; printed with the table. */
  key?: string;
  /** The order the round robin follows: the roster's, or the one the lottery drew. */
  order: string[];
  /** The lottery's draws, one per member, as RFC 3797 section 6 prints them. */
  draws?: (DrawStep & { selected: number; member: string })[];
  terms: RotationTerm[];
  /** Members in roster order. */
  fairness: FairnessRow[];
  /** Where rule 3 or 4 had to give way, in plain words. */
  notes: string[];
}

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
      lines.start,
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

  if (
    problems.length > 0 &&
    (startDay === undefined || !Number.isInteger(roster.termDays) || roster.termDays < 1)
  ) {
    return { problems };
  }
  if (startDay === undefined) return { problems };

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
  if (key !== undefined && count > 0) {
    const left = [...order];
    draws = [];
    order = [];
    for (let i = 0; i < count; i++) {
      const step = drawStep(key, i, left.length);
      const [c] = left.splice(step.position, 1);
      if (c === undefined) throw new Error("unreachable: the position is below the pool size");
      order.push(c);
      draws.push({ ...step, selected: c + 1, member: people[c]?.name ?? "" });
    }
  }
  const place = new Array<number>(count).fill(0);
  order.forEach((c, i) => (place[c] = i));

  // --- Term by term ----------------------------------------------------------------------
  const turns = new Array<number>(count).fill(0);
  const held = people.map(() => new Array<number>(roles.length).fill(0));
  /** Roles held since the member last held every role open to them (rule 4's round). */
  const round = people.map(() => new Set<number>());
  /** Who held each role last term; `undefined` after a term that could not be filled. */
  let lastHolder: (number | undefined)[] = roles.map(() => undefined);
  /** The round robin's place in `order`: the next pick is the first candidate at or after it. */
  let pointer = 0;
  const terms: RotationTerm[] = [];
  const seatsPerTerm = BigInt(fillOrder.length);
  // Members "with the same availability" (rule 4) are free in exactly the same terms of the
  // plan; which roles they may hold does not matter for the count of turns.
  const freeTerms = people.map((p) => {
    let free = "";
    for (let t = 0; t < roster.terms; t++) {
      const from = startDay + t * roster.termDays;
      const to = from + roster.termDays - 1;
      free += p.away === undefined || p.away.to < from || p.away.from > to ? "1" : "0";
    }
    return free;
  });
  const groupKeys = [...new Set(freeTerms)];
  const groupOf = freeTerms.map((f) => groupKeys.indexOf(f));
  const freeCount = freeTerms.map((f) => [...f].filter((x) => x === "1").length);

  for (let t = 0; t < roster.terms; t++) {
    const from = startDay + t * roster.termDays;
    const to = from + roster.termDays - 1;
    const term = { number: t + 1, start: isoDay(from), end: isoDay(to) };
    const free = people.map((p) => p.away === undefined || p.away.to < from || p.away.from > to);
    const present = people.map((_, c) => c).filter((c) => free[c]);

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
    const { costs, weights } = lexicographicCosts(
      fillOrder.map((r) => present.map((_, i) => wishes(r, i))),
      seatsPerTerm,
    );
    const filler = fillTerm({
      cost: costs,
      firstWeight: weights[0] ?? 1n,
      group: present.map((c) => groupOf[c] ?? -1),
      turns: present.map((c) => turns[c] ?? 0),
    });
    if (filler === undefined) {
      diagnose(term, free);
      lastHolder = roles.map(() => undefined);
      continue;
    }

    // Fill the roles one by one. A role's pool is every member who takes it in some best
    // filling of the term, given the roles already filled; the round robin takes the first of
    // the pool at or after its pointer, and moves the pointer past them.
    const chosen = new Map<number, { member: number; pool: number[] }>();
    const fixed = new Map<number, number>();
    fillOrder.forEach((r, k) => {
      const columns = new Set(filler.poolOf(k, fixed));
      const pool = order.filter((c) => columns.has(present.indexOf(c)));
      const pick = pool.find((c) => (place[c] ?? 0) >= pointer) ?? pool[0];
      if (pick === undefined)
        throw new Error("unreachable: a best filling exists, so the pool is not empty");
      pointer = ((place[pick] ?? 0) + 1) % count;
      fixed.set(k, present.indexOf(pick));
      chosen.set(r, { member: pick, pool });
    });

    const seats: RotationSeat[] = [];
    const nextHolder: (number | undefined)[] = roles.map(() => undefined);
    roles.forEach((role, r) => {
      const seat = chosen.get(r);
      const p = seat === undefined ? undefined : people[seat.member];
      if (seat === undefined || p === undefined) return; // a role nobody may hold, reported above
      const c = seat.member;
      nextHolder[r] = c;
      turns[c] = (turns[c] ?? 0) + 1;
      const row = held[c];
      if (row) row[r] = (row[r] ?? 0) + 1;
      const own = round[c];
      if (own) {
        own.add(r);
        if (p.open.every((o) => own.has(o))) own.clear();
      }
      seats.push({ role, member: p.name, pool: seat.pool.map((i) => people[i]?.name ?? "") });
    });
    lastHolder = nextHolder;
    terms.push({ ...term, seats });
  }

  if (problems.length > 0) return { problems };

  const plan: RotationPlan = {
    roles: [...roles],
    fillOrder: fillOrder.map((r) => roles[r] ?? ""),
    method: roster.method,
    termDays: roster.termDays,
    terms,
    fairness: people.map((p, c) => ({
      member: p.name,
      turns: Object.fromEntries(roles.map((role, r) => [role, held[c]?.[r] ?? 0])),
      total: turns[c] ?? 0,
      freeTerms: terms.filter((tm) => {
        const a = p.away;
        const f = dayNumber(tm.start) ?? 0;
        const e = dayNumber(tm.end) ?? 0;
        return a === undefined || a.to < f || a.from > e;
      }).length,
    })),
    order: order.map((c) => people[c]?.name ?? ""),
    notes: [],
  };
  if (key !== undefined) plan.key = key;
  if (draws !== undefined) plan.draws = draws;
  plan.notes = checkPlan(roster, plan)
    .filter((f) => f.rule === 3 || f.rule === 4)
    .map((f) => f.message);
  return { plan, problems };

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
