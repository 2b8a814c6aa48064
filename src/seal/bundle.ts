// A circle bundle as it goes on a stick by default: the circle build sealed into one age file
// and a README.txt saying how to open it, with mimeo or with age, and nothing else in plain.
import path from "node:path";
import {
  checkTarget,
  readBuild,
  replaceBundle,
  README,
  writeDurably,
  type BundleResult,
  type TargetState,
} from "../bundle/bundle.ts";
import { BundleError } from "../bundle/files.ts";
import type { Language } from "../content/model.ts";
import type { SealKey } from "./age.ts";
import { SITE_FOLDER } from "./archive.ts";
import { sealedReadme, SEALED_FILE } from "./readme.ts";
import { seal } from "./seal.ts";

export { sealedReadme, SEALED_FILE } from "./readme.ts";

/**
 * Checks the circle build `buildDir` and the folder `target` a sealed bundle would go to, and
 * throws a BundleError, writing nothing, if either is refused. Cheap: the bundle command runs
 * it before asking for a passphrase, and sealedBundle runs it again before writing.
 */
export async function checkSealedBundle(buildDir: string, target: string): Promise<TargetState> {
  const build = path.resolve(buildDir);
  const out = path.resolve(target);
  await readBuild(build, "circle");
  if (out === build || out.startsWith(build + path.sep) || build.startsWith(out + path.sep)) {
    throw new BundleError(`the bundle folder ${target} and the build ${buildDir} must be apart.`);
  }
  return checkTarget(out, target);
}

/** Seals the circle build `buildDir` into a bundle at `target` (new, empty or an earlier bundle). */
export async function sealedBundle(
  buildDir: string,
  target: string,
  options: { language: Language; key: SealKey; epoch: number },
): Promise<BundleResult> {
  const build = path.resolve(buildDir);
  const state = await checkSealedBundle(buildDir, target);
  return replaceBundle(path.resolve(target), state, async (tmp) => {
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
