// An independent reading of a finished table against rules 1–4 of rotation.md: used by the
// planner to explain where rules 3 and 4 gave way, and by the tests to hold the planner to them.
import { dayNumber } from "./days.ts";
import type { RosterInput, RotationPlan } from "./types.ts";

export interface PlanFinding {
  rule: 1 | 2 | 3 | 4;
  /** 1-based term number, when the finding is about one term. */
  term?: number;
  role?: string;
  member?: string;
  message: string;
  /**
   * For rule 4's spread of turns over the plan: between members free in the same terms
   * ("alike"), or between a member and one free whenever they are ("nested").
   */
  spread?: "alike" | "nested";
}

/**
 * Every place the plan departs from rules 1–4. Rules 1 and 2 must never be broken; rules 3
 * and 4 hold "wherever the roster leaves another choice", so a finding for them is a
 * departure to explain, not necessarily a mistake. Rule 4 has three kinds of findings: turns
 * uneven between members with the same availability (free in exactly the same terms; which
 * roles they may hold does not matter), turns out of step between a member and one free
 * whenever they are (docs/rotation.md, "Words used below"), and a role held again before every
 * role open to that member was held once ("a round").
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
        spread: "alike",
        message: `${top.join(", ")} ${top.length === 1 ? "has" : "have"} ${most} turns and ${low.join(", ")} ${fewest}, though they are free in the same terms`,
      });
    }
  }

  // Between members free in different terms: whoever is free in every term another is free
  // in (and more) ends neither more than one turn behind them, nor further ahead than one turn
  // plus one for each term more they are free in. Members free in the same terms are held to
  // this too, by the group check above.
  const within = (a: string, b: string): boolean =>
    [...a].every((x, i) => x === "0" || b[i] === "1");
  const keys = [...groups.keys()];
  for (const wide of keys) {
    for (const narrow of keys) {
      if (wide === narrow || !within(narrow, wide)) continue;
      const more =
        [...wide].filter((x) => x === "1").length - [...narrow].filter((x) => x === "1").length;
      const wideNames = groups.get(wide) ?? [];
      const narrowNames = groups.get(narrow) ?? [];
      const wideTurns = wideNames.map((n) => turns.get(n) ?? 0);
      const narrowTurns = narrowNames.map((n) => turns.get(n) ?? 0);
      const behind = Math.min(...wideTurns);
      const ahead = Math.max(...narrowTurns);
      if (ahead - behind > 1) {
        const a = narrowNames.filter((n) => turns.get(n) === ahead);
        const b = wideNames.filter((n) => turns.get(n) === behind);
        findings.push({
          rule: 4,
          spread: "nested",
          message: `${a.join(", ")} ${a.length === 1 ? "has" : "have"} ${ahead} turns and ${b.join(", ")} ${behind}, though ${b.join(", ")} ${b.length === 1 ? "is" : "are"} free whenever ${a.join(", ")} ${a.length === 1 ? "is" : "are"}`,
        });
      }
      const most = Math.max(...wideTurns);
      const fewest = Math.min(...narrowTurns);
      if (most - fewest > more + 1) {
        const a = wideNames.filter((n) => turns.get(n) === most);
        const b = narrowNames.filter((n) => turns.get(n) === fewest);
        findings.push({
          rule: 4,
          spread: "nested",
          message: `${a.join(", ")} ${a.length === 1 ? "has" : "have"} ${most} turns and ${b.join(", ")} ${fewest}, though ${a.join(", ")} ${a.length === 1 ? "is" : "are"} free only ${more} term${more === 1 ? "" : "s"} more`,
        });
      }
    }
  }
  return findings;
}
