// The two files a sealed bundle puts on a stick, archive.age and a README.txt saying how to open
// it, and how a later bundle tells that README.txt is still the one mimeo wrote.
import { LANGUAGES, type Language } from "../content/model.ts";
import { wrapText } from "../bundle/wrap.ts";
import { archiveTop } from "./archive.ts";
import { SEALED_README_WORDS } from "./words.ts";

/** The sealed file's name in a bundle. */
export const SEALED_FILE = "archive.age";
/** The first line of a sealed bundle's README.txt: how a later bundle knows the folder is ours. */
export const SEALED_MARKER = "Sealed archive, made by mimeo bundle";

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

/**
 * Whether `text` is, byte for byte, a README.txt mimeo writes beside a sealed archive. The text
 * depends only on the language and on how the archive is locked, so mimeo writes each of the
 * six again and compares. That needs nothing new on the stick: a hash of the README kept in
 * archive.age could not be read without its key, and one kept beside it would be one more
 * plain file. A README made by a mimeo whose words have changed since counts as not mimeo's;
 * the refusal says so, and deleting it loses nothing.
 */
export function isSealedReadme(text: string): boolean {
  return LANGUAGES.some((language) =>
    [false, true].some((withKeys) => sealedReadme(language, withKeys) === text),
  );
}
