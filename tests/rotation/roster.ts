// Rosters for the rotation tests, and an oracle that fills one term by brute force.
import fc from "fast-check";
import { expect } from "vitest";
import { planRotation, rotationCsv } from "../../src/rotation/index.ts";
import type { RosterInput, RosterMember, RotationPlan } from "../../src/rotation/index.ts";

export const ROLES = ["facilitator", "treasurer", "spokesperson", "scribe"];
const NAMES = [
  "Heron",
  "Kestrel",
  "Wren",
  "Linnet",
  "Plover",
  "Curlew",
  "Dunlin",
  "Egret",
  "Fulmar",
  "Gannet",
  "Hobby",
  "Ibis",
];

export function roster(overrides: Partial<RosterInput> = {}): RosterInput {
  return {
    file: "rotation.md",
    roles: ["facilitator", "treasurer", "spokesperson"],
    termDays: 14,
    start: "2026-11-02",
    terms: 12,
    method: "rotation",
    members: ["Heron", "Kestrel", "Wren", "Linnet", "Plover"].map((name, i) => ({
      name,
      line: 10 + i,
    })),
    lines: { roles: 2, seed: 7, start: 4 },
    ...overrides,
  };
}

export function isoPlus(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether some filling of term `t` gives every role its own free, eligible member. */
export function termFillable(r: RosterInput, t: number): boolean {
  const from = isoPlus(r.start, t * r.termDays);
  const to = isoPlus(r.start, (t + 1) * r.termDays - 1);
  const free = r.members.filter((m) => m.away === undefined || m.away[1] < from || m.away[0] > to);
  const can = r.roles.map((role) =>
    free.filter((m) => (m.roles ?? r.roles).includes(role)).map((m) => m.name),
  );
  const used = new Set<string>();
  const fill = (k: number): boolean => {
    if (k === can.length) return true;
    for (const name of can[k] ?? []) {
      if (used.has(name)) continue;
      used.add(name);
      if (fill(k + 1)) return true;
      used.delete(name);
    }
    return false;
  };
  return fill(0);
}

export interface RosterShape {
  roles: number;
  /** Members never away and open to every role. */
  steady: number;
  /** Members with an absence. */
  away: [number, number][];
  /** Role restrictions (indexes into the roles), one per member in order; empty = none. */
  restrict: number[][];
  terms: number;
  termDays: number;
  lottery: boolean;
  seed: number[][];
}

export function build(shape: RosterShape): RosterInput {
  const roles = ROLES.slice(0, shape.roles);
  const start = "2026-11-02";
  const count = shape.steady + shape.away.length;
  const members: RosterMember[] = NAMES.slice(0, count).map((name, i) => {
    const m: RosterMember = { name, line: 10 + i };
    const only = (shape.restrict[i] ?? [])
      .filter((x) => x < roles.length)
      .map((x) => roles[x] ?? "");
    if (only.length > 0) m.roles = [...new Set(only)];
    if (i >= shape.steady) {
      const [offset, length] = shape.away[i - shape.steady] ?? [0, 0];
      m.away = [isoPlus(start, offset), isoPlus(start, offset + length)];
    }
    return m;
  });
  return {
    file: "rotation.md",
    roles,
    termDays: shape.termDays,
    start,
    terms: shape.terms,
    method: shape.lottery ? "lottery" : "rotation",
    seed: shape.seed.map((g) => g.join(" ")).join(" / "),
    members,
    lines: { roles: 2, seed: 7, start: 4 },
  };
}

const seedArb = fc.array(
  fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 6 }),
  {
    minLength: 1,
    maxLength: 4,
  },
);

/** Any roster: restrictions, absences, possibly impossible. */
export const anyRoster = fc
  .record({
    roles: fc.integer({ min: 1, max: 4 }),
    steady: fc.integer({ min: 0, max: 5 }),
    away: fc.array(fc.tuple(fc.integer({ min: -20, max: 120 }), fc.integer({ min: 0, max: 40 })), {
      maxLength: 4,
    }),
    restrict: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }), {
      minLength: 9,
      maxLength: 9,
    }),
    terms: fc.integer({ min: 1, max: 12 }),
    termDays: fc.integer({ min: 1, max: 14 }),
    lottery: fc.boolean(),
    seed: seedArb,
  })
  .map(build);

/**
 * Rosters where rules 3 and 4 can all be kept: everyone open to every role, and at least one
 * more member always free than there are roles. `withAbsences` adds members who are away.
 */
export function freeRoster(withAbsences: boolean): fc.Arbitrary<RosterInput> {
  return fc
    .record({
      roles: fc.integer({ min: 2, max: 4 }),
      extra: fc.integer({ min: 1, max: 5 }),
      away: withAbsences
        ? fc.array(fc.tuple(fc.integer({ min: -20, max: 200 }), fc.integer({ min: 0, max: 50 })), {
            maxLength: 3,
          })
        : fc.constant([] as [number, number][]),
      terms: fc.integer({ min: 1, max: 26 }),
      termDays: fc.integer({ min: 1, max: 21 }),
      lottery: fc.boolean(),
      seed: seedArb,
    })
    .map((s) => build({ ...s, steady: s.roles + s.extra, restrict: [] }));
}

/** Whether every role has at least (number of roles + 1) free members who may hold it, every term. */
export function roomyEveryTerm(r: RosterInput): boolean {
  for (let t = 0; t < r.terms; t++) {
    const from = isoPlus(r.start, t * r.termDays);
    const to = isoPlus(r.start, (t + 1) * r.termDays - 1);
    const free = r.members.filter(
      (m) => m.away === undefined || m.away[1] < from || m.away[0] > to,
    );
    for (const role of r.roles) {
      const holders = free.filter((m) => (m.roles ?? r.roles).includes(role));
      if (holders.length < r.roles.length + 1) return false;
    }
  }
  return true;
}

/**
 * Rosters shaped like the example circle's: some members kept off one role each (as Kestrel
 * is kept off treasurer), some away for a while, and room to choose: every role has at least
 * (roles + 1) eligible free members every term, and fewer members than there are roles are
 * kept off any one role.
 */
export const restrictedRoster = fc
  .record({
    roles: fc.integer({ min: 2, max: 4 }),
    steady: fc.integer({ min: 3, max: 12 }),
    away: fc.array(fc.tuple(fc.integer({ min: -20, max: 200 }), fc.integer({ min: 0, max: 50 })), {
      maxLength: 3,
    }),
    // For each member, the role kept from them; a number past the last role keeps none.
    kept: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 12, maxLength: 12 }),
    terms: fc.integer({ min: 1, max: 26 }),
    termDays: fc.integer({ min: 1, max: 21 }),
    lottery: fc.boolean(),
    seed: seedArb,
  })
  .map((s) =>
    build({
      ...s,
      steady: Math.min(s.steady, NAMES.length - s.away.length),
      restrict: s.kept.map((k) =>
        k < s.roles ? [0, 1, 2, 3].filter((x) => x < s.roles && x !== k) : [],
      ),
    }),
  )
  .filter(
    (r) =>
      roomyEveryTerm(r) &&
      r.roles.every(
        (role) =>
          r.members.filter((m) => !(m.roles ?? r.roles).includes(role)).length < r.roles.length,
      ),
  );

/** Turns per member, grouped by the terms of the plan each member is free in. */
export function turnsByAvailability(r: RosterInput, plan: RotationPlan): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const m of r.members) {
    const key = plan.terms
      .map((t) => (m.away === undefined || m.away[1] < t.start || m.away[0] > t.end ? 1 : 0))
      .join("");
    const total = plan.fairness.find((f) => f.member === m.name)?.total ?? 0;
    groups.set(key, [...(groups.get(key) ?? []), total]);
  }
  return groups;
}

/** Planning the same roster twice (the second time from a deep copy) gives the same result. */
export function expectSameTableTwice(roster: RosterInput): void {
  const a = planRotation(roster);
  const b = planRotation(structuredClone(roster));
  expect(b).toEqual(a);
  if (a.plan && b.plan) expect(rotationCsv(b.plan)).toBe(rotationCsv(a.plan));
}

/** Every term that cannot be filled (`fillable[t]` false) is named by a rule 1 or 2 problem. */
export function expectUnfillableTermsNamed(
  fillable: readonly boolean[],
  problems: readonly { message: string; field?: string | undefined }[],
): void {
  fillable.forEach((ok, t) => {
    if (ok) return;
    const about = problems.filter(
      (p) => p.message.includes(`term ${t + 1} (`) || p.message.includes("(term 1 onwards)"),
    );
    expect(about.length).toBeGreaterThan(0);
    for (const p of about) expect(["rule 1", "rule 2"]).toContain(p.field);
  });
}
