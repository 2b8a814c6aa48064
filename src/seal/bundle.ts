// A circle bundle as it goes on a stick by default: the circle build sealed into one age file
// and a README.txt saying how to open it, with mimeo or with age, and nothing else in plain.
import path from "node:path";
import {
  checkTarget,
  readBuild,
  replaceBundle,
  README,
  SEALED_MARKER,
  wrapText,
  writeDurably,
  type BundleResult,
} from "../bundle/bundle.ts";
import { BundleError } from "../bundle/files.ts";
import type { Language } from "../content/model.ts";
import type { SealKey } from "./age.ts";
import { archiveTop, SITE_FOLDER } from "./archive.ts";
import { seal } from "./seal.ts";
import { SEALED_README_WORDS } from "./words.ts";

/** The sealed file's name in a bundle. */
export const SEALED_FILE = "archive.age";

/** Seals the circle build `buildDir` into a bundle at `target` (new, empty or an earlier bundle). */
export async function sealedBundle(
  buildDir: string,
  target: string,
  options: { language: Language; key: SealKey; epoch: number },
): Promise<BundleResult> {
  const build = path.resolve(buildDir);
  const out = path.resolve(target);
  await readBuild(build, "circle");
  if (out === build || out.startsWith(build + path.sep) || build.startsWith(out + path.sep)) {
    throw new BundleError(`the bundle folder ${target} and the build ${buildDir} must be apart.`);
  }
  const state = await checkTarget(out, target);
  return replaceBundle(out, state, async (tmp) => {
    const sealed = await seal(
      [{ dir: build, prefix: SITE_FOLDER }],
      path.join(tmp, SEALED_FILE),
      options.key,
      options.epoch,
    );
    await writeDurably(
      path.join(tmp, README),
      sealedReadme(options.language, options.key.kind === "recipients"),
    );
    return sealed.files;
  });
}

/** README.txt for a sealed bundle: how to open it, in the circle's language; names no one. */
export function sealedReadme(language: Language, withKeys: boolean): string {
  const words = SEALED_README_WORDS[language];
  const folder = archiveTop(SEALED_FILE);
  const fill = (text: string): string =>
    text.replaceAll("FILE", SEALED_FILE).replaceAll("FOLDER", folder);
  const wrap = (text: string, indent = ""): string => wrapText(fill(text), 72, indent);
  const ageCommands = withKeys
    ? [`    age -d -i key.txt ${SEALED_FILE} | tar -x`]
    : [`    age -d ${SEALED_FILE} | tar -x`, wrap(words.askPassphrase, "    ")];
  const mimeoCommand = withKeys
    ? `    mimeo unseal ${SEALED_FILE} ${folder} --identity key.txt`
    : `    mimeo unseal ${SEALED_FILE} ${folder}`;
  return [
    SEALED_MARKER,
    "",
    words.title,
    "=".repeat([...words.title].length),
    "",
    wrap(words.intro),
    "",
    words.withAge,
    "",
    ...ageCommands,
    "",
    words.withMimeo,
    "",
    mimeoCommand,
    "",
    wrap(words.then),
    "",
    wrap(words.careful),
    "",
    wrap(words.checked),
    "",
  ].join("\n");
}
