// The rotation room: plan a roster, check it, print it, and run RFC 3797 draws.
export { planRotation } from "./plan.ts";
export type {
  RosterInput,
  RosterMember,
  RotationPlan,
  RotationTerm,
  RotationSeat,
  FairnessRow,
} from "./types.ts";
export { checkPlan } from "./check.ts";
export type { PlanFinding } from "./check.ts";
export { rotationTable, rotationCsv, handoversOf } from "./table.ts";
export {
  rfc3797Key,
  drawLottery,
  drawSteps,
  drawStep,
  formatDraw,
  LotterySeedError,
} from "./rfc3797.ts";
export type { DrawStep } from "./rfc3797.ts";
