// Full builds with PDFs, as a person runs them (`mimeo build --audience circle`, child process,
// the render cache in OUT/../.cache/mimeo-print): cold (no output, no cache), again with
// nothing changed, and again after editing one report. Which PDFs changed is read from the
// files themselves, and how many were rendered from the build's own summary line.

import { createHash } from "node:crypto";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { sizeFor, temporaryCircle } from "./generate.ts";
import { figures, mustSucceed, timeNode, type Figures, type ProcessRun } from "./measure.ts";
import { profileShares, type ProfileShare } from "./profile.ts";
import { MIMEO } from "./site.ts";

export interface Printed {
  rendered: number;
  cached: number;
}

export interface RebuildResult {
  reports: number;
  runs: number;
  cold: Figures;
  unchanged: Figures;
  edited: Figures;
  printed: { cold: Printed; unchanged: Printed; edited: Printed };
  /** unchanged rebuild's wall time over the cold build's, median of each */
  unchangedShare: number;
  /** PDFs in the print folder */
  pdfs: number;
  /** PDFs whose bytes changed after the unchanged rebuild (should be none) */
  changedWhenUnchanged: string[];
  /** the report edited in the last run, and the PDFs whose bytes changed after the edit */
  editedReport: string;
  changedAfterEdit: string[];
  /** every run: only the edited report's own PDFs changed */
  onlyEditedChanged: boolean;
  /** PDFs of other documents that changed after an edit, with the run and the edited report */
  unexpected: string[];
  /** one more rebuild with nothing changed, under --cpu-prof: self CPU time by package */
  unchangedProfile: ProfileShare[];
}

const printedOf = (run: ProcessRun): Printed => {
  const m = /PDFs: (\d+) rendered, (\d+) taken unchanged from the cache/.exec(run.stdout);
  if (!m) throw new Error(`no "PDFs: … rendered" line in mimeo build's output:\n${run.stdout}`);
  return { rendered: Number(m[1]), cached: Number(m[2]) };
};

async function pdfHashes(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".pdf")) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes.set(
      path.relative(dir, file),
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex"),
    );
  }
  return hashes;
}

const changed = (before: Map<string, string>, after: Map<string, string>): string[] =>
  [...new Set([...before.keys(), ...after.keys()])]
    .filter((k) => before.get(k) !== after.get(k))
    .sort();

export async function benchRebuild(
  reports: number,
  runs: number,
  log: (line: string) => void,
): Promise<RebuildResult> {
  const circle = await temporaryCircle(sizeFor(reports));
  const root = path.dirname(circle.dir);
  const cold: ProcessRun[] = [];
  const unchanged: ProcessRun[] = [];
  const edited: ProcessRun[] = [];
  let changedWhenUnchanged: string[] = [];
  let changedAfterEdit: string[] = [];
  let editedReport = "";
  let onlyEditedChanged = true;
  const unexpected: string[] = [];
  let pdfs = 0;
  let unchangedProfile: ProfileShare[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const dir = path.join(root, `run-${i}`);
      const content = path.join(dir, "content");
      const out = path.join(dir, "out");
      const print = path.join(out, "circle", "print");
      await cp(circle.dir, content, { recursive: true });
      const build = async (what: string, nodeArgs: string[] = []): Promise<ProcessRun> =>
        mustSucceed(
          `mimeo build (${what})`,
          await timeNode(
            MIMEO,
            ["build", "--content", "content", "--out", "out", "--audience", "circle"],
            { cwd: dir, env: { ...process.env, CI: "1" }, nodeArgs },
          ),
        );

      cold.push(await build("cold"));
      const first = await pdfHashes(print);
      pdfs = first.size;
      unchanged.push(await build("nothing changed"));
      const second = await pdfHashes(print);
      changedWhenUnchanged = changed(first, second);

      // Edit one report's text, a different one each run.
      const slug = circle.reportSlugs[(i * 37 + 11) % circle.reportSlugs.length] ?? "";
      const file = path.join(content, "reports", `${slug}.md`);
      const text = await readFile(file, "utf8");
      await writeFile(
        file,
        text.replace(
          "## What happened\n",
          "## What happened\n\nOne sentence more, written after the assembly.\n",
        ),
      );
      edited.push(await build("one report edited"));
      changedAfterEdit = changed(second, await pdfHashes(print));
      editedReport = slug;
      const others = changedAfterEdit.filter((f) => !f.startsWith(`reports/${slug}.`));
      unexpected.push(...others.map((f) => `${f} (run ${i + 1}, ${slug} edited)`));
      onlyEditedChanged &&= others.length === 0;
      const [c, u, e] = [cold, unchanged, edited].map((l) => l.at(-1) as ProcessRun) as [
        ProcessRun,
        ProcessRun,
        ProcessRun,
      ];
      log(
        `pdf rebuild, run ${i + 1}/${runs}: cold ${(c.wallMs / 1000).toFixed(1)} s ` +
          `(${printedOf(c).rendered} rendered), unchanged ${(u.wallMs / 1000).toFixed(1)} s ` +
          `(${printedOf(u).rendered} rendered), one report edited ${(e.wallMs / 1000).toFixed(1)} s ` +
          `(${printedOf(e).rendered} rendered, ${changedAfterEdit.length} PDFs changed)`,
      );
      if (i === runs - 1) {
        // Where an unchanged rebuild's time goes: once more, nothing changed, profiled.
        const profiles = path.join(dir, "profile");
        await build("profiled", ["--cpu-prof", "--cpu-prof-dir", profiles]);
        unchangedProfile = await profileShares(profiles);
      }
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const coldFigures = figures(cold);
  const unchangedFigures = figures(unchanged);
  return {
    reports,
    runs,
    cold: coldFigures,
    unchanged: unchangedFigures,
    edited: figures(edited),
    printed: {
      cold: printedOf(cold[0] as ProcessRun),
      unchanged: printedOf(unchanged[0] as ProcessRun),
      edited: printedOf(edited[0] as ProcessRun),
    },
    unchangedShare: unchangedFigures.wallMs / coldFigures.wallMs,
    pdfs,
    changedWhenUnchanged,
    editedReport,
    changedAfterEdit,
    onlyEditedChanged,
    unexpected,
    unchangedProfile,
  };
}
