// How `mimeo help` shows the seal commands, and the key options they share with `mimeo bundle`:
// apart from the commands themselves, so help and bundle load no encryption code.
import type { ParseArgsConfig } from "node:util";

export const SEAL_USAGE = `  mimeo seal   FILE.age [--from OUTPUT | --content DIR [--no-pdf]] [--with-content]
               [--month YYYY-MM] [--passphrase-file F | --recipient age1… | --recipients-file F]
  mimeo seal   --new-passphrase                        print a new six-word passphrase
  mimeo unseal FILE.age DIR [--passphrase-file F | --identity KEYFILE]`;

/** The key options `mimeo seal` and `mimeo bundle --audience circle` share. */
export const SEAL_KEY_OPTIONS = {
  "passphrase-file": { type: "string" },
  recipient: { type: "string", multiple: true },
  "recipients-file": { type: "string", multiple: true },
} satisfies ParseArgsConfig["options"];
