// The shapes the leak guard speaks in: where a text came from, what a detector found in it,
// and what the build knows about the circle that it must keep out of public outputs.
import type { Normalised } from "./normalise.ts";

/** Which part of an output file a text was taken from. */
export type Part =
  | "text"
  | "attribute"
  | "css"
  | "script"
  | "json"
  | "comment"
  | "feed"
  | "filename"
  | "pdf-text"
  | "pdf-metadata"
  | "pdf-stream"
  | "image-metadata";

export interface Where {
  /** Output file path relative to the output root, with `/` separators. */
  output: string;
  part: Part;
  /**
   * For attributes and elements: `img[alt]`, `<script>`; for byte forms, the form:
   * "PDF metadata CreationDate", "\\u escapes decoded". Helps a person find the spot.
   */
  label?: string;
}

export type FindingKind =
  | "deny-list"
  | "member-name"
  | "email"
  | "phone"
  | "iban"
  | "exact-date"
  | "build-machine"
  | "image-metadata";

export interface Finding {
  /** Name of the detector that found it, as registered in the ruler. */
  detector: string;
  kind: FindingKind;
  /** The raw text matched, as it stands in the scanned text. Never log this; log `masked`. */
  match: string;
  /** `match` with all but the first character of each word hidden. Safe for logs. */
  masked: string;
  where: Where;
  /** Offset of `match` in the scanned text (before normalisation). */
  offset?: number;
  /** Line in the output file, when the caller could map the offset back (see `scanHtml`). */
  line?: number;
  /** The surrounding text, with this and every other finding in it masked. */
  context?: string;
  /**
   * What the detector read, in one spelling: an ISO date, a phone's digits, a compact IBAN,
   * a lower-case address. Lets the build match a finding to its source written another way.
   * As sensitive as `match`. Not set for names.
   */
  canonical?: string;
}

export interface Waiver {
  /** The one exact string the content file allows in public outputs. */
  text: string;
  reason: string;
  /** The content file that wrote the waiver, so the build summary can name it. */
  file: string;
  line?: number;
}

export interface GuardContext {
  /** Entries of the private deny-list, as parsed by `parseDenyList`. */
  denyList: readonly string[];
  /** Names from rotation.md. */
  members: readonly string[];
  /** The folders a build ran in, its user and host name: what would place it on a machine. */
  buildMachine?: readonly string[];
  /** ISO days (`2026-10-14`) of the public reports: public outputs show year and month only. */
  publicReportDates: readonly string[];
  waivers: readonly Waiver[];
  /**
   * The circle's country (ISO 3166 alpha-2, like MX): phone numbers written without a country
   * code are read with its numbering plan. From circle.yaml's `country`, or its time zone.
   */
  country?: string;
}

export interface WaivedFinding {
  finding: Finding;
  reason: string;
  file: string;
  line?: number;
}

export interface ScanResult {
  /** Possible leaks: any one of them fails a public build. */
  findings: Finding[];
  /** Findings a content file allowed; listed in the build summary, never a failure. */
  waived: WaivedFinding[];
}

/** A span a detector found, in offsets of the normalised text. */
export interface Hit {
  start: number;
  end: number;
  canonical?: string;
}

/** What every detector gets besides the text: matchers built once per build. */
export interface CompiledGuard {
  readonly denyList: PhraseMatcher;
  readonly members: PhraseMatcher;
  readonly buildMachine: PhraseMatcher;
  /** ISO days that must not appear in any spelling. */
  readonly publicReportDates: ReadonlySet<string>;
  /** The circle's country, for phone numbers written without a country code. */
  readonly region?: string;
}

/** Finds any of a fixed set of phrases in a normalised text. */
export interface PhraseMatcher {
  readonly size: number;
  find(text: Normalised): Hit[];
}

/**
 * A leak detector: one small function, in its own file, like a markdown-it rule. It is pure:
 * it reads the normalised text and returns what it found, with no I/O.
 */
export type Detector = (text: Normalised, where: Where, guard: CompiledGuard) => Finding[];
