// PDF throughput in-process: N reports, each rendered by Chromium into a reading copy, padded,
// finished, and imposed into a finished booklet, exactly the steps src/build/print-build.ts
// takes, with the page pool 1, 2 and 4 wide and no render cache (every document is cold).

import { finishPdf, imposeBooklet, paperKit, PrintShop } from "../src/print/index.ts";
import { readingHtml } from "../src/site/printables.ts";
import { median, timed } from "./measure.ts";
import { padToFour, type PrintFixture } from "./print-fixture.ts";

export interface PerDocument {
  /** Chromium: HTML to PDF bytes */
  renderMs: number;
  /** padding to four pages */
  padMs: number;
  /** finishing the reading copy (metadata, structure) */
  finishReadingMs: number;
  /** imposing the booklet and finishing it */
  bookletMs: number;
}

export interface ThroughputRow {
  jobs: number;
  documents: number;
  runs: number;
  /** browser start, before the first page */
  launchMs: number;
  /** all documents, after the browser started */
  wallMs: number;
  /** documents per minute */
  rate: number;
}

export interface ThroughputResult {
  rows: ThroughputRow[];
  /** median per-document spans, documents made one after another */
  perDocument: PerDocument;
  /** one reading copy: render + pad + finish */
  readingMs: number;
  /** one booklet: render + pad + impose + finish */
  bookletMs: number;
  browserVersion: string;
  /** documents timed one by one in each run */
  sequential: number;
}

const DATE = new Date("2026-01-01T00:00:00Z");

export async function benchThroughput(
  fixture: PrintFixture,
  documents: number,
  jobsList: readonly number[],
  runs: number,
  log: (line: string) => void,
  /** documents timed one by one, each run, for the per-document figures */
  sequential = 20,
): Promise<ThroughputResult> {
  const kit = paperKit("a4");
  const lang = fixture.site.settings.language;
  const docs = fixture.sources.slice(0, documents).map((source) => ({
    title: source.title,
    html: readingHtml(fixture.site, source),
  }));
  const samples = new Map<number, { launch: number[]; wall: number[] }>();
  const spans: PerDocument[] = [];
  let browserVersion = "";

  /** One document: render, pad, finish the reading copy, impose and finish the booklet. */
  const make = async (shop: PrintShop, doc: (typeof docs)[number]): Promise<PerDocument> => {
    const finish = { title: doc.title, lang, date: DATE };
    const render = await timed(() =>
      shop.renderPdf({ html: doc.html, baseDir: fixture.baseDir, size: kit.halfSheet }),
    );
    const pad = await timed(() => padToFour(render.value));
    const reading = await timed(() => finishPdf(pad.value, finish));
    const booklet = await timed(async () =>
      finishPdf(await imposeBooklet(pad.value, "a4"), finish),
    );
    return {
      renderMs: render.ms,
      padMs: pad.ms,
      finishReadingMs: reading.ms,
      bookletMs: booklet.ms,
    };
  };

  for (let run = 0; run < runs; run++) {
    for (const jobs of jobsList) {
      const shop = new PrintShop({ jobs });
      try {
        const launch = await timed(() => shop.browserVersion());
        browserVersion = launch.value;
        // All at once, as src/build/print-build.ts starts them: the pool decides how many render.
        const all = await timed(() => Promise.all(docs.map((doc) => make(shop, doc))));
        const entry = samples.get(jobs) ?? { launch: [], wall: [] };
        entry.launch.push(launch.ms);
        entry.wall.push(all.ms);
        samples.set(jobs, entry);
        log(
          `pdf throughput, run ${run + 1}/${runs}, ${jobs} wide: ${docs.length} booklets in ` +
            `${(all.ms / 1000).toFixed(1)} s (+${(launch.ms / 1000).toFixed(1)} s browser start)`,
        );
      } finally {
        await shop.close();
      }
    }
    // Per document: one after another, so no span includes waiting for the pool.
    const shop = new PrintShop({ jobs: 1 });
    try {
      await shop.browserVersion();
      for (const doc of docs.slice(0, sequential)) spans.push(await make(shop, doc));
    } finally {
      await shop.close();
    }
  }

  const perDocument: PerDocument = {
    renderMs: median(spans.map((s) => s.renderMs)),
    padMs: median(spans.map((s) => s.padMs)),
    finishReadingMs: median(spans.map((s) => s.finishReadingMs)),
    bookletMs: median(spans.map((s) => s.bookletMs)),
  };
  return {
    rows: jobsList.map((jobs) => {
      const entry = samples.get(jobs) ?? { launch: [], wall: [] };
      const wallMs = median(entry.wall);
      return {
        jobs,
        documents: docs.length,
        runs,
        launchMs: median(entry.launch),
        wallMs,
        rate: (docs.length / wallMs) * 60_000,
      };
    }),
    perDocument,
    readingMs: median(spans.map((s) => s.renderMs + s.padMs + s.finishReadingMs)),
    bookletMs: median(spans.map((s) => s.renderMs + s.padMs + s.bookletMs)),
    browserVersion,
    sequential: Math.min(sequential, docs.length),
  };
}
