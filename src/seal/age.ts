// Encryption in the age format (age-encryption.org/v1) through the age authors' own TypeScript
// implementation, so a sealed archive opens with the `age` command on any system. This module
// only chooses the key and turns the library's errors into sentences for a person.
import { Decrypter, Encrypter } from "age-encryption";

/** A problem sealing or opening an archive, for a person to act on: exit code 1. */
export class SealError extends Error {
  override name = "SealError";
}

/** How an archive is locked: one passphrase (scrypt), or the public keys of its recipients. */
export type SealKey =
  { kind: "passphrase"; passphrase: string } | { kind: "recipients"; recipients: string[] };

/** How an archive is opened: its passphrase, or secret keys (AGE-SECRET-KEY-1…). */
export type OpenKey =
  { kind: "passphrase"; passphrase: string } | { kind: "identities"; identities: string[] };

export const AGE_VERSION_LINE = "age-encryption.org/v1";

export function encrypt(
  plain: ReadableStream<Uint8Array>,
  key: SealKey,
): Promise<ReadableStream<Uint8Array>> {
  const encrypter = new Encrypter();
  if (key.kind === "passphrase") encrypter.setPassphrase(key.passphrase);
  else for (const recipient of key.recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(plain);
}

/**
 * The plaintext of a sealed file. A wrong passphrase or key, or a damaged start of the file,
 * fails here; a change or cut further on fails while the returned stream is read, and the
 * caller must treat anything read so far as untrusted.
 */
export async function decrypt(
  cipher: ReadableStream<Uint8Array>,
  key: OpenKey,
  shown: string,
): Promise<ReadableStream<Uint8Array>> {
  const decrypter = new Decrypter();
  if (key.kind === "passphrase") decrypter.addPassphrase(key.passphrase);
  else for (const identity of key.identities) decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(cipher);
  } catch (error) {
    const message = (error as Error).message;
    if (/no identity matched/.test(message)) {
      throw new SealError(
        key.kind === "passphrase"
          ? `the passphrase does not open ${shown}; nothing was written.`
          : `none of the keys given opens ${shown}; nothing was written.`,
      );
    }
    throw new SealError(
      `${shown} is damaged or is not a sealed archive (${message}); nothing was written.`,
    );
  }
}

/** The sentence for a failure while the plaintext is read: the file was changed or cut. */
export function damaged(shown: string): SealError {
  return new SealError(
    `${shown} is damaged: it was changed or cut short after it was sealed; nothing was written.`,
  );
}

/**
 * What the header of an age file says it needs, from its first bytes: a passphrase (one scrypt
 * stanza) or keys. Lets `mimeo unseal` ask for the right thing before trying.
 */
export function lockedWith(start: Uint8Array): "passphrase" | "keys" | "not-age" {
  const text = Buffer.from(start).toString("latin1");
  const lines = text.split("\n");
  if (lines[0] !== AGE_VERSION_LINE) return "not-age";
  return lines[1]?.startsWith("-> scrypt ") ? "passphrase" : "keys";
}

/**
 * Reads a key list in the age command's format: one entry a line, `#` comments and blank lines
 * skipped. `kind` says which prefix every entry must carry; a line without it is an error
 * naming the file and line.
 */
export function parseKeyList(text: string, file: string, kind: "recipient" | "identity"): string[] {
  const prefix = kind === "recipient" ? "age1" : "AGE-SECRET-KEY-";
  const keys: string[] = [];
  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      if (!line.startsWith(prefix)) {
        throw new SealError(
          `${file}:${index + 1}: not an age ${kind === "recipient" ? "public key (age1…)" : "secret key (AGE-SECRET-KEY-1…)"}; write one key a line, # for comments.`,
        );
      }
      keys.push(line);
    });
  if (keys.length === 0)
    throw new SealError(
      `${file} holds no ${kind === "recipient" ? "public keys" : "secret keys"}.`,
    );
  return keys;
}

/** Checks each public key before anything is built, naming the one the library refuses. */
export function checkRecipients(recipients: readonly string[]): void {
  for (const recipient of recipients) {
    try {
      new Encrypter().addRecipient(recipient);
    } catch {
      throw new SealError(
        `"${recipient}" is not an age public key: it should look like age1 followed by 58 letters and digits.`,
      );
    }
  }
}
