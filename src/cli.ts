// The `mimeo` command: parses arguments and hands each command to the module that does it.
// Exit codes: 0 done, 1 problems in the content (or a failed check), 2 a usage error.
import { parseArgs, type ParseArgsConfig } from "node:util";
import path from "node:path";
import { build, OutputFolderError } from "./site/build.ts";
import { buildDay } from "./content/load.ts";
import { prepareCircle } from "./prepare.ts";
import { ledgerCsv, ledgerHledger, ledgerTable } from "./ledger/index.ts";
import { ContentError, formatProblem, type ContentProblem } from "./content/problem.ts";
import type { Audience } from "./content/model.ts";
import { newFile, writeNewFile, type NewKind } from "./new.ts";

const USAGE = `mimeo: build a circle's content into a safe static site and printable zines

Usage:
  mimeo build  [--content DIR] [--out DIR] [--audience public|circle|all]
  mimeo check  [--content DIR]
  mimeo serve  [--content DIR] [--audience public|circle] [--port N]
  mimeo new    report|tactic|ledger "Title" [--content DIR]
  mimeo ledger [--content DIR] [--format table|csv|hledger]

Defaults: --content content, --out output, --audience all.
`;

class UsageError extends Error {
  override name = "UsageError";
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const common = {
  content: { type: "string", default: "content" },
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

function parse<O extends ParseArgsConfig["options"]>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function audiencesOf(value: string | undefined, allowAll = true): Audience[] {
  if (value === undefined || (allowAll && value === "all")) return ["public", "circle"];
  if (value === "public" || value === "circle") return [value];
  throw new UsageError(
    `--audience must be public, circle${allowAll ? " or all" : ""} (found "${value}").`,
  );
}

function printProblems(io: Io, problems: readonly ContentProblem[]): void {
  for (const p of problems) io.err(formatProblem(p));
  io.err(
    `${problems.length} problem${problems.length === 1 ? "" : "s"} found; nothing was written.`,
  );
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "build":
        return await buildCommand(rest, io);
      case "check":
        return await checkCommand(rest, io);
      case "serve":
        return await serveCommand(rest, io);
      case "new":
        return await newCommand(rest, io);
      case "ledger":
        return await ledgerCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof ContentError) {
      printProblems(io, error.problems);
      return 1;
    }
    if (error instanceof UsageError || error instanceof OutputFolderError) {
      io.err(`mimeo: ${error.message}`);
      if (error instanceof UsageError) io.err("Run `mimeo help` for usage.");
      return 2;
    }
    throw error;
  }
}

async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    out: { type: "string", default: "output" },
    audience: { type: "string", default: "all" },
  });
  if (values.help) return (io.out(USAGE), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const started = Date.now();
  const result = await build({
    content: values.content,
    out: values.out,
    audiences: audiencesOf(values.audience),
    log: (line) => io.out(line),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const a of result.audiences) {
    io.out(`wrote ${path.relative(process.cwd(), a.dir) || a.dir}/ (${a.pages} pages)`);
  }
  if (result.circle.expired.length > 0) {
    io.out(`left out (expired): ${result.circle.expired.join(", ")}`);
  }
  io.out(`done in ${seconds} s`);
  return 0;
}

async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, common);
  if (values.help) return (io.out(USAGE), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const { prepared, problems } = await prepareCircle(values.content);
  if (!prepared) throw new ContentError(problems);
  const { circle } = prepared;
  io.out(
    `${values.content}: ${circle.reports.length} reports, ${circle.tactics.length} tactics, ${circle.ledger.length} ledger months; no problems found.`,
  );
  return 0;
}

async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    audience: { type: "string", default: "circle" },
    port: { type: "string", default: "8080" },
  });
  if (values.help) return (io.out(USAGE), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const [audience = "circle"] = audiencesOf(values.audience, false);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError("--port must be a number from 1 to 65535.");
  const { serve } = await import("./site/serve.ts");
  await serve({ content: path.resolve(values.content), audience, port, log: io.out });
  return 0;
}

async function newCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, common);
  if (values.help) return (io.out(USAGE), 0);
  const [kind, title, extra] = positionals;
  if (kind !== "report" && kind !== "tactic" && kind !== "ledger") {
    throw new UsageError('say what to create: mimeo new report|tactic|ledger "Title".');
  }
  if (extra !== undefined) throw new UsageError("put the title in quotes: it is one argument.");
  if (kind !== "ledger" && (title === undefined || title.trim() === "")) {
    throw new UsageError(`give the ${kind} a title: mimeo new ${kind} "Title".`);
  }
  const { prepared, problems } = await prepareCircle(values.content);
  if (!prepared) throw new ContentError(problems);
  const { circle } = prepared;
  const today = buildDay(circle.settings.timezone);
  const created = newFile(kind as NewKind, title ?? "", today, {
    tactics: circle.tactics.filter((t) => t.kind !== "care").map((t) => t.slug),
    careTactics: circle.tactics.filter((t) => t.kind === "care").map((t) => t.slug),
  });
  try {
    const target = await writeNewFile(values.content, created);
    io.out(`created ${path.relative(process.cwd(), target)}`);
    return 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      io.err(
        `mimeo: ${created.file} already exists in ${values.content}; nothing was changed. Choose another title.`,
      );
      return 2;
    }
    throw error;
  }
}

async function ledgerCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    format: { type: "string", default: "table" },
  });
  if (values.help) return (io.out(USAGE), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const format = values.format;
  if (format !== "table" && format !== "csv" && format !== "hledger") {
    throw new UsageError(`--format must be table, csv or hledger (found "${format}").`);
  }
  const { prepared, problems } = await prepareCircle(values.content);
  if (!prepared) throw new ContentError(problems);
  const { ledger, circle } = prepared;
  const text =
    format === "csv"
      ? ledgerCsv(ledger)
      : format === "hledger"
        ? ledgerHledger(ledger)
        : ledgerTable(ledger, {
            currency: circle.settings.currency,
            careUnits: circle.settings.careUnits,
            members: circle.roster?.members.map((m) => m.name) ?? [],
          });
  io.out(text.replace(/\n$/, ""));
  return 0;
}
