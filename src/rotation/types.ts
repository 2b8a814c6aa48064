// The rotation table's shapes: what the planner reads from rotation.md and what it hands back.
// Apart from the planner, so the checker and the printer can name them without importing it.
import type { Member, Roster } from "../content/model.ts";
import type { DrawStep } from "./rfc3797.ts";

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
