// A brute-force oracle for small rosters, written without the planner's code: it lists every
// filling of every term that keeps rules 1 and 2, and searches all tables made of them for one
// that also keeps rules 3 and 4 everywhere. Only for rosters of a few members, roles and terms.
import fc from "fast-check";
import type { RosterInput, RosterMember, RotationPlan } from "../../src/rotation/index.ts";
import { isoPlus } from "./roster.ts";

/** One term of a table: for each role (roster order), the member's index in the roster. */
export type Row = number[];

/** Whether member `m` is free in term `t` (no day of their absence falls inside it). */
function freeIn(r: RosterInput, m: RosterMember, t: number): boolean {
  const from = isoPlus(r.start, t * r.termDays);
  const to = isoPlus(r.start, (t + 1) * r.termDays - 1);
  return m.away === undefined || m.away[1] < from || m.away[0] > to;
}

/** Every filling of term `t` that keeps rules 1 and 2, in no particular order. */
export function fillings(r: RosterInput, t: number): Row[] {
  const out: Row[] = [];
  const row: number[] = [];
  const walk = (k: number): void => {
    if (k === r.roles.length) {
      out.push([...row]);
      return;
    }
    const role = r.roles[k] ?? "";
    r.members.forEach((m, i) => {
      if (row.includes(i) || !freeIn(r, m, t) || !(m.roles ?? r.roles).includes(role)) return;
      row.push(i);
      walk(k + 1);
      row.pop();
    });
  };
  walk(0);
  return out;
}

/** Each member's free terms as a string of 0 and 1: members with the same string are alike. */
function availability(r: RosterInput): string[] {
  return r.members.map((m) =>
    Array.from({ length: r.terms }, (_, t) => (freeIn(r, m, t) ? "1" : "0")).join(""),
  );
}

/** Every pair [a, b, extra] of members where a is free in every term b is, and in extra more. */
function nested(r: RosterInput): [number, number, number][] {
  const alike = availability(r);
  const out: [number, number, number][] = [];
  alike.forEach((a, i) =>
    alike.forEach((b, j) => {
      if (i === j || ![...b].every((x, t) => x === "0" || a[t] === "1")) return;
      const ones = (s: string): number => [...s].filter((x) => x === "1").length;
      out.push([i, j, ones(a) - ones(b)]);
    }),
  );
  return out;
}

/**
 * The oracle's own reading of rules 1–4 for a whole table or the first terms of one: the
 * number of places it breaks each rule. Rules 3 and 4's rounds only get worse as terms are
 * added; the spread of turns (`spread`) is judged on whole tables only.
 */
export function breaks(
  r: RosterInput,
  rows: Row[],
): { rule1: number; rule2: number; rule3: number; round: number; spread: number } {
  const count = { rule1: 0, rule2: 0, rule3: 0, round: 0, spread: 0 };
  const rounds = r.members.map(() => new Set<string>());
  const turns = r.members.map(() => 0);
  rows.forEach((row, t) => {
    if (new Set(row).size !== row.length) count.rule2++;
    row.forEach((i, k) => {
      const m = r.members[i];
      const role = r.roles[k] ?? "";
      if (m === undefined) return;
      const open = m.roles ?? r.roles;
      if (!open.includes(role) || !freeIn(r, m, t)) count.rule1++;
      if (t > 0 && rows[t - 1]?.[k] === i) count.rule3++;
      const own = rounds[i] ?? new Set<string>();
      if (own.has(role)) count.round++;
      own.add(role);
      if (open.every((o) => own.has(o))) own.clear();
      turns[i] = (turns[i] ?? 0) + 1;
    });
  });
  if (rows.length === r.terms) {
    // Rule 4's spread: for every two members where `a` is free in every term `b` is, `b` ends
    // at most one turn ahead of `a`, and `a` at most one turn plus one per extra free term
    // ahead of `b`. For members free in the same terms: within one turn of each other.
    for (const [a, b, more] of nested(r)) {
      const [ta, tb] = [turns[a] ?? 0, turns[b] ?? 0];
      if (tb > ta + 1 || ta > tb + more + 1) count.spread++;
    }
  }
  return count;
}

/**
 * Which terms rules 1 and 2 allow to fill, and one table keeping rules 1–4 everywhere if there
 * is any (`undefined` if there is none, or if some term cannot be filled at all).
 */
export function oracle(r: RosterInput): { fillable: boolean[]; perfect?: Row[] } {
  const options = Array.from({ length: r.terms }, (_, t) => fillings(r, t));
  const fillable = options.map((o) => o.length > 0);
  if (!fillable.every(Boolean)) return { fillable };
  const alike = availability(r);
  const pairs = nested(r);
  const freeLeft = (i: number, t: number): number =>
    [...(alike[i] ?? "").slice(t)].filter((x) => x === "1").length;

  // Depth first over the terms. A table that breaks rule 3 or a round in its first terms
  // breaks it whatever comes after; a member can gain at most one turn per free term left,
  // so two members too far apart for that cannot end within the spread. Dead ends are remembered by what decides the
  // future: the last row, every member's round and turns.
  const dead = new Set<string>();
  const rows: Row[] = [];
  const rounds = r.members.map(() => new Set<string>());
  const turns = r.members.map(() => 0);
  const search = (t: number): boolean => {
    if (t === r.terms) return breaks(r, rows).spread === 0;
    for (const [a, b, more] of pairs) {
      const [ta, tb] = [turns[a] ?? 0, turns[b] ?? 0];
      if (tb > ta + freeLeft(a, t) + 1 || ta > tb + freeLeft(b, t) + more + 1) return false;
    }
    const key = JSON.stringify([t, rows[t - 1] ?? [], rounds.map((s) => [...s].sort()), turns]);
    if (dead.has(key)) return false;
    for (const row of options[t] ?? []) {
      if (t > 0 && row.some((i, k) => rows[t - 1]?.[k] === i)) continue;
      if (row.some((i, k) => rounds[i]?.has(r.roles[k] ?? ""))) continue;
      const saved = rounds.map((s) => new Set(s));
      row.forEach((i, k) => {
        const own = rounds[i] ?? new Set<string>();
        own.add(r.roles[k] ?? "");
        if ((r.members[i]?.roles ?? r.roles).every((o) => own.has(o))) own.clear();
        turns[i] = (turns[i] ?? 0) + 1;
      });
      rows.push(row);
      if (search(t + 1)) return true;
      rows.pop();
      row.forEach((i) => (turns[i] = (turns[i] ?? 0) - 1));
      saved.forEach((s, i) => (rounds[i] = s));
    }
    dead.add(key);
    return false;
  };
  return search(0) ? { fillable, perfect: [...rows] } : { fillable };
}

/** A plan's table as rows of member indexes, roles in roster order. */
export function rowsOf(r: RosterInput, plan: RotationPlan): Row[] {
  const index = new Map(r.members.map((m, i) => [m.name, i]));
  return plan.terms.map((t) =>
    r.roles.map((role) => index.get(t.seats.find((s) => s.role === role)?.member ?? "") ?? -1),
  );
}

const NAMES = ["Heron", "Kestrel", "Wren", "Linnet", "Plover", "Curlew"];
const ROLES = ["facilitator", "treasurer", "spokesperson"];

/**
 * Small general rosters: 1–6 members, 1–3 roles, 2–6 terms of a week, each member maybe kept
 * to some roles and maybe away for a few days to a few weeks, rotation or lottery.
 */
export const smallRoster: fc.Arbitrary<RosterInput> = fc
  .record({
    roles: fc.integer({ min: 1, max: 3 }),
    members: fc.array(
      fc.record({
        // A bit mask of the roles a member may hold; 0 or all roles: no `roles:` line.
        only: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7 })),
        away: fc.option(
          fc.tuple(fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 20 })),
          {
            freq: 3,
          },
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    terms: fc.integer({ min: 2, max: 6 }),
    lottery: fc.boolean(),
    seed: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 5 }),
  })
  .map((s) => {
    const roles = ROLES.slice(0, s.roles);
    const start = "2026-11-02";
    const members = s.members.map((m, i) => {
      const member: RosterMember = { name: NAMES[i] ?? `M${i}`, line: 10 + i };
      const only = roles.filter((_, k) => (m.only >> k) & 1);
      if (only.length > 0 && only.length < roles.length) member.roles = only;
      if (m.away !== null) {
        const [offset, length] = m.away;
        member.away = [isoPlus(start, offset), isoPlus(start, offset + length)];
      }
      return member;
    });
    const roster: RosterInput = {
      file: "rotation.md",
      roles,
      termDays: 7,
      start,
      terms: s.terms,
      method: s.lottery ? "lottery" : "rotation",
      members,
      lines: { roles: 2, seed: 7, start: 4 },
    };
    if (s.lottery) roster.seed = s.seed.join(" ");
    return roster;
  });
