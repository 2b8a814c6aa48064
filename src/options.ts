// A command's options as node's parseArgs reads them, with each mistake said as what to change,
// naming the option: node's own messages ("Option '--jobs' argument is ambiguous", "To specify a
// positional argument starting with a '-' ...") are for programmers. Every mimeo command reads
// its options here.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { didYouMean, nearestNames } from "./ledger/names.ts";
import { USAGE } from "./help.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Reads a command's options. node's own messages ("Option '--jobs' argument is ambiguous",
 * "To specify a positional argument starting with a '-' ...") are for programmers: each
 * mistake is said here as what to change, naming the option.
 */
export function readOptions<O extends Options>(
  args: string[],
  options: O,
  fail: (message: string) => Error,
) {
  const { tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const fixed = [...args];
  const taken = new Set<number>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (option === undefined) throw fail(unknownOption(token.rawName, options));
    if (option.type === "boolean" && token.value !== undefined) {
      throw fail(
        `${token.rawName} takes no value: write just ${token.rawName}, without "=${token.value}".`,
      );
    }
    if (option.type !== "string") continue;
    const example = `${token.rawName} ${valueName(token.name)}`;
    if (token.value === undefined) {
      throw fail(`${token.rawName} needs a value after it, like ${example}.`);
    }
    if (token.value.trim() === "") {
      // `--content=` or `--out ""` (a variable left empty in a script): never this folder.
      throw fail(`${token.rawName} is empty: give it a value, like ${example}.`);
    }
    if (!token.inlineValue && /^-(?!\d)./.test(token.value)) {
      // `--out --content x`: the value was forgotten, and the next option taken for it.
      const next = token.value.replace(/=.*/, "");
      throw fail(
        optionNames(options).includes(next)
          ? `${token.rawName} needs a value after it, like ${example}, before ${next}.`
          : `${token.rawName} needs a value after it, like ${example}; to give one that starts with "-", write ${token.rawName}=${token.value}.`,
      );
    }
    if (!token.inlineValue && token.rawName.startsWith("--")) {
      // `--jobs -1`: node refuses a value that starts with "-"; taken as written, it is then
      // checked like any other value (and --jobs says it must be from 1 to 64).
      fixed[token.index] = `${token.rawName}=${token.value}`;
      taken.add(token.index + 1);
    }
  }
  const rewritten = fixed.filter((_, i) => !taken.has(i));
  try {
    return parseArgs({ args: rewritten, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw fail((error as Error).message);
  }
}

/** `--foo`: which options there are, and the one meant when it is a slip of the keyboard. */
function unknownOption(written: string, options: Options): string {
  const names = optionNames(options);
  const near = written.startsWith("--")
    ? didYouMean(
        nearestNames(
          written,
          names.filter((n) => n.startsWith("--")),
        ),
      )
    : "";
  return `there is no option ${written}${near ? ` (${near})` : ""}. The options here are: ${names.join(", ")}.`;
}

function optionNames(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => [
    `--${name}`,
    ...(option.short ? [`-${option.short}`] : []),
  ]);
}

/** How the usage names an option's value: `--jobs N`, `--out DIR`. */
function valueName(name: string): string {
  const shown = new RegExp(`--${name} ([^\\]\\s]+)`).exec(USAGE)?.[1];
  return shown ?? "VALUE";
}
