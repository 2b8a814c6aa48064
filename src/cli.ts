// The `mimeo` command: parses arguments and hands each command to the module that does it.
// Exit codes: 0 done, 1 problems in the content (or a failed check), 2 a usage error.
import type { ParseArgsConfig } from "node:util";
import path from "node:path";
import { build, OutputFolderError, prepareForBuild } from "./build/build.ts";
import {
  formatGuardReport,
  formatWaivers,
  guardPublicOutput,
  LeakError,
} from "./build/guard-step.ts";
import os from "node:os";
import { prepareCircle } from "./prepare.ts";
import { ledgerCsv, ledgerHledger, ledgerTable } from "./ledger/index.ts";
import { formatDraw, LotterySeedError, rotationCsv, rotationTable } from "./rotation/index.ts";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { bundle, BundleError, formatVerifyReport, isClean, verify } from "./bundle/index.ts";
import { ContentError, formatProblem, type ContentProblem } from "./content/problem.ts";
import type { Audience, Paper } from "./content/model.ts";
import { newFile, NewFileError, writeNewFile } from "./new.ts";
import { readOptions, type Options } from "./options.ts";
import { COMMANDS, helpFor, USAGE, version } from "./help.ts";
import { initCommand } from "./init-command.ts";
import { loadCircle } from "./content/load.ts";
import { CHECK_SCRATCH_PREFIX, printCacheFor, staleScratchFolders } from "./site/locations.ts";
import { SEAL_KEY_OPTIONS } from "./seal/usage.ts";
import { plainCircleWarning } from "./seal/plain.ts";
import { wipeCommand } from "./wipe/command.ts";
import { BROWSER_ADVICE, BrowserError } from "./print/browser-error.ts";

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

/** Reads a command's options; a mistake is a usage error (exit code 2). */
function parse<O extends Options>(args: string[], options: O) {
  return readOptions(args, options, (message) => new UsageError(message));
}

function audiencesOf(value: string | undefined, allowAll = true): Audience[] {
  if (value === undefined || (allowAll && value === "all")) return ["public", "circle"];
  if (value === "public" || value === "circle") return [value];
  throw new UsageError(
    `--audience must be public, circle${allowAll ? " or all" : ""} (found "${value}").`,
  );
}

/** "1 report", "3 reports". */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;

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
      case "rotation":
        return await rotationCommand(rest, io);
      case "draw":
        return await drawCommand(rest, io);
      case "bundle":
        return await bundleCommand(rest, io);
      case "verify":
        return await verifyCommand(rest, io);
      case "seal":
        return await (await import("./seal/commands.ts")).sealCommand(rest, io);
      case "unseal":
        return await (await import("./seal/commands.ts")).unsealCommand(rest, io);
      case "keygen":
        return await (await import("./exchange/commands.ts")).keygenCommand(rest, io);
      case "import":
        return await (await import("./exchange/import-command.ts")).importCommand(rest, io);
      case "wipe":
        return await wipeCommand(rest, io);
      case "init":
        return await initCommand(rest, io);
      case "--version":
      case "-V":
      case "version":
        io.out(version());
        return 0;
      case "help":
        io.out(helpFor(rest[0] ?? ""));
        return 0;
      case undefined:
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
    if (error instanceof LeakError) {
      for (const line of formatGuardReport(error.report)) io.err(line);
      io.err(
        `${error.leaks.length} possible leak${error.leaks.length === 1 ? "" : "s"} in the public output; nothing was written. Values are masked here on purpose.`,
      );
      return 1;
    }
    if (error instanceof BrowserError) {
      io.err(`mimeo: ${error.message}`);
      io.err(BROWSER_ADVICE);
      if (process.env.MIMEO_DEBUG === "1" && error.stack) io.err(error.stack);
      return 1;
    }
    if (
      error instanceof UsageError ||
      error instanceof OutputFolderError ||
      error instanceof BundleError
    ) {
      io.err(`mimeo: ${error.message}`);
      if (error instanceof UsageError) {
        io.err(
          COMMANDS.includes(command ?? "")
            ? `Run \`mimeo help ${command}\` for its options.`
            : "Run `mimeo help` for usage.",
        );
      }
      return 2;
    }
    reportUnexpected(error, command, io);
    return 1;
  }
}

/** What each command is doing, for the one line an unexpected error becomes. */
const DOING: Record<string, string> = {
  build: "building the site",
  check: "checking the content",
  serve: "serving the preview",
  new: "creating a file",
  ledger: "reading the ledger",
  rotation: "planning the rotation",
  draw: "drawing the lottery",
  bundle: "writing the bundle",
  verify: "verifying the bundle",
};

/**
 * An error mimeo did not expect, as one line: what it was doing, what went wrong, how to report
 * it. The stack only with MIMEO_DEBUG=1: a stack trace tells a person nothing they can act on.
 */
export function reportUnexpected(
  error: unknown,
  command: string | undefined,
  io: Io = defaultIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const doing = DOING[command ?? ""] ?? "running";
  const name = error instanceof Error ? error.name : "Error";
  const message = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
  io.err(
    `mimeo: unexpected error while ${doing}: ${message} (${name}). Please report it with the command you ran and this line (nothing from the circle's files); MIMEO_DEBUG=1 shows the details.`,
  );
  if (env.MIMEO_DEBUG === "1" && error instanceof Error && error.stack) io.err(error.stack);
}

async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    out: { type: "string", default: "output" },
    audience: { type: "string", default: "all" },
    "no-pdf": { type: "boolean" },
    "base-url": { type: "string" },
    paper: { type: "string" },
    ink: { type: "string" },
    jobs: { type: "string" },
    cache: { type: "string" },
    clean: { type: "boolean" },
  });
  if (values.help) return (io.out(helpFor("build")), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const named = values.paper?.split(",").map((p) => p.trim());
  const papers = named?.filter((p): p is Paper => p === "a4" || p === "letter");
  if (named && papers?.length !== named.length) {
    throw new UsageError(
      `--paper must be a4, letter or a4,letter (found "${values.paper ?? ""}").`,
    );
  }
  if (values.ink !== undefined && values.ink !== "normal" && values.ink !== "lite") {
    throw new UsageError(`--ink must be normal or lite (found "${values.ink}").`);
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!/^\d+$/.test(values.jobs ?? "") || jobs < 1 || jobs > 64)) {
    throw new UsageError(
      `--jobs must be a whole number from 1 to 64, like --jobs 2 (found "${values.jobs}").`,
    );
  }
  const started = Date.now();
  const bar = progressBar();
  const cacheDir = printCacheFor(values.out, values.cache);
  const result = await build({
    content: values.content,
    out: values.out,
    audiences: audiencesOf(values.audience),
    log: (line) => io.out(line),
    pdf: !values["no-pdf"],
    ...(values["base-url"] ? { baseUrl: checkedBaseUrl(values["base-url"]) } : {}),
    ...(papers ? { paper: [...new Set(papers)] } : {}),
    ...(values.ink ? { ink: values.ink } : {}),
    ...(jobs ? { jobs } : {}),
    ...(bar ? { progress: bar } : {}),
    cacheDir,
    makeParent: false,
    ...(values.clean ? { clean: true } : {}),
  });
  if (result.printed) {
    io.out(
      `PDFs: ${result.printed.rendered} rendered, ${result.printed.cached} taken unchanged from the cache`,
    );
  }
  if (result.cache)
    io.out(
      `print cache (only what this output and other outputs still there use): ${result.cache}`,
    );
  // An HTML-only build keeps its record in the same place: say where, as a PDF build does.
  else {
    const wipe = values.cache ? `mimeo wipe --cache ${values.cache}` : "mimeo wipe";
    io.out(`build record (for the next build; ${wipe} removes it): ${cacheDir}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const a of result.audiences) {
    const where = `${path.relative(process.cwd(), a.dir) || a.dir}/`;
    io.out(
      a.inPlace
        ? `left ${where} as it was (${a.pages} pages)`
        : `wrote ${where} (${a.pages} pages)`,
    );
  }
  for (const line of formatWaivers(result.waived)) io.out(line);
  if (result.circle.expired.length > 0) {
    io.out(`left out (expired): ${result.circle.expired.join(", ")}`);
  }
  io.out(`done in ${seconds} s`);
  return 0;
}

function checkedBaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(
    `--base-url must be an http(s) address, like http://archive.example.onion/ (found "${value}").`,
  );
}

/** A one-line progress bar on a terminal; nothing in CI or when output is piped. */
export function progressBar(
  stream: { isTTY?: boolean; write: (text: string) => unknown } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): ((done: number, total: number, name: string) => void) | undefined {
  if (!stream.isTTY || env.CI) return undefined;
  return (done, total, name) => {
    const width = 24;
    const filled = Math.round((done / total) * width);
    const label = name.length > 40 ? `…${name.slice(-39)}` : name;
    // The last state ends its line, so the next log line starts on a line of its own.
    stream.write(
      `\r\x1b[2Kprinting [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total} ${label}${done === total ? "\n" : ""}`,
    );
  };
}

async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    audience: { type: "string" },
    "no-pdf": { type: "boolean" },
    cache: { type: "string" },
  });
  if (values.help) return (io.out(helpFor("check")), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  if (values.audience !== undefined && values.audience !== "public") {
    throw new UsageError(
      "--audience for check can only be public: the leak guard checks what would be published.",
    );
  }
  const { prepared, problems } = await prepareForBuild(path.resolve(values.content));
  if (!prepared) throw new ContentError(problems);
  const { circle } = prepared;
  io.out(
    `${values.content}: ${count(circle.reports.length, "report")}, ${count(circle.tactics.length, "tactic")}, ${count(circle.ledger.length, "ledger month")}; no problems found.`,
  );
  if (values.audience === "public") {
    // The same build and guard as `mimeo build`, in a scratch folder that is thrown away. It
    // reads the print cache of the default output (or --cache) and adds nothing to it.
    for (const stale of await staleScratchFolders())
      await rm(stale, { recursive: true, force: true });
    const scratch = await mkdtemp(path.join(os.tmpdir(), `${CHECK_SCRATCH_PREFIX}${process.pid}-`));
    const result = await build({
      content: values.content,
      out: path.join(scratch, "output"),
      audiences: ["public"],
      pdf: !values["no-pdf"],
      dryRun: true,
      prepared,
      cacheDir: printCacheFor("output", values.cache),
    }).finally(() => rm(scratch, { recursive: true, force: true }));
    for (const line of formatWaivers(result.waived)) io.out(line);
    io.out("public output: no leaks found.");
  }
  return 0;
}

async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    audience: { type: "string", default: "circle" },
    port: { type: "string", default: "8080" },
  });
  if (values.help) return (io.out(helpFor("serve")), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const [audience = "circle"] = audiencesOf(values.audience, false);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError("--port must be a number from 1 to 65535.");
  const { serve } = await import("./build/serve.ts");
  await serve({
    content: path.resolve(values.content),
    audience,
    port,
    log: io.out,
    err: io.err,
    signals: true,
  });
  return 0;
}

async function newCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, common);
  if (values.help) return (io.out(helpFor("new")), 0);
  const [kind, title, extra] = positionals;
  if (kind !== "report" && kind !== "tactic" && kind !== "ledger") {
    throw new UsageError(
      'say what to create: mimeo new report|tactic|ledger "Title" (a new circle: mimeo init DIR).',
    );
  }
  if (extra !== undefined) throw new UsageError("put the title in quotes: it is one argument.");
  if (kind !== "ledger" && (title === undefined || title.trim() === "")) {
    throw new UsageError(`give the ${kind} a title: mimeo new ${kind} "Title".`);
  }
  // Only circle.yaml must be readable: a problem in another file never stops a new one.
  const { circle, problems } = await loadCircle(values.content);
  if (!circle) throw new ContentError(problems);
  let created;
  try {
    created = newFile(kind, title ?? "", circle.today, {
      language: circle.settings.language,
      currency: circle.settings.currency,
      // A report names one of the circle's own tactics, never an imported one.
      tactics: circle.tactics.filter((t) => t.kind !== "care" && !t.from).map((t) => t.slug),
      careTactics: circle.tactics.filter((t) => t.kind === "care" && !t.from).map((t) => t.slug),
    });
  } catch (error) {
    if (error instanceof NewFileError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const target = await writeNewFile(values.content, created);
    io.out(`created ${path.relative(process.cwd(), target)}`);
    if (problems.length > 0) {
      io.out(
        `note: ${values.content} already had ${problems.length} problem${problems.length === 1 ? "" : "s"}; run mimeo check.`,
      );
    }
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
  if (values.help) return (io.out(helpFor("ledger")), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  const format = values.format;
  if (format !== "table" && format !== "csv" && format !== "hledger") {
    throw new UsageError(`--format must be table, csv or hledger (found "${format}").`);
  }
  const { prepared, problems } = await prepareCircle(values.content);
  if (!prepared) throw new ContentError(problems);
  const { ledger } = prepared;
  const text =
    format === "csv"
      ? ledgerCsv(ledger)
      : format === "hledger"
        ? ledgerHledger(ledger)
        : ledgerTable(ledger);
  io.out(text.replace(/\n$/, ""));
  return 0;
}

async function rotationCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    format: { type: "string", default: "table" },
  });
  if (values.help) return (io.out(helpFor("rotation")), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  if (values.format !== "table" && values.format !== "csv") {
    throw new UsageError(`--format must be table or csv (found "${values.format}").`);
  }
  const { prepared, problems } = await prepareCircle(values.content);
  if (!prepared) throw new ContentError(problems);
  if (!prepared.rotation) {
    io.err(`mimeo: ${values.content} has no rotation.md: there is no rotation to plan.`);
    return 1;
  }
  const text =
    values.format === "csv" ? rotationCsv(prepared.rotation) : rotationTable(prepared.rotation);
  io.out(text.replace(/\n$/, ""));
  return 0;
}

async function drawCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    help: { type: "boolean", short: "h" },
    seed: { type: "string" },
    pool: { type: "string" },
    names: { type: "string" },
    pick: { type: "string" },
  });
  if (values.help) return (io.out(helpFor("draw")), 0);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  if (values.seed === undefined)
    throw new UsageError('give the numbers drawn in public: --seed "9319 / 2 5 8 10 12".');
  if ((values.pool === undefined) === (values.names === undefined)) {
    throw new UsageError(
      "give either --pool N (entries numbered 1 to N) or --names FILE (one name a line).",
    );
  }
  let pool: number | string[];
  if (values.names !== undefined) {
    const text = await readFile(values.names, "utf8").catch(() => {
      throw new UsageError(`cannot read the names file ${values.names}.`);
    });
    pool = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    if (pool.length === 0) throw new UsageError(`${values.names} holds no names.`);
  } else {
    pool = Number(values.pool);
    if (!Number.isInteger(pool) || pool < 1 || pool > 65535) {
      throw new UsageError("--pool must be a whole number from 1 to 65535.");
    }
  }
  const size = typeof pool === "number" ? pool : pool.length;
  const picks = values.pick === undefined ? size : Number(values.pick);
  if (!Number.isInteger(picks) || picks < 1 || picks > size) {
    throw new UsageError(`--pick must be a whole number from 1 to ${size}.`);
  }
  try {
    io.out(formatDraw({ seed: values.seed, pool, picks }).replace(/\n$/, ""));
  } catch (error) {
    if (error instanceof LotterySeedError) throw new UsageError(error.message);
    throw error;
  }
  return 0;
}

async function bundleCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...common,
    out: { type: "string", default: "output" },
    audience: { type: "string", default: "public" },
    plain: { type: "boolean" },
    ...SEAL_KEY_OPTIONS,
    sign: { type: "boolean" },
    key: { type: "string" },
  });
  if (values.help) return (io.out(helpFor("bundle")), 0);
  const [target, extra] = positionals;
  if (target === undefined || extra !== undefined) {
    throw new UsageError("say where to put the bundle: mimeo bundle /media/usb/archive.");
  }
  const [audience = "public"] = audiencesOf(values.audience, false);
  // A signing key's passphrase file is not a sealing key.
  const keyed = Object.keys(SEAL_KEY_OPTIONS).some(
    (name) => name in values && !(values.sign && name === "passphrase-file"),
  );
  if (audience === "circle" && (values.sign || values.key !== undefined)) {
    throw new UsageError("--sign is for the public bundle other circles import.");
  }
  if (values.key !== undefined && !values.sign) throw new UsageError("--key goes with --sign.");
  if (audience === "public" && (values.plain || keyed)) {
    throw new UsageError(
      "the public archive is never sealed: --plain and keys are for --audience circle.",
    );
  }
  if (values.plain && keyed)
    throw new UsageError("--plain writes no sealed file: leave out the keys.");
  const { prepared, problems } = await prepareCircle(values.content);
  if (!prepared) throw new ContentError(problems);
  const build = path.join(values.out, audience);
  if (audience === "circle" && !values.plain) {
    const { sealedBundleCommand } = await import("./seal/commands.ts");
    return sealedBundleCommand(build, target, values, prepared.circle.settings.language, io);
  }
  if (audience === "circle") io.err(plainCircleWarning(prepared));
  const exchange = values.sign ? await import("./exchange/commands.ts") : undefined;
  const signer = await exchange?.bundleSignerOrExit(io, {
    content: values.content,
    key: values.key,
    passphraseFile: values["passphrase-file"],
    exchangeName: prepared.circle.settings.exchangeName,
    month: prepared.circle.today.slice(0, 7),
  });
  if (signer === null) return 1;
  const result = await bundle(build, target, {
    audience,
    circleName: prepared.circle.settings.name,
    language: prepared.circle.settings.language,
    ...(signer ? { signer } : {}),
    ...(audience === "public"
      ? {
          // The bundle's own files pass the guard too; the site's PDFs are read from the
          // cache the build filled, by their hash.
          vet: async (dir: string) => {
            const report = await guardPublicOutput(
              dir,
              prepared,
              values.content,
              [values.content, values.out, dir, target],
              printCacheFor(values.out),
            );
            if (report.findings.length > 0) throw new LeakError(report);
          },
        }
      : {}),
  });
  io.out(
    `${result.replaced ? "replaced the bundle in" : "wrote a bundle to"} ${target}: ${result.files} files, checked by SHA256SUMS${signer ? `, signed by key ${signer.keyId}` : ""}`,
  );
  return 0;
}

async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { help: { type: "boolean", short: "h" } });
  if (values.help) return (io.out(helpFor("verify")), 0);
  const [dir, extra] = positionals;
  if (dir === undefined || extra !== undefined)
    throw new UsageError("say which bundle to check: mimeo verify DIR.");
  try {
    const report = await verify(dir);
    const text = formatVerifyReport(report).replace(/\n$/, "");
    const { signatureReport } = await import("./exchange/verify-signature.ts");
    const signature = await signatureReport(dir);
    if (isClean(report) && signature.ok) {
      io.out(text);
      for (const line of signature.lines) io.out(line);
      return 0;
    }
    io.err(text);
    for (const line of signature.lines) io.err(line);
    return 1;
  } catch (error) {
    if (error instanceof BundleError) {
      io.err(`mimeo: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
