// USB bundles: a finished build copied to a stick with a start page, instructions and a
// checksum list that `sha256sum -c` and `mimeo verify` can check.
export { bundle, isEarlierBundle, BUNDLE_MARKER, README, SITE_DIR, START_HERE } from "./bundle.ts";
export type { BundleOptions, BundleResult, BundleSigner } from "./bundle.ts";
export { verify, isClean, formatVerifyReport } from "./verify.ts";
export type { VerifyReport } from "./verify.ts";
export {
  BundleError,
  BUNDLE_KEY_FILE,
  SIGNATURE_FILE,
  SUMS_FILE,
  formatSums,
  parseSums,
} from "./files.ts";
export type { SumLine } from "./files.ts";
export { BUNDLE_WORDS } from "./words.ts";
export type { BundleWords } from "./words.ts";
