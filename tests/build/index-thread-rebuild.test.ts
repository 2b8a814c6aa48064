// A rebuild makes a changed search index on the index thread, begun as soon as its fingerprint
// says it changed and ended when it is made, with the same bytes as a clean build; a first
// build makes it on the main thread (the thread's heap on top of every page's was over 1 GiB at
// 10,000 reports). Its own file: the thread is one per process, and another test's rebuild
// would have started it. A rebuild starts it while it reads the content, and ends it unused when
// no index changed.
import { afterAll, beforeAll, expect, it } from "vitest";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { indexThreadsEnded, indexThreadWorks } from "../../src/search/index-thread.ts";
import { buildHtml } from "./html-build.ts";
import { treeHashes } from "../tree.ts";
import { EXAMPLE } from "../site/circle-only-matter.ts";

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-index-thread-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

it("a rebuild makes the changed search index on its thread, a first build does not", async () => {
  const content = path.join(work, "content");
  const out = path.join(work, "out");
  await cp(EXAMPLE, content, { recursive: true });
  await buildHtml(content, out, path.join(work, "cache"));
  expect(indexThreadWorks()).toBe(false);
  expect(indexThreadsEnded()).toBe(0);

  const report = path.join(content, "reports", "fund-rumour.md");
  await writeFile(
    report,
    `${await readFile(report, "utf8")}\nA word only the circle reads: quorum.\n`,
  );
  const again = await buildHtml(content, out, path.join(work, "cache"));
  expect(again.incremental).toBe(true);
  // Made there, and the thread ended with it: its heap is not kept beside a large render.
  expect(indexThreadsEnded()).toBe(1);
  expect(indexThreadWorks()).toBe(false);
  expect(await readFile(path.join(out, "circle", "search-index.js"), "utf8")).toContain("quorum");

  // A title is front matter, not a body: the index is begun when its fingerprint says so.
  const retitled = (await readFile(report, "utf8")).replace(/^title: .*$/m, "title: Quorum call");
  await writeFile(report, retitled);
  await buildHtml(content, out, path.join(work, "cache"));
  expect(indexThreadsEnded()).toBe(2);
  expect(await readFile(path.join(out, "circle", "search-index.js"), "utf8")).toContain(
    "Quorum call",
  );

  // Nothing changed: the thread, started while the content is read, is ended unused.
  await buildHtml(content, out, path.join(work, "cache"));
  expect(indexThreadsEnded()).toBe(3);
  expect(indexThreadWorks()).toBe(false);

  // A rebuild refused for its content ends the thread it started, too.
  await writeFile(report, retitled.replace(/^outcome: .*$/m, "outcome: somewhat"));
  await expect(buildHtml(content, out, path.join(work, "cache"))).rejects.toThrow();
  expect(indexThreadsEnded()).toBe(4);
  expect(indexThreadWorks()).toBe(false);
  await writeFile(report, retitled);

  const clean = path.join(work, "clean");
  await buildHtml(content, clean, path.join(work, "clean-cache"));
  expect(await treeHashes(out)).toEqual(await treeHashes(clean));
});
