// An independent reading of a finished table against rules 1–4 of rotation.md: used by the
// planner to explain where rules 3 and 4 gave way, and by the tests to hold the planner to them.
import { dayNumber } from "./days.ts";
import type { RosterInput, RotationPlan } from "./plan.ts";

export interface PlanFinding {
  rule: 1 | 2 | 3 | 4;
  /** 1-based term number, when the finding is about one term. */
  term?: number;
  role?: string;
  member?: string;
  message: string;
}

/**
 * Every place the plan departs from rules 1–4. Rules 1 and 2 must never be broken; rules 3
 * and 4 hold "wherever the roster leaves another choice", so a finding for them is a
 * departure to explain, not necessarily a mistake. Rule 4 has two findings: turns uneven
 * between members with the same availability (free in exactly the same terms; which roles
 * they may hold does not matter), and a role held again before every role open to that member
 * was held once ("a round").
 */
export function checkPlan(roster: RosterInput, plan: RotationPlan): PlanFinding[] {
  const findings: PlanFinding[] = [];
  const byName = new Map(roster.members.map((m) => [m.name, m]));
  const openRoles = (name: string): string[] => byName.get(name)?.roles ?? roster.roles;
  const isFree = (name: string, start: string, end: string): boolean => {
    const away = byName.get(name)?.away;
    if (away === undefined) return true;
    const [a, b] = [dayNumber(away[0]) ?? 0, dayNumber(away[1]) ?? 0];
    return b < (dayNumber(start) ?? 0) || a > (dayNumber(end) ?? 0);
  };

  let previous = new Map<string, string>(); // role -> member, last term
  const turns = new Map<string, number>(roster.members.map((m) => [m.name, 0]));
  const round = new Map<string, Set<string>>(roster.members.map((m) => [m.name, new Set()]));

  for (const term of plan.terms) {
    const when = `term ${term.number} (${term.start} to ${term.end})`;
    const seen = new Map<string, string>();
    for (const role of roster.roles) {
      const seat = term.seats.find((s) => s.role === role);
      if (seat === undefined) {
        findings.push({
          rule: 1,
          term: term.number,
          role,
          message: `${when}: nobody holds ${role}`,
        });
        continue;
      }
      const name = seat.member;
      if (!byName.has(name)) {
        findings.push({
          rule: 1,
          term: term.number,
          role,
          member: name,
          message: `${when}: ${name}, who holds ${role}, is not on the roster`,
        });
      } else if (!openRoles(name).includes(role)) {
        findings.push({
          rule: 1,
          term: term.number,
          role,
          member: name,
          message: `${when}: ${name} holds ${role} but may not`,
        });
      } else if (!isFree(name, term.start, term.end)) {
        findings.push({
          rule: 1,
          term: term.number,
          role,
          member: name,
          message: `${when}: ${name} holds ${role} but is away`,
        });
      }
      const other = seen.get(name);
      if (other !== undefined) {
        findings.push({
          rule: 2,
          term: term.number,
          role,
          member: name,
          message: `${when}: ${name} holds both ${other} and ${role}`,
        });
      }
      seen.set(name, role);
      if (previous.get(role) === name) {
        findings.push({
          rule: 3,
          term: term.number,
          role,
          member: name,
          message: `${when}: ${name} is ${role} again, as in the term before`,
        });
      }
      const own = round.get(name);
      if (own !== undefined) {
        if (own.has(role)) {
          const missing = openRoles(name).filter((r) => !own.has(r));
          findings.push({
            rule: 4,
            term: term.number,
            role,
            member: name,
            message: `${when}: ${name} is ${role} again before having held ${missing.join(", ")}`,
          });
        }
        own.add(role);
        if (openRoles(name).every((r) => own.has(r))) own.clear();
      }
      turns.set(name, (turns.get(name) ?? 0) + 1);
    }
    previous = new Map(term.seats.map((s) => [s.role, s.member]));
  }

  // Members free in exactly the same terms should end within one turn, whatever roles each
  // may hold: a member kept to some roles is not in a group of their own.
  const groups = new Map<string, string[]>();
  for (const m of roster.members) {
    const key = plan.terms.map((t) => (isFree(m.name, t.start, t.end) ? "1" : "0")).join("");
    groups.set(key, [...(groups.get(key) ?? []), m.name]);
  }
  for (const names of groups.values()) {
    const counts = names.map((n) => turns.get(n) ?? 0);
    const most = Math.max(...counts);
    const fewest = Math.min(...counts);
    if (most - fewest > 1) {
      const top = names.filter((n) => turns.get(n) === most);
      const low = names.filter((n) => turns.get(n) === fewest);
      findings.push({
        rule: 4,
        message: `${top.join(", ")} ${top.length === 1 ? "has" : "have"} ${most} turns and ${low.join(", ")} ${fewest}, though they are free in the same terms`,
      });
    }
  }
  return findings;
}
