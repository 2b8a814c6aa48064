import { describe, expect, it } from "vitest";
import {
  checkPlan,
  drawLottery,
  handoversOf,
  planRotation,
  rotationCsv,
  rotationTable,
} from "../../src/rotation/index.ts";
import type { RotationPlan } from "../../src/rotation/index.ts";
import { isoPlus, roster } from "./roster.ts";

const SEED = "9319 / 2 5 8 10 12 / 9 18 26 34 41 45";

describe("planRotation: rotation", () => {
  it("is a round robin in roster order", () => {
    const { plan, problems } = planRotation(roster({ terms: 5 }));
    expect(problems).toEqual([]);
    const rows = plan?.terms.map((t) => t.seats.map((s) => s.member).join(" "));
    expect(rows).toEqual([
      "Heron Kestrel Wren",
      "Linnet Plover Heron",
      "Kestrel Wren Linnet",
      "Plover Heron Kestrel",
      "Wren Linnet Plover",
    ]);
    expect(plan?.terms[0]).toMatchObject({ number: 1, start: "2026-11-02", end: "2026-11-15" });
    expect(plan?.terms[4]).toMatchObject({ number: 5, start: "2026-12-28", end: "2027-01-10" });
    expect(plan?.order).toEqual(["Heron", "Kestrel", "Wren", "Linnet", "Plover"]);
  });

  it("counts turns per member and role", () => {
    const { plan } = planRotation(roster({ terms: 5 }));
    expect(plan?.fairness[0]).toEqual({
      member: "Heron",
      turns: { facilitator: 1, treasurer: 1, spokesperson: 1 },
      total: 3,
      freeTerms: 5,
    });
    expect(plan?.fairness.map((f) => f.total)).toEqual([3, 3, 3, 3, 3]);
  });

  it("fills the most restricted role first and keeps restrictions and absences", () => {
    const r = roster({
      members: [
        { name: "Heron", line: 10 },
        { name: "Kestrel", line: 11, roles: ["facilitator", "spokesperson"] },
        { name: "Wren", line: 12, away: ["2026-12-20", "2027-01-04"] },
        { name: "Linnet", line: 13 },
        { name: "Plover", line: 14 },
      ],
    });
    const { plan, problems } = planRotation(r);
    expect(problems).toEqual([]);
    if (plan === undefined) return;
    expect(plan.fillOrder).toEqual(["treasurer", "facilitator", "spokesperson"]);
    expect(checkPlan(r, plan).filter((f) => f.rule <= 3)).toEqual([]);
    expect(
      plan.terms.every((t) => t.seats.find((s) => s.role === "treasurer")?.member !== "Kestrel"),
    ).toBe(true);
    // Terms 4 and 5 overlap Wren's absence.
    expect(plan.terms[3]?.seats.map((s) => s.member)).not.toContain("Wren");
    expect(plan.terms[4]?.seats.map((s) => s.member)).not.toContain("Wren");
  });
});

describe("planRotation: lottery", () => {
  it("draws the order with RFC 3797, prints the key, and follows the drawn order", () => {
    const { plan, problems } = planRotation(roster({ method: "lottery", seed: SEED, terms: 5 }));
    expect(problems).toEqual([]);
    expect(plan?.key).toBe("9319./2.5.8.10.12./9.18.26.34.41.45./");
    // The order is the RFC draw of all five members, numbered in roster order.
    const names = ["Heron", "Kestrel", "Wren", "Linnet", "Plover"];
    expect(plan?.order).toEqual(drawLottery(SEED, 5).map((n) => names[n - 1]));
    expect(plan?.draws?.[0]).toMatchObject({
      index: 0,
      md5: "990DD0A5692A029A98B5E01AA28F3459",
      remaining: 5,
    });
    // The first term goes to the first three drawn.
    expect(plan?.terms[0]?.seats.map((s) => s.member).sort()).toEqual(
      plan?.order.slice(0, 3).sort(),
    );
  });

  it("gives another table for another seed", () => {
    const a = planRotation(roster({ method: "lottery", seed: SEED })).plan;
    const b = planRotation(roster({ method: "lottery", seed: "1 2 3 / 44 45" })).plan;
    expect(a && rotationCsv(a)).not.toBe(b && rotationCsv(b));
  });
});

// The example circle of content/rotation.md: Kestrel may not be treasurer, Siskin is away over
// the winter holidays, and the lottery's seed is the one drawn at the October assembly.
const EXAMPLE_SEED = "5207 / 4 9 13 21 30 / 3 11 17 25 33 47";
const BIRDS = ["Heron", "Kestrel", "Plover", "Linnet", "Curlew", "Dunlin", "Godwit", "Siskin"];
const exampleCircle = (method: "rotation" | "lottery") =>
  roster({
    method,
    seed: EXAMPLE_SEED,
    members: BIRDS.map((name, i) => ({
      name,
      line: 10 + i,
      ...(name === "Kestrel" ? { roles: ["facilitator", "spokesperson"] } : {}),
      ...(name === "Siskin" ? { away: ["2026-12-20", "2027-01-04"] as [string, string] } : {}),
    })),
  });

describe("rule 4 for the example circle: a member kept off one role is not a group of her own", () => {
  for (const method of ["lottery", "rotation"] as const) {
    it(`keeps every always-free member within one turn, by ${method}`, () => {
      const r = exampleCircle(method);
      const { plan, problems } = planRotation(r);
      expect(problems).toEqual([]);
      if (plan === undefined) throw new Error("plan expected");
      const totals = new Map(plan.fairness.map((f) => [f.member, f.total]));
      const alwaysFree = BIRDS.filter((b) => b !== "Siskin").map((b) => totals.get(b) ?? 0);
      expect(Math.max(...alwaysFree) - Math.min(...alwaysFree)).toBeLessThanOrEqual(1);
      // Siskin is away two terms: proportionally fewer turns, never more than anyone.
      expect(totals.get("Siskin")).toBeLessThanOrEqual(Math.min(...alwaysFree));
      expect(plan.fairness.find((f) => f.member === "Siskin")?.freeTerms).toBe(10);
      expect(plan.fairness.find((f) => f.member === "Kestrel")?.turns.treasurer).toBe(0);
      expect(checkPlan(r, plan).filter((f) => f.rule <= 3 || f.term === undefined)).toEqual([]);
    });
  }

  it("draws the same table from the same roster and seed", () => {
    const { plan } = planRotation(exampleCircle("lottery"));
    expect(plan?.order).toEqual([
      "Heron",
      "Siskin",
      "Linnet",
      "Godwit",
      "Kestrel",
      "Plover",
      "Dunlin",
      "Curlew",
    ]);
    expect(plan?.fairness.map((f) => [f.member, f.total])).toEqual([
      ["Heron", 5],
      ["Kestrel", 5],
      ["Plover", 4],
      ["Linnet", 4],
      ["Curlew", 5],
      ["Dunlin", 5],
      ["Godwit", 4],
      ["Siskin", 4],
    ]);
    // Planned term by term, Dunlin was treasurer again in term 8 before having been
    // spokesperson; going back, the search finds a table that keeps every rule.
    expect(plan?.notes).toEqual([]);
    expect(plan?.terms[7]?.seats.map((s) => s.member)).toEqual(["Godwit", "Curlew", "Dunlin"]);
    const again = planRotation(structuredClone(exampleCircle("lottery"))).plan;
    expect(again && rotationCsv(again)).toBe(plan && rotationCsv(plan));
  });

  it("checkPlan reports the spread the old ranking left: Kestrel 8 turns, Heron and Dunlin 3", () => {
    // The table the planner drew before, when Kestrel's role restriction put her in a group
    // of her own for the count of turns.
    const rows = [
      "Siskin Heron Kestrel",
      "Kestrel Plover Siskin",
      "Linnet Siskin Kestrel",
      "Kestrel Dunlin Curlew",
      "Godwit Linnet Kestrel",
      "Kestrel Curlew Plover",
      "Dunlin Godwit Heron",
      "Plover Siskin Dunlin",
      "Heron Curlew Linnet",
      "Kestrel Godwit Siskin",
      "Curlew Linnet Godwit",
      "Siskin Plover Kestrel",
    ];
    const r = exampleCircle("lottery");
    const old: RotationPlan = {
      roles: r.roles,
      fillOrder: ["treasurer", "facilitator", "spokesperson"],
      method: "lottery",
      termDays: 14,
      order: [],
      fairness: [],
      notes: [],
      terms: rows.map((row, t) => ({
        number: t + 1,
        start: isoPlus("2026-11-02", 14 * t),
        end: isoPlus("2026-11-02", 14 * t + 13),
        seats: row.split(" ").map((member, k) => ({ role: r.roles[k] ?? "", member, pool: [] })),
      })),
    };
    const spread = checkPlan(r, old).filter((f) => f.rule === 4 && f.term === undefined);
    expect(spread.map((f) => f.message)).toEqual([
      "Kestrel has 8 turns and Heron, Dunlin 3, though they are free in the same terms",
      "Siskin has 6 turns and Heron, Dunlin 3, though Heron, Dunlin are free whenever Siskin is",
    ]);
  });
});

describe("planning across terms, not term by term", () => {
  // One role, Kestrel first in the roster and away in term 3. Term by term, Kestrel took
  // term 1, Heron term 2, and Heron, the only one free, term 3 again (rule 3). Going back
  // from term 3 to term 1, the planner gives term 1 to Heron instead.
  const r = roster({
    roles: ["facilitator"],
    terms: 3,
    termDays: 7,
    members: [
      { name: "Kestrel", line: 10, away: ["2026-11-16", "2026-11-16"] },
      { name: "Heron", line: 11 },
    ],
  });

  it("goes back to an earlier term rather than break rule 3", () => {
    const { plan, problems } = planRotation(r);
    expect(problems).toEqual([]);
    expect(plan?.terms.map((t) => t.seats[0]?.member)).toEqual(["Heron", "Kestrel", "Heron"]);
    expect(plan?.notes).toEqual([]);
    if (plan) expect(checkPlan(r, plan)).toEqual([]);
  });

  it("still notes a departure where no table keeps the rules", () => {
    const only = roster({ ...r, members: [{ name: "Heron", line: 11 }] });
    const { plan } = planRotation(only);
    expect(plan?.terms.map((t) => t.seats[0]?.member)).toEqual(["Heron", "Heron", "Heron"]);
    expect(plan?.notes).toEqual([
      "term 2 (2026-11-09 to 2026-11-15): Heron is facilitator again, as in the term before",
      "term 3 (2026-11-16 to 2026-11-22): Heron is facilitator again, as in the term before",
    ]);
  });

  it("keeps a member away a day from taking far more or fewer turns than the others", () => {
    // Curlew misses one day of 17, so she is in a group of her own. Rule 4 still holds her
    // within one turn of those free whenever she is, and them within two of her.
    const wide = roster({
      terms: 17,
      termDays: 1,
      members: [
        { name: "Heron", line: 10, roles: ["treasurer", "spokesperson"] },
        ...["Kestrel", "Wren", "Linnet", "Plover"].map((name, i) => ({ name, line: 11 + i })),
        { name: "Curlew", line: 15, away: ["2026-11-02", "2026-11-02"] as [string, string] },
      ],
    });
    const { plan } = planRotation(wide);
    if (plan === undefined) throw new Error("plan expected");
    const totals = plan.fairness.map((f) => f.total);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(2);
    expect(checkPlan(wide, plan).filter((f) => f.rule <= 3 || f.term === undefined)).toEqual([]);
  });
});

describe("planRotation: rule 6, problems a person can act on", () => {
  it("names the term, dates, role and rule when the only holder is away", () => {
    const { plan, problems } = planRotation(
      roster({
        members: [
          { name: "Heron", line: 10, roles: ["facilitator"], away: ["2026-12-20", "2027-01-04"] },
          { name: "Kestrel", line: 11, roles: ["treasurer", "spokesperson"] },
          { name: "Wren", line: 12, roles: ["treasurer", "spokesperson"] },
        ],
      }),
    );
    expect(plan).toBeUndefined();
    expect(problems).toEqual([
      {
        file: "rotation.md",
        line: 10,
        field: "rule 1",
        found: "facilitator",
        message:
          "term 4 (2026-12-14 to 2026-12-27), facilitator: only Heron may be facilitator and is away 2026-12-20 to 2027-01-04: let another member take facilitator, or shorten the absence",
      },
      {
        file: "rotation.md",
        line: 10,
        field: "rule 1",
        found: "facilitator",
        message:
          "term 5 (2026-12-28 to 2027-01-10), facilitator: only Heron may be facilitator and is away 2026-12-20 to 2027-01-04: let another member take facilitator, or shorten the absence",
      },
    ]);
  });

  it("reports a role nobody may hold once, against the roles line", () => {
    const { plan, problems } = planRotation(
      roster({
        members: [
          { name: "Heron", line: 10, roles: ["facilitator"] },
          { name: "Wren", line: 11, roles: ["spokesperson"] },
        ],
      }),
    );
    expect(plan).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, field: "rule 1", found: "treasurer" });
    expect(problems[0]?.message).toMatch(
      /^no member may hold treasurer, so no term can be filled \(term 1 onwards\)/,
    );
  });

  it("names rule 1 for a term when everyone is away", () => {
    const away: [string, string] = ["2026-11-20", "2026-11-25"];
    const { problems } = planRotation(
      roster({
        members: ["Heron", "Kestrel", "Wren", "Linnet"].map((name, i) => ({
          name,
          line: 10 + i,
          away,
        })),
      }),
    );
    expect(problems.map((p) => [p.field, p.found])).toEqual([
      ["rule 1", "facilitator"],
      ["rule 1", "treasurer"],
      ["rule 1", "spokesperson"],
    ]);
    expect(problems[0]?.message).toMatch(
      /^term 2 \(2026-11-16 to 2026-11-29\), facilitator: everyone who may be facilitator is away/,
    );
  });

  it("names rule 2 when there are fewer free members than roles", () => {
    const { problems } = planRotation(
      roster({
        members: [
          { name: "Heron", line: 10 },
          { name: "Kestrel", line: 11 },
          { name: "Wren", line: 12, away: ["2027-01-01", "2027-01-02"] },
        ],
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "rule 2", line: 2 });
    expect(problems[0]?.message).toBe(
      "term 5 (2026-12-28 to 2027-01-10): 3 roles but only 2 members are free (Heron and Kestrel), and nobody may hold two roles in one term: shorten an absence, or add a member",
    );
  });

  it("names the roles that share too few people (rule 2)", () => {
    const { problems } = planRotation(
      roster({
        members: [
          { name: "Heron", line: 10, roles: ["facilitator", "spokesperson"] },
          { name: "Kestrel", line: 11, roles: ["treasurer"] },
          { name: "Wren", line: 12, roles: ["treasurer"] },
        ],
        terms: 1,
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(
      /^term 1 \(2026-11-02 to 2026-11-15\), facilitator and spokesperson: these 2 roles need 2 different people, but only Heron may hold them/,
    );
  });

  it("explains a seed, a role name or an absence it cannot read", () => {
    expect(planRotation(roster({ method: "lottery", seed: "12 / x" })).problems).toEqual([
      expect.objectContaining({ line: 7, field: "seed", found: "12 / x" }),
    ]);
    expect(planRotation(roster({ method: "lottery" })).problems[0]?.message).toMatch(
      /a lottery needs a seed/,
    );
    const bad = planRotation(
      roster({
        members: [
          { name: "Heron", line: 10, roles: ["facilitater"] },
          { name: "Kestrel", line: 11, away: ["2027-01-04", "2026-12-20"] },
          { name: "Wren", line: 12 },
          { name: "Wren", line: 13 },
        ],
      }),
    ).problems;
    expect(bad.map((p) => [p.line, p.field])).toEqual(
      expect.arrayContaining([
        [10, "members[0].roles"],
        [11, "members[1].away"],
        [13, "members[3].name"],
      ]),
    );
  });
});

describe("printing a plan", () => {
  const { plan } = planRotation(roster({ terms: 2, method: "lottery", seed: SEED }));
  if (plan === undefined) throw new Error("plan expected");

  it("as CSV: a header and one row per term and role", () => {
    const csv = rotationCsv(plan).split("\n");
    expect(csv[0]).toBe("term,start,end,role,member");
    expect(csv).toHaveLength(1 + 2 * 3 + 1);
    expect(csv[1]).toMatch(/^1,2026-11-02,2026-11-15,facilitator,\w+$/);
    expect(csv[6]).toMatch(/^2,2026-11-16,2026-11-29,spokesperson,\w+$/);
  });

  it("quotes CSV fields that need it", () => {
    const odd = planRotation(
      roster({ terms: 1, members: [{ name: 'Ana "La Roja", Jr', line: 9 }, ...roster().members] }),
    ).plan;
    expect(odd && rotationCsv(odd)).toContain('"Ana ""La Roja"", Jr"');
  });

  it("as a terminal table with the key, the order drawn and the turns", () => {
    const text = rotationTable(plan);
    expect(text).toContain("2 terms of 14 days, by lottery (RFC 3797)");
    expect(text).toContain("key: 9319./2.5.8.10.12./9.18.26.34.41.45./");
    expect(text).toContain(`order drawn: ${plan.order.join(", ")}`);
    expect(text).toMatch(/^term +from +to +facilitator +treasurer +spokesperson$/m);
    expect(text).toMatch(/^1 +2026-11-02 +2026-11-15 +\w+ +\w+ +\w+$/m);
    expect(text).toMatch(/^turns +facilitator +treasurer +spokesperson +total$/m);
  });

  it("as handovers for the rhythm calendar", () => {
    const h = handoversOf(plan);
    expect(h).toHaveLength(6);
    expect(h[0]).toEqual({
      date: "2026-11-02",
      role: "facilitator",
      member: plan.terms[0]?.seats[0]?.member,
    });
  });
});
