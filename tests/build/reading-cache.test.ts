// The reading cache: a new `mimeo build` takes an unchanged Markdown body's links and plain text
// from what the last build read, parses only changed bodies, keeps only the bodies still in the
// content (a deleted report's words are gone after the next build), is readable by its owner
// only, and is not trusted when another version of mimeo wrote it or it is damaged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildHtml, TODAY } from "./html-build.ts";
import { recordFileFor } from "../../src/build/record.ts";
import {
  readingCacheBytes,
  readingCacheContents,
  readingCacheFor,
  readingCacheVersion,
  readReadingCache,
  type ReadingCache,
} from "../../src/build/reading-cache.ts";
import { prepareForBuild } from "../../src/build/build.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { canonicalJson } from "../../src/canonical-json.ts";
import {
  bodyKey,
  loadCircle,
  type BodyMemo,
  type FileRead,
  type ReadBody,
} from "../../src/content/load.ts";
import { parseMarkdownFile } from "../../src/content/frontmatter.ts";
import { SEARCH_INDEX_FILE } from "../../src/search/assets.ts";
import { settle, treeHashes } from "../tree.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";
import { serialize } from "node:v8";
import { createHash } from "node:crypto";

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-reading-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyExample(name: string): Promise<{ content: string; out: string; cache: string }> {
  const root = path.join(work, name);
  const content = path.join(root, "content");
  await cp(EXAMPLE, content, { recursive: true });
  return { content, out: path.join(root, "out"), cache: path.join(root, "cache") };
}

/** What the reading cache holds, decoded, as one text to search. */
async function cacheText(file: string): Promise<string> {
  // The ledger's amounts are BigInts, which JSON.stringify does not write by itself.
  return JSON.stringify(readingCacheContents(await readFile(file)), (_, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

/**
 * Whether a text is anywhere in the cache's bytes, decoded or not, in any encoding V8 keeps
 * strings in (one byte a character, or UTF-16), or as UTF-8.
 */
async function cacheHolds(file: string, text: string): Promise<boolean> {
  const bytes = await readFile(file);
  return (
    (await cacheText(file)).includes(text) ||
    (["latin1", "utf16le", "utf8"] as const).some((encoding) =>
      bytes.includes(Buffer.from(text, encoding)),
    )
  );
}

/** The key the loader gives a content file's body. */
async function keyOf(file: string): Promise<string> {
  const parsed = parseMarkdownFile(file, await readFile(file, "utf8"));
  return bodyKey(parsed.body, parsed.bodyStartLine);
}

describe("the reading cache", () => {
  it("gives the loader an unchanged body's links and text, and lists every body it read", async () => {
    const { content } = await copyExample("load");
    const report = path.join(content, "reports", "heat-stoppage.md");
    const planted: ReadBody = { references: [], plainText: "PLANTED-TEXT-OF-A-BODY" };
    const memo = {
      earlier: new Map([[await keyOf(report), planted]]),
      now: new Map<string, ReadBody>(),
      files: new Map<string, string>(),
    };
    const { circle, problems } = await loadCircle(content, { today: TODAY, bodies: memo });
    expect(problems).toEqual([]);
    const read = circle?.reports.find((r) => r.file === "reports/heat-stoppage.md");
    expect(read?.plainText).toBe("PLANTED-TEXT-OF-A-BODY");
    // Every other body was parsed, and every body read is in `now` for the next build.
    const other = circle?.reports.find((r) => r.file !== "reports/heat-stoppage.md");
    expect(other?.plainText.length).toBeGreaterThan(20);
    expect(memo.now.get(await keyOf(report))).toBe(planted);
    expect(memo.files.get("reports/heat-stoppage.md")).toBe(await keyOf(report));
    const markdown = (circle?.reports.length ?? 0) + (circle?.tactics.length ?? 0);
    expect(memo.now.size).toBeGreaterThanOrEqual(markdown);
  });

  it("holds only the bodies of the last build, for its owner only", async () => {
    const { content, out, cache } = await copyExample("evaporate");
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Not only Latin-1, so that V8 keeps the body as UTF-16.
    const sentence = "A SENTENCE ONLY THIS CIRCLE’S REPORT HOLDS";
    const from = path.join(content, "reports", "fund-rumour.md");
    const added = path.join(content, "reports", "one-more-rumour.md");
    await writeFile(added, `${await readFile(from, "utf8")}\n${sentence}\n`);
    // The cache as mimeo wrote it before, as JSON beside it: gone when the cache is written.
    const before = `${file}.json`;
    await writeFile(before, JSON.stringify({ version: "0", bodies: [[sentence, {}]] }));
    await buildHtml(content, out, cache);
    expect(await cacheHolds(file, sentence)).toBe(true);
    await expect(stat(before)).rejects.toThrow();
    await rm(added);
    await buildHtml(content, out, cache);
    expect(await cacheHolds(file, sentence)).toBe(false);
  });

  it("keeps no circle-only words after a public-only build, nor an expired report's", async () => {
    const { content, out, cache } = await copyExample("public-only");
    const sentence = "WORDS ONLY THE CIRCLE MAY READ";
    const report = path.join(content, "reports", "fund-rumour.md");
    await writeFile(report, `${await readFile(report, "utf8")}\n${sentence}\n`);
    const gone = "WORDS OF A REPORT THAT HAS EXPIRED";
    await writeFile(
      path.join(content, "reports", "gone-by-now.md"),
      (await readFile(path.join(content, "reports", "heat-stoppage.md"), "utf8")).replace(
        /^---\n/,
        `---\nexpires: 2026-08-01\n`,
      ) + `\n${gone}\n`,
    );
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    expect(await cacheHolds(file, sentence)).toBe(true);
    expect(await cacheHolds(file, gone)).toBe(false);
    // The public archive alone, as onto a stick that is handed on, with its cache beside it.
    await buildHtml(content, out, cache, { audiences: ["public"] });
    expect(await cacheHolds(file, sentence)).toBe(false);
    expect(await cacheHolds(file, gone)).toBe(false);
    expect(await cacheText(file)).toContain("plainText");
  });

  it("keeps the ledger, rotation plan and calendar for the next build, after circle builds only", async () => {
    const { content, out, cache } = await copyExample("prepared");
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    const kept = (await readReadingCache(file)).prepared;
    expect(Object.keys(kept).sort()).toEqual(["calendar", "ledger", "rotation"]);
    // The next load takes each part as kept, not worked out again: the very object read back.
    const memo = { ...kept };
    const { prepared } = await prepareCircle(content, { today: TODAY, memo });
    expect(prepared?.rotation).toBe(kept.rotation?.value.plan);
    expect(prepared?.calendar).toBe(kept.calendar?.value);
    expect(prepared?.ledger).toBe(kept.ledger?.value.ledger);
    // A changed roster is worked out again; the calendar of the same handovers is still kept.
    const roster = path.join(content, "rotation.md");
    await writeFile(roster, (await readFile(roster, "utf8")).replace(/^terms: \d+$/m, "terms: 6"));
    const changed = await prepareCircle(content, { today: TODAY, memo: { ...kept } });
    expect(changed.prepared?.rotation).not.toBe(kept.rotation?.value.plan);
    expect(changed.prepared?.rotation?.terms).toHaveLength(6);
    expect(changed.prepared?.ledger).toBe(kept.ledger?.value.ledger);
    // The roster and the ledger name members: a public-only build keeps none of it.
    expect(await cacheHolds(file, "Kestrel")).toBe(true);
    await buildHtml(content, out, cache, { audiences: ["public"] });
    expect((await readReadingCache(file)).prepared).toEqual({});
    expect(await cacheHolds(file, "Kestrel")).toBe(false);
  });

  it("keeps which images decoded, by their bytes, so a rebuild decodes only a changed one", async () => {
    const { content, out, cache } = await copyExample("images");
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    const image = path.join(content, "media", "stacked-crates.jpg");
    const bytes = await readFile(image);
    const key = `image ${createHash("sha256").update(bytes).digest("hex")}`;
    const kept = await readReadingCache(file);
    expect([...kept.images]).toEqual([key]);

    // An image whose bytes decoded before is not decoded again: planted as known, a damaged
    // image is taken as it was; not known, it is a problem. The decoded ones are listed.
    const check = async (before: string[]): Promise<{ problems: string[]; now: string[] }> => {
      const images = { read: new Map(), before: new Set(before), now: new Set<string>() };
      const { problems } = await prepareForBuild(content, { today: TODAY }, images);
      return { problems: problems.map((p) => `${p.file}:${p.line}`), now: [...images.now] };
    };
    expect(await check([key])).toEqual({ problems: [], now: [key] });
    expect(await check([])).toEqual({ problems: [], now: [key] });
    await writeFile(image, bytes.subarray(0, 200));
    const damaged = `image ${createHash("sha256").update(bytes.subarray(0, 200)).digest("hex")}`;
    expect(await check([damaged])).toEqual({ problems: [], now: [damaged] });
    expect(await check([key])).toEqual({ problems: ["reports/heat-stoppage.md:23"], now: [] });

    // So the rebuild after the image was damaged refuses it, and leaves the old output as it was.
    const before = await treeHashes(out);
    await expect(buildHtml(content, out, cache)).rejects.toMatchObject({
      problems: [{ file: "reports/heat-stoppage.md", line: 23 }],
    });
    expect(await treeHashes(out)).toEqual(before);
    // A public-only build keeps none.
    await writeFile(image, bytes);
    await buildHtml(content, out, cache, { audiences: ["public"] });
    expect((await readReadingCache(file)).images.size).toBe(0);
  });

  it("keeps each body's and plain text's hash as the page fingerprints write them", async () => {
    const { content, out, cache } = await copyExample("hashes");
    await settle(content);
    await buildHtml(content, out, cache);
    const { files, bodies } = await readReadingCache(readingCacheFor(recordFileFor(cache, out)));
    const heat = files.get("reports/heat-stoppage.md");
    expect(heat?.bodyWritten).toBe(canonicalJson(heat?.body));
    const read = bodies.get(heat?.key ?? "");
    expect(read?.plainTextWritten).toBe(canonicalJson(read?.plainText));
    expect(read?.plainTextWritten).toMatch(/^#t[0-9a-f]{64}$/);
  });

  it("is not trusted when damaged or written by another version, and --clean ignores it", async () => {
    const { content, out, cache } = await copyExample("distrust");
    await buildHtml(content, out, cache);
    const clean = await treeHashes(out);
    const file = readingCacheFor(recordFileFor(cache, out));
    const key = await keyOf(path.join(content, "reports", "heat-stoppage.md"));
    const planted = (version: string): Buffer =>
      readingCacheBytes({
        version,
        bodies: [[key, { references: [], plainText: "PLANTED-WORDS-NEVER-WRITTEN" }]],
      });
    const cached = readingCacheContents(await readFile(file));
    if (!cached) throw new Error("the build wrote no reading cache");
    const index = path.join(out, "public", SEARCH_INDEX_FILE);

    await writeFile(file, planted("another version of mimeo"));
    await buildHtml(content, out, cache);
    expect(await readFile(index, "utf8")).not.toContain("PLANTED-WORDS");

    await writeFile(file, planted(cached.version));
    await buildHtml(content, out, cache, { clean: true });
    expect(await readFile(index, "utf8")).not.toContain("PLANTED-WORDS");

    // The format before chunks, of this version: not read.
    await writeFile(
      file,
      serialize({ ...cached, bodies: readingCacheContents(planted(cached.version))?.bodies }),
    );
    await buildHtml(content, out, cache);
    expect(await readFile(index, "utf8")).not.toContain("PLANTED-WORDS");

    await writeFile(file, planted(cached.version).subarray(0, 40));
    await buildHtml(content, out, cache);
    expect(await treeHashes(out)).toEqual(clean);
    await writeFile(file, '{"version": "half a fi');
    await buildHtml(content, out, cache);
    expect(await treeHashes(out)).toEqual(clean);

    // The check that it is used at all: the same version's entry is taken as written.
    await writeFile(file, planted(cached.version));
    await buildHtml(content, path.join(work, "distrust", "out"), cache);
    expect(await readFile(index, "utf8")).toContain("PLANTED-WORDS-NEVER-WRITTEN");
  });
});

describe("the reading cache's chunks", () => {
  /** A cache of `n` bodies, each its own object, read back as a build reads it. */
  async function written(n: number, name: string): Promise<{ file: string; read: ReadingCache }> {
    const file = path.join(work, `${name}.read`);
    const bodies: [string, ReadBody][] = Array.from({ length: n }, (_, i) => [
      `key-${i}`,
      { references: [], plainText: `the words of report ${i}` },
    ]);
    await writeFile(file, readingCacheBytes({ version: VERSION, bodies, files: [] }));
    return { file, read: await readReadingCache(file) };
  }
  const VERSION = readingCacheVersion();

  it("are copied as they were read when they hold the same entries, and made again when not", async () => {
    const { read } = await written(1000, "chunks");
    expect(read.bodies.size).toBe(1000);
    const chunks = read.chunks?.bodies ?? [];
    // Chunks end where the keys say: many of them, of many sizes.
    expect(chunks.length).toBeGreaterThan(5);
    expect(new Set(chunks.map((chunk) => chunk.entries.length)).size).toBeGreaterThan(2);
    // Each chunk of the last cache is given other bytes: a chunk copied keeps them.
    const marked = {
      bodies: chunks.map((chunk, i) => ({
        ...chunk,
        bytes: serialize(
          chunk.entries.map(([key, body]) => [
            key,
            { ...(body as ReadBody), plainText: `copied chunk ${i}` },
          ]),
        ),
      })),
      files: [],
    };
    const chunkOf = (key: string): number =>
      chunks.findIndex((chunk) => chunk.entries.some(([k]) => k === key));
    const rewrite = (bodies: [string, ReadBody][]): string[] =>
      (
        readingCacheContents(readingCacheBytes({ version: VERSION, bodies, files: [] }, marked))
          ?.bodies ?? []
      ).map(([, body]) => body.plainText);

    // One body edited (a new object in the place of report 470's), one left out (report 700's):
    // only their chunks are made again, and whole.
    const bodies = [...read.bodies];
    bodies[470] = ["key-470", { references: [], plainText: "report 470, edited" }];
    const left = bodies.splice(700, 1);
    const texts = rewrite(bodies);
    expect(texts).toHaveLength(999);
    const remade = new Set([chunkOf("key-470"), chunkOf(left[0]?.[0] ?? "")]);
    bodies.forEach(([key, body], i) => {
      const chunk = chunkOf(key);
      expect(texts[i]).toBe(remade.has(chunk) ? body.plainText : `copied chunk ${chunk}`);
    });
  });

  it("are made again when an entry is equal but not the object read", async () => {
    const { read } = await written(10, "equal");
    const bodies = [...read.bodies].map(([key, body]) => [key, { ...body }] as [string, ReadBody]);
    const marked = {
      bodies: (read.chunks?.bodies ?? []).map((chunk) => ({ ...chunk, bytes: serialize([]) })),
      files: [],
    };
    const again = readingCacheContents(
      readingCacheBytes({ version: VERSION, bodies, files: [] }, marked),
    );
    expect(again?.bodies).toEqual(bodies);
  });

  it("hold the files and bodies in one order, whichever audiences a build read them for", async () => {
    const { content, out, cache } = await copyExample("order");
    await settle(content);
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    const keysOf = async (): Promise<{ files: string[]; bodies: string[]; ofFiles: string[] }> => {
      const held = readingCacheContents(await readFile(file));
      return {
        files: (held?.files ?? []).map(([name]) => name),
        bodies: (held?.bodies ?? []).map(([key]) => key),
        ofFiles: [...new Set((held?.files ?? []).map(([, read]) => read.key))],
      };
    };
    const first = await keysOf();
    // A circle-only edit: the public folder is left as it was, and only the circle's view read.
    const report = path.join(content, "reports", "fund-rumour.md");
    await writeFile(report, `${await readFile(report, "utf8")}\nOne more line.\n`);
    await settle(content);
    await buildHtml(content, out, cache);
    const again = await keysOf();
    for (const keys of [first, again]) {
      // The files by path; each body where its file is, the others after them by key.
      expect(keys.files).toEqual([...keys.files].sort());
      expect(keys.bodies.slice(0, keys.ofFiles.length)).toEqual(keys.ofFiles);
      const rest = keys.bodies.slice(keys.ofFiles.length);
      expect(rest).toEqual([...rest].sort());
    }
    expect(again.files).toEqual(first.files);
  });

  it("cut short or damaged in a chunk, hold nothing", async () => {
    const { file } = await written(200, "damaged");
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    expect((await readReadingCache(file)).bodies.size).toBe(0);
    const flipped = Buffer.from(bytes);
    flipped.fill(0xff, bytes.length - 3000, bytes.length - 2000);
    await writeFile(file, flipped);
    expect((await readReadingCache(file)).bodies.size).toBe(0);
  });
});

/** A memo for one load, holding what the last load read. */
const memoAfter = (last?: BodyMemo): BodyMemo => ({
  earlier: last?.now ?? new Map(),
  now: new Map(),
  files: new Map(),
  filesEarlier: last?.filesNow ?? new Map(),
  filesNow: new Map(),
});

describe("files the last build read", () => {
  it("are not read again while their stat is the same; a changed one is", async () => {
    const { content } = await copyExample("files");
    await settle(content);
    const first = memoAfter();
    const fresh = await loadCircle(content, { today: TODAY, bodies: first });
    expect(fresh.problems).toEqual([]);
    const heat = "reports/heat-stoppage.md";
    expect(first.filesNow?.get(heat)?.body).toContain("## ");

    // A title planted in what the last build read is what the load gives: the file was not read.
    const planted = new Map(first.filesNow);
    const read = first.filesNow?.get(heat) as FileRead;
    // The front matter as its schema gave it back is kept beside it, and taken as it is.
    expect(read.checked?.kind).toBe("report");
    const checkedTitle = (title: string): FileRead["checked"] => ({
      kind: "report",
      value: { ...(read.checked?.value as object), title },
    });
    // (A copy of the front matter, as a new process reads it back: not the report made above.)
    planted.set(heat, {
      ...read,
      data: { ...(read.data as object) },
      checked: checkedTitle("PLANTED CHECK"),
    });
    const checkedOnce = await loadCircle(content, {
      today: TODAY,
      bodies: memoAfter({ ...first, filesNow: planted }),
    });
    expect(checkedOnce.circle?.reports.find((r) => r.file === heat)?.title).toBe("PLANTED CHECK");
    const unchecked: FileRead = {
      ...read,
      data: { ...(read.data as object), title: "PLANTED TITLE" },
    };
    delete unchecked.checked;
    planted.set(heat, unchecked);
    const second = memoAfter({ ...first, filesNow: planted });
    const again = await loadCircle(content, { today: TODAY, bodies: second });
    expect(again.circle?.reports.find((r) => r.file === heat)?.title).toBe("PLANTED TITLE");
    // Kept for the next build with its check, as a new object: the one read is not changed.
    const kept = second.filesNow?.get(heat);
    expect(kept).not.toBe(unchecked);
    expect(unchecked.checked).toBeUndefined();
    expect(kept).toEqual({ ...unchecked, checked: checkedTitle("PLANTED TITLE") });

    // Saved again (its stat changes): read from the file, and not kept while it is so new.
    const file = path.join(content, heat);
    await writeFile(file, `${await readFile(file, "utf8")}\nOne line more.\n`);
    const third = memoAfter(second);
    const edited = await loadCircle(content, { today: TODAY, bodies: third });
    const report = edited.circle?.reports.find((r) => r.file === heat);
    expect(report?.title).not.toBe("PLANTED TITLE");
    expect(report?.body).toContain("One line more.");
    expect(third.filesNow?.has(heat)).toBe(false);
    expect(third.filesNow?.get("reports/fund-rumour.md")).toBe(
      second.filesNow?.get("reports/fund-rumour.md"),
    );
  });

  it("give the same circle and the same problems, lines included, as reading every file", async () => {
    const { content } = await copyExample("same-lines");
    // A waiver's line is inside a list: a problem there reads the file after all.
    const heat = path.join(content, "reports", "heat-stoppage.md");
    await writeFile(
      heat,
      (await readFile(heat, "utf8")).replace(
        /^---\n/,
        "---\nallow:\n  - text: Dock 4\n    reason: the bay's public name\n",
      ),
    );
    await settle(content);
    const first = memoAfter();
    const fresh = await loadCircle(content, { today: TODAY, bodies: first });
    expect(fresh.problems).toEqual([]);
    const restored = await loadCircle(content, { today: TODAY, bodies: memoAfter(first) });
    expect(restored.circle).toEqual(fresh.circle);
    expect(restored.circle?.reports.find((r) => r.slug === "heat-stoppage")?.allow[0]?.line).toBe(
      3,
    );

    // A tactic the reports name is deleted: each report names it on its own `tactic:` line.
    const named = fresh.circle?.reports[0]?.tactic as string;
    await rm(path.join(content, "tactics", `${named}.md`));
    const without = await loadCircle(content, { today: TODAY, bodies: memoAfter() });
    const withoutRestored = await loadCircle(content, { today: TODAY, bodies: memoAfter(first) });
    expect(without.problems.length).toBeGreaterThan(0);
    expect(withoutRestored.problems).toEqual(without.problems);
  });
});
