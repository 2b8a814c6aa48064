// Builds a canary circle's public audience and checks it: every marker is absent from every
// byte of the output in every form, or the build failed naming it where it was found. The
// search is the test's own, not the guard's: raw bytes, HTML entities, script escapes,
// percent-encoding, iCalendar folding, and for PDFs the page text, every Info entry and
// every decompressed stream (qpdf), with PDF string escapes and UTF-16 strings decoded.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { decodeHTML } from "entities";
import { PDFDict, PDFDocument, PDFHexString, PDFString } from "pdf-lib";
import { build } from "../../src/build/build.ts";
import { LeakError } from "../../src/build/guard-step.ts";
import { normaliseText } from "../../src/guard/normalise.ts";
import { pdfPageTexts } from "../../src/print/text.ts";
import { writeCanaryCircle, type CanaryCircle, type Marker } from "./circle.ts";

const run = promisify(execFile);

const MONTH_NAMES = {
  en: "january february march april may june july august september october november december",
  es: "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
  fr: "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
};

/** Every spelling of a day the test looks for, lower case and without accents. */
export function spellings(day: string): string[] {
  const [y = "", m = "", d = ""] = day.split("-");
  const month = Number(m) - 1;
  const dd = String(Number(d));
  const mm = String(Number(m));
  const out = [
    day,
    `${y}${m}${d}`,
    `${d}/${m}/${y}`,
    `${m}/${d}/${y}`,
    `${d}.${m}.${y}`,
    `${dd}/${mm}/${y}`,
    `${mm}/${dd}/${y}`,
    `${y}/${m}/${d}`,
  ];
  for (const names of Object.values(MONTH_NAMES)) {
    const name = names.split(" ")[month] ?? "";
    out.push(`${dd} ${name} ${y}`, `${dd} de ${name} de ${y}`, `${name} ${dd}, ${y}`);
  }
  return out;
}

function decodeScript(text: string): string {
  return text
    .replace(
      /\\u\{([\da-f]+)\}|\\u([\da-f]{4})|\\x([\da-f]{2})/giu,
      (_a, b?: string, c?: string, e?: string) =>
        String.fromCodePoint(parseInt(b ?? c ?? e ?? "0", 16)),
    )
    .replace(/\\[nrt]/gu, " ");
}

function decodePercent(text: string): string {
  return text.replace(/(?:%[\da-f]{2})+/giu, (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

/** The forms of a text file: as written, and decoded every way an output can encode it. */
function textForms(text: string): string[] {
  const html = text.includes("&") ? decodeHTML(text) : text;
  const forms = [text, html];
  if (text.includes("\\")) forms.push(decodeScript(text));
  if (text.includes("%")) forms.push(decodePercent(html));
  // iCalendar: folded lines joined, escapes dropped.
  if (/\r?\n[ \t]/u.test(text)) {
    forms.push(text.replace(/\r?\n[ \t]/gu, "").replace(/\\([,;\\])/gu, "$1"));
  }
  // Markup removed, so "<em>Qu</em>ix" reads as a reader sees it.
  if (text.includes("<")) forms.push(html.replace(/<[^>]*>/gu, ""));
  return forms;
}

/** The forms of a PDF: page text, Info entries, and every decompressed stream and string. */
async function pdfForms(file: string, bytes: Uint8Array, scratch: string): Promise<string[]> {
  const forms = [(await pdfPageTexts(bytes)).join("\n")];
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const info = doc.context.lookup(doc.context.trailerInfo.Info);
  for (const [, value] of info instanceof PDFDict ? info.entries() : []) {
    if (value instanceof PDFString || value instanceof PDFHexString) {
      forms.push(value.asString(), value.decodeText());
    }
  }
  const qdf = path.join(scratch, `${path.basename(file)}.qdf`);
  await run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]).catch(
    (e: { code?: number }) => {
      if (e.code !== 3) throw e; // 3: warnings only
    },
  );
  const raw = new TextDecoder("latin1").decode(await readFile(qdf));
  forms.push(raw);
  // Hex strings, as UTF-16 (FEFF…) or Latin-1.
  for (const m of raw.matchAll(/<([\da-fA-F]{8,})>/gu)) {
    const hex = m[1] ?? "";
    const bytesOf = Uint8Array.from(hex.match(/../gu) ?? [], (p) => parseInt(p, 16));
    forms.push(
      hex.toUpperCase().startsWith("FEFF")
        ? new TextDecoder("utf-16be").decode(bytesOf.slice(2))
        : new TextDecoder("latin1").decode(bytesOf),
    );
  }
  // Literal strings with their escapes.
  forms.push(raw.replace(/\\(\d{3})/gu, (_a, o: string) => String.fromCharCode(parseInt(o, 8))));
  return forms;
}

/**
 * Matching form: lower case, soft hyphens and line-end hyphens joined, one space. Markers and
 * days are ASCII, so accents need no folding here, except in month names (février, août).
 */
function flat(text: string): string {
  return text
    .replace(/\u00ad/gu, "")
    .replace(/-\n/gu, "")
    .toLowerCase()
    .replace(/[\u00e9\u00fb]/gu, (c) => (c === "\u00e9" ? "e" : "u"))
    .replace(/\s+/gu, " ");
}

export interface Sighting {
  marker: Marker;
  output: string;
}

/** Where each marker is found in the output folder, in any form. */
export async function findMarkers(dir: string, markers: readonly Marker[]): Promise<Sighting[]> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "mimeo-canary-qdf-"));
  const needles = markers.map((marker) => ({
    marker,
    spellings: marker.kind === "day" ? spellings(marker.text) : [flat(marker.text)],
  }));
  const found: Sighting[] = [];
  try {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      const full = path.join(entry.parentPath, entry.name);
      const output = path.relative(dir, full).split(path.sep).join("/");
      const forms = [output];
      if (entry.isFile()) {
        const bytes = new Uint8Array(await readFile(full));
        forms.push(...textForms(new TextDecoder().decode(bytes)));
        if (output.endsWith(".pdf")) forms.push(...(await pdfForms(full, bytes, scratch)));
      }
      const haystack = forms.map(flat).join("\n");
      // Dates are searched as written too: "14/10/2026" keeps its slashes when flattened.
      for (const { marker, spellings: s } of needles) {
        if (s.some((needle) => haystack.includes(needle))) found.push({ marker, output });
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return found;
}

export interface CanaryResult {
  circle: CanaryCircle;
  /** Every problem, in words: empty when the case passed. */
  problems: string[];
  failedBuild: boolean;
}

/** Builds one canary circle's public audience and checks it. */
export async function runCanary(seed: number, pdf: boolean): Promise<CanaryResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-canary-"));
  try {
    const circle = await writeCanaryCircle(seed, dir);
    const out = path.join(dir, "output");
    const problems: string[] = [];
    // A refused build's output is read too, before it is removed: a build that fails for one
    // leak must not hide another.
    let refused: Sighting[] = [];
    const error = await build({
      content: path.join(dir, "content"),
      out,
      audiences: ["public"],
      pdf,
      today: "2026-12-01",
      cacheDir: path.join(dir, "cache"),
      jobs: 1,
      inspectRefused: async (tmp) => {
        refused = await findMarkers(tmp, circle.markers);
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error !== undefined && !(error instanceof LeakError)) throw error;
    if (error === undefined) {
      const sightings = await findMarkers(path.join(out, "public"), circle.markers);
      for (const s of sightings) {
        problems.push(`silent leak: ${s.marker.what} "${s.marker.text}" in public/${s.output}`);
      }
      if (circle.planted) {
        problems.push(
          `the build passed with ${circle.planted.marker.what} planted in the ${circle.planted.where}`,
        );
      }
      return { circle, problems, failedBuild: false };
    }
    // Refused: every marker found in an output must be named by a finding in that output, and
    // every finding must be a marker (no false alarm).
    const findings = error.report.findings;
    const names = (f: (typeof findings)[number], marker: Marker): boolean =>
      marker.kind === "day"
        ? f.canonical === marker.text
        : normaliseText(f.match).includes(normaliseText(marker.text)) ||
          normaliseText(marker.text).includes(normaliseText(f.match));
    for (const s of refused) {
      if (!findings.some((f) => f.where.output === s.output && names(f, s.marker))) {
        problems.push(`leak not named: ${s.marker.what} "${s.marker.text}" in public/${s.output}`);
      }
    }
    for (const f of findings) {
      if (!circle.markers.some((m) => names(f, m))) {
        problems.push(
          `false alarm: ${f.kind} "${f.masked}" in public/${f.where.output} (${f.where.part})`,
        );
      }
    }
    if (
      circle.planted &&
      !findings.some((f) => circle.planted && names(f, circle.planted.marker))
    ) {
      problems.push(
        `not named: ${circle.planted.marker.what} planted in the ${circle.planted.where}`,
      );
    }
    if ((await readdir(out).catch(() => [])).length > 0)
      problems.push("a failed build wrote output");
    return { circle, problems, failedBuild: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
