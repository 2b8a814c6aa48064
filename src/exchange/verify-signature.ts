// The signature half of `mimeo verify`: apart from the other commands so verifying loads no
// passphrase or sealing code.
import path from "node:path";
import { BUNDLE_KEY_FILE, SIGNATURE_FILE, SUMS_FILE } from "../bundle/files.ts";
import { checkBundleSignature } from "./keys.ts";
import { MinisignError } from "./minisign.ts";

/** What `mimeo verify` adds about the signature: lines to print, and whether it failed. */
export async function signatureReport(dir: string): Promise<{ lines: string[]; ok: boolean }> {
  try {
    const signature = await checkBundleSignature(path.resolve(dir));
    if (!signature) {
      return {
        ok: true,
        lines: [
          `unsigned: no ${SIGNATURE_FILE}; the checksums alone cannot say who made this bundle.`,
        ],
      };
    }
    return {
      ok: true,
      lines: [
        `signed: ${SUMS_FILE} is signed by key ${signature.keyId} (${BUNDLE_KEY_FILE} in the bundle).`,
        `  trusted comment: ${signature.trustedComment}`,
        "  Compare the key id with the one the circle told you in person: anyone can sign with a key of their own.",
      ],
    };
  } catch (error) {
    if (error instanceof MinisignError) {
      return { ok: false, lines: [`bad signature: ${error.message} Do not trust this bundle.`] };
    }
    throw error;
  }
}
