// The example circle saved as Windows Notepad saves files (CRLF, a byte-order mark, spaces after
// `---`, no last newline) builds into exactly the same site as the plain files.
import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { treeHashes } from "../tree.ts";
import { saveAsWindows } from "../windows.ts";

const root = path.join(import.meta.dirname, "..", "..");
const bin = path.join(root, "bin", "mimeo.js");
const run = promisify(execFile);
let work: string | undefined;

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("Windows-saved content", () => {
  it("builds the same site, byte for byte, for both audiences", async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "mimeo-windows-"));
    const folder = work;
    await cp(path.join(root, "content"), path.join(folder, "plain"), { recursive: true });
    await cp(path.join(root, "content"), path.join(folder, "windows"), { recursive: true });
    await saveAsWindows(path.join(folder, "windows"));
    // Run from the folder, as a person would, without SOURCE_DATE_EPOCH.
    const env = { ...process.env };
    delete env.SOURCE_DATE_EPOCH;
    const build = (name: string) =>
      run(process.execPath, [bin, "build", "--content", name, "--out", `out-${name}`, "--no-pdf"], {
        cwd: folder,
        env,
      });
    await Promise.all([build("plain"), build("windows")]);
    const plain = await treeHashes(path.join(folder, "out-plain"));
    expect(Object.keys(plain).length).toBeGreaterThan(40);
    expect(await treeHashes(path.join(folder, "out-windows"))).toEqual(plain);
  }, 180_000);
});
