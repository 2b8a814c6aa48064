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

/**
 * The binary age file inside an ASCII-armored one, decoded as it streams in: a file sealed with
 * `age -a` may be as large as any other. As strict as the age command: one begin line after
 * blank space, lines of 64 base64 characters and a shorter last one, the end line, and nothing
 * after it but blank space. A broken armor fails while the stream is read.
 */
export function dearmor(armored: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let pending = "";
  let phase: "begin" | "body" | "last" | "end" = "begin";
  let skipped = 0;
  const line = (raw: string, controller: TransformStreamDefaultController<Uint8Array>): void => {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (phase === "begin") {
      const start = text.trimStart();
      skipped += raw.length + 1;
      if (start === "") {
        if (skipped > ARMOR_LEADING_SPACE) throw new Error("no armor begin line");
        return;
      }
      if (start !== ARMOR_BEGIN) throw new Error("invalid armor begin line");
      phase = "body";
      return;
    }
    if (phase === "end") {
      if (text.trim() !== "") throw new Error("text after the armor end line");
      return;
    }
    if (text === ARMOR_END) {
      phase = "end";
      return;
    }
    if (phase === "last") throw new Error("a short armor line before the end");
    const valid =
      text.length > 0 &&
      text.length <= ARMOR_COLUMNS &&
      text.length % 4 === 0 &&
      BASE64_LINE.test(text);
    const bytes = Buffer.from(text, "base64");
    // Only the canonical spelling of the bytes: no stray padding or unused bits.
    if (!valid || bytes.toString("base64") !== text) throw new Error("invalid armor line");
    if (text.length < ARMOR_COLUMNS || text.endsWith("=")) phase = "last";
    controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  const decoder = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      pending += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        line(pending.slice(0, newline), controller);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
      if (pending.length > ARMOR_LEADING_SPACE + ARMOR_BEGIN.length + 2) {
        throw new Error("invalid armor line");
      }
    },
    flush(controller) {
      if (pending !== "") line(pending, controller);
      if (phase !== "end") throw new Error("the armor has no end line: the file was cut short");
    },
  });
  return armored.pipeThrough(decoder);
}

/** The sentence for a failure while the plaintext is read: the file was changed or cut. */
export function damaged(shown: string): SealError {
  return new SealError(
    `${shown} is damaged: it was changed or cut short after it was sealed; nothing was written.`,
  );
}

/** The first line of an age file in ASCII armor (`age -a`), after any blank space. */
export const ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
const ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
/** Blank space allowed before the armor begins, as the age command allows. */
const ARMOR_LEADING_SPACE = 1024;
/** Columns of each armor line but the last. */
const ARMOR_COLUMNS = 64;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether the first bytes of a file are an age file in ASCII armor rather than binary. */
export function isArmored(start: Uint8Array): boolean {
  return Buffer.from(start).toString("latin1").trimStart().startsWith(ARMOR_BEGIN);
}

/**
 * What the header of an age file says it needs, from its first bytes: a passphrase (one scrypt
 * stanza) or keys. Lets `mimeo unseal` ask for the right thing before trying. The header of an
 * armored file is read from the whole lines of its start.
 */
export function lockedWith(start: Uint8Array): "passphrase" | "keys" | "not-age" {
  let text = Buffer.from(start).toString("latin1");
  if (isArmored(start)) {
    // The whole lines after the begin line; the last one read may be cut.
    const lines = text.trimStart().split("\n").slice(1, -1);
    let base64 = "";
    for (const line of lines.map((raw) => raw.replace(/\r$/, ""))) {
      if (line.length !== ARMOR_COLUMNS || !BASE64_LINE.test(line)) break;
      base64 += line;
    }
    text = Buffer.from(base64, "base64").toString("latin1");
  }
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
