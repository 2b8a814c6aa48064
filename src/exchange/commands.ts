// `mimeo keygen` and the signing half of `mimeo bundle --sign`, with the parsing and error
// handling `mimeo import` shares: command lines and messages; the work is in the modules.
import { helpFor } from "../help.ts";
import { readOptions, type Options } from "../options.ts";
import { SealError } from "../seal/age.ts";
import { readPassphrase, SHORT_PASSPHRASE } from "../seal/passphrase.ts";
import type { BundleSigner } from "../bundle/bundle.ts";
import { keyFiles, makeKeyFiles, openSigner, refuseExistingKeys } from "./keys.ts";
import { keyIdHex, MinisignError } from "./minisign.ts";
import { ExchangeError } from "./errors.ts";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A mistake on the command line: exit code 2. */
export class ExchangeUsageError extends Error {
  override name = "ExchangeUsageError";
}

export function parse<O extends Options>(args: string[], options: O) {
  return readOptions(args, options, (message) => new ExchangeUsageError(message));
}

/** Runs a command, turning its errors into one line and an exit code. */
export async function guarded(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (
      error instanceof MinisignError ||
      error instanceof SealError ||
      error instanceof ExchangeError
    ) {
      io.err(`mimeo: ${error.message}`);
      return 1;
    }
    if (error instanceof ExchangeUsageError) {
      io.err(`mimeo: ${error.message}`);
      io.err("Run `mimeo help` for usage.");
      return 2;
    }
    throw error;
  }
}

export async function keygenCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, {
      content: { type: "string", default: "content" },
      key: { type: "string" },
      "passphrase-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) return (io.out(helpFor("keygen")), 0);
    if (positionals.length > 0) {
      throw new ExchangeUsageError(
        `unexpected argument "${positionals[0]}"; name the key file with --key FILE.`,
      );
    }
    const files = keyFiles(values.content, values.key);
    await refuseExistingKeys(files);
    const passphrase = await readPassphrase({ file: values["passphrase-file"], confirm: true });
    if ([...passphrase].length < SHORT_PASSPHRASE) {
      io.err(
        `mimeo: this passphrase is short (under ${SHORT_PASSPHRASE} characters): whoever takes the key file can try guesses offline. mimeo seal --new-passphrase prints a strong one.`,
      );
    }
    const key = await makeKeyFiles(files, passphrase);
    io.out(
      `secret key: ${files.secret} (encrypted with your passphrase; keep it off shared sticks)`,
    );
    io.out(`public key: ${files.public}`);
    io.out(`key id: ${keyIdHex(key.keyId)}`);
    io.out(
      "Tell the circles you exchange with this key id in person; they compare it when they first import your bundle.",
    );
    return 0;
  });
}

/**
 * The signer for `mimeo bundle --sign`, opened before anything is written so a wrong
 * passphrase leaves the stick as it was.
 */
export async function bundleSigner(options: {
  content: string;
  key?: string | undefined;
  passphraseFile?: string | undefined;
  exchangeName: string | undefined;
  month: string;
}): Promise<BundleSigner & { keyId: string }> {
  if (options.exchangeName === undefined) {
    throw new ExchangeError(
      'a signed bundle names the circle by its exchange name: add `exchange-name: "a warehouse circle, north side"` (your own words, naming no workplace or person) to circle.yaml.',
    );
  }
  const files = keyFiles(options.content, options.key);
  return openSigner(
    files,
    () => readPassphrase({ file: options.passphraseFile, confirm: false }),
    `mimeo public bundle from ${JSON.stringify(options.exchangeName)}, made ${options.month}`,
  );
}

/** bundleSigner for the CLI: its errors printed as one line, and null for exit code 1. */
export async function bundleSignerOrExit(
  io: Io,
  options: Parameters<typeof bundleSigner>[0],
): Promise<(BundleSigner & { keyId: string }) | null> {
  let signer: (BundleSigner & { keyId: string }) | null = null;
  const code = await guarded(io, async () => {
    signer = await bundleSigner(options);
    return 0;
  });
  return code === 0 ? signer : null;
}
