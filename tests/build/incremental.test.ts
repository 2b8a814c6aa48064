// An incremental build writes the same bytes as a clean build of the same content: random
// rounds of edits, additions, renames and deletions of reports and tactics, their new titles,
// notes to the circle in them, circle.yaml's words, an image's new bytes, the ledger, the roster
// and the rhythm (worked out again only when their inputs change), each built again from
// the last build and compared file by file with a clean build, both audiences. A build that fails leaves the last output as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import sharp from "sharp";
import os from "node:os";
import path from "node:path";
import { build, type BuildResult } from "../../src/build/build.ts";
import { buildHtml, TODAY } from "./html-build.ts";
import { recordFileFor, type BuildRecord } from "../../src/build/record.ts";
import { settle, treeHashes } from "../tree.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";
import { MINIZINE_BODY_SIZES } from "../../src/print/zine.ts";
import { PRINT_LAYOUTS_DIR, PRINT_LAYOUTS_ENV } from "../../src/print/templates.ts";

let work: string;
const savedEpoch = process.env.SOURCE_DATE_EPOCH;

beforeAll(async () => {
  delete process.env.SOURCE_DATE_EPOCH;
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-incremental-"));
});
afterAll(async () => {
  if (savedEpoch !== undefined) process.env.SOURCE_DATE_EPOCH = savedEpoch;
  await rm(work, { recursive: true, force: true });
});

type Edit =
  | { op: "body"; kind: "reports" | "tactics"; pick: number; words: string }
  | { op: "add"; kind: "reports" | "tactics"; pick: number }
  | { op: "rename"; kind: "reports" | "tactics"; pick: number }
  | { op: "delete"; kind: "reports" | "tactics"; pick: number }
  | { op: "title"; kind: "reports" | "tactics"; pick: number; words: string }
  | { op: "audience"; pick: number }
  | { op: "circle"; words: string }
  | { op: "note"; kind: "reports" | "tactics"; pick: number }
  | { op: "image" }
  | { op: "ledger" }
  | { op: "roster" }
  | { op: "rhythm" };

const words = fc.constantFrom("steady", "brisk and calm", "Ümlaut café", "the night shift");
const kind = fc.constantFrom("reports" as const, "tactics" as const);
const pick = fc.nat({ max: 40 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("body" as const), kind, pick, words }) },
  fc.record({ op: fc.constant("add" as const), kind, pick }),
  fc.record({ op: fc.constant("rename" as const), kind, pick }),
  fc.record({ op: fc.constant("delete" as const), kind, pick }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant("title" as const), kind, pick, words }) },
  fc.record({ op: fc.constant("audience" as const), pick }),
  fc.record({ op: fc.constant("circle" as const), words }),
  // A note to the circle changes the Markdown an exported document carries, not its page.
  fc.record({ op: fc.constant("note" as const), kind, pick }),
  // The same image's name, other bytes: no page changes.
  fc.record({ op: fc.constant("image" as const) }),
  // What the ledger's totals, the rotation plan and the calendar are worked out from.
  fc.record({ op: fc.constant("ledger" as const) }),
  fc.record({ op: fc.constant("roster" as const) }),
  fc.record({ op: fc.constant("rhythm" as const) }),
);

/** Each number in `text` matched by `pattern` (its first group), one more, up to `max` then 1. */
const counted = (text: string, pattern: RegExp, max: number): string =>
  text.replace(pattern, (line: string, n: string) =>
    line.replace(n, String(Number(n) >= max ? 1 : Number(n) + 1)),
  );

/** The example's one image, under the same name, with other bytes (its colours inverted). */
async function newImageBytes(content: string): Promise<void> {
  const image = path.join(content, "media", "stacked-crates.jpg");
  await writeFile(
    image,
    await sharp(await readFile(image))
      .negate()
      .jpeg()
      .toBuffer(),
  );
}

let counter = 0;
async function apply(content: string, e: Edit): Promise<void> {
  const folder = path.join(content, e.op === "audience" ? "reports" : "kind" in e ? e.kind : "");
  if (e.op === "image") {
    await newImageBytes(content);
    return;
  }
  if (e.op === "ledger" || e.op === "roster" || e.op === "rhythm") {
    const [file, pattern, max] =
      e.op === "ledger"
        ? [path.join(content, "ledger", "2026-11.md"), /\| (\d+) rides /, 9]
        : e.op === "roster"
          ? [path.join(content, "rotation.md"), /^terms: (\d+)$/m, 14]
          : [path.join(content, "circle.yaml"), /^ {2}decompress-days: (\d+)/m, 3];
    await writeFile(file, counted(await readFile(file, "utf8"), pattern, max));
    return;
  }
  if (e.op === "circle") {
    const file = path.join(content, "circle.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace(/^name: (.*)$/m, (_, name: string) => `name: ${name} ${e.words}`),
    );
    return;
  }
  const names = (await readdir(folder)).filter((n) => n.endsWith(".md")).sort();
  if (names.length === 0) return;
  const name = names[e.pick % names.length] as string;
  const file = path.join(folder, name);
  const text = await readFile(file, "utf8");
  counter++;
  switch (e.op) {
    case "body":
      await writeFile(file, `${text}\nAnd then, ${e.words}.\n`);
      return;
    case "add":
      await writeFile(
        path.join(folder, `added-${counter}.md`),
        text.replace(/^title: (.*)$/m, `title: $1 again ${counter}`),
      );
      return;
    case "rename":
      await rename(file, path.join(folder, `renamed-${counter}.md`));
      return;
    case "delete":
      await rm(file);
      return;
    case "note":
      await writeFile(file, `${text}\n<!-- said at the assembly ${counter} -->\n`);
      return;
    case "title":
      await writeFile(file, text.replace(/^title: (.*)$/m, `title: $1 ${e.words}`));
      return;
    case "audience":
      await writeFile(
        file,
        /^audience: public$/m.test(text)
          ? text.replace(/^audience: public$/m, "audience: circle")
          : text.replace(/^audience: circle$/m, "audience: public"),
      );
      return;
  }
}

/** Builds both audiences, HTML only; the failure's name when the build refuses. */
async function buildInto(
  content: string,
  out: string,
  cache: string,
  clean: boolean,
): Promise<BuildResult | string> {
  try {
    return await buildHtml(content, out, cache, { baseUrl: "https://archive.example.org/", clean });
  } catch (error) {
    return (error as Error).name;
  }
}

const outputs = async (out: string): Promise<Record<string, string>> =>
  treeHashes(out).catch(() => ({}));

/** A copy of the example circle in a folder of its own, with where its output and cache go. */
async function exampleCopy(
  name: string,
): Promise<{ root: string; content: string; out: string; cache: string }> {
  const root = path.join(work, name);
  const content = path.join(root, "content");
  await cp(EXAMPLE, content, { recursive: true });
  // Saved long ago, as a circle's files are: a rebuild takes unchanged ones as the last read them.
  await settle(content);
  return { root, content, out: path.join(root, "out"), cache: path.join(root, "cache") };
}

/** What a clean build of `content` writes, built beside it with a cache of its own. */
async function cleanBuild(root: string, content: string): Promise<Record<string, string>> {
  await buildInto(content, path.join(root, "clean"), path.join(root, "clean-cache"), true);
  return outputs(path.join(root, "clean"));
}

/** The pages whose bytes differ between two outputs' hashes, sorted. */
const htmlChanged = (before: Record<string, string>, after: Record<string, string>): string[] =>
  Object.keys(after)
    .filter((f) => after[f] !== before[f] && f.endsWith(".html"))
    .sort();

describe("incremental builds", () => {
  it("write the same bytes as a clean build, round after round", async () => {
    let run = 0;
    /** Rounds whose content built, compared with a clean build (the rest refused, both ways):
     * at least the opening round of each of the 3 runs. */
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        // Each run opens with a round that cannot refuse (a report's new words), so every run
        // compares at least once however many of its random rounds break the content.
        fc.record({
          op: fc.constant("body" as const),
          kind: fc.constant("reports" as const),
          pick,
          words,
        }),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }),
        async (opening, random) => {
          const rounds: Edit[][] = [[opening], ...random];
          const root = path.join(work, `run-${++run}`);
          const content = path.join(root, "content");
          await cp(EXAMPLE, content, { recursive: true });
          const out = path.join(root, "out");
          const first = await buildInto(content, out, path.join(root, "cache"), false);
          expect(typeof first).not.toBe("string");
          const good = path.join(root, "good");
          for (const round of rounds) {
            // The content as it last built, to go back to when a round breaks it.
            await rm(good, { recursive: true, force: true });
            await cp(content, good, { recursive: true });
            for (const e of round) await apply(content, e);
            const before = await outputs(out);
            const again = await buildInto(content, out, path.join(root, "cache"), false);
            const clean = await buildInto(
              content,
              path.join(root, "clean"),
              path.join(root, "clean-cache"),
              true,
            );
            if (typeof clean === "string") {
              // The content has a problem (a deleted tactic a report still names): both refuse,
              // and the last output stays as it was.
              expect(again).toBe(clean);
              expect(await outputs(out)).toEqual(before);
              await rm(content, { recursive: true, force: true });
              await cp(good, content, { recursive: true });
              continue;
            }
            expect(typeof again).not.toBe("string");
            expect((again as BuildResult).incremental).toBe(true);
            expect(await outputs(out)).toEqual(await outputs(path.join(root, "clean")));
            compared++;
          }
          await rm(root, { recursive: true, force: true });
        },
      ),
      { numRuns: 3 },
    );
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it("renders only the pages a tactic's new title reaches, and says how many it kept", async () => {
    const { content, out, cache } = await exampleCopy("title");
    const first = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(first.incremental).toBe(false);
    const unchanged = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(unchanged.incremental).toBe(true);
    const quiet = unchanged.audiences.find((a) => a.audience === "circle");
    // Nothing changed: nothing is rendered, the computed files (search index, calendar) neither.
    expect(quiet?.kept).toBe(quiet?.pages);
    expect(quiet?.rendered).toBe(0);
    const file = path.join(content, "tactics", "safety-stoppage.md");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: Stopping for safety"),
    );
    const before = await outputs(path.join(out, "circle"));
    const result = (await buildInto(content, out, cache, false)) as BuildResult;
    const after = await outputs(path.join(out, "circle"));
    const changed = htmlChanged(before, after);
    const circle = result.audiences.find((a) => a.audience === "circle");
    // The tactic's own page, the reports that use it, the pages that list tactics: no others.
    expect(changed).toContain("tactics/safety-stoppage.html");
    expect(changed).toContain("reports/heat-stoppage.html");
    expect(changed).not.toContain("reports/fund-rumour.html");
    expect(changed).not.toContain("charter.html");
    expect(circle?.rendered).toBeLessThan((circle?.pages ?? 0) / 2);
  });

  it("keeps the reports index through a report's body edit, and writes it for a new title", async () => {
    const { root, content, out, cache } = await exampleCopy("index");
    await buildInto(content, out, cache, false);
    const file = path.join(content, "reports", "heat-stoppage.md");
    const text = await readFile(file, "utf8");
    const changedBy = async (edited: string): Promise<string[]> => {
      await writeFile(file, edited);
      const before = await outputs(out);
      await buildInto(content, out, cache, false);
      return htmlChanged(before, await outputs(out));
    };
    // The index shows each report's title, date, outcome and tactic: not its body.
    expect(await changedBy(`${text}\nOne line more.\n`)).toEqual([
      "circle/reports/heat-stoppage.html",
      "public/reports/heat-stoppage.html",
    ]);
    const retitled = await changedBy(
      `${text.replace(/^title: .*$/m, "title: Heat stoppage, retitled")}\nOne line more.\n`,
    );
    for (const audience of ["public", "circle"]) {
      expect(retitled).toContain(`${audience}/reports.html`);
      expect(retitled).toContain(`${audience}/index.html`);
    }
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
  });

  it("makes an audience's search index again only when a page it searches changed", async () => {
    const { root, content, out, cache } = await exampleCopy("search");
    await buildInto(content, out, cache, false);
    const rebuilt = async (file: string, line: string) => {
      const at = path.join(content, "reports", file);
      await writeFile(at, `${await readFile(at, "utf8")}\n${line}\n`);
      const before = await outputs(out);
      const result = (await buildInto(content, out, cache, false)) as BuildResult;
      const after = await outputs(out);
      const indexChanged = (audience: string): boolean =>
        before[`${audience}/search-index.js`] !== after[`${audience}/search-index.js`];
      const rendered = (audience: string): number | undefined =>
        result.audiences.find((a) => a.audience === audience)?.rendered;
      return { indexChanged, rendered };
    };
    // A circle-only report: the public site, its search index too, is kept as it was. Eleventy
    // is not run for it at all: its assets are the last build's files, linked, not copied anew.
    const assets = ["assets/site.css", "assets/search.js"].map((a) => path.join(out, "public", a));
    const inodes = async (): Promise<number[]> =>
      Promise.all(assets.map(async (a) => (await stat(a)).ino));
    const before = await inodes();
    const circleEdit = await rebuilt("fund-rumour.md", "A word only the circle reads: quorum.");
    expect(circleEdit.rendered("public")).toBe(0);
    expect(await inodes()).toEqual(before);
    expect(circleEdit.indexChanged("public")).toBe(false);
    expect(circleEdit.indexChanged("circle")).toBe(true);
    // A public report: both indexes hold its words.
    const publicEdit = await rebuilt("heat-stoppage.md", "A word everyone reads: solidarity.");
    expect(publicEdit.indexChanged("public")).toBe(true);
    expect(publicEdit.indexChanged("circle")).toBe(true);
    expect(await readFile(path.join(out, "public", "search-index.js"), "utf8")).toContain(
      "solidarity",
    );
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
  });

  it("refuses a page changed by hand, then starts clean once it is gone or the record cannot be read", async () => {
    const { root, content, out, cache } = await exampleCopy("hand");
    await buildInto(content, out, cache, false);
    const page = path.join(out, "public", "tactics", "safety-stoppage.html");
    const original = await readFile(page);
    await writeFile(page, "changed by hand\n");
    // The change is someone's: nothing is built over it.
    const changed = await outputs(out);
    expect(await buildInto(content, out, cache, false)).toBe("OutputFolderError");
    expect(await outputs(out)).toEqual(changed);
    await rm(page);
    const again = (await buildInto(content, out, cache, false)) as BuildResult;
    // The public output was changed: it is built clean; the circle's is kept as recorded.
    expect(again.audiences.find((a) => a.audience === "public")?.kept).toBe(0);
    expect(again.audiences.find((a) => a.audience === "circle")?.kept).toBeGreaterThan(0);
    expect(await readFile(page)).toEqual(original);
    await writeFile(recordFileFor(cache, out), "{ not json");
    const third = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(third.incremental).toBe(false);
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
  });

  it("reads again only the pieces of the long public files an edit changed", async () => {
    const { root, content, out, cache } = await exampleCopy("pieces");
    const first = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(first.guardPieces?.skipped).toBe(0);
    const all = first.guardPieces?.read ?? 0;
    expect(all).toBeGreaterThan(20);
    // A circle-only edit first: the public folder is left in place, and what its guard passed is
    // still known to the next build.
    const circleOnly = path.join(content, "reports", "fund-rumour.md");
    await writeFile(circleOnly, `${await readFile(circleOnly, "utf8")}\nOne more line.\n`);
    const between = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(between.audiences.find((a) => a.audience === "public")?.inPlace).toBe(true);
    expect(between.guardPieces?.read ?? 0).toBe(0);
    // The record says of each circle file what the file system says, pages linked or written.
    const record = JSON.parse(await readFile(recordFileFor(cache, out), "utf8")) as BuildRecord;
    const circleFiles = Object.entries(record.audiences.circle?.files ?? {});
    expect(circleFiles.length).toBeGreaterThan(20);
    for (const [output, file] of circleFiles) {
      const info = await stat(path.join(out, "circle", output));
      expect([output, info.size, info.mtimeMs]).toEqual([output, file.size, file.mtimeMs]);
    }
    // A public report's new words: its lines of the search index, SHA256SUMS and the manifest.
    const report = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(report, `${await readFile(report, "utf8")}\nWe met again the week after.\n`);
    const again = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(again.guardPieces?.read).toBeGreaterThan(0);
    expect(again.guardPieces?.read).toBeLessThan(all / 3);
    // Unchanged files are skipped whole; the changed ones mostly piece by piece.
    expect(again.guardPieces?.skipped).toBeGreaterThan((again.guardPieces?.read ?? 0) * 3);
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
  });

  it("leaves the public folder in place after a circle-only edit, but not with strays in it, a new image or deny-list", async () => {
    const { root, content, out, cache } = await exampleCopy("in-place");
    // A waived phone number: the guard lists it on every build, so the folder left in place is
    // read again.
    const waiving = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(
      waiving,
      `${(await readFile(waiving, "utf8")).replace(
        /^audience: public$/m,
        'audience: public\nallow: [{text: "+34 612 345 678", reason: "the union office"}]',
      )}\nThe union office answers on +34 612 345 678.\n`,
    );
    // Saved well before the build, as the last build found it (a file saved in the last
    // seconds is read again, see content/load.ts).
    await settle(content);
    const first = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(first.waived.length).toBeGreaterThan(0);
    const publicDir = path.join(out, "public");
    const inode = async (): Promise<number> => (await stat(publicDir)).ino;
    const firstInode = await inode();
    const circleOnly = path.join(content, "reports", "fund-rumour.md");
    const addLine = async (file: string, line: string): Promise<void> =>
      writeFile(file, `${await readFile(file, "utf8")}\n${line}\n`);
    await addLine(circleOnly, "We said it again at the assembly.");
    const publicBefore = await outputs(publicDir);
    // Nothing public was read that the last build did not read: the public view is not even
    // made again (publicInputsKey), and the build says so.
    const said: string[] = [];
    const again = await buildHtml(content, out, cache, {
      baseUrl: "https://archive.example.org/",
      log: (line) => said.push(line),
    });
    const publicSite = again.audiences.find((a) => a.audience === "public");
    expect(said).toContain(
      `public: nothing public changed, ${publicSite?.pages ?? 0} pages kept as they were`,
    );
    expect(publicSite?.rendered).toBe(0);
    expect(publicSite?.kept).toBe(publicSite?.pages);
    expect(publicSite?.inPlace).toBe(true);
    expect(again.audiences.find((a) => a.audience === "circle")?.inPlace).toBe(false);
    // Not a copy of it: the same folder, never renamed or rewritten.
    expect(await inode()).toBe(firstInode);
    expect(again.waived).toEqual(first.waived);
    expect(await outputs(publicDir)).toEqual(publicBefore);
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));

    // Litter a file manager left there, or an empty folder, is not kept: a new folder drops
    // them, as a clean build would.
    await writeFile(path.join(publicDir, ".DS_Store"), "Finder's window settings");
    await addLine(circleOnly, "Then the minutes were read.");
    said.length = 0;
    const littered = await buildHtml(content, out, cache, {
      baseUrl: "https://archive.example.org/",
      log: (line) => said.push(line),
    });
    expect(said.join("\n")).not.toContain("nothing public changed");
    expect(littered.audiences.find((a) => a.audience === "public")?.inPlace).toBe(false);
    expect(existsSync(path.join(publicDir, ".DS_Store"))).toBe(false);
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
    await mkdir(path.join(publicDir, "reports", "notes for Dana"));
    await addLine(circleOnly, "Then the treasurer spoke.");
    const emptied = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(emptied.audiences.find((a) => a.audience === "public")?.inPlace).toBe(false);
    expect(existsSync(path.join(publicDir, "reports", "notes for Dana"))).toBe(false);

    // The same name, other bytes: no page changes, but the image does.
    await newImageBytes(content);
    await addLine(circleOnly, "And once more.");
    const imaged = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(imaged.audiences.find((a) => a.audience === "public")?.inPlace).toBe(false);
    const images = await outputs(publicDir);
    expect(images["media/stacked-crates.jpg"]).not.toBe(publicBefore["media/stacked-crates.jpg"]);
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));

    // A name added to the deny-list is looked for in the files left in place, too.
    const kept = await outputs(out);
    await mkdir(path.join(root, ".mimeo"), { recursive: true });
    await writeFile(path.join(root, ".mimeo", "deny.txt"), "north dock\n");
    await addLine(circleOnly, "And a third time.");
    expect(await buildInto(content, out, cache, false)).toBe("LeakError");
    expect(await outputs(out)).toEqual(kept);
  });

  it("leaves the last output byte for byte when a rebuild fails", async () => {
    const { root, content, out, cache } = await exampleCopy("fail");
    await buildInto(content, out, cache, false);
    const before = await outputs(out);
    // A leak the guard refuses: a phone number in a public report.
    const report = path.join(content, "reports", "heat-stoppage.md");
    const text = await readFile(report, "utf8");
    await writeFile(report, `${text}\nCall +34 612 345 678 before the stoppage.\n`);
    expect(await buildInto(content, out, cache, false)).toBe("LeakError");
    expect(await outputs(out)).toEqual(before);
    // A content problem: a report names a tactic that does not exist.
    await writeFile(report, text.replace(/^tactic: .*$/m, "tactic: no-such-tactic"));
    expect(await buildInto(content, out, cache, false)).toBe("ContentError");
    expect(await outputs(out)).toEqual(before);
    // Fixed again: the rebuild still matches a clean build.
    await writeFile(report, `${text}\nFixed.\n`);
    const fixed = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(typeof fixed).not.toBe("string");
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
  });
});

describe("a killed incremental build", () => {
  it("leaves the last output byte for byte, and the next build is a clean build's bytes", async () => {
    const { root, content, out, cache } = await exampleCopy("killed");
    await buildInto(content, out, cache, false);
    const before = await outputs(out);
    const report = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(report, `${await readFile(report, "utf8")}\nOne line more.\n`);
    const bin = path.join(import.meta.dirname, "..", "..", "bin", "mimeo.js");
    const child = spawn(
      process.execPath,
      [bin, "build", "--no-pdf", "--content", content, "--out", out, "--cache", cache],
      { stdio: "ignore", env: { ...process.env, CI: "1" } },
    );
    // Killed once pages kept from the last build are linked into the temporary folder.
    let linked = false;
    for (let i = 0; i < 3000 && !linked; i++) {
      const tmp = (await readdir(root)).find((e) => e.startsWith(".out.tmp-"));
      linked = tmp !== undefined && existsSync(path.join(root, tmp, "public", "tactics-a-z.html"));
      if (!linked) await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(linked).toBe(true);
    expect(await outputs(out)).toEqual(before);
    const again = (await buildInto(content, out, cache, false)) as BuildResult;
    expect(typeof again).not.toBe("string");
    expect(await outputs(out)).toEqual(await cleanBuild(root, content));
  });
});

describe("an incremental build with PDFs", () => {
  it("renders only the edited report's sheets and writes a clean build's bytes", async () => {
    // One print cache for both builds: it is keyed by everything that shapes a sheet.
    const { root, content, out, cache } = await exampleCopy("pdf");
    const once = (target: string, clean: boolean): Promise<BuildResult> =>
      build({
        content,
        out: target,
        audiences: ["public"],
        today: TODAY,
        cacheDir: cache,
        clean,
      });
    await once(out, false);
    const before = await outputs(path.join(out, "public"));
    /** Each printed file's place on the disk: a file kept from the last output is that file. */
    const inodes = async (): Promise<Map<string, number>> =>
      new Map(
        await Promise.all(
          Object.keys(before)
            .filter((f) => f.startsWith("print/") && !f.endsWith(".html"))
            .map(async (f): Promise<[string, number]> => {
              const info = await stat(path.join(out, "public", f)).catch(() => undefined);
              return [f, info?.ino ?? -1];
            }),
        ),
      );
    const placesBefore = await inodes();
    const report = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(report, `${await readFile(report, "utf8")}\nOne line more.\n`);
    const again = await once(out, false);
    expect(again.incremental).toBe(true);
    const after = await outputs(path.join(out, "public"));
    // The sheets and printed images that did not change are linked from the last output, not
    // copied again from the print cache (SHA256SUMS, compared with a clean build's below, takes
    // their hashes from the cache's entries).
    const placesAfter = await inodes();
    const unchanged = [...placesBefore.keys()].filter((f) => after[f] === before[f]);
    expect(unchanged.length).toBeGreaterThan(10);
    expect(unchanged.filter((f) => placesAfter.get(f) !== placesBefore.get(f))).toEqual([]);
    const changedPdfs = Object.keys(after)
      .filter((f) => f.endsWith(".pdf") && after[f] !== before[f])
      .sort();
    // The report's own sheets and the ones that gather every public report's text, if any.
    expect(changedPdfs.filter((f) => f.startsWith("print/reports/heat-stoppage."))).not.toEqual([]);
    expect(
      changedPdfs.filter((f) => f.startsWith("print/reports/") && !f.includes("heat-stoppage")),
    ).toEqual([]);
    // Booklets and no-duplex copies are imposed from the reading copy's pages, not rendered
    // again: one render for the reading copy, and the mini-zine's at 7 pt and at each size it
    // tries on the way to the largest that fits (zine.ts), each size at most once.
    expect(again.printed?.rendered, changedPdfs.join(", ")).toBeGreaterThan(0);
    expect(again.printed?.rendered, changedPdfs.join(", ")).toBeLessThanOrEqual(
      1 + MINIZINE_BODY_SIZES.length,
    );
    expect(changedPdfs.every((f) => f.startsWith("print/reports/heat-stoppage."))).toBe(true);
    // Entries written before the cache kept their files' hashes get them at the next build
    // that takes them, and that build's output is the same.
    const manifestsNow = async (): Promise<string[]> =>
      (await readdir(path.join(cache, "sheets"), { recursive: true }))
        .filter((f) => f.endsWith("manifest.json"))
        .map((f) => path.join(cache, "sheets", f));
    const manifests = await manifestsNow();
    expect(manifests.length).toBeGreaterThan(5);
    for (const manifest of manifests) {
      const { hashes, ...entry } = JSON.parse(await readFile(manifest, "utf8")) as {
        hashes?: string[];
      };
      expect(hashes?.length).toBeGreaterThan(0);
      await writeFile(manifest, JSON.stringify(entry));
    }
    await writeFile(report, `${await readFile(report, "utf8")}\nAnd one more.\n`);
    await once(out, false);
    // The edited report's entries are new; every other one was taken, and has its hashes again.
    const taken = await manifestsNow();
    expect(manifests.filter((m) => taken.includes(m)).length).toBeGreaterThan(5);
    for (const manifest of taken) {
      const { hashes } = JSON.parse(await readFile(manifest, "utf8")) as { hashes?: string[] };
      expect(hashes?.length, manifest).toBeGreaterThan(0);
    }
    const last = await outputs(path.join(out, "public"));
    await once(path.join(root, "clean"), true);
    expect(last).toEqual(await outputs(path.join(root, "clean", "public")));
  });
});

describe("a report's sheets found by what they are made from", () => {
  it("are taken without their HTML while nothing they are made from changed, and made again when anything did", async () => {
    const { root, content, out, cache } = await exampleCopy("pdf-by-inputs");
    const once = (target: string, cacheDir: string, clean = false): Promise<BuildResult> =>
      build({ content, out: target, audiences: ["public"], today: TODAY, cacheDir, clean });
    const first = await once(out, cache);
    expect(first.printed?.keyedByInputs).toBe(0);
    const reports = (await readdir(path.join(out, "public", "print", "reports"))).filter((f) =>
      f.endsWith(".reading.pdf"),
    ).length;
    expect(reports).toBeGreaterThan(3);
    const edit = async (file: string, from: RegExp | string, to: string): Promise<void> => {
      const full = path.join(content, file);
      const text = await readFile(full, "utf8");
      expect(text).toMatch(from);
      await writeFile(full, text.replace(from, to));
    };
    // One report's body edited: every other report's sheets are found by their inputs.
    const report = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(report, `${await readFile(report, "utf8")}\nOne line more.\n`);
    expect((await once(out, cache)).printed?.keyedByInputs).toBe(reports - 1);
    // What a report's sheets show besides its own file, each changed in turn: a tactic's title
    // (in its facts) and the circle's name (on every cover). After each, the sheets are a clean
    // build's, made with a cache of its own.
    const rounds: [string, () => Promise<void>, number][] = [
      [
        "a tactic's title",
        () => edit("tactics/safety-stoppage.md", /^title: Safety stoppage$/m, "title: Heat stop"),
        reports - 1,
      ],
      [
        "the circle's name",
        () => edit("circle.yaml", /^name: .*$/m, "name: Dock Four Committee"),
        0,
      ],
    ];
    for (const [i, [what, change, atMost]] of rounds.entries()) {
      await change();
      const rebuilt = await once(out, cache);
      expect(rebuilt.printed?.keyedByInputs, what).toBeLessThanOrEqual(atMost);
      const fresh = path.join(root, `fresh-${i}`);
      await once(path.join(fresh, "out"), path.join(fresh, "cache"), true);
      expect(await outputs(path.join(out, "public")), what).toEqual(
        await outputs(path.join(fresh, "out", "public")),
      );
    }
  });
});

describe("a rebuild with PDFs after a circle-only edit", () => {
  it("leaves the public folder and its sheets as they were, and keeps their print cache", async () => {
    const { root, content, out, cache } = await exampleCopy("pdf-in-place");
    const once = (target: string, clean: boolean, said?: string[]): Promise<BuildResult> =>
      build({
        content,
        out: target,
        audiences: ["public", "circle"],
        today: TODAY,
        cacheDir: cache,
        clean,
        ...(said ? { log: (line: string) => said.push(line) } : {}),
      });
    await once(out, false);
    const publicDir = path.join(out, "public");
    const inode = (await stat(publicDir)).ino;
    const circleOnly = path.join(content, "reports", "fund-rumour.md");
    await writeFile(circleOnly, `${await readFile(circleOnly, "utf8")}\nSaid again.\n`);
    const said: string[] = [];
    const again = await once(out, false, said);
    expect(said.filter((line) => line.startsWith("public: nothing public changed"))).toHaveLength(
      1,
    );
    expect(again.audiences.find((a) => a.audience === "public")?.inPlace).toBe(true);
    expect((await stat(publicDir)).ino).toBe(inode);
    expect(again.printed?.rendered).toBeGreaterThan(0);
    // The public sheets' print cache was kept: a public report's edit next renders its own
    // sheets (each audience's), not every public sheet again.
    const report = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(report, `${await readFile(report, "utf8")}\nOne line more.\n`);
    const third = await once(out, false);
    expect(third.printed?.rendered).toBeGreaterThan(0);
    expect(third.printed?.rendered).toBeLessThanOrEqual(2 * (1 + MINIZINE_BODY_SIZES.length));

    // The circle's own print layouts (MIMEO_PRINT_LAYOUTS), changed since the last build: the
    // key does not see them, so the public sheets are made again after a circle-only edit.
    await settle(content);
    await once(out, false);
    const layouts = path.join(root, "our-layouts");
    await cp(PRINT_LAYOUTS_DIR, layouts, { recursive: true });
    const poster = path.join(layouts, "charter-poster.css");
    await writeFile(poster, `${await readFile(poster, "utf8")}\nh1 { letter-spacing: 0.02em; }\n`);
    process.env[PRINT_LAYOUTS_ENV] = layouts;
    try {
      await writeFile(circleOnly, `${await readFile(circleOnly, "utf8")}\nSaid once more.\n`);
      const relaid: string[] = [];
      await once(out, false, relaid);
      expect(relaid.join("\n")).not.toContain("nothing public changed");
      await once(path.join(root, "clean"), true);
      expect(await outputs(out)).toEqual(await outputs(path.join(root, "clean")));
    } finally {
      delete process.env[PRINT_LAYOUTS_ENV];
    }
    // Back to mimeo's own layouts: the sheets made from the circle's are made again too.
    await writeFile(circleOnly, `${await readFile(circleOnly, "utf8")}\nSaid at last.\n`);
    const restored: string[] = [];
    await once(out, false, restored);
    expect(restored.join("\n")).not.toContain("nothing public changed");
    await rm(path.join(root, "clean"), { recursive: true, force: true });
    await once(path.join(root, "clean"), true);
    expect(await outputs(out)).toEqual(await outputs(path.join(root, "clean")));
  });
});

describe("two outputs that share a print cache", () => {
  it("each rebuild from their own record and sheets, until an output or an audience is deleted", async () => {
    // The default cache is `.cache/mimeo-print` beside `--out`: an A4 and a Letter output in one
    // folder share it, and a build with PDFs keeps only what builds still use.
    const { root, content, cache } = await exampleCopy("shared-cache");
    const a4 = path.join(root, "a4");
    const letter = path.join(root, "letter");
    const once = (out: string, paper: "a4" | "letter"): Promise<BuildResult> =>
      build({ content, out, audiences: ["public"], today: TODAY, cacheDir: cache, paper });
    const records = async (): Promise<string[]> =>
      (await readdir(path.join(cache, "build-record"))).filter((n) => n.endsWith(".json"));

    const first = await once(a4, "a4");
    expect(first.printed?.rendered).toBeGreaterThan(0);
    const a4Sheets = await treeHashes(path.join(cache, "sheets"));
    expect((await once(letter, "letter")).printed?.rendered).toBeGreaterThan(0);
    expect(await records()).toHaveLength(2);

    // Each output, built again, is incremental and renders nothing.
    const a4Again = await once(a4, "a4");
    expect(a4Again.incremental).toBe(true);
    expect(a4Again.printed?.rendered).toBe(0);
    const letterAgain = await once(letter, "letter");
    expect(letterAgain.incremental).toBe(true);
    expect(letterAgain.printed?.rendered).toBe(0);

    // The Letter output's public folder is deleted: its record and its sheets leave the cache
    // at the next build with PDFs, and the cache holds what the A4 output's first build left.
    await rm(path.join(letter, "public"), { recursive: true });
    expect((await once(a4, "a4")).printed?.rendered).toBe(0);
    expect(await records()).toEqual([path.basename(recordFileFor(cache, a4))]);
    expect(await treeHashes(path.join(cache, "sheets"))).toEqual(a4Sheets);
  });
});
