// `mimeo wipe`: lists what it will remove, asks on a terminal (or takes --yes), removes it and
// says what it removed. Exit 2 for a command-line mistake, like the other commands.
import { helpFor } from "../help.ts";
import { createInterface } from "node:readline/promises";
import path from "node:path";
import { readOptions } from "../options.ts";
import { carryOut, planWipe, type WipeItem } from "./wipe.ts";

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

function shown(item: WipeItem): string {
  const relative = path.relative(process.cwd(), item.path);
  const where = relative === "" || relative.startsWith("..") ? item.path : relative;
  return `${where}  (${item.what})`;
}

export async function wipeCommand(args: string[], io: Io): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = readOptions(
      args,
      {
        out: { type: "string", default: "output" },
        content: { type: "string", default: "content" },
        cache: { type: "string" },
        yes: { type: "boolean", short: "y" },
        help: { type: "boolean", short: "h" },
      },
      (message) => new Error(message),
    ));
  } catch (error) {
    io.err(`mimeo: ${(error as Error).message}`);
    return 2;
  }
  const [extra] = positionals;
  if (extra !== undefined) {
    io.err(
      `mimeo: wipe takes no folder without an option: write --out ${extra}, --content or --cache.`,
    );
    return 2;
  }
  if (values.help) return (io.out(helpFor("wipe")), 0);
  const plan = await planWipe({
    out: values.out,
    content: values.content,
    ...(values.cache ? { cache: values.cache } : {}),
  });
  for (const item of plan.kept) io.err(`mimeo: leaving ${shown(item)}`);
  if (plan.remove.length === 0) {
    io.out("nothing to wipe: mimeo has left no copies here or in the temporary folder.");
    return 0;
  }
  if (!values.yes) {
    if (!process.stdin.isTTY) {
      io.err("mimeo: wipe asks before it removes anything; from a script, add --yes.");
      return 2;
    }
    io.out("mimeo wipe will remove:");
    for (const item of plan.remove) io.out(`  ${shown(item)}`);
    const ask = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await ask.question("Remove all of these? [y/N] ").finally(() => ask.close());
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.out("nothing was removed.");
      return 0;
    }
  }
  for (const item of await carryOut(plan)) io.out(`removed ${shown(item)}`);
  io.out(
    "done. On USB sticks and SSDs a removed file can often still be recovered: see docs/safety.md.",
  );
  return 0;
}
