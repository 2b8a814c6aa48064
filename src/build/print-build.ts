// Renders every printed sheet of one audience into <site>/print/ (print/<paper>/ for each paper
// when there are several) with one browser and a pool of pages, and returns the list the print
// index shows. Layouts are in printables.ts; PDF work is in src/print/. Dates inside PDFs come
// from SOURCE_DATE_EPOCH or the content, never the clock.
import { copyFile, link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import {
  CARD_BODY_SIZES,
  cardLayout,
  feedOrder,
  finishPdf,
  fitCards,
  fitsMinizine,
  imposeBooklet,
  imposeCards,
  imposeMinizine,
  outline,
  padWithBlanks,
  paperKit,
  pdfPageTexts,
  fitPoster,
  paperLabel,
  ptToMm,
  SIZES,
  sheetOf,
  fontDirUrl,
  PRINT_LAYOUTS_ENV,
  tilePoster,
  type Paper,
  type PrintShop,
  type Size,
  type SizeName,
} from "../print/index.ts";
import { assemblySheet, formatAmountLocale, type Amount } from "../ledger/index.ts";
import type { Audience } from "../content/model.ts";
import type { PreparedCircle } from "../prepare.ts";
import type { CacheUse } from "../print/cache.ts";
import type { PublishedReport, Site } from "../site/audience.ts";
import type { Words } from "../site/words.ts";
import { formatMonth, outputDate, type OutputDate } from "../site/dates.ts";
import { printImage, type Ink } from "../site/images.ts";
import { sha256 } from "../bundle/files.ts";
import { codeVersion, type AudienceRecord } from "./record.ts";
import { itemFingerprint, rendererKey } from "./fingerprint.ts";
import { canonicalJson, hashOf } from "../canonical-json.ts";
import { allDocuments } from "../content/model.ts";
import { stage } from "../stages.ts";
import { fundOfMonth } from "../site/ledger-view.ts";
import {
  archiveHtml,
  assemblyHtml,
  calendarPosterHtml,
  cardDeck,
  charterPosterHtml,
  minizineHtml,
  printMediaPath,
  readingHtml,
  reportSource,
  rotationPosterHtml,
  tacticSource,
  type PrintSource,
} from "../site/printables.ts";

export interface PrintFile {
  label: string;
  /** Relative to print/index.html. */
  href: string;
  how: string;
  /** The paper and how many sheets, read from the PDF once it is made. */
  sheets?: string;
}

export interface PrintGroup {
  title: string;
  /** Set on the first group of each paper when the circle prints on more than one. */
  paperHeading?: string;
  files: PrintFile[];
  /** Said instead of a file that could not be made (a mini-zine that does not fit). */
  notes: string[];
}

export interface PrintOptions {
  /** One paper, or several: each gets its own set of sheets under print/<paper>/. */
  paper: Paper | readonly Paper[];
  /** Where finished sheets are kept between builds, beside the render cache. */
  cacheDir?: string;
  /** Records the sheets this build used, so the cache keeps only those; read-only for `check`. */
  cacheUse?: CacheUse;
  /** Counts sheets copied from the cache instead of made, for the build summary. */
  counters?: { copied: number; keyedByInputs?: number };
  /** How much toner images may take (they always print greyscale); "normal" by default. */
  ink?: Ink;
  /** Called as each sheet is done, for a progress bar. */
  progress?: (done: number, total: number, name: string) => void;
  /**
   * Content files whose bodies changed since the last build: their sheets are begun first, so
   * the browser renders them while the others are taken from the cache.
   */
  first?: ReadonlySet<string>;
  /** Called once the first sheet is begun: the browser is at work from then on. */
  firstBegun?: () => void;
  /**
   * The audience's last output and its record, when a rebuild may keep files from it (nothing
   * was changed there by hand): a sheet taken from the cache whose file there has the same
   * bytes is linked from there, not copied from the cache.
   */
  previous?: { dir: string; record: AudienceRecord };
  /**
   * Filled with the hash of each file linked from the last output or made now, by its path in
   * the audience's folder, so that SHA256SUMS and the record do not read it again.
   */
  known?: Map<string, string>;
}

/**
 * A sheet's date: its own content day, else the newest day of what this audience sees;
 * SOURCE_DATE_EPOCH when set. A public sheet says no more than its page: the month only
 * (`D:YYYYMM`), so no PDF dates the day of an action. The circle's sheets keep the exact day.
 */
export function sheetDate(
  contentDay: string | undefined,
  fallbackDay: string,
  audience: Audience,
  env = process.env,
): OutputDate {
  return outputDate(contentDay ?? fallbackDay, audience, env);
}

export async function printAudience(
  prepared: PreparedCircle,
  site: Site,
  siteDir: string,
  shop: PrintShop,
  options: PrintOptions,
): Promise<PrintGroup[]> {
  const papers = typeof options.paper === "string" ? [options.paper] : [...options.paper];
  // The images are printed once, whatever the papers: every set shows the same copies.
  const media = await printImages(site, siteDir, options);
  // One paper keeps print/ as it always was; with several, each set has its own folder and
  // the print index offers them one after the other.
  if (papers.length === 1) {
    return printPaper(prepared, site, siteDir, shop, options, media, papers[0]);
  }
  const counts = papers.map(() => ({ done: 0, total: 0 }));
  const progress = options.progress;
  const perPaper = (i: number): PrintOptions => ({
    ...options,
    // One bar for all the sets: each reports its own count, the bar shows the sum.
    ...(progress
      ? {
          progress: (done: number, total: number, name: string) => {
            counts[i] = { done, total };
            const sum = counts.reduce((a, c) => ({
              done: a.done + c.done,
              total: a.total + c.total,
            }));
            progress(sum.done, sum.total, `${papers[i] ?? ""}/${name}`);
          },
        }
      : {}),
  });
  // Every set settles before a failure is passed on, so nothing is still writing into the
  // build's folder while the build clears it away.
  const settled = await Promise.allSettled(
    papers.map((paper, i) =>
      printPaper(prepared, site, siteDir, shop, perPaper(i), media, paper, paper),
    ),
  );
  const sets = settled.map((s) => {
    if (s.status === "rejected") throw s.reason;
    return s.value;
  });
  return sets.flatMap((groups, i) => {
    const paper = papers[i] ?? "a4";
    return groups.map((group, g) => ({
      ...group,
      ...(g === 0 ? { paperHeading: paperLabel(paper, site.words.inch) } : {}),
      files: group.files.map((f) => ({ ...f, href: `${paper}/${f.href}` })),
    }));
  });
}

/**
 * The copies of the audience's images that sheets print: greyscale, through a lighter tone
 * curve, beside the PDFs. Kept in the sheet cache like them (encoding a photo again took about
 * 0.1 s a rebuild); the key holds mimeo's code and its package lock, so another sharp makes
 * them again. Returns a digest of the images the sheets show, which shapes every sheet's key.
 */
async function printImages(site: Site, siteDir: string, options: PrintOptions): Promise<string> {
  const ink = options.ink ?? "normal";
  const sheets = new SheetCache(options, siteDir);
  const digest = createHash("sha256");
  for (const image of [...site.media].sort()) {
    const bytes = await readFile(path.join(siteDir, image));
    digest.update(image).update(bytes);
    const printed = printMediaPath(image);
    const key = sheetKey(["print image", codeVersion(), printed, ink, sha256(bytes)]);
    await sheets.run(key, siteDir, async (write) => {
      await write(printed, await printImage(bytes, path.extname(printed), ink));
    });
  }
  return digest.digest("hex");
}

async function printPaper(
  prepared: PreparedCircle,
  site: Site,
  siteDir: string,
  shop: PrintShop,
  options: PrintOptions,
  /** printImages' digest. */
  media: string,
  paper: Paper = "a4",
  folder = "",
): Promise<PrintGroup[]> {
  const kit = paperKit(paper);
  const lang = site.settings.language;
  const w = site.words;
  // The newest day of this audience's own documents: a circle-only report never dates a public sheet.
  const fallback = site.newestDay;
  const printDir = path.join(siteDir, "print", folder);
  const ink = options.ink ?? "normal";
  const sheets = new SheetCache(options, siteDir);
  const finish = (bytes: Uint8Array, title: string, day?: string) =>
    finishPdf(bytes, { title, lang, ...sheetDate(day, fallback, site.audience) });
  const render = (html: string, size: typeof kit.halfSheet) =>
    shop.renderPdf({ html, baseDir: siteDir, size });

  // The page between fronts and backs for printers without duplex.
  const turn =
    (edge: string) =>
    (fronts: number): string[] =>
      w.turnStack.map((line) =>
        line
          .replace("{fronts}", pages(1, fronts))
          .replace("{backs}", pages(fronts + 2, 2 * fronts + 1))
          .replace("{edge}", edge),
      );
  /** "pages 3 to 5", or "page 3" for one page. */
  const pages = (from: number, to: number): string =>
    (from === to ? w.pageRange.one : w.pageRange.many)
      .replace("{from}", String(from))
      .replace("{to}", String(to));
  const turnShort = turn(w.turnShortEdge);
  const turnLong = turn(w.turnLongEdge);

  const groups: PrintGroup[] = [];
  /**
   * Each task starts as soon as it is made: the browser renders one sheet while the pages of
   * the next are made and looked up in the cache. The progress bar counts from when every task
   * is known.
   */
  const started: Promise<void>[] = [];
  let made = 0;
  let done = 0;
  /** How many tasks there are, once every one is made. */
  let total: number | null = null;
  let last = "";
  /** What shapes every task's files besides the task's own inputs. */
  const shapedBy = [
    paper,
    lang,
    JSON.stringify(sheetDate(undefined, fallback, site.audience)),
    media,
    ink,
  ];
  const task = (sheet: SheetTask): string => {
    if (made++ === 0) {
      stage(`${site.audience}: first sheet begun, ${sheet.name}`);
      options.firstBegun?.();
    }
    const key = sheet.key ?? sheetKey([sheet.name, ...shapedBy, ...(sheet.inputs ?? [])]);
    const running = sheets.run(key, printDir, sheet.run).then((result) => {
      if (result && sheet.group) {
        sheet.group.files.push(...(result.files ?? []));
        sheet.group.notes.push(...(result.notes ?? []));
      }
      done++;
      last = sheet.name;
      if (total !== null) options.progress?.(done, total, sheet.name);
    });
    // A failure is passed on by the Promise.all below; caught here too, so that a task that
    // fails while the others are still being made is not an unhandled rejection.
    running.catch(() => undefined);
    started.push(running);
    return key;
  };
  /** A report's sheets' keys by what they are made from, kept in the cache (see SheetKeysByInputs). */
  const byInputs = new SheetKeysByInputs(options);
  const reportContext = byInputs.context(site, prepared, shapedBy);

  try {
    // Each tactic's body is rendered once, for its own sheets and for the archive zine.
    const tactics = site.tactics.map((t) => ({ file: t.file, source: tacticSource(site, t) }));
    const tacticSources = tactics.map((t) => t.source);
    const documents = [
      ...site.reports.map((r) => ({
        folder: "reports",
        file: r.file,
        head: { slug: r.slug, title: r.title, date: r.date },
        report: r,
        source: () => reportSource(site, r),
      })),
      ...tactics.map(({ file, source }) => ({
        folder: "tactics",
        file,
        head: { slug: source.slug, title: source.title },
        source: () => source,
      })),
    ].map((document): DocumentSheets => ({
      ...document,
      group: { title: "", files: [], notes: [] },
    }));
    groups.push(...documents.map((document) => document.group));
    // The documents whose bodies changed first: their sheets are the ones the cache lacks.
    const first = options.first ?? new Set<string>();
    const order = [
      ...documents.filter((document) => first.has(document.file)),
      ...documents.filter((document) => !first.has(document.file)),
    ];
    for (const document of order) {
      const { folder, group, head } = document;
      // A turn of the event loop between documents, so the tasks started go on meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      // A report's sheets' keys, when they are known by what the sheets are made from: its
      // body is then rendered, and its pages' HTML made, only if the cache lacks a sheet.
      const inputs =
        document.report && reportContext !== undefined
          ? byInputs.inputsOf(reportContext, document.report)
          : undefined;
      const known = inputs === undefined ? undefined : await byInputs.read(inputs);
      let made: PrintSource | undefined;
      const sourceOf = (): PrintSource => (made ??= document.source());
      group.title = head.title;
      const base = `${folder}/${head.slug}`;
      group.files.push(
        { label: w.readingCopy, href: `${base}.reading.pdf`, how: w.howReading },
        { label: w.booklet, href: `${base}.booklet.pdf`, how: w.howBooklet },
        {
          label: `${w.booklet}, ${w.noDuplex}`,
          href: `${base}.booklet.no-duplex.pdf`,
          how: w.howNoDuplex,
        },
      );
      // Each page's HTML is made at most once: it keys the sheet cache (unless its key is
      // known) and is what gets rendered.
      let readingMade: string | undefined;
      let zineMade: string | undefined;
      const readingPage = (): string => (readingMade ??= readingHtml(site, sourceOf()));
      const zinePage = (): string => (zineMade ??= minizineHtml(site, sourceOf()));
      const { title, date } = head;
      const readingKey = task({
        name: `${base}.reading.pdf`,
        ...(known ? { key: known.reading } : { inputs: [readingPage(), title, date ?? ""] }),
        run: async (write) => {
          // The reading copy is printed one-sided or read on screen: no blank pages. The
          // booklet pads itself, blanks before the back cover.
          const reading = await render(readingPage(), kit.halfSheet);
          await write(`${base}.reading.pdf`, await finish(reading, title, date));
          const booklet = await imposeBooklet(reading, paper, { note: w.bookletNote });
          await write(`${base}.booklet.pdf`, await finish(booklet, title, date));
          await write(
            `${base}.booklet.no-duplex.pdf`,
            await finish(await feedOrder(booklet, turnShort), title, date),
          );
        },
      });
      const zineKey = task({
        name: `${base}.minizine.pdf`,
        ...(known ? { key: known.minizine } : { inputs: [zinePage(), title, date ?? ""] }),
        run: async (write) => {
          const panels = await fitsMinizine(shop, {
            html: zinePage(),
            htmlAt: (pt) => minizineHtml(site, sourceOf(), pt),
            baseDir: siteDir,
            paper,
          });
          if (!panels) return { notes: [`${w.minizine}${w.colon} ${w.tooLongForMinizine}`] };
          await write(
            `${base}.minizine.pdf`,
            await finish(
              await imposeMinizine(panels, paper, {
                cutLabel: w.minizineCut,
                note: w.minizineNote,
              }),
              title,
              date,
            ),
          );
          return {
            files: [{ label: w.minizine, href: `${base}.minizine.pdf`, how: w.howMinizine }],
          };
        },
        group,
      });
      if (inputs !== undefined && !known) {
        started.push(byInputs.write(inputs, { reading: readingKey, minizine: zineKey }));
      }
    }

    const collections: PrintGroup = { title: w.archiveZine, files: [], notes: [] };
    if (site.tactics.length > 0) {
      const title = `${w.archiveZine} · ${site.settings.name}`;
      collections.files.push(
        { label: w.readingCopy, href: "archive.reading.pdf", how: w.howReading },
        { label: w.booklet, href: "archive.booklet.pdf", how: w.howBooklet },
        {
          label: `${w.booklet}, ${w.noDuplex}`,
          href: "archive.booklet.no-duplex.pdf",
          how: w.howNoDuplex,
        },
        { label: w.tacticCards, href: "tactic-cards.pdf", how: w.howCards },
        {
          label: `${w.tacticCards}, ${w.noDuplex}`,
          href: "tactic-cards.no-duplex.pdf",
          how: w.howNoDuplex,
        },
      );
      const draftPage = archiveHtml(site, undefined, tacticSources);
      const deck = cardDeck(site, tacticSources);
      const cardsPage = deck.html(deck.heads.map(() => ({ size: CARD_BODY_SIZES[0] })));
      task({
        name: "archive.reading.pdf",
        inputs: [draftPage, ...site.tactics.map((t) => t.title), title],
        run: async (write) => {
          // First pass finds where each tactic starts; the second prints those page numbers.
          const draft = await render(draftPage, kit.halfSheet);
          const pages = await tacticPages(draft, site);
          const reading = await render(archiveHtml(site, pages, tacticSources), kit.halfSheet);
          const marks = site.tactics.map((t) => ({ title: t.title, page: pages.get(t.slug) ?? 1 }));
          await write("archive.reading.pdf", await finish(await outline(reading, marks), title));
          const booklet = await imposeBooklet(reading, paper, { note: w.bookletNote });
          await write("archive.booklet.pdf", await finish(booklet, title));
          await write(
            "archive.booklet.no-duplex.pdf",
            await finish(await feedOrder(booklet, turnShort), title),
          );
        },
      });
      task({
        name: "tactic-cards.pdf",
        inputs: [cardsPage],
        run: async (write) => {
          const face = cardLayout(sheetOf(paper)).card;
          const { fronts, backs } = await fitCards(shop, deck, face, siteDir);
          const sheets = await imposeCards(fronts, backs, paper, { note: w.cardsNote });
          await write("tactic-cards.pdf", await finish(sheets, w.tacticCards));
          await write(
            "tactic-cards.no-duplex.pdf",
            await finish(await feedOrder(sheets, turnLong), w.tacticCards),
          );
        },
      });
    }
    groups.push(collections);

    const posters: PrintGroup = { title: w.posterSheet, files: [], notes: [] };
    const poster = (
      name: string,
      label: string,
      html: (scale: number) => string | undefined,
      day?: string,
    ) => {
      const first = html(1);
      if (first === undefined) return;
      posters.files.push(
        {
          label: `${label}${w.colon} ${w.posterSheet}`,
          href: `${name}.poster.pdf`,
          how: w.howPoster,
        },
        {
          label: `${label}${w.colon} ${w.posterTiles}`,
          href: `${name}.tiles.pdf`,
          how: w.howTiles,
        },
      );
      task({
        name: `${name}.poster.pdf`,
        inputs: [first, label, day ?? ""],
        run: async (write) => {
          const sheet = await fitPoster(shop, {
            html: (scale) => (scale === 1 ? first : (html(scale) ?? "")),
            baseDir: siteDir,
            size: paper,
          });
          await write(`${name}.poster.pdf`, await finish(sheet, label, day));
          await write(
            `${name}.tiles.pdf`,
            await finish(
              await tilePoster(sheet, paper, { endAfterText: true, words: w.tiles }),
              label,
              day,
            ),
          );
        },
      });
    };
    poster(
      "charter",
      site.charter?.title ?? w.charter,
      (s) => charterPosterHtml(site, s),
      site.charter?.adopted,
    );
    poster(
      "rotation",
      w.rotationPoster,
      (s) => rotationPosterHtml(site, s),
      prepared.circle.roster?.start,
    );
    poster(
      "calendar",
      w.calendarPoster,
      (s) => calendarPosterHtml(site, s),
      prepared.calendar.start,
    );
    groups.push(posters);

    if (site.audience === "circle") {
      const sheets: PrintGroup = { title: w.assemblySheet, files: [], notes: [] };
      const fmt = (a: Amount): string => formatAmountLocale(a, a.unit, lang);
      for (const month of prepared.ledger.months) {
        const sheet = assemblySheet(prepared.ledger, month.month);
        const monthLabel = formatMonth(month.month, lang, site.settings.timezone);
        const name = `ledger/${month.month}.assembly.pdf`;
        sheets.files.push({
          label: `${w.assemblySheet}${w.colon} ${monthLabel}`,
          href: name,
          how: w.howAssembly,
        });
        const data = {
          month: month.month,
          monthLabel,
          given: sheet.careGiven.map(fmt),
          fund: fundOfMonth(sheet.fund, month.month, fmt),
          thankYous: sheet.thankYous.map((t) => ({
            member: t.member,
            gave: t.totals.map(fmt).join(", "),
          })),
        };
        const assemblyPage = assemblyHtml(site, data);
        task({
          name,
          inputs: [assemblyPage, monthLabel],
          run: async (write) => {
            // Its type never shrinks: a long month runs onto as many sheets as it needs.
            const pdf = await render(assemblyPage, kit.sheet);
            await write(
              name,
              await finish(pdf, `${w.assemblySheet} · ${monthLabel}`, `${month.month}-01`),
            );
          },
        });
      }
      groups.push(sheets);
    }
  } catch (error) {
    // Nothing still writes into the build's folder when the failure is passed on.
    await Promise.allSettled(started);
    throw error;
  }
  total = made;
  if (done > 0) options.progress?.(done, total, last);
  await Promise.all(started);
  const listed = groups.filter((g) => g.files.length > 0 || g.notes.length > 0);
  for (const file of listed.flatMap((g) => g.files)) {
    const { pages, width, height } =
      sheets.shapes.get(file.href) ??
      (await shapeOf(await readFile(path.join(printDir, file.href))));
    file.sheets = sheetsLine(w, {
      pages,
      size: { width: ptToMm(width), height: ptToMm(height) },
      duplex: DUPLEX.test(file.href),
      reading: file.href.endsWith(".reading.pdf"),
      twoRuns: file.href.endsWith(".no-duplex.pdf"),
    });
  }
  return listed;
}

/** Sheets printed on both sides: booklets and cards. */
const DUPLEX = /\.booklet\.pdf$|(^|\/)tactic-cards\.pdf$/;

const PAPER_NAMES: [SizeName, (inch: string) => string][] = [
  ["a2", () => "A2"],
  ["a3", () => "A3"],
  ["a4", () => "A4"],
  ["a5", () => "A5"],
  ["a6", () => "A6"],
  ["letter", () => "Letter"],
  ["half-letter", (inch) => `5.5 × 8.5 ${inch}`],
  ["poster-18x24", (inch) => `18 × 24 ${inch}`],
];

/** "A4", "Letter", … for a page size in mm, either way up; millimetres otherwise. */
export function paperName(size: Size, inch = "in"): string {
  const [short, long] = [size.width, size.height].sort((a, b) => a - b) as [number, number];
  const named = PAPER_NAMES.find(([name]) => {
    const s = SIZES[name];
    return Math.abs(s.width - short) < 1 && Math.abs(s.height - long) < 1;
  });
  return named?.[1](inch) ?? `${Math.round(size.width)} × ${Math.round(size.height)} mm`;
}

/**
 * What the print index says beside a file: "A4 · 3 sheets, both sides". Reading copies
 * count pages (read on screen, or printed one side); sheets printed both sides hold two; a
 * file for a printer without duplex holds every front, the page on turning the stack, and every
 * back: the same sheets, printed in two runs.
 */
export function sheetsLine(
  w: Words,
  file: { pages: number; size: Size; duplex: boolean; reading: boolean; twoRuns?: boolean },
): string {
  const count = (forms: { one: string; many: string }, n: number): string =>
    n === 1 ? forms.one : forms.many.replace("{n}", String(n));
  const paper = paperName(file.size, w.inch);
  if (file.reading) return `${paper} · ${count(w.pageCount, file.pages)}`;
  if (file.twoRuns) {
    return `${paper} · ${count(w.sheetCount, Math.floor(file.pages / 2))}, ${w.twoPasses}`;
  }
  const sheets = file.duplex ? Math.ceil(file.pages / 2) : file.pages;
  return `${paper} · ${count(w.sheetCount, sheets)}, ${file.duplex ? w.bothSides : w.oneSide}`;
}

/** What a sheet task adds to the print index beyond the files known in advance. */
type SheetResult = { files?: PrintFile[]; notes?: string[] } | void;
type Writer = (name: string, bytes: Uint8Array) => Promise<void>;
interface SheetTask {
  name: string;
  /** Everything besides paper, language, date and images that shapes the task's files. */
  inputs?: string[];
  /** The task's key, when it is known without its inputs (see SheetKeysByInputs). */
  key?: string;
  run: (write: Writer) => Promise<SheetResult>;
  group?: PrintGroup;
}

/** What a document's sheets show of it besides its text: its slug, title and date. */
interface SheetHead {
  slug: string;
  title: string;
  date?: string;
}

/** A report or tactic whose sheets are made. */
interface DocumentSheets {
  folder: string;
  file: string;
  head: SheetHead;
  /** A report's view (see SheetKeysByInputs); none for a tactic. */
  report?: PublishedReport;
  source: () => PrintSource;
  group: PrintGroup;
}

/** The keys of a report's two tasks (its reading copy, with its booklets, and its mini-zine). */
interface ReportSheetKeys {
  reading: string;
  minizine: string;
}

/**
 * A report's sheets' keys by what the sheets are made from, kept in the cache beside the sheets
 * (sheets/inputs/): a sheet's key is the hash of its page's HTML, and making the HTML of every
 * report's pages to find it took about 0.2 s of a one-edit rebuild at 100 reports (each body
 * rendered again, each page laid out by its template, each hashed), on the thread that the
 * browser, starting and rendering the edited report meanwhile, waits on.
 *
 * What the pages are made from (printables.ts): the report's view, whole (as its page's
 * fingerprint takes it, fingerprint.ts); which content files the audience publishes, and where,
 * and its images (what the Markdown renderer looks up); the circle's settings and words; the
 * fonts' folder; and mimeo's code and layouts (codeVersion). A circle's own print layouts
 * (MIMEO_PRINT_LAYOUTS) are not in mimeo's code: with them, keys are found from the HTML. The
 * keys are found from the HTML, as ever, whenever these inputs are new, and kept for the next
 * build: the sheets a key names are the very ones the HTML would have named.
 */
class SheetKeysByInputs {
  constructor(private readonly options: PrintOptions) {}

  /**
   * What every report's pages of this audience are made from besides the report's own view,
   * and `parts` (paper, language, date, images, ink), as a hash; undefined when there is no
   * cache or the circle prints with its own layouts.
   */
  context(site: Site, prepared: PreparedCircle, parts: readonly string[]): string | undefined {
    if (!this.options.cacheDir || process.env[PRINT_LAYOUTS_ENV]) return undefined;
    return hashOf(
      canonicalJson({
        version: `${SHEETS_VERSION} report keys by inputs 1`,
        code: codeVersion(),
        fonts: fontDirUrl(),
        audience: site.audience,
        settings: site.settings,
        words: site.words,
        renderer: rendererKey(
          site,
          allDocuments(prepared.circle).map((d) => d.file),
        ),
        parts,
      }),
    );
  }

  /** The key of a report's sheets' inputs: the context and the report's view. */
  inputsOf(context: string, report: PublishedReport): string {
    return hashOf(`${context}\0${itemFingerprint(report)}`);
  }

  private fileOf(inputs: string): string {
    return path.join(this.options.cacheDir ?? "", "sheets", "inputs", inputs.slice(0, 2), inputs);
  }

  /** The keys kept for these inputs, if any; the entry is kept in the cache. */
  async read(inputs: string): Promise<ReportSheetKeys | undefined> {
    const file = this.fileOf(inputs);
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    const keys = JSON.parse(text) as Partial<Record<keyof ReportSheetKeys, unknown>>;
    const isKey = (key: unknown): key is string =>
      typeof key === "string" && /^[0-9a-f]{64}$/.test(key);
    if (!isKey(keys.reading) || !isKey(keys.minizine)) return undefined;
    this.options.cacheUse?.mark(file);
    if (this.options.counters) {
      this.options.counters.keyedByInputs = (this.options.counters.keyedByInputs ?? 0) + 1;
    }
    return { reading: keys.reading, minizine: keys.minizine };
  }

  /** Keeps the keys found for these inputs (written whole or not at all); never fails a build. */
  async write(inputs: string, keys: ReportSheetKeys): Promise<void> {
    if (this.options.cacheUse?.writable === false) return;
    const file = this.fileOf(inputs);
    const tmp = `${file}.tmp-${randomUUID()}`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, JSON.stringify(keys));
      await rename(tmp, file);
      this.options.cacheUse?.mark(file);
    } catch {
      await rm(tmp, { force: true });
    }
  }
}

/** Bumped when imposition, finishing or layout code changes what the same inputs produce. */
const SHEETS_VERSION = "mimeo-sheets/15";

function sheetKey(parts: readonly string[]): string {
  const hash = createHash("sha256").update(SHEETS_VERSION);
  for (const part of parts) hash.update(`\u0000${part.length}:`).update(part);
  return hash.digest("hex");
}

/** What the print index says of a PDF besides its name: its page count and first page's size in pt. */
interface SheetShape {
  pages: number;
  width: number;
  height: number;
}

async function shapeOf(bytes: Uint8Array): Promise<SheetShape> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { width, height } = doc.getPage(0).getSize();
  return { pages: doc.getPageCount(), width, height };
}

/** A cache entry's manifest.json: its files (stored as 0, 1, …) and the task's result. */
interface SheetEntry {
  files: string[];
  result: SheetResult | null;
  /** Missing in entries made before shapes were kept; null for a file that is not a PDF. */
  shapes?: unknown[];
  /** Each file's SHA-256; missing in entries made before hashes were kept. */
  hashes?: unknown[];
}

const isPdf = (name: string): boolean => name.endsWith(".pdf");

const isShape = (value: unknown): value is SheetShape =>
  typeof value === "object" &&
  value !== null &&
  ["pages", "width", "height"].every(
    (k) => typeof (value as Record<string, unknown>)[k] === "number",
  );

/**
 * Finished sheets (imposed and finished PDFs, and the greyscale copies of images they print)
 * kept by a key of everything that shapes them, so a rebuild with nothing changed copies files
 * instead of rendering, imposing and finishing again. Each entry also keeps its PDFs' shapes:
 * reading them back from 650 PDFs took a second and a half of a rebuild at 100 reports. An entry
 * from before shapes were kept has none; its files are read instead.
 *
 * Each entry keeps its files' hashes too. In a rebuild, a file the last output holds with the
 * same bytes is linked from there, as unchanged pages are, and its hash is known: at 100
 * reports, copying 470 sheets from the cache was about 0.1 s of system calls, and reading them
 * all again for SHA256SUMS 0.06 s of the main thread, while the browser rendered the edited one.
 */
class SheetCache {
  /** The shape of each file written or copied, by its name under print/. */
  readonly shapes = new Map<string, SheetShape>();

  /** The folders of print/ made so far, each once. */
  private readonly folders = new Map<string, Promise<unknown>>();

  constructor(
    private readonly options: PrintOptions,
    /** The audience's folder being made: the files' paths in the record are relative to it. */
    private readonly siteDir: string,
  ) {}

  /** A file's path in the audience's folder, as the record and SHA256SUMS name it. */
  private outputPath(file: string): string {
    return path.relative(this.siteDir, file).split(path.sep).join("/");
  }

  /**
   * Puts a cached file in its place: linked from the last output when the file there has these
   * bytes (its record says so, and nothing was changed there by hand), else copied from the
   * cache (by the system, not read into this process: a rebuild at 100 reports copies 26 MB of
   * sheets, which read and written here kept the collector busy).
   */
  private async take(cached: string, file: string, hash: string | undefined): Promise<void> {
    const output = this.outputPath(file);
    const previous = this.options.previous;
    if (hash !== undefined && previous && previous.record.files[output]?.hash === hash) {
      try {
        await link(path.join(previous.dir, output), file);
        this.options.known?.set(output, hash);
        return;
      } catch {
        // No hard links on this file system (FAT, on USB sticks): copied below.
      }
    }
    await copyFile(cached, file);
  }

  private folderOf(file: string): Promise<unknown> {
    const folder = path.dirname(file);
    let made = this.folders.get(folder);
    if (made === undefined) {
      made = mkdir(folder, { recursive: true });
      this.folders.set(folder, made);
    }
    return made;
  }

  async run(key: string, printDir: string, task: SheetTask["run"]): Promise<SheetResult> {
    const { cacheDir, cacheUse: use, counters } = this.options;
    const place = cacheDir ? path.join(cacheDir, "sheets", key.slice(0, 2), key) : undefined;
    const put = async (name: string, bytes: Uint8Array): Promise<void> => {
      const file = path.join(printDir, name);
      await this.folderOf(file);
      await writeFile(file, bytes);
    };
    if (place) {
      const manifest = await readFile(path.join(place, "manifest.json"), "utf8").catch(
        () => undefined,
      );
      if (manifest !== undefined) {
        use?.mark(place);
        const entry = JSON.parse(manifest) as SheetEntry;
        if (counters) counters.copied += entry.files.filter(isPdf).length;
        const shapes: (SheetShape | null)[] = [];
        const hashes: string[] = [];
        const upgrade = entry.shapes === undefined || entry.hashes === undefined;
        for (const [i, name] of entry.files.entries()) {
          const file = path.join(printDir, name);
          await this.folderOf(file);
          const hash = entry.hashes?.[i];
          await this.take(
            path.join(place, String(i)),
            file,
            typeof hash === "string" ? hash : undefined,
          );
          const kept = entry.shapes?.[i];
          const bytes = upgrade ? await readFile(file) : undefined;
          const shape = !isPdf(name)
            ? null
            : isShape(kept)
              ? kept
              : await shapeOf(bytes ?? (await readFile(file)));
          if (shape) this.shapes.set(name, shape);
          shapes.push(shape);
          if (bytes) hashes.push(sha256(bytes));
        }
        // An entry from before shapes or hashes were kept gets them now, once.
        if (upgrade && use?.writable !== false) {
          const tmp = path.join(place, `manifest.json.tmp-${randomUUID()}`);
          await writeFile(tmp, JSON.stringify({ ...entry, shapes, hashes }));
          await rename(tmp, path.join(place, "manifest.json")).catch(() =>
            rm(tmp, { force: true }),
          );
        }
        return entry.result ?? undefined;
      }
    }
    const written: [string, Uint8Array, SheetShape | null, string][] = [];
    const result = await task(async (name, bytes) => {
      const shape = isPdf(name) ? await shapeOf(bytes) : null;
      const hash = sha256(bytes);
      written.push([name, bytes, shape, hash]);
      if (shape) this.shapes.set(name, shape);
      await put(name, bytes);
      this.options.known?.set(this.outputPath(path.join(printDir, name)), hash);
    });
    if (place && use?.writable !== false) {
      use?.mark(place);
      // Written to a temporary folder and renamed, so a killed build never leaves half an entry.
      // Named for this run of the task alone, so two runs of one task never share it.
      const tmp = `${place}.tmp-${randomUUID()}`;
      await mkdir(tmp, { recursive: true });
      for (const [i, [, bytes]] of written.entries())
        await writeFile(path.join(tmp, String(i)), bytes);
      const entry: SheetEntry = {
        files: written.map(([n]) => n),
        result: result ?? null,
        shapes: written.map(([, , shape]) => shape),
        hashes: written.map(([, , , hash]) => hash),
      };
      await writeFile(path.join(tmp, "manifest.json"), JSON.stringify(entry));
      await rename(tmp, place).catch(() => rm(tmp, { recursive: true, force: true }));
    }
    return result;
  }
}

/** Pads a reading copy to a multiple of four pages, blanks before the back cover, as a booklet does. */
export async function padToFour(bytes: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const count = doc.getPageCount();
  const padded = Math.ceil(count / 4) * 4;
  if (padded === count) return bytes;
  const { width, height } = doc.getPage(0).getSize();
  padWithBlanks(doc, padded, [width, height]);
  return doc.save({ useObjectStreams: false });
}

/** Which page each tactic of the archive starts on, read back from the first render. */
async function tacticPages(pdf: Uint8Array, site: Site): Promise<Map<string, number>> {
  const texts = await pdfPageTexts(pdf);
  const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
  const pages = new Map<string, number>();
  // The contents come first; each tactic starts a page with its title, after the last found.
  let from = 2;
  for (const t of site.tactics) {
    const title = squash(t.title);
    const index = texts.findIndex((text, i) => i >= from && squash(text).includes(title));
    if (index >= 0) {
      pages.set(t.slug, index + 1);
      from = index + 1;
    }
  }
  return pages;
}
