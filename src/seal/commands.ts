// `mimeo seal` and `mimeo unseal`: reads the command line and the keys, builds the circle site
// into a scratch folder when no build is given, and hands the rest to seal.ts.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { rmSync } from "node:fs";
import path from "node:path";
import { readOptions, type Options } from "../options.ts";
import { entryType } from "../bundle/files.ts";
import type { Language } from "../content/model.ts";
import { printCacheBesideContent, sealScratchPrefix } from "../wipe/places.ts";
import { checkRecipients, parseKeyList, SealError, type OpenKey, type SealKey } from "./age.ts";
import {
  archiveEpoch,
  CONTENT_FOLDER,
  parseMonth,
  sealedFileName,
  SITE_FOLDER,
} from "./archive.ts";
import { newPassphrase, readPassphrase, SHORT_PASSPHRASE } from "./passphrase.ts";
import { seal, sealedWith, unseal, type SealSource } from "./seal.ts";
import { SEAL_KEY_OPTIONS } from "./usage.ts";
import { helpFor } from "../help.ts";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A mistake on the command line: exit code 2. */
export class SealUsageError extends Error {
  override name = "SealUsageError";
}

function parse<O extends Options>(args: string[], options: O) {
  return readOptions(args, options, (message) => new SealUsageError(message));
}

/** Runs a command, turning its errors into one line and an exit code. */
async function guarded(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SealError) {
      io.err(`mimeo: ${error.message}`);
      return 1;
    }
    if (error instanceof SealUsageError) {
      io.err(`mimeo: ${error.message}`);
      io.err("Run `mimeo help` for usage.");
      return 2;
    }
    throw error;
  }
}

/**
 * The key to seal with: recipients' public keys when any are named, otherwise a passphrase
 * from a file or the terminal. Never a passphrase from an argument: others see those.
 */
export async function sealKeyFrom(
  values: { "passphrase-file"?: string; recipient?: string[]; "recipients-file"?: string[] },
  io: Io,
): Promise<SealKey> {
  const recipients = [...(values.recipient ?? [])];
  for (const file of values["recipients-file"] ?? []) {
    const text = await readFile(file, "utf8").catch(() => {
      throw new SealError(`cannot read the recipients file ${file}.`);
    });
    recipients.push(...parseKeyList(text, file, "recipient"));
  }
  if (recipients.length > 0) {
    if (values["passphrase-file"] !== undefined) {
      throw new SealUsageError(
        "seal with a passphrase or to recipients' keys, not both: age opens either, never a mix.",
      );
    }
    checkRecipients(recipients);
    return { kind: "recipients", recipients: [...new Set(recipients)] };
  }
  const passphrase = await readPassphrase({ file: values["passphrase-file"], confirm: true });
  if (passphrase.length < SHORT_PASSPHRASE) {
    io.err(
      `mimeo: warning: this passphrase is short enough to be guessed by a computer. mimeo seal --new-passphrase makes a strong one.`,
    );
  }
  return { kind: "passphrase", passphrase };
}

export function sealCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, {
      content: { type: "string", default: "content" },
      from: { type: "string" },
      "with-content": { type: "boolean" },
      "no-pdf": { type: "boolean" },
      month: { type: "string" },
      "new-passphrase": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...SEAL_KEY_OPTIONS,
    });
    if (values.help) return (io.out(helpFor("seal")), 0);
    if (values["new-passphrase"]) {
      if (positionals.length > 0) throw new SealUsageError("--new-passphrase takes nothing else.");
      io.out(newPassphrase());
      io.err(
        "Six words from the EFF's diceware list. Write them on paper; mimeo keeps no copy. Seal with --passphrase-file or type them when asked.",
      );
      return 0;
    }
    const [target, extra] = positionals;
    if (extra !== undefined) throw new SealUsageError(`unexpected argument "${extra}".`);
    let month: string | undefined;
    if (values.month !== undefined) {
      const parsed = parseMonth(values.month);
      if ("error" in parsed) throw new SealUsageError(parsed.error);
      month = parsed.month;
    }
    const isFolder = target !== undefined && (await entryType(target)) === "directory";
    const named = sealedFileName(target, month, isFolder);
    if ("error" in named) throw new SealUsageError(named.error);
    if ((await entryType(named.file)) !== "missing") {
      throw new SealError(
        `${named.file} already exists; mimeo never overwrites a file. Choose another name, or --month YYYY-MM.`,
      );
    }
    if (values.from !== undefined && values["no-pdf"]) {
      throw new SealUsageError(
        "--no-pdf is for the build mimeo makes; --from takes a build as it is.",
      );
    }
    const key = await sealKeyFrom(values, io);
    const epoch = archiveEpoch();
    const contentSource: SealSource[] = values["with-content"]
      ? [{ dir: path.resolve(values.content), prefix: CONTENT_FOLDER }]
      : [];
    let result;
    if (values.from !== undefined) {
      const site = await circleBuildIn(values.from);
      result = await seal(
        [{ dir: site, prefix: SITE_FOLDER }, ...contentSource],
        named.file,
        key,
        epoch,
      );
    } else {
      result = await withScratch(async (scratch) => {
        io.out("building the circle site to seal…");
        const { build } = await import("../build/build.ts");
        const built = await build({
          content: values.content,
          out: path.join(scratch, "output"),
          audiences: ["circle"],
          pdf: !values["no-pdf"],
          // What a build of the circle left there is taken; nothing new is left in plain.
          cacheDir: printCacheBesideContent(values.content),
          cacheReadOnly: true,
          record: false,
        });
        const site = built.audiences[0]?.dir ?? path.join(scratch, "output", "circle");
        return seal([{ dir: site, prefix: SITE_FOLDER }, ...contentSource], named.file, key, epoch);
      });
    }
    const lock =
      key.kind === "passphrase"
        ? "a passphrase"
        : `${key.recipients.length} ${key.recipients.length === 1 ? "key" : "keys"}`;
    io.out(
      `sealed ${result.files} files into ${named.file} (${megabytes(result.bytes)}), locked with ${lock}.`,
    );
    return 0;
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The circle build in OUTPUT (OUTPUT/circle, or OUTPUT itself), refusing any other audience. */
async function circleBuildIn(from: string): Promise<string> {
  for (const dir of [path.join(from, "circle"), from]) {
    const index = await readFile(path.join(dir, "index.html"), "utf8").catch(() => undefined);
    if (index === undefined) continue;
    const made = /<body[^>]*\bclass="[^"]*\baudience-(public|circle)\b/.exec(index)?.[1];
    if (made === "circle") return dir;
    if (made === "public" && dir === from) {
      throw new SealError(`${from} is the public build; seal the circle build (output/circle).`);
    }
  }
  throw new SealError(`${from} holds no circle build: run mimeo build first, or leave out --from.`);
}

/**
 * Runs `work` with a scratch folder in the system's temporary folder, removed afterwards, and
 * also when the process is stopped: the plain circle site must not outlive the seal.
 */
async function withScratch<T>(work: (scratch: string) => Promise<T>): Promise<T> {
  const scratch = await mkdtemp(`${sealScratchPrefix()}${process.pid}-`);
  // Registered before the build's own handler, which exits: this one runs first.
  const onSignal = (signal: NodeJS.Signals): void => {
    rmSync(scratch, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await work(scratch);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rm(scratch, { recursive: true, force: true });
  }
}

export function unsealCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, {
      "passphrase-file": { type: "string" },
      identity: { type: "string", short: "i", multiple: true },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) return (io.out(helpFor("unseal")), 0);
    const [file, dir, extra] = positionals;
    if (file === undefined || dir === undefined || extra !== undefined) {
      throw new SealUsageError("say which file to open and where: mimeo unseal FILE.age DIR.");
    }
    const kind = await sealedWith(file);
    let key: OpenKey;
    if (kind === "passphrase") {
      if (values.identity) {
        throw new SealUsageError(
          `${file} was sealed with a passphrase, not to keys: leave out --identity.`,
        );
      }
      key = {
        kind: "passphrase",
        passphrase: await readPassphrase({ file: values["passphrase-file"], confirm: false }),
      };
    } else {
      if (!values.identity) {
        throw new SealUsageError(
          `${file} was sealed to keys: give your secret key file with --identity FILE.`,
        );
      }
      const identities: string[] = [];
      for (const keyFile of values.identity) {
        const text = await readFile(keyFile, "utf8").catch(() => {
          throw new SealError(`cannot read the key file ${keyFile}.`);
        });
        identities.push(...parseKeyList(text, keyFile, "identity"));
      }
      key = { kind: "identities", identities };
    }
    const result = await unseal(file, dir, key);
    io.out(`opened ${file} into ${dir}: ${result.files} files, each matching SHA256SUMS.`);
    return 0;
  });
}

/**
 * `mimeo bundle DIR --audience circle`: the circle build sealed onto the stick with a README,
 * nothing else in plain. The caller has parsed the command line and loaded the circle.
 */
export function sealedBundleCommand(
  build: string,
  target: string,
  values: { "passphrase-file"?: string; recipient?: string[]; "recipients-file"?: string[] },
  language: Language,
  io: Io,
): Promise<number> {
  return guarded(io, async () => {
    const { checkSealedBundle, sealedBundle, SEALED_FILE } = await import("./bundle.ts");
    // A BundleError (the stick's folder) is the caller's to report, as for a public bundle;
    // a folder that would be refused is, before anyone types a passphrase for nothing.
    await checkSealedBundle(build, target);
    const key = await sealKeyFrom(values, io);
    const result = await sealedBundle(build, target, { language, key, epoch: archiveEpoch() });
    io.out(
      `${result.replaced ? "replaced the bundle in" : "wrote a bundle to"} ${target}: ${result.files} files sealed in ${SEALED_FILE}, and README.txt saying how to open it`,
    );
    return 0;
  });
}
