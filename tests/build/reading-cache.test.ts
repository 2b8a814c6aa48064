// The reading cache: a new `mimeo build` takes an unchanged Markdown body's links and plain text
// from what the last build read, parses only changed bodies, keeps only the bodies still in the
// content (a deleted report's words are gone after the next build), is readable by its owner
// only, and is not trusted when another version of mimeo wrote it or it is damaged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildHtml, TODAY } from "./html-build.ts";
import { recordFileFor } from "../../src/build/record.ts";
import {
  putReadingCache,
  readingCacheContents,
  readingCacheFor,
  readingCacheParts,
  readingCacheVersion,
  readReadingCache,
  type ReadingCache,
  type ReadingCacheFile,
} from "../../src/build/reading-cache.ts";
import { prepareForBuild } from "../../src/build/build.ts";
import { prepareCircle } from "../../src/prepare.ts";
import { canonicalJson, vouchTexts } from "../../src/canonical-json.ts";
import { siteFor } from "../../src/site/audience.ts";
import { searchDocHash } from "../../src/search/patch.ts";
import type { PreparedCircle } from "../../src/prepare.ts";
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
async function cacheText(folder: string): Promise<string> {
  // The ledger's amounts are BigInts, which JSON.stringify does not write by itself.
  return JSON.stringify(await readingCacheContents(folder), (_, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

/** Every file of the cache's folder, by name. */
async function cacheFiles(folder: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(folder)).sort();
  return new Map(
    await Promise.all(
      names.map(async (name) => [name, await readFile(path.join(folder, name))] as const),
    ),
  );
}

/**
 * Whether a text is anywhere in the cache's files, decoded or not, in any encoding V8 keeps
 * strings in (one byte a character, or UTF-16), or as UTF-8.
 */
async function cacheHolds(folder: string, text: string): Promise<boolean> {
  const files = [...(await cacheFiles(folder)).values()];
  return (
    (await cacheText(folder)).includes(text) ||
    files.some((bytes) =>
      (["latin1", "utf16le", "utf8"] as const).some((encoding) =>
        bytes.includes(Buffer.from(text, encoding)),
      ),
    )
  );
}

/** Writes a reading cache into a folder as a build does, with no last cache to build on. */
async function plant(folder: string, cache: ReadingCacheFile): Promise<void> {
  await putReadingCache(folder, readingCacheParts(cache));
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
    expect((await stat(file)).mode & 0o777).toBe(0o700);
    for (const name of (await cacheFiles(file)).keys()) {
      expect((await stat(path.join(file, name))).mode & 0o777).toBe(0o600);
    }
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

  it("keeps the ledger, rotation plan, calendar and ledger page views for the next build, after circle builds only", async () => {
    const { content, out, cache } = await copyExample("prepared");
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    const kept = (await readReadingCache(file)).prepared;
    expect(Object.keys(kept).sort()).toEqual(["calendar", "ledger", "ledgerViews", "rotation"]);
    // The next load takes each part as kept, not worked out again: the very object read back.
    const memo = { ...kept };
    const { prepared } = await prepareCircle(content, {
      today: TODAY,
      memo,
      audiences: ["public", "circle"],
    });
    expect(prepared?.rotation).toBe(kept.rotation?.value.plan);
    expect(prepared?.calendar).toBe(kept.calendar?.value);
    expect(prepared?.ledger).toBe(kept.ledger?.value.ledger);
    expect(prepared?.ledgerViews).toBe(kept.ledgerViews?.value);
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
    const planted = (version: string): ReadingCacheFile => ({
      version,
      bodies: [[key, { references: [], plainText: "PLANTED-WORDS-NEVER-WRITTEN" }]],
    });
    const cached = await readingCacheContents(file);
    if (!cached) throw new Error("the build wrote no reading cache");
    const index = path.join(out, "public", SEARCH_INDEX_FILE);
    const untrusted = async (): Promise<void> => {
      await buildHtml(content, out, cache);
      expect(await readFile(index, "utf8")).not.toContain("PLANTED-WORDS");
      expect(await treeHashes(out)).toEqual(clean);
    };

    await plant(file, planted("another version of mimeo"));
    await untrusted();

    await plant(file, planted(cached.version));
    await buildHtml(content, out, cache, { clean: true });
    expect(await readFile(index, "utf8")).not.toContain("PLANTED-WORDS");

    // The format before chunk files, of this version, a file where the folder is: not read, and
    // the folder is written in its place.
    await rm(file, { recursive: true });
    await writeFile(file, serialize({ ...cached, bodies: planted(cached.version).bodies }));
    await untrusted();
    expect((await stat(file)).isDirectory()).toBe(true);

    // A chunk cut short or gone, an index cut short or not one.
    const chunkOf = async (): Promise<string> => {
      const names = [...(await cacheFiles(file)).keys()].filter((name) => name !== "index");
      expect(names).toHaveLength(1);
      return path.join(file, names[0] ?? "");
    };
    const damages: (() => Promise<void>)[] = [
      async () => {
        const chunk = await chunkOf();
        await writeFile(chunk, (await readFile(chunk)).subarray(0, 20));
      },
      async () => rm(await chunkOf()),
      async () => {
        const at = path.join(file, "index");
        await writeFile(at, (await readFile(at)).subarray(0, 40));
      },
      async () => writeFile(path.join(file, "index"), '{"version": "half a fi'),
    ];
    for (const damage of damages) {
      await plant(file, planted(cached.version));
      await damage();
      await untrusted();
    }

    // The check that it is used at all: the same version's entry is taken as written.
    await plant(file, planted(cached.version));
    await buildHtml(content, out, cache);
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
    await plant(file, { version: VERSION, bodies, files: [] });
    return { file, read: await readReadingCache(file) };
  }
  const VERSION = readingCacheVersion();
  /** Each file of a folder by name, with its inode: a file written again gets another. */
  const inodes = async (folder: string): Promise<Map<string, number>> =>
    new Map(
      await Promise.all(
        (await readdir(folder)).map(
          async (name) => [name, (await stat(path.join(folder, name))).ino] as const,
        ),
      ),
    );

  it("keep their files when they hold the same entries, and are made again when not", async () => {
    const { file, read } = await written(1000, "chunks");
    expect(read.bodies.size).toBe(1000);
    const chunks = read.chunks?.bodies ?? [];
    // Chunks end where the keys say: many of them, of many sizes, a file each beside the index.
    expect(chunks.length).toBeGreaterThan(5);
    expect(new Set(chunks.map((chunk) => chunk.entries.length)).size).toBeGreaterThan(2);
    const before = await inodes(file);
    expect([...before.keys()].sort()).toEqual(
      ["index", ...chunks.map((chunk) => chunk.name)].sort(),
    );
    const chunkOf = (key: string): number =>
      chunks.findIndex((chunk) => chunk.entries.some(([k]) => k === key));

    // One body edited (a new object in the place of report 470's), one left out (report 700's):
    // only their chunks are made again, and whole.
    const bodies = [...read.bodies];
    bodies[470] = ["key-470", { references: [], plainText: "report 470, edited" }];
    const left = bodies.splice(700, 1);
    const remade = new Set([chunkOf("key-470"), chunkOf(left[0]?.[0] ?? "")]);
    const parts = readingCacheParts({ version: VERSION, bodies, files: [] }, read.chunks);
    expect(parts.made.size).toBe(remade.size);
    const kept = chunks.filter((_, i) => !remade.has(i)).map((chunk) => chunk.name);
    expect([...parts.names].sort()).toEqual([...kept, ...parts.made.keys()].sort());

    // Put in the folder: the kept chunks' files are the very files they were, the remade ones'
    // old files are gone, and the cache reads back as the entries given.
    await putReadingCache(file, parts);
    const after = await inodes(file);
    expect([...after.keys()].sort()).toEqual(["index", ...parts.names].sort());
    for (const name of kept) expect(after.get(name)).toBe(before.get(name));
    const again = await readingCacheContents(file);
    expect(again?.bodies.map(([, body]) => body.plainText)).toEqual(
      bodies.map(([, body]) => body.plainText),
    );
  });

  it("give back every text as it was, whatever its characters", async () => {
    const texts = [
      "plain words",
      "",
      "Straße, œuvre, día — “quoted” ’",
      "🚧 a stoppage 🚧 and 日本語",
      "a lone \uD800 surrogate",
      "\uDC00 another, then a pair 😀",
      "x".repeat(70_000),
    ];
    const bodies: [string, ReadBody][] = texts.map((plainText, i) => [
      `key-${i}`,
      { references: [], plainText },
    ]);
    const files: [string, FileRead][] = texts.map((body, i) => [
      `reports/r${i}.md`,
      {
        stamp: `s${i}`,
        data: { title: `T${i}` },
        lines: [],
        body,
        bodyStartLine: 3,
        key: `key-${i}`,
      },
    ]);
    const file = path.join(work, "texts.read");
    await plant(file, { version: VERSION, bodies, files });
    const read = await readReadingCache(file);
    expect([...read.bodies.values()].map((body) => body.plainText)).toEqual(texts);
    expect([...read.files.values()].map((f) => f.body)).toEqual(texts);
    expect(read.files.get("reports/r2.md")?.data).toEqual({ title: "T2" });
  });

  it("are made again when an entry is equal but not the object read", async () => {
    const { file, read } = await written(10, "equal");
    const bodies = [...read.bodies].map(([key, body]) => [key, { ...body }] as [string, ReadBody]);
    const parts = readingCacheParts({ version: VERSION, bodies, files: [] }, read.chunks);
    expect(parts.made.size).toBe(read.chunks?.bodies.length);
    await putReadingCache(file, parts);
    expect((await readingCacheContents(file))?.bodies).toEqual(bodies);
  });

  it("hold the files and bodies in one order, whichever audiences a build read them for", async () => {
    const { content, out, cache } = await copyExample("order");
    await settle(content);
    await buildHtml(content, out, cache);
    const file = readingCacheFor(recordFileFor(cache, out));
    const keysOf = async (): Promise<{ files: string[]; bodies: string[]; ofFiles: string[] }> => {
      const held = await readingCacheContents(file);
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
    const { file, read } = await written(200, "damaged");
    expect(read.bodies.size).toBe(200);
    const chunk = path.join(file, read.chunks?.bodies[1]?.name ?? "");
    const bytes = await readFile(chunk);
    await writeFile(chunk, bytes.subarray(0, bytes.length - 100));
    expect((await readReadingCache(file)).bodies.size).toBe(0);
    const flipped = Buffer.from(bytes);
    flipped.fill(0xff, 40, bytes.length - 40);
    await writeFile(chunk, flipped);
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

  it("give the report, its views and its search page the texts' hashes as the last build kept them", async () => {
    const { content } = await copyExample("vouched");
    await settle(content);
    const first = memoAfter();
    await loadCircle(content, { today: TODAY, bodies: first });
    const heat = "reports/heat-stoppage.md";
    const read = first.filesNow?.get(heat) as FileRead;
    const body = first.now.get(read.key) as ReadBody;
    // Hashes planted where the last build kept them: taken as they are, not worked out again.
    const bodyWritten = `#t${"1".repeat(64)}`;
    const plainTextWritten = `#t${"2".repeat(64)}`;
    const kept: BodyMemo = {
      ...memoAfter({
        ...first,
        filesNow: new Map(first.filesNow).set(heat, { ...read, bodyWritten }),
      }),
      earlier: new Map(first.now).set(read.key, { ...body, plainTextWritten }),
    };
    const { circle } = await loadCircle(content, { today: TODAY, bodies: kept });
    const report = circle?.reports.find((r) => r.file === heat);
    if (!circle || !report) throw new Error("the report was not loaded");
    expect(canonicalJson(report)).toContain(bodyWritten);
    expect(canonicalJson(report)).toContain(plainTextWritten);
    const prepared = await prepareCircle(content, { today: TODAY, bodies: memoAfter(kept) });
    const site = siteFor({ ...(prepared.prepared as PreparedCircle), circle }, "circle");
    const view = site.reports.find((r) => r.file === heat);
    expect(canonicalJson(view)).toContain(bodyWritten);
    const page = site.searchDocs.find((d) => d.url === view?.url.slice(1));
    if (!page) throw new Error("no search page for the report");
    // Its search page's hash is the one made with the kept hash of its text, not its own.
    const told = { ...page };
    vouchTexts(told, [["text", page.text, plainTextWritten]]);
    expect(searchDocHash(page)).toBe(searchDocHash(told));
    expect(searchDocHash(page)).not.toBe(searchDocHash({ ...page }));
  });
});
