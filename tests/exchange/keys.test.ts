// The circle's key files on disk: made once and never replaced, opened with the passphrase
// (a wrong one writes nothing), and read by the minisign binary.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { keyFiles, makeKeyFiles, openSigner } from "../../src/exchange/keys.ts";
import { keyIdHex } from "../../src/exchange/minisign.ts";
import { readPins } from "../../src/exchange/import.ts";

const run = promisify(execFile);
const LIGHT = { opsLimit: 2 ** 20, memLimit: 2 ** 24 };
const root = path.join(import.meta.dirname, "..", "..");

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-keys-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("key files", () => {
  it("live beside the content folder, the secret one readable by its owner only", async () => {
    const files = keyFiles(path.join(work, "content"));
    expect(files.secret).toBe(path.join(work, ".mimeo", "exchange.key"));
    expect(files.public).toBe(path.join(work, ".mimeo", "exchange.pub"));
    expect(keyFiles("content", "/keys/ours.key").public).toBe("/keys/ours.pub");
    await makeKeyFiles(files, "a long passphrase", LIGHT);
    expect((await stat(files.secret)).mode & 0o777).toBe(0o600);
  });

  it("sign what minisign verifies, open only with the passphrase, and are never replaced", async () => {
    const files = keyFiles(path.join(work, "content"));
    const key = await makeKeyFiles(files, "a long passphrase", LIGHT);
    const secret = await readFile(files.secret, "utf8");
    await expect(makeKeyFiles(files, "another", LIGHT)).rejects.toThrow("never replaces a key");
    expect(await readFile(files.secret, "utf8")).toBe(secret);

    await expect(openSigner(files, async () => "wrong", "c")).rejects.toThrow("wrong passphrase");
    const signer = await openSigner(files, async () => "a long passphrase", "a comment");
    expect(signer.keyId).toBe(keyIdHex(key.keyId));
    await writeFile(path.join(work, "SHA256SUMS"), "sums\n");
    await writeFile(path.join(work, "SHA256SUMS.minisig"), signer.sign("sums\n"));
    await writeFile(path.join(work, "minisign.pub"), signer.publicKey);
    const { stdout } = await run("minisign", ["-Vm", "SHA256SUMS", "-p", "minisign.pub"], {
      cwd: work,
    });
    expect(stdout).toContain("Trusted comment: a comment");
  });

  it("mimeo keygen refuses to replace a key before asking for any passphrase", async () => {
    const files = keyFiles(path.join(work, "content"));
    await makeKeyFiles(files, "a long passphrase", LIGHT);
    let result: { code: number; stderr: string };
    try {
      await run(process.execPath, [path.join(root, "bin", "mimeo.js"), "keygen"], { cwd: work });
      result = { code: 0, stderr: "" };
    } catch (error) {
      result = error as { code: number; stderr: string };
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("already exists; mimeo never replaces a key");
  }, 30_000);
});

describe("circles.yaml", () => {
  it("reads `circles:` with nothing under it as no pins, and a broken list as a refusal", async () => {
    await writeFile(path.join(work, "circles.yaml"), "# the last circle was removed\ncircles:\n");
    expect(await readPins(work)).toEqual([]);
    await writeFile(path.join(work, "circles.yaml"), "circles: [{ name: 3 }]\n");
    await expect(readPins(work)).rejects.toThrow(/circles.yaml cannot be read/);
  });
});
