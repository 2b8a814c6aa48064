// Runs every detector over a text and sorts what they found into possible leaks and waived
// findings. Matchers are built once per guard, so scanning thousands of pages costs one
// normalisation and one pass per detector for each text.
import { normalise, normaliseText, originalSpan } from "./normalise.ts";
import { compilePhrases } from "./phrases.ts";
import { defaultDetectors } from "./detectors/index.ts";
import { htmlToScanText } from "./html-text.ts";
import { mask } from "./mask.ts";
import type { Ruler } from "./ruler.ts";
import type {
  CompiledGuard,
  Detector,
  Finding,
  FindingKind,
  GuardContext,
  PhraseMatcher,
  ScanResult,
  Waiver,
  Where,
} from "./types.ts";

export interface Guard {
  readonly compiled: CompiledGuard;
  /** Scans one text. `waivers` defaults to the context's; pass the ones that apply here. */
  scan(text: string, where: Where, waivers?: readonly Waiver[]): ScanResult;
}

export function compileGuard(context: GuardContext): CompiledGuard {
  return {
    denyList: compilePhrases(context.denyList),
    members: compilePhrases(context.members),
    buildMachine: compilePhrases(context.buildMachine ?? []),
    publicReportDates: new Set(context.publicReportDates),
    ...(context.country ? { region: context.country.toUpperCase() } : {}),
  };
}

/** Builds the matchers once; use the returned guard for every output of a build. */
export function createGuard(
  context: GuardContext,
  detectors: Ruler<Detector> = defaultDetectors(),
): Guard {
  const compiled = compileGuard(context);
  const rules = detectors.list();
  const order = rules.map((r) => r.name);
  return {
    compiled,
    scan(text, where, waivers = context.waivers) {
      const n = normalise(text);
      const found = rules.flatMap(({ fn }) => fn(n, where, compiled));
      const all = settleOverlaps(found, order);
      addContexts(text, all);
      return applyWaivers(n, all, waivers);
    },
  };
}

// A guard per context object, for callers that pass the context each time.
const guards = new WeakMap<GuardContext, Guard>();

/** Runs all default detectors over `text`, building the context's matchers on first use. */
export function scanText(text: string, where: Where, context: GuardContext): ScanResult {
  let guard = guards.get(context);
  if (guard === undefined) {
    guard = createGuard(context);
    guards.set(context, guard);
  }
  return guard.scan(text, where);
}

/**
 * Scans a whole HTML page: its visible text, and each attribute value, script, style and
 * comment as its own part. Every finding gets the page line it sits on.
 */
export function scanHtml(
  html: string,
  output: string,
  guard: Guard,
  waivers?: readonly Waiver[],
): ScanResult {
  const page = htmlToScanText(html);
  const result: ScanResult = { findings: [], waived: [] };
  const take = (r: ScanResult, lineAt: (offset: number) => number): void => {
    for (const f of r.findings) result.findings.push({ ...f, line: lineAt(f.offset ?? 0) });
    for (const w of r.waived) {
      result.waived.push({ ...w, finding: { ...w.finding, line: lineAt(w.finding.offset ?? 0) } });
    }
  };
  take(guard.scan(page.text, { output, part: "text" }, waivers), page.lineAt);
  for (const piece of page.pieces) {
    const where: Where = { output, part: piece.part, label: piece.label };
    take(guard.scan(piece.text, where, waivers), piece.lineAt);
  }
  result.findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

const PATTERN_KINDS: ReadonlySet<FindingKind> = new Set(["email", "phone", "iban", "exact-date"]);

const span = (f: Finding): [number, number] => [f.offset ?? 0, (f.offset ?? 0) + f.match.length];

/**
 * Pattern detectors can read one string two ways (the digits of an IBAN as a phone); the
 * longer reading wins, the earlier detector on a tie. Names are always kept: a name inside
 * an address is two leaks. A sweep over findings sorted by offset: overlaps are rare, so
 * this is linear in practice even on a page with thousands of findings.
 */
function settleOverlaps(found: Finding[], order: readonly string[]): Finding[] {
  const rank = (f: Finding): number => order.indexOf(f.detector);
  const patterns = found
    .filter((f) => PATTERN_KINDS.has(f.kind))
    .sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
  const losers = new Set<Finding>();
  patterns.forEach((f, i) => {
    const [s, e] = span(f);
    for (let j = i + 1; j < patterns.length; j++) {
      const g = patterns[j];
      if (g === undefined) break;
      const [gs, ge] = span(g);
      if (gs >= e) break;
      const longer = ge - gs > e - s || (ge - gs === e - s && rank(g) < rank(f));
      losers.add(longer ? f : g);
    }
  });
  return found
    .filter((f) => !losers.has(f))
    .sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0) || rank(a) - rank(b));
}

const CONTEXT_CHARS = 40;

/**
 * Context for every finding: the text around it, so a person can find it on the page, with
 * this finding and every other one nearby masked: a log line must never show what the guard
 * is hiding. `all` is sorted by offset.
 */
function addContexts(text: string, all: Finding[]): void {
  const masked = mergeSpans(all.map(span).sort((a, b) => a[0] - b[0]));
  // The first masked span that ends after `offset`.
  const firstAfter = (offset: number): number => {
    let lo = 0;
    let hi = masked.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((masked[mid]?.[1] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const finding of all) {
    const [s, e] = span(finding);
    let from = Math.max(0, s - CONTEXT_CHARS);
    let to = Math.min(text.length, e + CONTEXT_CHARS);
    // Widen to whole findings, so none is cut in half and shown in part.
    const first = firstAfter(from);
    const startSpan = masked[first];
    if (startSpan !== undefined && startSpan[0] < from) from = startSpan[0];
    let out = "";
    let at = from;
    for (let k = first; k < masked.length; k++) {
      const [ms, me] = masked[k] ?? [0, 0];
      if (ms >= to) break;
      out += text.slice(at, ms) + mask(text.slice(ms, me));
      at = me;
      to = Math.max(to, me);
    }
    out += text.slice(at, to);
    const tidy = out.replace(/\p{Default_Ignorable_Code_Point}/gu, "").replace(/\s+/gu, " ");
    finding.context = (from > 0 ? "…" : "") + tidy.trim() + (to < text.length ? "…" : "");
  }
}

function mergeSpans(spans: readonly [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

interface CompiledWaiver {
  waiver: Waiver;
  key: string;
  phrase: PhraseMatcher;
}

const compiledWaivers = new WeakMap<Waiver, CompiledWaiver>();

function compileWaiver(waiver: Waiver): CompiledWaiver {
  let compiled = compiledWaivers.get(waiver);
  if (compiled === undefined) {
    compiled = { waiver, key: normaliseText(waiver.text), phrase: compilePhrases([waiver.text]) };
    compiledWaivers.set(waiver, compiled);
  }
  return compiled;
}

/**
 * A finding is waived when its text is the waiver's text (normalised), or when it lies inside
 * an occurrence of the waiver's text: a waiver for "Maria's Bakery Workers Union" allows
 * "Maria" there, and nowhere else on the page.
 */
function applyWaivers(
  n: ReturnType<typeof normalise>,
  all: Finding[],
  waivers: readonly Waiver[],
): ScanResult {
  if (waivers.length === 0) return { findings: all, waived: [] };
  const compiled = waivers.map(compileWaiver);
  const occurrences = compiled.map((c) =>
    c.phrase.find(n).map((hit) => originalSpan(n, hit.start, hit.end)),
  );
  const result: ScanResult = { findings: [], waived: [] };
  for (const finding of all) {
    const [s, e] = span(finding);
    const key = normaliseText(finding.match);
    const index = compiled.findIndex(
      (c, k) => c.key === key || (occurrences[k] ?? []).some(([os, oe]) => os <= s && e <= oe),
    );
    const waiver = compiled[index]?.waiver;
    if (waiver === undefined) result.findings.push(finding);
    else {
      const waived = { finding, reason: waiver.reason, file: waiver.file };
      result.waived.push(waiver.line === undefined ? waived : { ...waived, line: waiver.line });
    }
  }
  return result;
}
