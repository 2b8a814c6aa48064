// The `mimeo init` command: reads its options, asks on a terminal for the settings not given,
// writes the new circle and says what to do next. Exit codes as the other commands: 0 done,
// 2 a mistake in the command (a bad option, a folder that is not empty).
import { readOptions } from "./options.ts";
import path from "node:path";
import { buildDay } from "./content/load.ts";
import { helpFor } from "./help.ts";
import {
  askSettings,
  initDefaults,
  initQuestions,
  initValueError,
  InitFolderError,
  starterCircle,
  writeStarter,
  type InitSettings,
} from "./init.ts";

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface InitTerminal {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Whether to ask: only when a person sits at a terminal. */
  interactive: boolean;
}

const processTerminal = (): InitTerminal => ({
  input: process.stdin,
  output: process.stdout,
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
});

export async function initCommand(
  args: string[],
  io: Io,
  terminal: InitTerminal = processTerminal(),
): Promise<number> {
  const usage = (message: string): number => {
    io.err(`mimeo: ${message}`);
    io.err("Run `mimeo init --help` for its options.");
    return 2;
  };
  let parsed;
  try {
    parsed = readOptions(
      args,
      {
        help: { type: "boolean", short: "h" },
        name: { type: "string" },
        language: { type: "string" },
        paper: { type: "string" },
        currency: { type: "string" },
        timezone: { type: "string" },
      },
      (message) => new Error(message),
    );
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return (io.out(helpFor("init")), 0);
  const [dir, extra] = positionals;
  if (dir === undefined) return usage("say where to start the circle: mimeo init DIR.");
  if (extra !== undefined) return usage(`unexpected argument "${extra}".`);

  const given: Partial<InitSettings> = {};
  for (const { field } of initQuestions) {
    const value = values[field];
    if (value === undefined) continue;
    const error = initValueError(field, value);
    if (error !== undefined) return usage(error);
    Object.assign(given, { [field]: value });
  }
  const settings = terminal.interactive
    ? await askSettings(given, terminal.input, terminal.output)
    : { ...initDefaults(given.language), ...given };

  const files = starterCircle(settings, buildDay(settings.timezone));
  try {
    await writeStarter(dir, files);
  } catch (error) {
    if (error instanceof InitFolderError) return usage(error.message);
    throw error;
  }
  const content = path.join(dir, "content");
  io.out(`started ${settings.name} in ${content}/:`);
  for (const file of files) io.out(`  ${file.file}`);
  io.out(
    `Next: cd ${dir}, change each file (the comments say how), then mimeo check and mimeo build.`,
  );
  return 0;
}
