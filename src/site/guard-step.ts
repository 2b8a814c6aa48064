// The public build's last gate: scan every file of the finished public output for leaks (the
// private deny-list, members' names, contact details, exact dates, the build machine, image
// and PDF metadata) and refuse to publish if anything is found. Fails closed: a finding stops
// the swap, and the old output stays.
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseDenyList, type WaivedFinding } from "../guard/index.ts";
import { scanOutput, type LocatedFinding } from "../guard/output.ts";
import type { PreparedCircle } from "../prepare.ts";
import type { CacheUse } from "../print/cache.ts";
import { allDocuments } from "../content/model.ts";
import { sha256 } from "../bundle/files.ts";

export interface GuardReport {
  findings: LocatedFinding[];
  waived: WaivedFinding[];
  files: number;
}

export class LeakError extends Error {
  constructor(readonly report: GuardReport) {
    super(`${report.findings.length} possible leak(s) in the public output`);
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
 * A PDF's text and metadata for the scan. The text is kept in the cache by the PDF's hash: it is
 * the public PDF's own text, so the cache holds nothing the output does not, and an unchanged
 * PDF is not parsed again.
 */
function pdfReader(cacheDir: string | undefined, use?: CacheUse) {
  return async (_file: string, bytes: Uint8Array) => {
    const key = sha256(bytes);
    const cached = cacheDir ? path.join(cacheDir, "pdf-text", `${key}.json`) : undefined;
    const hit = cached ? await readFile(cached, "utf8").catch(() => undefined) : undefined;
    let parts: { text: string; meta: string };
    if (cached && (hit !== undefined || use?.writable !== false)) use?.mark(cached);
    if (hit !== undefined) {
      parts = JSON.parse(hit) as { text: string; meta: string };
    } else {
      const { pdfPageTexts } = await import("../print/text.ts");
      const { PDFDocument } = await import("pdf-lib");
      const texts = await pdfPageTexts(bytes);
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const meta = [
        doc.getTitle(),
        doc.getAuthor(),
        doc.getSubject(),
        doc.getKeywords(),
        doc.getCreator(),
        doc.getProducer(),
      ]
        .filter((v): v is string => typeof v === "string")
        .join("\n");
      parts = { text: texts.join("\n"), meta };
      if (cached && use?.writable !== false) {
        await mkdir(path.dirname(cached), { recursive: true });
        await writeFile(`${cached}.tmp-${process.pid}`, JSON.stringify(parts));
        await rename(`${cached}.tmp-${process.pid}`, cached);
      }
    }
    return [
      { part: "pdf-text" as const, text: parts.text },
      { part: "pdf-metadata" as const, text: parts.meta },
    ];
  };
}

export async function guardPublicOutput(
  dir: string,
  prepared: PreparedCircle,
  contentDir: string,
  folders: readonly string[],
  cacheDir?: string,
  cacheUse?: CacheUse,
): Promise<GuardReport> {
  const { circle } = prepared;
  const machine = buildMachineEntries(folders);
  const denyList = await readDenyList(contentDir);
  const report = await scanOutput(
    dir,
    {
      denyList,
      buildMachine: machine,
      members: circle.roster?.members.map((m) => m.name) ?? [],
      publicReportDates: circle.reports.filter((r) => r.audience === "public").map((r) => r.date),
      waivers: allDocuments(circle).flatMap((d) => d.allow),
    },
    await contentSources(contentDir),
    { ".pdf": pdfReader(cacheDir, cacheUse) },
  );
  return report;
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

/** The findings as lines a person reads; every value masked, so logs never hold it. */
export function formatGuardReport(report: GuardReport): string[] {
  const lines: string[] = [];
  for (const f of report.findings) {
    const where = `${f.where.output}${f.line ? ` line ${f.line}` : ""} (${f.where.part}${f.where.label ? ` ${f.where.label}` : ""})`;
    lines.push(`leak: ${KIND_LABELS[f.kind] ?? f.kind}, "${f.masked}", in public/${where}`);
    const sources = f.sources.slice(0, 4).map((s) => `${s.file}:${s.line}`);
    if (sources.length > 0) {
      lines.push(`  from ${sources.join(", ")}${f.sources.length > 4 ? ", …" : ""}`);
      lines.push(
        `  fix: take it out of ${f.sources[0]?.file}, or if it is safe to publish, waive it in that file's front matter: allow: [{text: "<the exact text>", reason: "<why it may be public>"}]`,
      );
    } else if (f.kind === "build-machine") {
      lines.push("  fix: this comes from the build itself; please report it as a bug in mimeo.");
    } else {
      lines.push(
        "  fix: find where this text comes from (it is not in the Markdown: an image or a template) and remove it.",
      );
    }
  }
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
