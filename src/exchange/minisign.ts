// minisign's key and signature files (https://jedisct1.github.io/minisign/), so a circle's
// signed bundle is checked by the standard `minisign -V` with no mimeo. Written here because no
// maintained npm package writes minisign's encrypted secret keys; the cryptography itself is
// Node's (Ed25519, scrypt, BLAKE2b-512) and @noble/hashes' BLAKE2b-256 for the key checksum.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign as edSign,
  verify as edVerify,
  timingSafeEqual,
} from "node:crypto";
import { blake2b } from "@noble/hashes/blake2.js";

/** A problem with a key, a passphrase or a signature, in words a person can act on. */
export class MinisignError extends Error {
  override name = "MinisignError";
}

export interface PublicKey {
  /** Eight random bytes naming the key pair; shown as minisign shows it (see keyIdHex). */
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export interface KeyPair extends PublicKey {
  /** libsodium's layout: the 32-byte seed, then the 32-byte public key. */
  secretKey: Uint8Array;
}

/** scrypt's cost as libsodium counts it; minisign stores both numbers in the key file. */
export interface KdfLimits {
  opsLimit: number;
  memLimit: number;
}

/** What minisign itself uses (libsodium's "sensitive" limits): scrypt with N=2^20, r=8, p=1. */
export const MINISIGN_KDF: KdfLimits = { opsLimit: 2 ** 25, memLimit: 2 ** 30 };

const SIG_ALG = "Ed";
const PREHASHED_ALG = "ED";
const KDF_SCRYPT = "Sc";
const KDF_NONE = "\0\0";
const CHK_ALG = "B2";
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");
const KEYNUM_SK_BYTES = 8 + 64 + 32;

/**
 * A key id as minisign prints it: the eight bytes read as a little-endian number, in hex
 * capitals without leading zeros, so it can be compared with minisign's own output.
 */
export function keyIdHex(keyId: Uint8Array): string {
  return Buffer.from(keyId).readBigUInt64LE(0).toString(16).toUpperCase();
}

export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  const pk = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return {
    keyId: new Uint8Array(randomBytes(8)),
    publicKey: new Uint8Array(pk),
    secretKey: new Uint8Array(Buffer.concat([seed, pk])),
  };
}

export function formatPublicKey(key: PublicKey): string {
  const body = Buffer.concat([Buffer.from(SIG_ALG), key.keyId, key.publicKey]);
  return `untrusted comment: minisign public key ${keyIdHex(key.keyId)}\n${body.toString("base64")}\n`;
}

/** Reads a public key file (or the bare base64 line minisign's -P takes). */
export function parsePublicKey(text: string, where: string): PublicKey {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const line = lines.find((l) => !l.startsWith("untrusted comment:"))?.trim() ?? "";
  const bytes = decodeBase64(line);
  if (bytes?.length !== 42 || bytes.subarray(0, 2).toString("latin1") !== SIG_ALG) {
    throw new MinisignError(`${where} is not a minisign public key.`);
  }
  return {
    keyId: new Uint8Array(bytes.subarray(2, 10)),
    publicKey: new Uint8Array(bytes.subarray(10)),
  };
}

/**
 * The secret key file, encrypted as minisign does: scrypt of the passphrase gives a stream
 * XORed over key id, secret key and checksum. No passphrase writes minisign's unencrypted form
 * (`minisign -G -W`), which mimeo uses only in tests.
 */
export function formatSecretKey(
  key: KeyPair,
  passphrase: string | undefined,
  kdf: KdfLimits = MINISIGN_KDF,
  salt: Uint8Array = randomBytes(32),
): string {
  const chk = checksum(key);
  const keynumSk = Buffer.concat([key.keyId, key.secretKey, chk]);
  const stream = passphrase === undefined ? undefined : kdfStream(passphrase, salt, kdf);
  const body = Buffer.concat([
    Buffer.from(SIG_ALG),
    Buffer.from(stream ? KDF_SCRYPT : KDF_NONE, "latin1"),
    Buffer.from(CHK_ALG),
    salt,
    le64(kdf.opsLimit),
    le64(kdf.memLimit),
    stream ? xor(keynumSk, stream) : keynumSk,
  ]);
  const comment = stream ? "minisign encrypted secret key" : "minisign secret key";
  return `untrusted comment: ${comment}\n${body.toString("base64")}\n`;
}

/** Whether a secret key file needs a passphrase to open. */
export function secretKeyIsEncrypted(text: string, where: string): boolean {
  return secretKeyBytes(text, where).subarray(2, 4).toString("latin1") === KDF_SCRYPT;
}

/** Opens a secret key file; a wrong passphrase is told apart from a damaged file by its checksum. */
export function parseSecretKey(
  text: string,
  passphrase: string | undefined,
  where: string,
): KeyPair {
  const bytes = secretKeyBytes(text, where);
  const kdfAlg = bytes.subarray(2, 4).toString("latin1");
  let keynumSk = bytes.subarray(54);
  if (kdfAlg === KDF_SCRYPT) {
    if (passphrase === undefined) throw new MinisignError(`${where} needs its passphrase.`);
    const salt = bytes.subarray(6, 38);
    const kdf = { opsLimit: readLe64(bytes, 38), memLimit: readLe64(bytes, 46) };
    keynumSk = xor(keynumSk, kdfStream(passphrase, salt, kdf));
  } else if (kdfAlg !== KDF_NONE) {
    throw new MinisignError(`${where} is encrypted in a way mimeo does not know.`);
  }
  const key: KeyPair = {
    keyId: new Uint8Array(keynumSk.subarray(0, 8)),
    secretKey: new Uint8Array(keynumSk.subarray(8, 72)),
    publicKey: new Uint8Array(keynumSk.subarray(40, 72)),
  };
  const stored = keynumSk.subarray(72, 104);
  // `minisign -G -W` leaves the checksum of an unencrypted key as zeros.
  const unchecked = kdfAlg === KDF_NONE && stored.every((byte) => byte === 0);
  if (!unchecked && !timingSafeEqual(checksum(key), stored)) {
    throw new MinisignError(
      kdfAlg === KDF_SCRYPT
        ? `wrong passphrase for ${where}.`
        : `${where} is damaged: its checksum does not match.`,
    );
  }
  return key;
}

/**
 * A prehashed signature file (`minisign -S` since 0.8 writes the same): the Ed25519 signature
 * of the file's BLAKE2b-512, then a global signature binding the trusted comment to it.
 */
export function signFile(
  key: KeyPair,
  message: Uint8Array | string,
  trustedComment: string,
  untrustedComment = "signature from minisign secret key",
): string {
  if (/[\r\n]/.test(trustedComment) || /[\r\n]/.test(untrustedComment)) {
    throw new MinisignError("a signature comment must be one line.");
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, key.secretKey.subarray(0, 32)]),
    format: "der",
    type: "pkcs8",
  });
  const digest = createHash("blake2b512").update(message).digest();
  const signature = edSign(null, digest, privateKey);
  const global = edSign(null, Buffer.concat([signature, Buffer.from(trustedComment)]), privateKey);
  const body = Buffer.concat([Buffer.from(PREHASHED_ALG), key.keyId, signature]);
  return [
    `untrusted comment: ${untrustedComment}`,
    body.toString("base64"),
    `trusted comment: ${trustedComment}`,
    global.toString("base64"),
    "",
  ].join("\n");
}

export interface SignatureInfo {
  keyId: Uint8Array;
  trustedComment: string;
}

/** The key id a signature file claims, before any key is known (to name it in messages). */
export function signatureKeyId(text: string, where: string): Uint8Array {
  return parseSignature(text, where).keyId;
}

/** Checks a signature file against a key; throws a MinisignError saying what does not match. */
export function verifyFile(
  key: PublicKey,
  message: Uint8Array | string,
  signatureText: string,
  where: string,
): SignatureInfo {
  const sig = parseSignature(signatureText, where);
  if (!Buffer.from(sig.keyId).equals(Buffer.from(key.keyId))) {
    throw new MinisignError(
      `${where} was made with key ${keyIdHex(sig.keyId)}, not with key ${keyIdHex(key.keyId)}.`,
    );
  }
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, key.publicKey]),
    format: "der",
    type: "spki",
  });
  const signed =
    sig.alg === PREHASHED_ALG
      ? createHash("blake2b512").update(message).digest()
      : Buffer.from(message);
  if (!edVerify(null, signed, publicKey, sig.signature)) {
    throw new MinisignError(`${where} does not match the file it signs: it was changed.`);
  }
  const comment = Buffer.concat([sig.signature, Buffer.from(sig.trustedComment)]);
  if (!edVerify(null, comment, publicKey, sig.global)) {
    throw new MinisignError(`the trusted comment in ${where} was changed.`);
  }
  return { keyId: sig.keyId, trustedComment: sig.trustedComment };
}

function parseSignature(text: string, where: string) {
  const lines = text.split(/\r?\n/);
  const bad = new MinisignError(`${where} is not a minisign signature.`);
  const body = decodeBase64(lines[1]?.trim() ?? "");
  const comment = /^trusted comment: (.*)$/.exec(lines[2] ?? "");
  const global = decodeBase64(lines[3]?.trim() ?? "");
  if (
    !lines[0]?.startsWith("untrusted comment:") ||
    body?.length !== 74 ||
    !comment ||
    global?.length !== 64
  ) {
    throw bad;
  }
  const alg = body.subarray(0, 2).toString("latin1");
  if (alg !== SIG_ALG && alg !== PREHASHED_ALG) throw bad;
  return {
    alg,
    keyId: new Uint8Array(body.subarray(2, 10)),
    signature: body.subarray(10),
    trustedComment: comment[1] ?? "",
    global,
  };
}

function secretKeyBytes(text: string, where: string): Buffer {
  const line = text
    .split(/\r?\n/)
    .find((l) => l.trim() !== "" && !l.startsWith("untrusted comment:"));
  const bytes = decodeBase64(line?.trim() ?? "");
  if (
    bytes?.length !== 54 + KEYNUM_SK_BYTES ||
    bytes.subarray(0, 2).toString("latin1") !== SIG_ALG ||
    bytes.subarray(4, 6).toString("latin1") !== CHK_ALG
  ) {
    throw new MinisignError(`${where} is not a minisign secret key.`);
  }
  return bytes;
}

/** BLAKE2b-256 of "Ed", key id and secret key: how minisign tells a wrong passphrase. */
function checksum(key: KeyPair): Buffer {
  const input = Buffer.concat([Buffer.from(SIG_ALG), key.keyId, key.secretKey]);
  return Buffer.from(blake2b(input, { dkLen: 32 }));
}

/** libsodium's scrypt: its opslimit and memlimit turned into N, r and p as pickparams does. */
function kdfStream(passphrase: string, salt: Uint8Array, kdf: KdfLimits): Buffer {
  const opsLimit = Math.max(kdf.opsLimit, 32768);
  const r = 8;
  let nLog2 = 1;
  let p = 1;
  if (opsLimit < kdf.memLimit / 32) {
    const maxN = opsLimit / (r * 4);
    while (nLog2 < 63 && 2 ** nLog2 <= maxN / 2) nLog2++;
  } else {
    const maxN = kdf.memLimit / (r * 128);
    while (nLog2 < 63 && 2 ** nLog2 <= maxN / 2) nLog2++;
    const maxRp = Math.min(Math.floor(opsLimit / 4 / 2 ** nLog2), 0x3fffffff);
    p = Math.max(1, Math.floor(maxRp / r));
  }
  if (nLog2 > 24 || p > 16) {
    throw new MinisignError("this secret key asks for more scrypt work than mimeo will do.");
  }
  const N = 2 ** nLog2;
  return scryptSync(Buffer.from(passphrase, "utf8"), salt, KEYNUM_SK_BYTES, {
    N,
    r,
    p,
    maxmem: 128 * N * r * p + 32 * 1024 * 1024,
  });
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));
}

function le64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(value));
  return bytes;
}

function readLe64(bytes: Buffer, offset: number): number {
  return Number(bytes.readBigUInt64LE(offset));
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, "base64");
}
