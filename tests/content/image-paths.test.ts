// An image that is not a file in the content folder, or one too large to read, is a problem
// that says what to write instead, at the line that shows it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { loadCircle } from "../../src/content/load.ts";
import { formatProblem } from "../../src/content/problem.ts";
import { imageProblems } from "../../src/site/images.ts";

const EXAMPLE = path.join(import.meta.dirname, "..", "..", "content");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-image-paths-"));
  await cp(EXAMPLE, dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A PNG whose header claims width × height pixels: what mimeo reads before decoding any. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // 8 bits, greyscale
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(16))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("images", () => {
  it("says to copy a picture from this computer into media/ and use a relative path", async () => {
    const report = "reports/heat-stoppage.md";
    const lines = [
      "![dock](file:///home/ana/Pictures/dock.jpg)",
      "![dock](/home/ana/Pictures/dock.jpg)",
      "![dock](C:\\Users\\ana\\dock.jpg)",
    ];
    await appendFile(path.join(dir, report), `\n${lines.join("\n\n")}\n`);
    const { problems } = await loadCircle(dir, { today: "2026-11-21" });
    const said = problems.map(formatProblem);
    expect(said).toEqual([
      expect.stringMatching(
        /^reports\/heat-stoppage\.md:55: this image is a file on one computer \(file:\), which no one else can open: copy the image into the content folder's media\/ and write its path relative to this document, like \.\.\/media\/dock\.jpg\./,
      ),
      expect.stringMatching(
        /^reports\/heat-stoppage\.md:57: this image is a path on this computer, outside the content folder: .* like \.\.\/media\/dock\.jpg\./,
      ),
      expect.stringMatching(
        /^reports\/heat-stoppage\.md:59: this image is a path on this computer, outside the content folder: .* like \.\.\/media\/dock\.jpg\./,
      ),
    ]);
  });

  it("says a link to a file on this computer is one, where it would print the path", async () => {
    const own = await mkdtemp(path.join(os.tmpdir(), "mimeo-file-link-"));
    try {
      await cp(EXAMPLE, own, { recursive: true });
      const report = path.join(own, "reports", "monday-sick-out.md");
      const text = await readFile(report, "utf8");
      await writeFile(report, `${text}\nSee [our notes](file:///home/ana/notes.md) and [the plan](https://example.org/).\n`);
      const line = `${text}\n`.split("\n").length;
      const { problems } = await loadCircle(own, { today: "2026-11-21" });
      expect(problems.map(formatProblem)).toEqual([
        expect.stringMatching(
          new RegExp(`^reports/monday-sick-out\\.md:${line}: this link is a file on one computer \\(file:\\)`),
        ),
      ]);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it("says how large a picture over 200 megapixels is, rounded up", async () => {
    const use = { alt: "", file: "reports/heat-stoppage.md", line: 9 };
    await writeFile(path.join(dir, "media", "edge.png"), pngClaiming(16_400, 12_250));
    await writeFile(path.join(dir, "media", "fits.png"), pngClaiming(16_320, 12_240));
    const problems = await imageProblems(dir, [
      { ...use, path: "media/edge.png" },
      { ...use, path: "media/fits.png" },
    ]);
    expect(problems[0]?.message).toBe(
      "the image media/edge.png cannot be used: it is larger than the 200 megapixels mimeo reads (16,400 × 12,250 pixels, 200.9 megapixels): save a smaller copy; 1600 pixels wide is plenty.",
    );
    // A 200-megapixel phone photo is not refused for its size (this one is only cut short).
    expect(problems[1]?.message).not.toMatch(/megapixels/);
  });
});
