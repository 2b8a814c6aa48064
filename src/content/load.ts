// Reads a circle's content folder into a validated model, collecting every problem in one run.
// This is the only place that reads content from disk; every later stage takes the model.
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import MarkdownIt from "markdown-it";
import type { z } from "zod";
import type Token from "markdown-it/lib/token.mjs";
import { plainTextOf } from "../search/text.ts";
import { longTextWritten, vouchAs, vouchTexts } from "../canonical-json.ts";
import { DateTime } from "luxon";
import { parseMarkdownFile, parseYaml, type ParsedMarkdown } from "./frontmatter.ts";
import {
  validate,
  circleSchema,
  reportSchema,
  tacticSchema,
  charterSchema,
  ledgerSchema,
  rosterSchema,
  importedReportSchema,
  importedTacticSchema,
} from "./schemas.ts";
import { linkAdaptations, type Adaptation, type AdaptedFromRef } from "./lineage.ts";
import { problem, sortProblems, type ContentProblem } from "./problem.ts";
import { lineOfToken, trackStarts } from "./positions.ts";
import { nameWrittenAsPath, writeJustTheName } from "./tactic-names.ts";
import { contentRoot, entryOf, readContentFile, stampOf, type ContentRoot, type Entry } from "./source.ts";
import type {
  Article,
  Audience,
  Charter,
  Circle,
  Document,
  CircleSettings,
  LedgerMonthFile,
  MediaUse,
  Origin,
  Report,
  Roster,
  Tactic,
  Waiver,
} from "./model.ts";

export interface LoadOptions {
  /** The build day; defaults to SOURCE_DATE_EPOCH or now, in the circle's zone. */
  today?: string;
  /**
   * Parsed Markdown kept between loads by `mimeo serve`: a file whose stat is the same as last
   * time is not read again, and one whose text is the same is not parsed again. Kept in memory
   * only.
   */
  parsed?: ParsedFiles;
  /**
   * What earlier builds read from Markdown bodies, by bodyKey; the load adds every body it
   * reads to `now`, so the next build's memo holds only bodies still in the content.
   */
  bodies?: BodyMemo;
}

/** What parsing a Markdown body gives: its links and images, and its plain text. */
export interface ReadBody {
  references: Reference[];
  plainText: string;
  /** How canonical JSON writes the plain text (longTextWritten), when it is long. */
  plainTextWritten?: string;
}

export interface BodyMemo {
  earlier: ReadonlyMap<string, ReadBody>;
  now: Map<string, ReadBody>;
  /** Each file read this time, with its body's key in `now`. */
  files: Map<string, string>;
  /**
   * What an earlier build read of each Markdown file, by content path: a file whose stat is the
   * same (its stampOf) is taken from here and not read again.
   */
  filesEarlier?: ReadonlyMap<string, FileRead>;
  /** What this load read of each file it read without a problem, for the next build. */
  filesNow?: Map<string, FileRead>;
  /**
   * Each file this load read without a problem whose stat had not settled, with that stat: not
   * in filesNow, but a next build that finds it saved again starts the browser early.
   */
  unsettled?: Map<string, string>;
}

/**
 * What a build keeps of a Markdown file read without a problem, so the next build does not read
 * or parse it again while its stat is the same. Plain JSON: front matter that JSON cannot hold
 * as it is (`.inf`, `-0`) is not kept.
 */
export interface FileRead {
  /** stampOf the file when it was read (it had been still for SETTLED_MS). */
  stamp: string;
  data: unknown;
  /** The file line of each top-level field of the front matter. */
  lines: [string, number][];
  body: string;
  bodyStartLine: number;
  /** bodyKey of the body, for the body memo. */
  key: string;
  /** How canonical JSON writes the body (longTextWritten), when it is long. */
  bodyWritten?: string;
  /** The front matter as its schema gave it back, when it had no problem (see `checked`). */
  checked?: { kind: string; value: unknown };
}

/** A body's key in a BodyMemo: its text and the file line it starts on (references carry lines). */
export function bodyKey(body: string, bodyStartLine: number): string {
  return createHash("sha256").update(`${bodyStartLine}\n`).update(body).digest("base64url");
}

/** A Markdown file's text and what parsing it gave, by content path. */
export type ParsedFiles = Map<
  string,
  {
    source: string;
    /** The file's stampOf when `source` was read from it without a problem. */
    stamp?: string;
    parsed: ParsedMarkdown;
    references: Reference[];
    plainText: string;
  }
>;

export interface LoadResult {
  /**
   * Everything that could be read, whenever circle.yaml could; files with problems are left
   * out of it. Use it only when `problems` is empty (later checks may still look at it, so that
   * every problem is listed in one run).
   */
  circle?: Circle;
  problems: ContentProblem[];
}

const ignored = (name: string): boolean => name.startsWith("_") || name.startsWith(".");

/** What one load gathers as it reads: problems, the tactic slugs, and every body read. */
interface Reading {
  root: ContentRoot;
  problems: ContentProblem[];
  /** Tactic slugs (file names in tactics/) of the folder being loaded. */
  tacticSlugs: Set<string>;
  /**
   * Every Markdown file that exists, read or not: a link to one whose front matter cannot be
   * read is not reported again (its own problem says what to fix).
   */
  present: Set<string>;
  /** The links and images of every Markdown body read, valid or not, for the checks. */
  bodies: { file: string; references: Reference[]; audience: Audience }[];
  /** Each own tactic's `adapted-from:`, linked once every tactic, own and imported, is read. */
  adaptations?: Adaptation[];
  parsed?: ParsedFiles;
  memo?: BodyMemo;
}

/** A Markdown file as the readers get it: parsed, and its body as plain text. */
type ReadMarkdown = ParsedMarkdown & { plainText: string };

type Reader<T> = (file: string, parsed: ReadMarkdown, problems: ContentProblem[], reading: Reading) => T | undefined;

/** Reads and checks everything in `dir`, collecting every problem. */
export async function loadCircle(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const problems: ContentProblem[] = [];
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    return {
      problems: [problem(dir, 0, "this content folder does not exist or is not a folder.")],
    };
  }

  const root = contentRoot(dir);
  const settings = readSettings(root, problems);
  const today = options.today ?? buildDay(settings?.timezone ?? "UTC");

  // Which files exist is known before any is read, so references are checked even in files
  // whose front matter has other problems: every problem in one run.
  const folders = {
    reports: await listFolder(root, "reports", problems),
    tactics: await listFolder(root, "tactics", problems),
    ledger: await listFolder(root, "ledger", problems),
  };
  // A refused tactic file still names a tactic, so links to it are not reported a second time.
  const tacticSlugs = new Set(folders.tactics.named.map((name) => name.slice(0, -3)));
  const reading: Reading = {
    root,
    problems,
    tacticSlugs,
    present: new Set(
      Object.entries(folders).flatMap(([sub, listed]) => listed.named.map((name) => `${sub}/${name}`)),
    ),
    bodies: [],
    adaptations: [],
    ...(options.parsed ? { parsed: options.parsed } : {}),
    ...(options.bodies ? { memo: options.bodies } : {}),
  };
  const { bodies } = reading;
  const reports = readAll("reports", folders.reports.readable, reading, readReport);
  const tactics = readAll("tactics", folders.tactics.readable, reading, readTactic);
  const ledger = readAll("ledger", folders.ledger.readable, reading, readLedgerMonth);
  const charter = readOne("charter.md", reading, readCharter);
  const roster = readOne("rotation.md", reading, readRoster);

  reports.forEach((report, i) => {
    if (tacticSlugs.has(report.careMirror.text)) reports[i] = mirroring(report);
  });
  // Documents imported from other circles (content/from/<circle>/) are part of the circle.
  const imported = await readImported(reading);
  tactics.push(...imported.tactics);
  reports.push(...imported.reports);
  linkAdaptations(tactics, reading.adaptations ?? [], tacticSlugs, problems);
  // Two files for one month are the ledger reader's problem to name (readLedger), once.

  // Links and images inside every body, including bodies of files with other problems.
  const known = new Set(bodies.map((d) => d.file));
  const media: MediaUse[] = [];
  /** What each image path is, looked up once however many documents show it. */
  const imageFiles = new Map<string, ReturnType<typeof entryOf>>();
  for (const doc of bodies) {
    for (const ref of doc.references) {
      const target = resolveReference(doc.file, ref.href);
      if (target === null) {
        problems.push(
          problem(doc.file, ref.line, "this path leads outside the content folder: keep images and linked files inside it.", { found: ref.href }),
        );
        continue;
      }
      if (target === undefined) {
        if (ref.kind === "image") {
          problems.push(problem(doc.file, ref.line, imageNotInContent(doc.file, ref.href), { found: ref.href }));
        } else if (/^file:/i.test(ref.href)) {
          problems.push(
            problem(doc.file, ref.line, "this link is a file on one computer (file:), which no one else can open, and its path would be printed on the page: link to a content .md file, like ../tactics/sick-out.md, or keep just the words.", {
              found: ref.href,
            }),
          );
        }
        continue;
      }
      if (ref.kind === "image") {
        let entry = imageFiles.get(target);
        if (entry === undefined) {
          entry = entryOf(root, target);
          imageFiles.set(target, entry);
        }
        if (entry.kind === "refused") {
          problems.push(problem(doc.file, ref.line, `${entry.message.replace(/^this /, "this image ")}`, { found: ref.href }));
        } else if (entry.kind === "missing") {
          problems.push(
            problem(doc.file, ref.line, "this image does not exist. Check the path: it is relative to this file, like ../media/bay.jpg.", {
              found: ref.href,
            }),
          );
        } else if (!/\.(jpe?g|png|webp|gif)$/i.test(target)) {
          problems.push(
            problem(doc.file, ref.line, "images must be JPEG, PNG, WebP or GIF files.", { found: ref.href }),
          );
        } else {
          if (ref.alt.trim() === "" && doc.audience === "public") {
            problems.push(
              problem(doc.file, ref.line, "a public image needs alt text that describes it: write it between the brackets, ![like this](../media/bay.jpg).", {
                found: ref.href,
              }),
            );
          }
          media.push({ path: target, alt: ref.alt, file: doc.file, line: ref.line });
        }
      } else if (!target.endsWith(".md") || (!known.has(target) && !reading.present.has(target))) {
        const isKnown = (file: string): boolean => known.has(file) || reading.present.has(file);
        problems.push(problem(doc.file, ref.line, linkProblem(root, target, ref.href, isKnown), { found: ref.href }));
      }
    }
  }

  // Expired reports are left out of every build, and links to them become plain text.
  const live = reports.filter((r) => !(r.expires && r.expires <= today));
  const expired = reports.filter((r) => r.expires && r.expires <= today).map((r) => r.file);

  const all = sortProblems(problems);
  if (!settings) return { problems: all };
  return {
    circle: {
      settings,
      ...(charter ? { charter } : {}),
      reports: live.sort((a, b) => (a.date === b.date ? cmp(a.slug, b.slug) : cmp(b.date, a.date))),
      expired,
      tactics: tactics.sort((a, b) => cmp(a.slug, b.slug)),
      ledger: ledger.sort((a, b) => cmp(a.month, b.month)),
      ...(roster ? { roster } : {}),
      media,
      today,
    },
    problems: all,
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);


/** The build day: SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now. */
export function buildDay(zone: string, env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const instant =
    epoch !== undefined && /^\d+$/.test(epoch)
      ? DateTime.fromSeconds(Number(epoch), { zone })
      : DateTime.now().setZone(zone);
  return instant.toISODate() ?? "1970-01-01";
}

/**
 * What is wrong with a link to `target` (a content path) that is not a content .md file mimeo
 * read, and what to write instead. Links lead from page to page (docs/content-format.md): to a
 * content .md file; images are shown with ![...](...). Anything else would lead nowhere.
 */
function linkProblem(root: ContentRoot, target: string, href: string, isKnown: (file: string) => boolean): string {
  if (!target.endsWith(".md") && !target.endsWith("/") && isKnown(`${target}.md`)) {
    const cut = href.search(/[#?]/);
    const written = cut === -1 ? `${href}.md` : `${href.slice(0, cut)}.md${href.slice(cut)}`;
    return `this link leaves out .md: write ${written}, the file as it is named.`;
  }
  const folder =
    target === "." || target.endsWith("/") || statSync(path.join(root.dir, target), { throwIfNoEntry: false })?.isDirectory();
  if (folder) {
    return "this link points at a folder, and a link leads to one page: write the path of a .md file, like ../tactics/sick-out.md.";
  }
  if (/\.(jpe?g|png|webp|gif)$/i.test(target)) {
    return `this link points at an image: to show it, write ![what it shows](${href}).`;
  }
  if (!target.endsWith(".md") && statSync(path.join(root.dir, target), { throwIfNoEntry: false }) !== undefined) {
    return `this link points at ${target}, which is not a page: a link leads to another content .md file, like ../tactics/sick-out.md, and mimeo publishes nothing else from the content folder.`;
  }
  return "this link points at a content file that does not exist (or is ignored or expired). Check the path: it is relative to this file, like ../tactics/sick-out.md.";
}

function unknownTactic(slug: string, slugs: Set<string>): string {
  const near = [...slugs].filter((s) => s.includes(slug) || slug.includes(s)).slice(0, 3);
  const hint = near.length > 0 ? ` Did you mean ${near.join(" or ")}?` : "";
  return `no file tactics/${slug}.md exists: name a tactic by its file name without .md.${hint}`;
}

/** Names the system keeps in folders by itself: never a circle's file, never worth a word. */
const OS_LITTER = new Set(["Thumbs.db", "desktop.ini"]);
/** An editor's backup of a file (`heat-stoppage.md~`): the file itself is read. */
const editorBackup = (name: string): boolean => name.endsWith("~");

/**
 * The `.md` files of a content folder: every one `named`, and those that can be read. Everything
 * else in it is named in a problem rather than skipped in silence: a file saved as `x.md.txt`,
 * a subfolder, a link that leads outside the content folder or nowhere, a pipe.
 */
async function listFolder(
  root: ContentRoot,
  sub: string,
  problems: ContentProblem[],
): Promise<{ named: string[]; readable: Map<string, Entry> }> {
  const entries = await readdir(path.join(root.dir, sub)).catch(() => []);
  const named: string[] = [];
  /** Each readable file's name, and what it is: looked at once, not again when it is read. */
  const readable = new Map<string, Entry>();
  for (const name of entries.sort()) {
    if (ignored(name) || OS_LITTER.has(name) || editorBackup(name)) continue;
    const file = `${sub}/${name}`;
    const entry = entryOf(root, file);
    if (entry.kind === "missing") continue;
    if (name.endsWith(".md")) named.push(name);
    if (entry.kind === "refused") {
      problems.push(problem(file, 0, entry.message));
      continue;
    }
    if (!name.endsWith(".md")) {
      problems.push(
        problem(file, 0, `mimeo reads only .md files in ${sub}/: rename this one to end in .md (some editors save x.md as x.md.txt), move it out, or start its name with _ to keep it here unread.`),
      );
      continue;
    }
    readable.set(name, entry);
  }
  return { named, readable };
}

function readAll<T>(sub: string, files: ReadonlyMap<string, Entry>, reading: Reading, read: Reader<T>): T[] {
  const out: T[] = [];
  for (const [name, entry] of files) {
    const doc = readOne(`${sub}/${name}`, reading, read, entry);
    if (doc) out.push(doc);
  }
  return out;
}

/** How old a file's modification time must be before its stat is trusted to tell an edit. */
const SETTLED_MS = 3000;

/**
 * Reads one Markdown file and hands it to its reader. Synchronous on purpose: a content file is
 * small, and reading thousands one after another through fs/promises costs four thread-pool
 * round trips each (open, stat, read, close); at 4,000 reports that was a second of waiting.
 */
function readOne<T>(file: string, reading: Reading, read: Reader<T>, entry?: Entry): T | undefined {
  const found = entry ?? entryOf(reading.root, file);
  if (found.kind !== "missing") reading.present.add(file);
  const stamp = found.kind === "file" ? stampOf(found.stats) : undefined;
  // A file an earlier build read and whose stat has not changed since is not read again.
  const earlier = stamp === undefined ? undefined : reading.memo?.filesEarlier?.get(file);
  const got =
    (earlier !== undefined && earlier.stamp === stamp
      ? fromEarlierBuild(reading, file, earlier)
      : undefined) ??
    readParsed(file, found, stamp, reading);
  if (got === undefined) return undefined;
  const { parsed, references, plainText } = got;
  const declared = (parsed.data as { audience?: unknown } | null)?.audience;
  const audience: Audience =
    declared === "public" || declared === "circle" ? declared : file.startsWith("tactics/") ? "public" : "circle";
  reading.bodies.push({ file, references, audience });
  const doc = read(file, { ...parsed, plainText }, reading.problems, reading);
  // The texts' hashes as the last build worked them out: the page fingerprints write them so.
  if (typeof doc === "object" && doc !== null) {
    vouchTexts(doc, [
      ["body", parsed.body, got.bodyWritten],
      ["plainText", plainText, got.plainTextWritten],
    ]);
  }
  return doc;
}

/** A Markdown file parsed, with its body's links and plain text, and their long texts' hashes. */
interface ParsedRead {
  parsed: ParsedMarkdown;
  references: Reference[];
  plainText: string;
  plainTextWritten?: string;
  bodyWritten?: string;
}

/** Reads and parses a file, unless serve read it before and its stat has not changed since. */
function readParsed(file: string, found: Entry, stamp: string | undefined, reading: Reading): ParsedRead | undefined {
  let kept = reading.parsed?.get(file);
  if (kept !== undefined && kept.stamp !== undefined && kept.stamp === stamp) return kept;
  const { text: source, problems: unreadable } = readContentFile(reading.root, file, found);
  reading.problems.push(...unreadable);
  if (source === undefined) return undefined;
  // Read again whenever it had a problem (the problem is listed on every load until fixed),
  // and while it is newer than a file system's coarsest clock: FAT, on USB sticks, keeps
  // times to 2 s, so a second save of the same size within them leaves the same stat.
  const settled = found.kind === "file" && Date.now() - found.stats.mtimeMs > SETTLED_MS;
  const readWell = unreadable.length === 0 && settled ? stamp : undefined;
  if (unreadable.length === 0 && !settled && stamp !== undefined) {
    reading.memo?.unsettled?.set(file, stamp);
  }
  if (kept?.source === source) {
    if (readWell === undefined) delete kept.stamp;
    else kept.stamp = readWell;
    return kept;
  }
  const parsed = parseMarkdownFile(file, source);
  if (parsed.problems.length > 0) {
    reading.parsed?.delete(file);
    reading.problems.push(...parsed.problems);
    return undefined;
  }
  if (parsed.bodyProblems) {
    // Read, and listed on every load until fixed: neither kept for the next load nor the next build.
    reading.problems.push(...parsed.bodyProblems);
    reading.parsed?.delete(file);
    return { parsed, ...readBody(file, parsed, reading.memo) };
  }
  kept = { source, ...(readWell ? { stamp: readWell } : {}), parsed, ...readBody(file, parsed, reading.memo) };
  reading.parsed?.set(file, kept);
  const key = reading.memo?.files.get(file);
  const keep = readWell && key ? fileRead(readWell, parsed, key) : undefined;
  if (keep) reading.memo?.filesNow?.set(file, keep);
  return kept;
}

/**
 * What the next build keeps of a file read well, when JSON holds its front matter as it is: only
 * plain data (text, finite numbers, true, false, null, lists and maps of them), and no -0.
 */
function fileRead(stamp: string, parsed: ParsedMarkdown, key: string): FileRead | undefined {
  const { data } = parsed;
  if (data === null || typeof data !== "object" || Array.isArray(data) || !plainJson(data)) {
    return undefined;
  }
  const lines = Object.keys(data).map((field): [string, number] => [field, parsed.lineOf([field])]);
  const bodyWritten = longTextWritten(parsed.body);
  return { stamp, data, lines, body: parsed.body, bodyStartLine: parsed.bodyStartLine, key, ...(bodyWritten ? { bodyWritten } : {}) };
}

function plainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(plainJson);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, inner]) => key !== "__proto__" && plainJson(inner));
}

/**
 * A file as an earlier build read it, without reading it: its lines of top-level fields are
 * known, and anything else a problem may name (a line inside a list, a value as written) reads
 * and parses the file then, once. Undefined when the body memo lacks its body.
 */
function fromEarlierBuild(
  reading: Reading,
  file: string,
  read: FileRead,
): ParsedRead | undefined {
  const memo = reading.memo;
  const body = memo?.earlier.get(read.key);
  if (body === undefined) return undefined;
  memo?.now.set(read.key, body);
  memo?.files.set(file, read.key);
  memo?.filesNow?.set(file, read);
  let again: ParsedMarkdown | undefined;
  const full = (): ParsedMarkdown => {
    if (again === undefined) {
      const { text } = readContentFile(reading.root, file);
      again = parseMarkdownFile(file, text ?? "");
    }
    return again;
  };
  const lines = new Map(read.lines);
  const parsed: ParsedMarkdown = {
    data: read.data,
    body: read.body,
    bodyStartLine: read.bodyStartLine,
    problems: [],
    lineOf: (at) => {
      const line = at.length === 1 && typeof at[0] === "string" ? lines.get(at[0]) : undefined;
      return line ?? full().lineOf(at);
    },
    sourceOf: (at) => full().sourceOf(at),
  };
  return { parsed, ...body, ...(read.bodyWritten !== undefined ? { bodyWritten: read.bodyWritten } : {}) };
}

/**
 * The front matter of a report or tactic checked against its schema, or as the last build
 * checked it when the file is the one it read (its stat the same): a schema's check of thousands
 * of unchanged reports was about 0.07 s of a one-edit rebuild at 4,000 reports. Kept for the
 * next build only when the check found no problem and gave back plain data.
 */
function checked<S extends z.ZodType>(
  schema: S,
  kind: string,
  file: string,
  parsed: ReadMarkdown,
  reading: Reading,
): { value?: z.output<S>; problems: ContentProblem[] } {
  const read = reading.memo?.filesNow?.get(file);
  const same = read !== undefined && read.data === parsed.data;
  if (same && read.checked?.kind === kind) return { value: read.checked.value as z.output<S>, problems: [] };
  const result = validate(schema, parsed.data, file, parsed.lineOf, parsed.sourceOf);
  if (same && result.problems.length === 0 && result.value !== undefined && plainJson(result.value)) {
    // A new object, not the earlier build's changed: the reading cache writes again only what
    // is not the very object it read (reading-cache.ts).
    reading.memo?.filesNow?.set(file, { ...read, checked: { kind, value: result.value } });
  }
  return result;
}

/** A body's links and plain text: from the memo when an earlier build read the same body. */
function readBody(file: string, parsed: ParsedMarkdown, memo: BodyMemo | undefined): ReadBody {
  const key = memo ? bodyKey(parsed.body, parsed.bodyStartLine) : undefined;
  let body = key === undefined ? undefined : memo?.earlier.get(key);
  if (!body) {
    // One parse of the body serves the link checks and the search index's plain text.
    const tokens = md.parse(parsed.body, {});
    const plainText = plainTextOf(tokens);
    const plainTextWritten = key === undefined ? undefined : longTextWritten(plainText);
    body = { references: referencesIn(tokens, parsed.bodyStartLine), plainText, ...(plainTextWritten ? { plainTextWritten } : {}) };
  }
  if (key !== undefined) {
    memo?.now.set(key, body);
    memo?.files.set(file, key);
  }
  return body;
}

function readSettings(root: ContentRoot, problems: ContentProblem[]): CircleSettings | undefined {
  const file = "circle.yaml";
  const { text: source, problems: unreadable } = readContentFile(root, file);
  problems.push(...unreadable);
  if (source === undefined) {
    if (unreadable.length > 0) return undefined;
    problems.push(problem(file, 0, "circle.yaml is missing: every content folder needs one, with at least `name:`."));
    return undefined;
  }
  const parsed = parseYaml(file, source, 1);
  if (parsed.problems.length > 0) {
    problems.push(...parsed.problems);
    return undefined;
  }
  const { value, problems: found } = validate(circleSchema, parsed.data, file, parsed.lineOf, parsed.sourceOf);
  problems.push(...found);
  if (!value) return undefined;
  const rhythm = value.rhythm;
  const pulse = rhythm?.pulse ?? "moon";
  const every = /^every (\d+) days?$/.exec(pulse);
  const pulseDays = every ? Number(every[1]) : 0;
  if (every && pulseDays < 1) {
    problems.push(problem(file, parsed.lineOf(["rhythm", "pulse"]), "the pulse must come at least every 1 day.", { field: "rhythm.pulse", found: pulse }));
  }
  return {
    name: value.name,
    language: value.language,
    paper: value.paper[0] ?? "a4",
    papers: value.paper,
    timezone: value.timezone,
    currency: value.currency,
    careUnits: value["care-units"],
    rhythm: {
      pulse: every ? { kind: "every", days: pulseDays } : { kind: "moon" },
      start: rhythm?.start ?? "2026-11-01",
      decompressDays: rhythm?.["decompress-days"] ?? 2,
      assembly: rhythm?.assembly ?? "first saturday",
      ...(rhythm?.seal !== undefined ? { seal: rhythm.seal } : {}),
    },
    ...(value.emblem !== undefined ? { emblem: value.emblem } : {}),
    ...(value["exchange-name"] !== undefined ? { exchangeName: value["exchange-name"] } : {}),
    lines: {
      assembly: parsed.lineOf(["rhythm", "assembly"]),
      pulse: parsed.lineOf(["rhythm", "pulse"]),
      start: parsed.lineOf(["rhythm", "start"]),
      seal: parsed.lineOf(["rhythm", "seal"]),
    },
  };
}

const slugOf = (file: string): string => path.posix.basename(file, ".md");

/** What every document shares: where it is, who may see it, its body and its waivers. */
function documentOf(
  file: string,
  parsed: ReadMarkdown,
  value: { audience?: Audience | undefined; allow?: { text: string; reason: string }[] | undefined },
  defaultAudience: Audience,
): Omit<Document, "slug"> {
  return {
    file,
    audience: value.audience ?? defaultAudience,
    body: parsed.body,
    plainText: parsed.plainText,
    bodyStartLine: parsed.bodyStartLine,
    allow: waiversOf(file, value.allow, parsed.lineOf),
  };
}

function waiversOf(
  file: string,
  allow: { text: string; reason: string }[] | undefined,
  lineOf: ParsedMarkdown["lineOf"],
): Waiver[] {
  return (allow ?? []).map((w, i) => ({ ...w, file, line: lineOf(["allow", i]) }));
}

function checkSlug(file: string, problems: ContentProblem[]): void {
  const slug = slugOf(file);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
    problems.push(
      problem(file, 0, "the file name becomes a web address: use lowercase letters, digits and hyphens only, like night-shift-stoppage.md.", { found: path.posix.basename(file) }),
    );
  }
}

/** A raw front-matter field, whatever its type, for checks that run before the schema. */
const raw = (parsed: ParsedMarkdown, key: string): unknown => (parsed.data as Record<string, unknown> | null)?.[key];

function checkTacticRef(file: string, slug: unknown, line: number, field: string, reading: Reading): void {
  if (typeof slug !== "string" || slug.trim() === "" || reading.tacticSlugs.has(slug)) return;
  const name = nameWrittenAsPath(slug, reading.tacticSlugs);
  const message = name ? writeJustTheName(field, name) : unknownTactic(slug, reading.tacticSlugs);
  reading.problems.push(problem(file, line, message, { field, found: slug }));
}

/** `care-mirror:` is a tactic's name or a few words; a tactic's path is neither. */
function checkCareMirror(file: string, parsed: ReadMarkdown, reading: Reading): void {
  const mirror = raw(parsed, "care-mirror");
  if (typeof mirror !== "string") return;
  const name = nameWrittenAsPath(mirror, reading.tacticSlugs);
  if (name === undefined) return;
  reading.problems.push(
    problem(file, parsed.lineOf(["care-mirror"]), writeJustTheName("care-mirror", name), { field: "care-mirror", found: mirror }),
  );
}

/**
 * Each own report read without a problem, by its front matter's data: `mimeo serve` keeps a
 * file's parse while its text is the same (ParsedFiles), so an unchanged report is the same
 * object from one load to the next, and its views and fingerprints are kept by that identity
 * (siteFor, fingerprintPages). So a report is never changed once read: see `mirroring`.
 */
const reportsRead = new WeakMap<object, Report>();
/** A report whose care mirror names a tactic: a copy with the link, the same copy each load. */
const mirrored = new WeakMap<Report, Report>();

function mirroring(report: Report): Report {
  let linked = mirrored.get(report);
  if (linked === undefined) {
    linked = { ...report, careMirror: { slug: report.careMirror.text, text: report.careMirror.text } };
    mirrored.set(report, linked);
  }
  // What this load was told of the report's texts (readOne), each load.
  vouchAs(linked, report);
  return linked;
}

function readReport(
  file: string,
  parsed: ReadMarkdown,
  problems: ContentProblem[],
  reading: Reading,
): Report | undefined {
  checkSlug(file, problems);
  checkTacticRef(file, raw(parsed, "tactic"), parsed.lineOf(["tactic"]), "tactic", reading);
  checkCareMirror(file, parsed, reading);
  const data = typeof parsed.data === "object" && parsed.data !== null ? parsed.data : undefined;
  const known = data && reportsRead.get(data);
  if (known?.file === file) return known;
  const { value, problems: found } = checked(reportSchema, "report", file, parsed, reading);
  problems.push(...found);
  if (!value) return undefined;
  const expiresEarly = Boolean(value.expires && value.expires <= value.date);
  if (expiresEarly) {
    problems.push(problem(file, parsed.lineOf(["expires"]), "expires must come after the report's date.", { field: "expires", found: value.expires }));
  }
  const report: Report = {
    slug: slugOf(file),
    ...documentOf(file, parsed, value, "circle"),
    title: value.title,
    date: value.date,
    tactic: value.tactic,
    careMirror: { text: value["care-mirror"] },
    outcome: value.outcome,
    ...(value.participants !== undefined ? { participants: value.participants } : {}),
    ...(value.expires !== undefined ? { expires: value.expires } : {}),
    tags: value.tags ?? [],
  };
  // Kept only when read without a problem, so a problem is found again on every load.
  if (data && found.length === 0 && !expiresEarly) reportsRead.set(data, report);
  return report;
}

function readTactic(
  file: string,
  parsed: ReadMarkdown,
  problems: ContentProblem[],
  reading: Reading,
): Tactic | undefined {
  checkSlug(file, problems);
  const pairs = raw(parsed, "pairs-with");
  if (Array.isArray(pairs)) {
    pairs.forEach((slug, i) =>
      checkTacticRef(file, slug, parsed.lineOf(["pairs-with", i]), `pairs-with[${i}]`, reading),
    );
  }
  const { value, problems: found } = checked(tacticSchema, "tactic", file, parsed, reading);
  problems.push(...found);
  if (!value) return undefined;
  const pairsWith = value["pairs-with"] ?? [];
  const tactic: Tactic = {
    slug: slugOf(file),
    ...documentOf(file, parsed, value, "public"),
    title: value.title,
    kind: value.kind,
    risk: value.risk,
    ...(value.people !== undefined ? { people: value.people } : {}),
    ...(value.prep !== undefined ? { prep: String(value.prep) } : {}),
    pairsWith,
    tags: value.tags ?? [],
  };
  const ref: AdaptedFromRef | undefined = value["adapted-from"];
  if (ref !== undefined) reading.adaptations?.push({ tactic, ref, line: parsed.lineOf(["adapted-from"]) });
  return tactic;
}

/**
 * The documents `mimeo import` wrote under from/<folder>/ (docs/exchange.md). They are
 * circle-only unless a person marked them public, and their slugs are `<folder>--<slug>`, so
 * they never take the place of the circle's own. Their tactic references stay inside their
 * own circle's folder.
 */
async function readImported(reading: Reading): Promise<{ tactics: Tactic[]; reports: Report[] }> {
  const { root, problems } = reading;
  const tactics: Tactic[] = [];
  const reports: Report[] = [];
  const entries = await readdir(path.join(root.dir, "from"), { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
    if (ignored(entry.name) || OS_LITTER.has(entry.name)) continue;
    if (!entry.isDirectory() || !/^[a-z0-9][a-z0-9-]*$/.test(entry.name)) {
      problems.push(
        problem(`from/${entry.name}`, 0, "from/ holds only the folders mimeo import makes, one per circle, named in lower-case words: move this out, or start its name with _ to keep it unread."),
      );
      continue;
    }
    const folder = entry.name;
    // Only what mimeo import writes is read here; anything else is named, never skipped in silence.
    const inside = await readdir(path.join(root.dir, "from", folder)).catch(() => []);
    for (const name of inside.sort()) {
      if (ignored(name) || OS_LITTER.has(name) || name === "tactics" || name === "reports") continue;
      problems.push(
        problem(
          `from/${folder}/${name}`,
          0,
          "mimeo reads only tactics/ and reports/ in an imported circle's folder, and a re-import may remove what else is here: keep your own notes outside from/, or start the name with _ to keep it unread.",
        ),
      );
    }
    for (const [sub, into] of [["tactics", tactics], ["reports", reports]] as const) {
      const dir = `from/${folder}/${sub}`;
      const listed = await listFolder(root, dir, problems);
      for (const name of listed.named) reading.present.add(`${dir}/${name}`);
      const read = sub === "tactics" ? readImportedTactic(folder) : readImportedReport(folder);
      (into as Document[]).push(...readAll(dir, listed.readable, reading, read as Reader<Document>));
    }
  }
  // A reference to a tactic of that circle it did not send is dropped rather than guessed.
  const slugs = new Set(tactics.map((t) => t.slug));
  for (const t of tactics) t.pairsWith = t.pairsWith.filter((slug) => slugs.has(slug));
  for (const r of reports) {
    if (!slugs.has(r.tactic)) r.tactic = "";
    const mirror = `${r.from?.folder ?? ""}--${r.careMirror.text}`;
    if (slugs.has(mirror)) r.careMirror = { slug: mirror, text: mirror };
  }
  return { tactics, reports };
}

function originOf(file: string, folder: string, from: { circle: string; received: string }): Origin {
  return { circle: from.circle, folder, received: from.received, slug: slugOf(file) };
}

function readImportedTactic(folder: string): Reader<Tactic> {
  return (file, parsed, problems, reading) => {
    checkSlug(file, problems);
    const { value, problems: found } = checked(importedTacticSchema, "imported tactic", file, parsed, reading);
    problems.push(...found);
    if (!value) return undefined;
    const from = originOf(file, folder, value.from);
    return {
      slug: `${folder}--${from.slug}`,
      ...documentOf(file, parsed, value, "circle"),
      title: value.title,
      kind: value.kind,
      risk: value.risk,
      ...(value.people !== undefined ? { people: value.people } : {}),
      ...(value.prep !== undefined ? { prep: String(value.prep) } : {}),
      pairsWith: (value["pairs-with"] ?? []).map((slug) => `${folder}--${slug}`),
      tags: value.tags ?? [],
      from,
      lineage: (value.lineage ?? []).map((step) => ({
        circle: step.circle,
        id: step.id,
        ...(step.title !== undefined ? { title: step.title } : {}),
      })),
    };
  };
}

function readImportedReport(folder: string): Reader<Report> {
  return (file, parsed, problems, reading) => {
    checkSlug(file, problems);
    const { value, problems: found } = checked(importedReportSchema, "imported report", file, parsed, reading);
    problems.push(...found);
    if (!value) return undefined;
    const from = originOf(file, folder, value.from);
    const mirror = value["care-mirror"] ?? "";
    return {
      slug: `${folder}--${from.slug}`,
      ...documentOf(file, parsed, value, "circle"),
      title: value.title,
      // The other circle published the month only; the first of it keeps dates sortable.
      date: `${value.date}-01`,
      tactic: value.tactic !== undefined ? `${folder}--${value.tactic}` : "",
      careMirror: { text: mirror },
      outcome: value.outcome,
      ...(value.participants !== undefined ? { participants: value.participants } : {}),
      tags: value.tags ?? [],
      from,
    };
  };
}

function readLedgerMonth(file: string, parsed: ReadMarkdown, problems: ContentProblem[]): LedgerMonthFile | undefined {
  const { value, problems: found } = validate(ledgerSchema, parsed.data, file, parsed.lineOf, parsed.sourceOf);
  problems.push(...found);
  if (!value) return undefined;
  const expected = slugOf(file);
  if (value.month !== expected) {
    problems.push(
      problem(file, parsed.lineOf(["month"]), `the file is named ${expected}.md but says month ${value.month}: make them agree (one file per month, named YYYY-MM.md).`, { field: "month", found: value.month }),
    );
  }
  return {
    slug: expected,
    ...documentOf(file, parsed, value, "circle"),
    month: value.month,
    ...(value.opening !== undefined ? { opening: { text: value.opening, line: parsed.lineOf(["opening"]) } } : {}),
  };
}

function readCharter(file: string, parsed: ReadMarkdown, problems: ContentProblem[]): Charter | undefined {
  const { value, problems: found } = validate(charterSchema, parsed.data, file, parsed.lineOf, parsed.sourceOf);
  problems.push(...found);
  if (!value) return undefined;
  const { preamble, articles } = splitArticles(parsed.body);
  const amendments = value.amendments ?? [];
  amendments.forEach((a, i) => {
    if (a.article > articles.length) {
      problems.push(
        problem(file, parsed.lineOf(["amendments", i, "article"]), `there is no article ${a.article}: the charter has ${articles.length} articles (each \`##\` heading is one, numbered from 1).`, {
          field: `amendments[${i}].article`,
          found: String(a.article),
        }),
      );
    }
    if (a.date < value.adopted) {
      problems.push(
        problem(file, parsed.lineOf(["amendments", i, "date"]), `an amendment cannot come before the charter was adopted (${value.adopted}).`, {
          field: `amendments[${i}].date`,
          found: a.date,
        }),
      );
    }
  });
  if (articles.length === 0) {
    problems.push(problem(file, parsed.bodyStartLine, "the charter has no articles: write each article under a `## ` heading."));
  }
  for (const article of articles) {
    article.amendments = amendments.filter((a) => a.article === article.number).sort((a, b) => cmp(a.date, b.date));
  }
  return {
    slug: "charter",
    ...documentOf(file, parsed, value, "circle"),
    title: value.title,
    adopted: value.adopted,
    amendments,
    preamble,
    articles,
  };
}

/**
 * Roster rules that do not depend on the rest of the front matter being valid, checked on the
 * raw data so they are reported in the same run as any schema problem.
 */
function checkRosterMembers(file: string, parsed: ParsedMarkdown, problems: ContentProblem[]): void {
  // A seed that is there but not text (a number, an empty value) is the schema's to report, at
  // its own line: saying here that it is missing would say the same thing twice.
  if (raw(parsed, "method") === "lottery" && raw(parsed, "seed") === undefined) {
    problems.push(problem(file, parsed.lineOf(["method"]), 'a lottery needs a `seed`: the numbers drawn in public, like "9319 / 2 5 8 10 12 / 9 18 26 34 41 45".', { field: "seed" }));
  }
  const listed = raw(parsed, "roles");
  // Without a list of roles, every member's roles would be "unknown": the roles line says why.
  const roles = Array.isArray(listed) && listed.length > 0 ? listed : undefined;
  const members = raw(parsed, "members");
  if (!Array.isArray(members)) return;
  const names = new Map<string, number>();
  members.forEach((member: unknown, i) => {
    if (member === null || typeof member !== "object") return;
    const m = member as { name?: unknown; roles?: unknown; away?: unknown };
    const line = parsed.lineOf(["members", i, "name"]);
    if (typeof m.name === "string") {
      const key = m.name.trim().toLowerCase();
      const earlier = names.get(key);
      if (earlier !== undefined) {
        problems.push(problem(file, line, `${m.name} is listed twice (also on line ${earlier}): list each member once.`, { field: `members[${i}].name`, found: m.name }));
      }
      if (key === "fund" || key === "anonymous") {
        problems.push(problem(file, line, `"${m.name}" is a word the ledger keeps for itself: choose another name.`, { field: `members[${i}].name`, found: m.name }));
      }
      names.set(key, line);
    }
    if (Array.isArray(m.roles) && roles !== undefined) {
      m.roles.forEach((role: unknown, j) => {
        if (typeof role === "string" && !roles.includes(role)) {
          problems.push(problem(file, parsed.lineOf(["members", i, "roles", j]), `unknown role: the roles are ${roles.join(", ")}.`, { field: `members[${i}].roles[${j}]`, found: role }));
        }
      });
    }
    if (Array.isArray(m.away) && typeof m.away[0] === "string" && typeof m.away[1] === "string" && m.away[1] < m.away[0]) {
      problems.push(problem(file, parsed.lineOf(["members", i, "away"]), "away is [from, to]: the second date must not be before the first.", { field: `members[${i}].away`, found: m.away.join(", ") }));
    }
  });
}

/** Each `##` heading starts an article; markdown-it finds them so code blocks are not mistaken. */
function splitArticles(body: string): { preamble: string; articles: Article[] } {
  const tokens = md.parse(body, {});
  const lines = body.split("\n");
  const starts: { line: number; heading: string }[] = [];
  tokens.forEach((token, i) => {
    if (token.type === "heading_open" && token.tag === "h2" && token.map) {
      starts.push({ line: token.map[0], heading: tokens[i + 1]?.content ?? "" });
    }
  });
  const articles = starts.map((start, i) => ({
    number: i + 1,
    heading: start.heading,
    body: lines.slice(start.line + 1, starts[i + 1]?.line ?? lines.length).join("\n").trim(),
    amendments: [],
  }));
  return { preamble: lines.slice(0, starts[0]?.line ?? lines.length).join("\n").trim(), articles };
}

function readRoster(file: string, parsed: ReadMarkdown, problems: ContentProblem[]): Roster | undefined {
  checkRosterMembers(file, parsed, problems);
  const { value, problems: found } = validate(rosterSchema, parsed.data, file, parsed.lineOf, parsed.sourceOf);
  problems.push(...found);
  if (!value) return undefined;
  const [, n, unit] = /^(\d+) (day|week)/.exec(value.term) ?? [];
  const termDays = Number(n) * (unit === "week" ? 7 : 1);
  if (termDays < 1) problems.push(problem(file, parsed.lineOf(["term"]), "a term lasts at least one day.", { field: "term", found: value.term }));
  return {
    slug: "rotation",
    ...documentOf(file, parsed, value, "circle"),
    roles: value.roles,
    termDays,
    start: value.start,
    terms: value.terms,
    method: value.method,
    ...(value.seed !== undefined ? { seed: value.seed } : {}),
    members: value.members.map((m, i) => ({
      name: m.name.trim(),
      ...(m.roles ? { roles: m.roles } : {}),
      ...(m.away ? { away: m.away } : {}),
      line: parsed.lineOf(["members", i]),
    })),
    lines: {
      roles: parsed.lineOf(["roles"]),
      start: parsed.lineOf(["start"]),
      term: parsed.lineOf(["term"]),
      ...(value.seed !== undefined ? { seed: parsed.lineOf(["seed"]) } : {}),
    },
  };
}

const md = trackStarts(new MarkdownIt());

/**
 * What to write instead of an image that is not a file in the content folder: a path on this
 * computer (`file:`, `/home/...`, `C:\...`) names a file nobody else has, and a web address
 * would be fetched by every reader's browser.
 */
export function imageNotInContent(file: string, href: string): string {
  const name = decodeURIComponent(href.replace(/%(?![0-9a-f]{2})/gi, "%25"))
    .split(/[\\/]/)
    .pop()
    ?.replace(/[?#].*$/, "");
  const relative = path.posix.relative(path.posix.dirname(file), `media/${name || "picture.jpg"}`);
  const copy = `copy the image into the content folder's media/ and write its path relative to this document, like ${relative}`;
  if (/^file:/i.test(href)) return `this image is a file on one computer (file:), which no one else can open: ${copy}.`;
  if (href.startsWith("/") || /^[a-z]:[\\/]/i.test(href) || /^[a-z]:%5c/i.test(href)) {
    return `this image is a path on this computer, outside the content folder: ${copy}.`;
  }
  if (/^data:/i.test(href)) return `this image is written into the page as data: save it as a file instead, ${copy.replace("copy the image into", "in")}.`;
  return `images must be files inside the content folder, referenced by a relative path like ../media/bay.jpg: mimeo never loads anything from another host.`;
}

export interface Reference {
  kind: "link" | "image";
  href: string;
  alt: string;
  line: number;
}

/**
 * Every link and image in a Markdown body (markdown-it's tokens), with its line in the file: the
 * first line of its paragraph, heading or table row, plus the line ends before it there.
 */
function referencesIn(tokens: Token[], bodyStartLine: number): Reference[] {
  const refs: Reference[] = [];
  // Table cells carry no lines of their own: they take their row's.
  let blockStart = 0;
  for (const block of tokens) {
    if (block.map) blockStart = block.map[0];
    if (block.type !== "inline" || !block.children) continue;
    const first = blockStart + bodyStartLine;
    for (const token of block.children) {
      const line = (): number => lineOfToken(token, block.content, first) ?? first;
      if (token.type === "link_open") {
        refs.push({ kind: "link", href: token.attrGet("href") ?? "", alt: "", line: line() });
      } else if (token.type === "image") {
        refs.push({ kind: "image", href: token.attrGet("src") ?? "", alt: token.content, line: line() });
      } else if (token.type === "text") {
        // markdown-it leaves `![alt](file:///home/...)` and `[words](file:///home/...)` as plain
        // text (it never follows file:), which would print the path, with the user's name in
        // it, on the page: each is an image or a link all the same, and reported.
        for (const m of token.content.matchAll(/(!?)\[([^\]]*)\]\(\s*<?(file:[^)\s>]*)/gi)) {
          const kind = m[1] === "!" ? "image" : "link";
          refs.push({ kind, href: m[3] ?? "", alt: m[2] ?? "", line: line() });
        }
      }
    }
  }
  return refs;
}

/**
 * The content path a relative reference points at (`../tactics/x.md#how` from `reports/a.md`
 * is `tactics/x.md`), undefined for external, absolute and in-page references, and null for a
 * path that leaves the content folder.
 */
export function resolveReference(fromFile: string, href: string): string | undefined | null {
  if (href === "" || href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("/")) {
    return undefined;
  }
  const clean = decodeURI(href.split("#")[0]?.split("?")[0] ?? "");
  if (clean === "") return undefined;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), clean));
  return resolved.startsWith("../") || resolved === ".." ? null : resolved;
}

export type { Audience };
