// The same print HTML (reading copies) rendered by mimeo's Chromium print shop and by
// WeasyPrint, one document at a time, each engine already started: time per document.
// WeasyPrint runs in one Python process (bench/weasy.py); it is Debian's `weasyprint` package.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument } from "pdf-lib";
import { paperKit, PrintShop, withPageSize } from "../src/print/index.ts";
import { readingHtml } from "../src/site/printables.ts";
import { median, timed } from "./measure.ts";
import type { PrintFixture } from "./print-fixture.ts";

const SCRIPT = fileURLToPath(new URL("./weasy.py", import.meta.url));

export type WeasyResult =
  | { installed: false; reason: string }
  | {
      installed: true;
      version: string;
      documents: number;
      runs: number;
      /** median time per document */
      chromiumMs: number;
      weasyMs: number;
      /** WeasyPrint's time per document over Chromium's */
      ratio: number;
      /** pages over all documents, per engine */
      chromiumPages: number;
      weasyPages: number;
      /** starting each engine, once */
      chromiumLaunchMs: number;
      weasyImportMs: number;
    };

/** The Python that runs the `weasyprint` command (its #! line), if WeasyPrint is installed. */
function weasyPython(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, "weasyprint");
    if (!dir || !existsSync(file)) continue;
    const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
    const python = first.startsWith("#!") ? first.slice(2).trim().split(/\s+/)[0] : undefined;
    return python && existsSync(python) ? python : "python3";
  }
  return undefined;
}

function runPython(
  python: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * WeasyPrint ignores `unicode-range`, so of the two subsets declared for each face it would
 * take the first (latin-ext, which has no basic Latin letters) and set every letter in a
 * fallback font. Its copy of the HTML declares the latin subset only: the same typeface.
 */
const forWeasyPrint = (html: string): string =>
  html.replace(/@font-face \{[^}]*latin-ext[^}]*\}\n?/g, "");

export async function benchWeasyPrint(
  fixture: PrintFixture,
  documents: number,
  runs: number,
  log: (line: string) => void,
): Promise<WeasyResult> {
  const python = weasyPython();
  if (!python) return { installed: false, reason: "not installed (apt-get install weasyprint)" };
  const probe = await runPython(python, ["-c", "import weasyprint"]);
  if (probe.code !== 0) {
    return { installed: false, reason: `not installed: ${probe.stderr.trim().split("\n").at(-1)}` };
  }

  const size = paperKit("a4").halfSheet;
  const docs = fixture.sources.slice(0, documents).map((s) => readingHtml(fixture.site, s));
  const files: string[] = [];
  for (const [i, html] of docs.entries()) {
    // Beside the media, as the page Chromium prints is, so relative images resolve the same.
    const file = path.join(fixture.baseDir, `weasy-${String(i).padStart(3, "0")}.html`);
    await writeFile(file, forWeasyPrint(withPageSize(html, size)));
    files.push(file);
  }
  const outDir = path.join(fixture.root, "weasy-out");
  await mkdir(outDir, { recursive: true });

  const chromium: number[] = [];
  const weasy: number[] = [];
  const launches: number[] = [];
  const imports: number[] = [];
  let chromiumPages = 0;
  let weasyPages = 0;
  let version = "";
  for (let run = 0; run < runs; run++) {
    const engines = [
      async () => {
        const shop = new PrintShop({ jobs: 1 });
        try {
          launches.push((await timed(() => shop.browserVersion())).ms);
          chromiumPages = 0;
          for (const html of docs) {
            const pdf = await timed(() => shop.renderPdf({ html, baseDir: fixture.baseDir, size }));
            chromium.push(pdf.ms);
            chromiumPages += (await PDFDocument.load(pdf.value)).getPageCount();
          }
        } finally {
          await shop.close();
        }
      },
      async () => {
        const result = await runPython(python, [SCRIPT, outDir, ...files]);
        if (result.code !== 0) throw new Error(`WeasyPrint failed:\n${result.stderr.slice(-2000)}`);
        const parsed = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as {
          version: string;
          importMs: number;
          times: number[];
          pages: number[];
        };
        version = parsed.version;
        imports.push(parsed.importMs);
        weasy.push(...parsed.times);
        weasyPages = parsed.pages.reduce((a, b) => a + b, 0);
      },
    ];
    if (run % 2 === 1) engines.reverse();
    for (const engine of engines) await engine();
    log(
      `weasyprint, run ${run + 1}/${runs}: chromium ${median(chromium).toFixed(0)} ms/doc, ` +
        `weasyprint ${median(weasy).toFixed(0)} ms/doc`,
    );
  }
  const chromiumMs = median(chromium);
  const weasyMs = median(weasy);
  return {
    installed: true,
    version,
    documents: docs.length,
    runs,
    chromiumMs,
    weasyMs,
    ratio: weasyMs / chromiumMs,
    chromiumPages,
    weasyPages,
    chromiumLaunchMs: median(launches),
    weasyImportMs: median(imports),
  };
}
