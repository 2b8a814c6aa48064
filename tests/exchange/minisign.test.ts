// minisign's formats against the real `minisign` binary: keys and signatures made by mimeo are
// read by minisign, and keys made by `minisign -G` sign in mimeo.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  formatPublicKey,
  formatSecretKey,
  generateKeyPair,
  keyIdHex,
  MinisignError,
  parsePublicKey,
  parseSecretKey,
  signFile,
  verifyFile,
} from "../../src/exchange/minisign.ts";

const run = promisify(execFile);
/** Cheap scrypt for tests; the key files record it, so minisign derives with the same cost. */
const LIGHT = { opsLimit: 2 ** 20, memLimit: 2 ** 24 };

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-minisign-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("minisign formats", () => {
  it("a mimeo key and signature verify with the minisign binary", async () => {
    const key = generateKeyPair();
    await writeFile(path.join(work, "key.pub"), formatPublicKey(key));
    await writeFile(path.join(work, "SHA256SUMS"), "abc  site/index.html\n");
    await writeFile(
      path.join(work, "SHA256SUMS.minisig"),
      signFile(key, "abc  site/index.html\n", "mimeo bundle: a circle, 2026-12"),
    );
    const { stdout } = await run("minisign", ["-Vm", "SHA256SUMS", "-p", "key.pub"], { cwd: work });
    expect(stdout).toContain("Trusted comment: mimeo bundle: a circle, 2026-12");
    const pubText = await readFile(path.join(work, "key.pub"), "utf8");
    expect(pubText.split("\n")[0]).toBe(
      `untrusted comment: minisign public key ${keyIdHex(key.keyId)}`,
    );

    await writeFile(path.join(work, "SHA256SUMS"), "abd  site/index.html\n");
    await expect(
      run("minisign", ["-Vm", "SHA256SUMS", "-p", "key.pub"], { cwd: work }),
    ).rejects.toThrow();
  });

  it("minisign opens a secret key mimeo encrypted with a passphrase, and signs with it", async () => {
    const key = generateKeyPair();
    await writeFile(path.join(work, "key.pub"), formatPublicKey(key));
    await writeFile(path.join(work, "key.sec"), formatSecretKey(key, "correct horse", LIGHT));
    await writeFile(path.join(work, "file"), "hello\n");
    const sign = (passphrase: string) =>
      new Promise<number | null>((resolve) => {
        const child = execFile("minisign", ["-S", "-s", "key.sec", "-m", "file"], { cwd: work });
        child.on("exit", resolve);
        child.stdin?.end(`${passphrase}\n`);
      });
    expect(await sign("wrong horse")).not.toBe(0);
    expect(await sign("correct horse")).toBe(0);
    const signature = await readFile(path.join(work, "file.minisig"), "utf8");
    expect(verifyFile(key, "hello\n", signature, "file.minisig").keyId).toEqual(key.keyId);
  });

  it("a key made by minisign -G signs in mimeo, and minisign verifies it", async () => {
    await run("minisign", ["-G", "-W", "-p", "m.pub", "-s", "m.key"], { cwd: work });
    const key = parseSecretKey(
      await readFile(path.join(work, "m.key"), "utf8"),
      undefined,
      "m.key",
    );
    const pub = parsePublicKey(await readFile(path.join(work, "m.pub"), "utf8"), "m.pub");
    expect(key.keyId).toEqual(pub.keyId);
    expect(key.publicKey).toEqual(pub.publicKey);
    await writeFile(path.join(work, "file"), "tactics\n");
    await writeFile(path.join(work, "file.minisig"), signFile(key, "tactics\n", "from mimeo"));
    await run("minisign", ["-Vm", "file", "-p", "m.pub"], { cwd: work });
    // And mimeo verifies minisign's own signature.
    await run("minisign", ["-S", "-s", "m.key", "-m", "file", "-x", "own.minisig"], { cwd: work });
    const own = await readFile(path.join(work, "own.minisig"), "utf8");
    expect(verifyFile(pub, "tactics\n", own, "own.minisig").trustedComment).toMatch(/file:file/);
  });

  it("names a key as minisign does: hex capitals of the little-endian id, no leading zeros", () => {
    const id = Uint8Array.from(Buffer.from("36eb21cfb3d2d90b", "hex"));
    expect(keyIdHex(id)).toBe("BD9D2B3CF21EB36");
  });

  it("a wrong passphrase, another key and a changed file are each told apart", () => {
    const key = generateKeyPair();
    const other = generateKeyPair();
    const sealed = formatSecretKey(key, "one", LIGHT);
    expect(() => parseSecretKey(sealed, "two", "key.sec")).toThrow("wrong passphrase for key.sec");
    expect(parseSecretKey(sealed, "one", "key.sec").secretKey).toEqual(key.secretKey);
    const signature = signFile(key, "sums", "comment");
    expect(() => verifyFile(other, "sums", signature, "S.minisig")).toThrow(
      `was made with key ${keyIdHex(key.keyId)}, not with key ${keyIdHex(other.keyId)}`,
    );
    expect(() => verifyFile(key, "sumz", signature, "S.minisig")).toThrow(MinisignError);
    const forged = signature.replace("trusted comment: comment", "trusted comment: commenT");
    expect(() => verifyFile(key, "sums", forged, "S.minisig")).toThrow("trusted comment");
  });
});
