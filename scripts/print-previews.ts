// npm run print-previews: builds the example circle into a temporary folder and renders the
// first page of each kind of sheet as a small PNG into docs/print-previews/, for
// docs/printing.md. Needs pdftoppm (poppler-utils).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { build } from "../src/build/build.ts";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..");
const target = path.join(root, "docs", "print-previews");
/** Low resolution on purpose (the longer side in pixels: 30 dpi on A4), small in the repository. */
const LONG_SIDE = "350";

/** Preview name → audience and file under print/. */
const SHEETS: [string, "public" | "circle", string][] = [
  ["reading-copy", "public", "reports/heat-stoppage.reading.pdf"],
  ["booklet", "public", "reports/heat-stoppage.booklet.pdf"],
  ["booklet-no-duplex-turn", "public", "reports/heat-stoppage.booklet.no-duplex.pdf#3"],
  ["minizine", "public", "reports/heat-stoppage.minizine.pdf"],
  ["archive-zine", "public", "archive.reading.pdf#5"],
  ["tactic-cards", "public", "tactic-cards.pdf"],
  ["poster", "circle", "charter.poster.pdf"],
  ["tiled-poster", "circle", "charter.tiles.pdf"],
  ["assembly-sheet", "circle", "ledger/2026-10.assembly.pdf"],
];

const work = await mkdtemp(path.join(os.tmpdir(), "mimeo-previews-"));
try {
  const out = path.join(work, "output");
  await build({
    content: path.join(root, "content"),
    out,
    audiences: ["public", "circle"],
    cacheDir: path.join(work, "cache"),
  });
  await mkdir(target, { recursive: true });
  for (const [name, audience, spec] of SHEETS) {
    const [file = "", page = "1"] = spec.split("#");
    const pdf = path.join(out, audience, "print", file);
    const png = path.join(target, name);
    await run("pdftoppm", [
      "-png",
      "-scale-to",
      LONG_SIDE,
      "-f",
      page,
      "-l",
      page,
      "-singlefile",
      pdf,
      png,
    ]);
    console.log(`docs/print-previews/${name}.png  (${file}, page ${page})`);
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`print-previews: ${message}`);
  if (/ENOENT.*pdftoppm|pdftoppm.*ENOENT/.test(message)) {
    console.error("pdftoppm is missing: install poppler-utils (apt-get install poppler-utils).");
  }
  process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
