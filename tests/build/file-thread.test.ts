// The file thread links the kept pages into a new output and removes a replaced one, the same
// way as the main thread would: hard links where the file system has them, copies otherwise.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { linkOrCopy, removeFolder } from "../../src/build/file-chores.ts";
import {
  endFileThread,
  fileThreadWorks,
  linkFiles,
  removeFolderOnThread,
} from "../../src/build/file-thread.ts";

let work: string;

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "mimeo-file-thread-"));
});

afterEach(() => {
  endFileThread();
  rmSync(work, { recursive: true, force: true });
});

/** A small output: pages at the top, in a folder, and in a folder inside that. */
function output(dir: string): string[] {
  const pages = ["index.html", "reports/one.html", "reports/two.html", "print/reports/one.pdf"];
  for (const page of pages) {
    const file = path.join(dir, page);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `the page ${page}`);
  }
  return pages;
}

describe("the file thread", () => {
  it("links each kept page into the new output, as the same file", async () => {
    const old = path.join(work, "old");
    const pages = output(old);
    const links = pages.map((page) => {
      const to = path.join(work, "new", page);
      mkdirSync(path.dirname(to), { recursive: true });
      return [path.join(old, page), to] as const;
    });
    await linkFiles(links);
    for (const [from, to] of links) {
      expect(readFileSync(to, "utf8")).toBe(readFileSync(from, "utf8"));
      expect(statSync(to).ino).toBe(statSync(from).ino);
    }
    // Linked there, not by the fallback on this thread; none copied.
    expect(fileThreadWorks()).toBe(true);
    expect(await linkFiles([])).toEqual(new Set());
  });

  it("says which files it copied where it could not link them (another file system)", async () => {
    // /dev/shm is a file system of its own on Linux: a hard link cannot cross into it.
    const shm = "/dev/shm";
    if (!existsSync(shm) || statSync(shm).dev === statSync(work).dev) return;
    const elsewhere = mkdtempSync(path.join(shm, "mimeo-file-thread-"));
    try {
      const old = path.join(work, "old");
      const pages = output(old);
      const links = pages.map((page, i) => {
        const to = path.join(i % 2 === 0 ? elsewhere : work, "new", page);
        mkdirSync(path.dirname(to), { recursive: true });
        return [path.join(old, page), to] as const;
      });
      const copied = await linkFiles(links);
      expect([...copied].sort()).toEqual(
        links
          .filter((_, i) => i % 2 === 0)
          .map(([, to]) => to)
          .sort(),
      );
      for (const [from, to] of links)
        expect(readFileSync(to, "utf8")).toBe(readFileSync(from, "utf8"));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("removes a replaced output, folders and all, and only it", async () => {
    const old = path.join(work, "circle.old");
    output(old);
    output(path.join(work, "circle"));
    await removeFolderOnThread(old);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(path.join(work, "circle", "print", "reports", "one.pdf"))).toBe(true);
    expect(fileThreadWorks()).toBe(true);
  });

  it("fails as the main thread fails, with the file named", async () => {
    const missing = path.join(work, "gone", "page.html");
    await expect(linkFiles([[missing, path.join(work, "page.html")]])).rejects.toThrow(
      /page\.html/,
    );
  });
});

describe("the file chores", () => {
  it("copy a page where no link can be made", () => {
    const from = path.join(work, "page.html");
    writeFileSync(from, "kept");
    // A link cannot be made over a file that is there; a copy can.
    const to = path.join(work, "there.html");
    writeFileSync(to, "old");
    linkOrCopy(from, to);
    expect(readFileSync(to, "utf8")).toBe("kept");
  });

  it("remove a folder however deep, and a folder that is not there is no failure", () => {
    output(path.join(work, "out"));
    removeFolder(path.join(work, "out"));
    expect(existsSync(path.join(work, "out"))).toBe(false);
    expect(() => removeFolder(path.join(work, "out"))).not.toThrow();
  });
});
