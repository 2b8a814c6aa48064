// The public build's last gate: scan every file of the finished public output for leaks (the
// private deny-list, members' names, contact details, exact dates, the build machine, image
// and PDF metadata) and refuse to publish if anything is found. Fails closed: a finding stops
// the swap, and the old output stays.
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseDenyList, type WaivedFinding } from "../guard/index.ts";
import { scanOutput, type BinaryReader, type LocatedFinding } from "../guard/output.ts";
import type { PdfForm } from "../guard/pdf.ts";
import { groupFindings, type Leak } from "../guard/group.ts";
import { countryOfTimeZone } from "../guard/region.ts";
import type { PreparedCircle } from "../prepare.ts";
import type { CacheUse } from "../print/cache.ts";
import { allDocuments } from "../content/model.ts";
import { sha256 } from "../bundle/files.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { codeVersion } from "./record.ts";

export interface GuardReport {
  findings: LocatedFinding[];
  waived: WaivedFinding[];
  files: number;
  /** Files in which the detectors found nothing. */
  clean?: Set<string>;
  /** The guard's settings (deny-list, names, dates, machine, detectors) these verdicts hold for. */
  settings?: string;
  /** The pieces of long files in which the detectors found nothing, by key (guard/output.ts). */
  cleanPieces?: Set<string>;
  /** How many pieces of long files were read, and how many skipped as passed before. */
  pieces?: { read: number; skipped: number };
}

/** What a rebuild knows of its public files: their hashes, and which passed with which settings. */
export interface PastVerdicts {
  /**
   * The folder this build writes into, new each build: a file kept from an earlier build was
   * made before it existed and cannot hold its name, so it is left out of the settings.
   */
  scratch: string;
  hashOf?: (output: string) => string | undefined;
  /** The guard settings the file at `output` passed with, and the hash it had then. */
  passed?: (output: string) => { settings: string; hash: string } | undefined;
  /** The pieces of long files that passed the last build's guard, and its settings then. */
  pieces?: { settings: string; clean: ReadonlySet<string> };
  /**
   * Every file of the folder, when it was found as the last build's record lists them (no file
   * added, changed or removed, and nothing else in it): when each one passed with the settings
   * of this build, nothing is read, not even the folder's names.
   */
  recorded?: readonly string[];
}

export class LeakError extends Error {
  /** One entry per leak, with every output it reached. */
  readonly leaks: Leak[];
  constructor(readonly report: GuardReport) {
    const leaks = groupFindings(report.findings);
    super(`${leaks.length} possible leak(s) in the public output`);
    this.leaks = leaks;
    this.name = "LeakError";
  }
}

/** The private deny-list: MIMEO_DENY_FILE, or .mimeo/deny.txt beside the content folder. */
export async function readDenyList(contentDir: string, env = process.env): Promise<string[]> {
  const file =
    env.MIMEO_DENY_FILE ?? path.join(path.dirname(path.resolve(contentDir)), ".mimeo", "deny.txt");
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" && env.MIMEO_DENY_FILE === undefined) return "";
    throw new Error(
      `cannot read the deny-list ${env.MIMEO_DENY_FILE ? "MIMEO_DENY_FILE" : ".mimeo/deny.txt"}: ${error.code ?? "error"}`,
    );
  });
  return parseDenyList(text);
}

/** Account names too common to mean anything (and too common in text to deny). */
const GENERIC_USERS = new Set([
  "root",
  "user",
  "admin",
  "runner",
  "ubuntu",
  "debian",
  "node",
  "ci",
  "build",
  "builder",
  "app",
]);

/**
 * What would place the build on someone's machine: the folders it ran in, the user name and
 * the host name. Paths of one segment ("/root") are left out: they are ordinary words.
 */
export function buildMachineEntries(folders: readonly string[]): string[] {
  const entries = new Set<string>();
  for (const folder of [...folders, os.homedir(), process.cwd()]) {
    const segments = path.resolve(folder).split(path.sep).filter(Boolean);
    if (segments.length >= 2) entries.add(path.resolve(folder));
  }
  const user = os.userInfo().username;
  if (user.length >= 3 && !GENERIC_USERS.has(user.toLowerCase())) entries.add(user);
  const host = os.hostname();
  if (host.length >= 4 && host !== "localhost") entries.add(host);
  return [...entries];
}

/** Every content file's text, so a finding can be traced to its file and line. */
async function contentSources(contentDir: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  const sources: { file: string; text: string }[] = [];
  for (const e of entries) {
    if (!e.isFile() || !/\.(md|ya?ml)$/.test(e.name)) continue;
    const file = path
      .relative(contentDir, path.join(e.parentPath, e.name))
      .split(path.sep)
      .join("/");
    if (file.split("/").some((part) => part.startsWith("_") || part.startsWith("."))) continue;
    // Emphasis marks split words the way markup does in HTML; drop them (lines stay put).
    const text = (await readFile(path.join(contentDir, file), "utf8")).replace(/[*_`~]+/g, "");
    sources.push({ file, text });
  }
  return sources.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * A PDF's text and every other form its bytes hold (Info entry by entry, XMP, strings,
 * decompressed streams), for the scan. Kept in the cache by the PDF's hash: it is the public
 * PDF's own text, so the cache holds nothing the output does not, and an unchanged PDF is not
 * parsed again.
 */
function pdfReader(cacheDir: string | undefined, use?: CacheUse): BinaryReader {
  return async (_file, bytes) => {
    const key = sha256(bytes);
    const cached = cacheDir ? path.join(cacheDir, "pdf-forms", `${key}.json`) : undefined;
    const hit = cached ? await readFile(cached, "utf8").catch(() => undefined) : undefined;
    // Marked as used by this build, so pruning after it keeps the entry.
    if (cached && (hit !== undefined || use?.writable !== false)) use?.mark(cached);
    if (hit !== undefined) return JSON.parse(hit) as PdfForm[];
    const { pdfPageTexts } = await import("../print/text.ts");
    const { pdfForms } = await import("../guard/pdf.ts");
    const texts = await pdfPageTexts(bytes);
    const forms: PdfForm[] = [
      { part: "pdf-text", label: "PDF text", text: texts.join("\n") },
      ...(await pdfForms(bytes)),
    ];
    if (cached && use?.writable !== false) {
      await mkdir(path.dirname(cached), { recursive: true });
      await writeFile(`${cached}.tmp-${process.pid}`, JSON.stringify(forms));
      await rename(`${cached}.tmp-${process.pid}`, cached);
    }
    return forms;
  };
}

export async function guardPublicOutput(
  dir: string,
  prepared: PreparedCircle,
  contentDir: string,
  folders: readonly string[],
  cacheDir?: string,
  cacheUse?: CacheUse,
  past?: PastVerdicts,
): Promise<GuardReport> {
  const { circle } = prepared;
  const machine = buildMachineEntries(folders);
  const denyList = await readDenyList(contentDir);
  const country = countryOfTimeZone(circle.settings.timezone);
  const detect = {
    denyList,
    buildMachine: machine,
    members: circle.roster?.members.map((m) => m.name) ?? [],
    publicReportDates: circle.reports.filter((r) => r.audience === "public").map((r) => r.date),
    ...(country ? { country } : {}),
  };
  // A verdict holds only for the same detectors (mimeo's code) given the same settings. Waivers
  // are left out: they are applied to the findings afterwards, on every build.
  const lasting = {
    ...detect,
    buildMachine: past ? buildMachineEntries(folders.filter((f) => f !== past.scratch)) : machine,
  };
  const settings = fingerprintOf({ detect: lasting, code: codeVersion() });
  // A folder left as the last build made it, after an edit that changed none of the settings
  // (a circle-only report's): every file passed as it is. No piece is read, so the pieces that
  // passed before are still the ones to skip (build.ts keeps them in the record).
  const recorded = past?.recorded;
  if (
    recorded !== undefined &&
    recorded.length > 0 &&
    recorded.every((output) => {
      const then = past?.passed?.(output);
      return then?.settings === settings && then.hash === past?.hashOf?.(output);
    })
  ) {
    return { findings: [], waived: [], files: recorded.length, clean: new Set(recorded), settings };
  }
  const report = await scanOutput(
    dir,
    { ...detect, waivers: allDocuments(circle).flatMap((d) => d.allow) },
    () => contentSources(contentDir),
    { ".pdf": pdfReader(cacheDir, cacheUse) },
    new Set(allDocuments(circle).flatMap((d) => (d.audience === "public" ? [d.file] : []))),
    {
      ...(past?.hashOf && past.passed
        ? {
            hashOf: past.hashOf,
            passed: ((before) => (output: string, hash: string) => {
              const then = before(output);
              return then !== undefined && then.settings === settings && then.hash === hash;
            })(past.passed),
          }
        : {}),
      ...(past?.pieces?.settings === settings
        ? {
            piecePassed: (
              (clean) => (key: string) =>
                clean.has(key)
            )(past.pieces.clean),
          }
        : {}),
    },
  );
  return { ...report, settings };
}

const KIND_LABELS: Record<string, string> = {
  "deny-list": "a name on the private deny-list",
  "member-name": "a member's name from rotation.md",
  email: "an email address",
  phone: "a phone number",
  iban: "a bank account number (IBAN)",
  "exact-date": "the exact date of a public report",
  "build-machine": "a path, user name or host name of the machine that built it",
  "image-metadata": "metadata left in an image",
};

const WAIVE = `if it is safe to publish, waive it in that file's front matter: allow: [{text: "<the exact text>", reason: "<why it may be public>"}]`;

/** How to clear one leak, in words a person can act on. */
function fixFor(leak: Leak): string {
  if (leak.kind === "build-machine") {
    return "this comes from the build itself; please report it as a bug in mimeo.";
  }
  if (leak.kind === "image-metadata") {
    return "mimeo re-encodes every image without metadata; please report this as a bug in mimeo.";
  }
  if (leak.metadataOnly) {
    return "mimeo wrote this into the PDFs' metadata, not your text: please report it as a bug in mimeo.";
  }
  if (leak.source === undefined) {
    return "find where this text comes from (it is not in the Markdown: an image or a template) and remove it.";
  }
  const at = `${leak.source.file} line ${leak.source.line}`;
  // A day is fixed by writing less of it; anything else by taking it out.
  const verb = leak.kind === "exact-date" ? "write only the month and year in" : "take it out of";
  return `${verb} ${at}, or ${WAIVE}`;
}

const SHOWN = 6;

/**
 * The findings as lines a person reads: one entry per leak (what, where it was written, every
 * output it reached, the fix), however many outputs it reached. Every value masked, so logs
 * never hold it.
 */
export function formatGuardReport(report: GuardReport): string[] {
  const leaks = groupFindings(report.findings);
  const lines: string[] = [];
  leaks.forEach((leak, index) => {
    lines.push(
      `leak ${index + 1} of ${leaks.length}: ${KIND_LABELS[leak.kind] ?? leak.kind}, "${leak.masked}"`,
    );
    if (leak.source) {
      const also = leak.alsoIn.slice(0, 3).map((s) => `${s.file}:${s.line}`);
      const more = leak.alsoIn.length > 3 ? ", …" : "";
      lines.push(
        `  from ${leak.source.file}:${leak.source.line}${also.length > 0 ? ` (also in ${also.join(", ")}${more})` : ""}`,
      );
    }
    // Each output once, with every form the leak was read in there.
    const byOutput = new Map<string, string[]>();
    for (const r of leak.reached) {
      const at = r.lines.length > 0 ? ` line ${r.lines.slice(0, 3).join(", ")}` : "";
      byOutput.set(r.output, [...(byOutput.get(r.output) ?? []), `${r.form}${at}`]);
    }
    const reached = [...byOutput].map(
      ([output, forms]) => `public/${output} (${forms.join("; ")})`,
    );
    const rest = reached.length - SHOWN;
    lines.push(
      `  reached ${reached.length} output${reached.length === 1 ? "" : "s"}: ${reached.slice(0, SHOWN).join(", ")}${rest > 0 ? `, and ${rest} more` : ""}`,
    );
    lines.push(`  fix: ${fixFor(leak)}`);
  });
  return lines;
}

export function formatWaivers(waived: readonly WaivedFinding[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const w of waived) {
    const key = `${w.file}:${w.finding.masked}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(
      `waived: "${w.finding.masked}" by ${w.file}${w.line ? `:${w.line}` : ""} (${w.reason})`,
    );
  }
  return lines;
}
