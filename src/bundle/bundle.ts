// Puts one audience's finished build on a USB stick: START-HERE.html, README.txt, the site under
// site/ and SHA256SUMS, built in a folder beside the target and renamed into place in one step.
import { randomBytes } from "node:crypto";
import { constants, existsSync, renameSync, rmSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Language } from "../content/model.ts";
import { BUNDLE_WORDS, type BundleWords } from "./words.ts";
import {
  BundleError,
  compareWithSums,
  comparePaths,
  entryType,
  formatSums,
  isOsLitter,
  parseSums,
  printable,
  sha256,
  SUMS_FILE,
  SIGNATURE_FILE,
  BUNDLE_KEY_FILE,
  unsafePath,
  walk,
  type SumLine,
} from "./files.ts";
import { isAlive, isMountRoot, isOsFolder, moveEntries } from "./files.ts";
import { wrapText } from "./wrap.ts";
import { isSealedReadme, SEALED_FILE, SEALED_MARKER } from "../seal/readme.ts";

export interface BundleOptions {
  audience: "public" | "circle";
  circleName: string;
  language: Language;
  /** Signs SHA256SUMS (a public bundle for exchange, docs/exchange.md). */
  signer?: BundleSigner;
  /**
   * Looks at the finished bundle folder before it replaces anything, and throws to refuse it:
   * the public bundle's own files (START-HERE.html, README.txt, the key) pass the leak guard
   * like every other public byte.
   */
  vet?: (dir: string) => Promise<void>;
}

export interface BundleSigner {
  /** The public key file's text, put in the bundle (and listed in SHA256SUMS). */
  publicKey: string;
  /** The text of SHA256SUMS.minisig for the given SHA256SUMS. */
  sign: (sums: string) => string;
}

export interface BundleResult {
  /** The bundle folder, absolute. */
  target: string;
  /** Files listed in SHA256SUMS (the site's, START-HERE.html and README.txt). */
  files: number;
  /** Whether an earlier bundle was replaced. */
  replaced: boolean;
}

export const START_HERE = "START-HERE.html";
export const README = "README.txt";
export const SITE_DIR = "site";
/** What START-HERE.html carries so a later bundle can tell this folder is one of ours. */
export const BUNDLE_MARKER = '<meta name="generator" content="mimeo bundle">';
/** Top-level names a bundle holds; anything else means the folder is someone else's. */
const BUNDLE_ENTRIES = new Set([
  START_HERE,
  README,
  SUMS_FILE,
  SITE_DIR,
  SIGNATURE_FILE,
  BUNDLE_KEY_FILE,
]);

/**
 * Copies the finished build `buildDir` (for example output/public) to the folder `target` as
 * a bundle. `target` must be missing, empty, or an earlier bundle (see isEarlierBundle); its
 * parent must exist, so a stick that is not mounted is an error rather than a local folder.
 */
export async function bundle(
  buildDir: string,
  target: string,
  options: BundleOptions,
): Promise<BundleResult> {
  const build = path.resolve(buildDir);
  const out = path.resolve(target);
  const files = await readBuild(build, options.audience);
  if (out === build || isInside(out, build) || isInside(build, out)) {
    throw new BundleError(`the bundle folder ${target} and the build ${buildDir} must be apart.`);
  }
  const state = await checkTarget(out, target);

  return replaceBundle(out, state, async (tmp) => {
    const sums: SumLine[] = [];
    for (const file of files) {
      const bytes = await readNoFollow(path.join(build, ...file.split("/")), file);
      const into = `${SITE_DIR}/${file}`;
      await writeDurably(path.join(tmp, ...into.split("/")), bytes);
      sums.push({ path: into, hash: sha256(bytes) });
    }
    const words = BUNDLE_WORDS[options.language];
    const hasPrint = files.some((file) => file.startsWith("print/"));
    const printLink = !hasPrint
      ? undefined
      : files.includes("print/index.html")
        ? `${SITE_DIR}/print/index.html`
        : `${SITE_DIR}/print/`;
    for (const [name, text] of [
      [START_HERE, startHere(options, words, printLink)],
      [README, readme(options, words)],
    ] as const) {
      await writeDurably(path.join(tmp, name), text);
      sums.push({ path: name, hash: sha256(text) });
    }
    if (options.signer) {
      await writeDurably(path.join(tmp, BUNDLE_KEY_FILE), options.signer.publicKey);
      sums.push({ path: BUNDLE_KEY_FILE, hash: sha256(options.signer.publicKey) });
    }
    const sumsText = formatSums(sums);
    await writeDurably(path.join(tmp, SUMS_FILE), sumsText);
    if (options.signer) {
      await writeDurably(path.join(tmp, SIGNATURE_FILE), options.signer.sign(sumsText));
    }
    await options.vet?.(tmp);
    return sums.length;
  });
}

/**
 * Writes a bundle with `fill` into a hidden folder beside `out`, flushes it, and puts it in
 * place of whatever bundle was there in one step; returns what `fill` counted as files.
 */
export async function replaceBundle(
  out: string,
  state: TargetState,
  fill: (tmp: string) => Promise<number>,
): Promise<BundleResult> {
  const parent = path.dirname(out);
  const base = path.basename(out);
  await removeStaleFolders(parent, base, state !== "missing");
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  // An empty folder, or a stick's root that cannot be renamed, is filled from inside: a folder
  // beside a stick's root is on another disk, where the bundle should never be written.
  const inside = state === "empty" || (state === "bundle" && (await isMountRoot(out)));
  const [tmp, trash] = ["bundle-tmp", "bundle-old"].map((kind) =>
    inside ? path.join(out, `.${kind}-${suffix}`) : path.join(parent, `.${base}.${kind}-${suffix}`),
  ) as [string, string];
  const onSignal = (signal: NodeJS.Signals): void => {
    // Synchronous on purpose: runs from a signal handler just before exit. If the old bundle
    // was already moved aside, put it back, so the stick is never left without one.
    if (!inside && !existsSync(out) && existsSync(trash)) renameSync(trash, out);
    rmSync(tmp, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await mkdir(tmp);
    const count = await fill(tmp);
    await syncFolder(tmp);

    if (state === "missing") {
      await rename(tmp, out);
    } else if (inside) {
      const ours = new Set([path.basename(tmp), path.basename(trash)]);
      await mkdir(trash);
      // The stick's own folders stay: its trash (files a person deleted, still theirs to take
      // back), Windows' system folder, macOS's search index.
      await moveEntries(out, trash, (name) => ours.has(name) || isOsFolder(name));
      await moveEntries(tmp, out);
      await rm(trash, { recursive: true, force: true });
    } else {
      await rename(out, trash);
      try {
        await rename(tmp, out);
      } catch (error) {
        await rename(trash, out);
        throw error;
      }
      await rm(trash, { recursive: true, force: true });
    }
    await syncFolder(parent);
    return { target: out, files: count, replaced: state === "bundle" };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The files of a finished build, relative with "/" separators, sorted. Refuses anything that
 * isn't a plain file or folder, naming it, and a build whose index.html says it was made for
 * another audience, so circle pages can't be put on a stick labelled public.
 */
export async function readBuild(
  build: string,
  audience: BundleOptions["audience"],
): Promise<string[]> {
  const stats = await stat(build).catch(() => undefined);
  if (!stats?.isDirectory()) {
    throw new BundleError(`${build} is not a folder: build the site first (mimeo build).`);
  }
  const files: string[] = [];
  for (const entry of await walk(build)) {
    if (entry.type === "symlink") {
      throw new BundleError(
        `${entry.path} in the build is a symbolic link; a bundle copies no links. Remove it and build again.`,
      );
    }
    if (entry.type !== "file") {
      throw new BundleError(`${entry.path} in the build is not a plain file; remove it.`);
    }
    const unsafe = unsafePath(entry.path);
    if (unsafe) throw new BundleError(`the name of ${JSON.stringify(entry.path)} ${unsafe}.`);
    files.push(entry.path);
  }
  if (!files.includes("index.html")) {
    throw new BundleError(`${build} has no index.html: it is not a finished mimeo build.`);
  }
  const index = await readFile(path.join(build, "index.html"), "utf8");
  const made = /<body[^>]*\bclass="[^"]*\baudience-(public|circle)\b/.exec(index)?.[1];
  if (made !== audience) {
    throw new BundleError(
      made
        ? `${build} is the ${made} build, not the ${audience} one: bundle output/${audience}, or pass --audience ${made}.`
        : `${build}/index.html does not say which audience it was built for; build it again with mimeo build.`,
    );
  }
  return files;
}

export type TargetState = "missing" | "empty" | "bundle";

export async function checkTarget(out: string, shown: string): Promise<TargetState> {
  const type = await entryType(out);
  if (type === "missing") {
    const parent = await entryType(path.dirname(out));
    if (parent !== "directory") {
      throw new BundleError(
        `${path.dirname(out)} does not exist. Is the stick plugged in and mounted? mimeo creates only the last folder of ${shown}.`,
      );
    }
    return "missing";
  }
  if (type !== "directory") {
    throw new BundleError(
      `${shown} is not a folder${type === "symlink" ? " (it is a link)" : ""}; choose a folder.`,
    );
  }
  const entries = (await readdir(out)).filter((name) => !isOsLitter(name));
  if (entries.length === 0) return "empty";
  if (await isMarkedBundle(out)) await refuseFilesNotWritten(out, shown);
  else {
    const readme = await sealedReadmeIn(out);
    if (readme !== undefined) await refuseSealedFilesNotWritten(out, shown, readme);
  }
  if (await isEarlierBundle(out)) return "bundle";
  const [only] = entries;
  if (entries.length === 1 && only?.endsWith(".age")) {
    // What is left of a sealed bundle once its README.txt was moved away, as the refusal above
    // says to; or a person's own archive, which may hold more than the site (their sources).
    throw new BundleError(
      `${shown} holds only ${printable(only)}, with no ${README} from mimeo beside it, so mimeo cannot tell an earlier sealed bundle from an archive someone keeps there, and never overwrites it. If it is an old bundle you no longer need, delete it; otherwise choose an empty or new folder. Nothing was written.`,
    );
  }
  const foreign = entries.filter((name) => !BUNDLE_ENTRIES.has(name)).sort();
  const named = foreign.length > 0 ? foreign : entries.sort();
  const shownEntries = named.slice(0, 3).join(", ") + (named.length > 3 ? ", …" : "");
  throw new BundleError(
    `${shown} holds files that are not a mimeo bundle (${shownEntries}); mimeo never overwrites them. Choose an empty or new folder.`,
  );
}

/** START-HERE.html with mimeo's marker and a SHA256SUMS beside it: a bundle mimeo wrote. */
async function isMarkedBundle(dir: string): Promise<boolean> {
  if ((await entryType(path.join(dir, SUMS_FILE))) !== "file") return false;
  if ((await entryType(path.join(dir, START_HERE))) !== "file") return false;
  return (await readFile(path.join(dir, START_HERE), "utf8")).includes(BUNDLE_MARKER);
}

/** How many names a refusal lists before it says how many more there are. */
const NAMES_SHOWN = 5;

function someNames(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).map(printable).join(", ");
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

/**
 * A new bundle replaces an earlier one whole, so every file in it must be one mimeo wrote, as
 * its SHA256SUMS lists it, byte for byte: a file a person added (a CNAME, notes) or changed
 * would be lost without a word. Refuses, naming them, before anything is written. OS litter
 * does not count.
 */
async function refuseFilesNotWritten(dir: string, shown: string): Promise<void> {
  let listed: SumLine[];
  try {
    listed = parseSums(await readFile(path.join(dir, SUMS_FILE), "utf8"));
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw new BundleError(
      `${shown} is an earlier bundle, but its ${SUMS_FILE} cannot be read (${error.message}), so mimeo cannot tell the files it wrote from yours. Move any file of yours out of ${shown}, delete the folder, and bundle again. Nothing was written.`,
    );
  }
  // A file gone loses nothing; one added or changed is someone's.
  const { extra: added, changed } = await compareWithSums(dir, listed);
  refuseLoss(shown, [
    ...(added.length > 0 ? [`files mimeo did not write (${someNames(added)})`] : []),
    ...(changed.length > 0 ? [`files changed since mimeo wrote them (${someNames(changed)})`] : []),
  ]);
}

/** The text of README.txt, when it is a plain file starting with the sealed bundle's marker. */
async function sealedReadmeIn(dir: string): Promise<string | undefined> {
  const file = path.join(dir, README);
  if ((await entryType(file)) !== "file") return undefined;
  const text = await readFile(file, "utf8");
  return text.startsWith(SEALED_MARKER) ? text : undefined;
}

/**
 * A sealed bundle is replaced whole too, and mimeo wrote two files of it: archive.age and
 * README.txt. Anything else at the top (OS litter aside) is someone's, and so is a README.txt
 * that is not, byte for byte, one mimeo writes (isSealedReadme). Refuses, naming them, before
 * anything is written. archive.age itself cannot be checked without its key; it is the file
 * every bundle replaces.
 */
async function refuseSealedFilesNotWritten(
  dir: string,
  shown: string,
  readme: string,
): Promise<void> {
  const added: string[] = [];
  const names = (await readdir(dir)).filter((name) => !isOsLitter(name)).sort(comparePaths);
  for (const name of names) {
    if (name === README) continue;
    const type = await entryType(path.join(dir, name));
    if (name === SEALED_FILE && type === "file") continue;
    added.push(type === "directory" ? `${name}/` : name);
  }
  const readmeChanged = !isSealedReadme(readme);
  refuseLoss(
    shown,
    [
      ...(added.length > 0 ? [`files mimeo did not write (${someNames(added)})`] : []),
      ...(readmeChanged
        ? [
            `a ${README} that is not the one mimeo writes (changed by hand, or written by another version of mimeo)`,
          ]
        : []),
    ],
    added.length === 0,
  );
}

/**
 * Refuses a bundle that would lose what `kept` describes, saying what to do; with nothing kept,
 * does nothing. `one`: it is a single file, named as such.
 */
function refuseLoss(shown: string, kept: readonly string[], one = false): void {
  if (kept.length === 0) return;
  const [they, them, are] = one ? ["it", "it", "is"] : ["they", "them", "are"];
  throw new BundleError(
    `${shown} holds ${kept.join(" and ")}. A new bundle replaces the whole folder and ${they} would be lost: move ${them} out of ${shown} first, or delete ${them} if ${they} ${are} not wanted, then bundle again. Nothing was written.`,
  );
}

/**
 * An earlier bundle, which may be replaced whole: a folder holding only START-HERE.html,
 * README.txt, SHA256SUMS and site/ (and OS litter), where START-HERE.html, SHA256SUMS and
 * site/ are present as a file, a file and a folder, and START-HERE.html carries mimeo's marker.
 * Anything else at the top, even one extra file, means a person put it there.
 */
export async function isEarlierBundle(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries) return false;
  if (await isSealedBundle(dir, entries)) return true;
  if (!entries.every((name) => BUNDLE_ENTRIES.has(name) || isOsLitter(name))) return false;
  if ((await entryType(path.join(dir, SUMS_FILE))) !== "file") return false;
  if ((await entryType(path.join(dir, SITE_DIR))) !== "directory") return false;
  if ((await entryType(path.join(dir, START_HERE))) !== "file") return false;
  const start = await readFile(path.join(dir, START_HERE), "utf8");
  return start.includes(BUNDLE_MARKER);
}

/**
 * A sealed bundle: README.txt, starting with mimeo's marker line, and one `.age` file, as
 * plain files, and nothing else but OS litter.
 */
export async function isSealedBundle(dir: string, entries: string[]): Promise<boolean> {
  const own = entries.filter((name) => !isOsLitter(name));
  const sealed = own.filter((name) => name.endsWith(".age"));
  if (own.length !== 2 || sealed.length !== 1 || !own.includes(README)) return false;
  for (const name of own) {
    if ((await entryType(path.join(dir, name))) !== "file") return false;
  }
  const readme = await readFile(path.join(dir, README), "utf8");
  return readme.startsWith(SEALED_MARKER);
}

function isInside(child: string, parent: string): boolean {
  return child.startsWith(parent + path.sep);
}

/** Folders left by runs that were killed: their process is gone, so they can go too. */
async function removeStaleFolders(
  parent: string,
  base: string,
  targetExists: boolean,
): Promise<void> {
  const tmpPrefix = `.${base}.bundle-tmp-`;
  const oldPrefix = `.${base}.bundle-old-`;
  for (const entry of await readdir(parent)) {
    const prefix = entry.startsWith(tmpPrefix)
      ? tmpPrefix
      : entry.startsWith(oldPrefix)
        ? oldPrefix
        : undefined;
    if (!prefix) continue;
    // An old bundle whose replacement never arrived is the only copy left: keep it.
    if (prefix === oldPrefix && !targetExists) continue;
    const pid = Number(entry.slice(prefix.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      await rm(path.join(parent, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Reads a file of the build, refusing it if it became a symbolic link since the build was walked.
 * O_NOFOLLOW is POSIX only; on Windows it is 0 and the walk's check is what stands.
 */
async function readNoFollow(file: string, shown: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") {
      throw new BundleError(`${shown} in the build is a symbolic link; a bundle copies no links.`);
    }
    throw error;
  }
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file and flushes it to the device before returning: USB sticks are often pulled out
 * soon after a copy, and a bundle that is renamed into place must not be half on the stick.
 */
export async function writeDurably(file: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (the renames); not possible on every platform, so best effort. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows can't open a folder for syncing; the files themselves are already flushed.
  }
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The page a stranger opens first: no script, no outside request, works from file://. */
function startHere(options: BundleOptions, words: BundleWords, printLink?: string): string {
  const name = escapeHtml(oneLine(options.circleName));
  const badge = options.audience === "public" ? words.publicArchive : words.circleArchive;
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
${BUNDLE_MARKER}
<title>${name}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
.open { display: inline-block; font-size: 1.4rem; padding: 0.6rem 1rem; border: 2px solid currentColor; border-radius: 0.4rem; }
.badge { font-weight: bold; }
</style>
</head>
<body>
<h1>${name}</h1>
<p class="badge">${escapeHtml(badge)}</p>
<p><a class="open" href="${SITE_DIR}/index.html">${escapeHtml(words.open)}</a></p>
${printLink ? `<p><a href="${printLink}">${escapeHtml(words.print)}</a></p>\n` : ""}<p>${escapeHtml(words.offline)}</p>
${options.audience === "circle" ? `<p><strong>${escapeHtml(words.circleWarning)}</strong></p>\n` : ""}<p>${escapeHtml(words.checkPointer)}</p>
</body>
</html>
`;
}

/** Plain-text instructions, for someone who would rather not open HTML from a found stick. */
function readme(options: BundleOptions, words: BundleWords): string {
  const title = `${oneLine(options.circleName)}: ${options.audience === "public" ? words.publicArchive : words.circleArchive}`;
  const wrap = (text: string): string => wrapText(text, 72, "  ");
  const parts = [
    title,
    "=".repeat(Math.min(72, [...title].length)),
    "",
    ...(options.audience === "circle" ? [wrapText(words.circleWarning, 72, ""), ""] : []),
    words.howToOpen,
    wrap(words.openSteps),
    wrap(words.offline),
    "",
    words.search,
    wrap(words.searchSteps),
    "",
    words.howToCheck,
    wrap(words.checkIntro),
    "",
    "    Linux:    sha256sum -c SHA256SUMS",
    "    macOS:    shasum -a 256 -c SHA256SUMS",
    "    mimeo:    mimeo verify .",
    "    Windows (PowerShell):",
    "      Get-Content SHA256SUMS | ForEach-Object { $h, $f = $_ -split '  ', 2;",
    '        if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -ne $h) { "FAILED: $f" } }',
    "",
    wrap(words.checkResult),
    wrap(words.checkLimit),
    "",
    ...(options.signer
      ? [wrap(words.signed), "", "    minisign -Vm SHA256SUMS -p minisign.pub", ""]
      : []),
  ];
  return parts.join("\n");
}
