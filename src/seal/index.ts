// Sealed archives: a circle's build (and, if asked, its sources) in one age-encrypted tar that
// `mimeo unseal` or the `age` command opens, and new passphrases from a diceware list.
export { seal, unseal, sealedWith } from "./seal.ts";
export type { SealSource, SealResult, UnsealResult } from "./seal.ts";
export { SealError, checkRecipients, parseKeyList } from "./age.ts";
export type { SealKey, OpenKey } from "./age.ts";
export {
  archiveEpoch,
  archiveTop,
  parseMonth,
  sealedFileName,
  tarEntries,
  CONTENT_FOLDER,
  SITE_FOLDER,
} from "./archive.ts";
export {
  newPassphrase,
  readPassphrase,
  PASSPHRASE_FILE_ENV,
  SHORT_PASSPHRASE,
} from "./passphrase.ts";
