// Where a circle keeps its exchange key pair, and making, opening and checking it on disk: the
// secret key encrypted with a passphrase, beside the content folder and never inside it.
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { BUNDLE_KEY_FILE, entryType, SIGNATURE_FILE, SUMS_FILE } from "../bundle/files.ts";
import type { BundleSigner } from "../bundle/bundle.ts";
import {
  formatPublicKey,
  formatSecretKey,
  generateKeyPair,
  keyIdHex,
  MINISIGN_KDF,
  MinisignError,
  parsePublicKey,
  parseSecretKey,
  secretKeyIsEncrypted,
  signFile,
  verifyFile,
  type KdfLimits,
  type PublicKey,
} from "./minisign.ts";

export interface KeyFiles {
  secret: string;
  public: string;
}

/**
 * The key files: `--key FILE` and FILE's name ending in .pub instead of .key, or by default
 * .mimeo/exchange.key and .mimeo/exchange.pub beside the content folder (with the deny-list):
 * the content folder is what a circle copies around, and the key must not travel with it.
 */
export function keyFiles(contentDir: string, keyOption?: string): KeyFiles {
  const secret =
    keyOption ?? path.join(path.dirname(path.resolve(contentDir)), ".mimeo", "exchange.key");
  return { secret, public: `${secret.replace(/\.key$/, "")}.pub` };
}

/** Makes a new key pair; refuses to replace either file, since a lost key cannot be made again. */
export async function makeKeyFiles(
  files: KeyFiles,
  passphrase: string,
  kdf: KdfLimits = MINISIGN_KDF,
): Promise<PublicKey> {
  await refuseExistingKeys(files);
  const key = generateKeyPair();
  await mkdir(path.dirname(path.resolve(files.secret)), { recursive: true, mode: 0o700 });
  await mkdir(path.dirname(path.resolve(files.public)), { recursive: true, mode: 0o700 });
  await writeNew(files.secret, formatSecretKey(key, passphrase, kdf), 0o600);
  await writeNew(files.public, formatPublicKey(key), 0o644);
  return key;
}

export async function refuseExistingKeys(files: KeyFiles): Promise<void> {
  for (const file of [files.secret, files.public]) {
    if ((await entryType(file)) !== "missing") {
      throw new MinisignError(
        `${file} already exists; mimeo never replaces a key. To make a new one, move the old pair away first (docs/exchange.md, "Rotating the key").`,
      );
    }
  }
}

async function writeNew(file: string, text: string, mode: number): Promise<void> {
  const handle = await open(file, "wx", mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Opens the secret key to sign bundles with, checking it belongs with the public key beside it,
 * so a bundle never carries a public key its signature does not match.
 */
export async function openSigner(
  files: KeyFiles,
  passphrase: () => Promise<string>,
  trustedComment: string,
): Promise<BundleSigner & { keyId: string }> {
  const secretText = await readFile(files.secret, "utf8").catch(() => {
    throw new MinisignError(
      `there is no key at ${files.secret}: make one with mimeo keygen, or name it with --key FILE.`,
    );
  });
  const publicText = await readFile(files.public, "utf8").catch(() => {
    throw new MinisignError(`the public key ${files.public} is missing beside ${files.secret}.`);
  });
  const encrypted = secretKeyIsEncrypted(secretText, files.secret);
  const key = parseSecretKey(secretText, encrypted ? await passphrase() : undefined, files.secret);
  const pub = parsePublicKey(publicText, files.public);
  if (!Buffer.from(pub.publicKey).equals(Buffer.from(key.publicKey))) {
    throw new MinisignError(`${files.public} is not the public key of ${files.secret}.`);
  }
  return {
    keyId: keyIdHex(key.keyId),
    publicKey: formatPublicKey(key),
    sign: (sums) => signFile(key, sums, trustedComment, "signature from a mimeo bundle key"),
  };
}

export interface BundleSignature {
  keyId: string;
  key: PublicKey;
  trustedComment: string;
}

/**
 * Checks a bundle's SHA256SUMS.minisig against the public key the bundle carries; undefined
 * when the bundle is unsigned. This proves only that one key signed the list: whose key it is
 * comes from the circle in person, or from the key pinned at the first import.
 */
export async function checkBundleSignature(dir: string): Promise<BundleSignature | undefined> {
  const signatureFile = path.join(dir, SIGNATURE_FILE);
  const type = await entryType(signatureFile);
  if (type === "missing") return undefined;
  if (type !== "file") throw new MinisignError(`${SIGNATURE_FILE} is not a plain file.`);
  if ((await entryType(path.join(dir, BUNDLE_KEY_FILE))) !== "file") {
    throw new MinisignError(
      `the bundle is signed but carries no ${BUNDLE_KEY_FILE} to check the signature with.`,
    );
  }
  const key = parsePublicKey(
    await readFile(path.join(dir, BUNDLE_KEY_FILE), "utf8"),
    BUNDLE_KEY_FILE,
  );
  const info = verifyFile(
    key,
    await readFile(path.join(dir, SUMS_FILE)),
    await readFile(signatureFile, "utf8"),
    SIGNATURE_FILE,
  );
  return { keyId: keyIdHex(info.keyId), key, trustedComment: info.trustedComment };
}
