// Shared helpers for the guard tests: a context and a one-call scan.
import { createGuard } from "../../src/guard/scan.ts";
import type { Finding, GuardContext, Part } from "../../src/guard/types.ts";

export const context = (extra: Partial<GuardContext> = {}): GuardContext => ({
  denyList: [],
  members: [],
  publicReportDates: [],
  waivers: [],
  ...extra,
});

/** Findings of one kind in `text`, scanned as a part of `page.html`. */
export function found(
  text: string,
  kind: Finding["kind"],
  extra: Partial<GuardContext> = {},
  part: Part = "text",
): Finding[] {
  return createGuard(context(extra))
    .scan(text, { output: "page.html", part })
    .findings.filter((f) => f.kind === kind);
}

/** The matched texts of one kind. */
export const matches = (
  text: string,
  kind: Finding["kind"],
  extra: Partial<GuardContext> = {},
  part: Part = "text",
): string[] => found(text, kind, extra, part).map((f) => f.match);
