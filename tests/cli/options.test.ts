// A mistyped option is said as what to change, naming the option: never node's own words
// ("argument is ambiguous", "To specify a positional argument ...") and never a stack trace.
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";

async function mimeo(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("options a command does not take, or takes otherwise", () => {
  it.each([
    [
      ["build", "--foo"],
      /^mimeo: there is no option --foo\. The options here are: --content, .*--jobs/,
    ],
    [
      ["ledger", "--formt", "csv"],
      /^mimeo: there is no option --formt \(did you mean "--format"\?\)\./,
    ],
    [["check", "-x"], /^mimeo: there is no option -x\. The options here are: /],
    [
      ["build", "--jobs", "-1"],
      /^mimeo: --jobs must be a whole number from 1 to 64, like --jobs 2 \(found "-1"\)\./,
    ],
    [
      ["build", "--jobs", "abc"],
      /^mimeo: --jobs must be a whole number from 1 to 64, like --jobs 2 \(found "abc"\)\./,
    ],
    [["build", "--jobs", "0x10"], /^mimeo: --jobs must be a whole number from 1 to 64/],
    [["build", "--jobs"], /^mimeo: --jobs needs a value after it, like --jobs N\./],
    [
      ["build", "--out", "--no-pdf"],
      /^mimeo: --out needs a value after it, like --out DIR, before --no-pdf\./,
    ],
    [["build", "--out="], /^mimeo: --out is empty: give it a value, like --out DIR\./],
    [["build", "--out", ""], /^mimeo: --out is empty: give it a value, like --out DIR\./],
    [
      ["build", "--no-pdf=yes"],
      /^mimeo: --no-pdf takes no value: write just --no-pdf, without "=yes"\./,
    ],
  ])("mimeo %j", async (args, message) => {
    // A content folder that is not there: should an option slip through, nothing is built.
    const [command = "", ...rest] = args;
    const { code, out, err } = await mimeo([command, "--content", "/nonexistent-circle", ...rest]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).not.toMatch(/ambiguous|Unknown option|To specify|\n\s+at /);
    expect(err.split("\n").at(-1)).toBe(`Run \`mimeo help ${args[0]}\` for its options.`);
  });
});

describe("the same words from every other command", () => {
  it.each([
    [
      ["seal", "x.age", "--form", "output"],
      /^mimeo: there is no option --form \(did you mean "--from"\?\)\./,
    ],
    [
      ["unseal", "a.age", "b", "--identity"],
      /^mimeo: --identity needs a value after it, like --identity KEYFILE\./,
    ],
    [
      ["import", "b", "--contnet", "x"],
      /^mimeo: there is no option --contnet \(did you mean "--content"\?\)\./,
    ],
    [["keygen", "--kye", "k"], /^mimeo: there is no option --kye \(did you mean "--key"\?\)\./],
    [["wipe", "--yess"], /^mimeo: there is no option --yess \(did you mean "--yes"\?\)\./],
    [["wipe", "output"], /^mimeo: wipe takes no folder without an option: write --out output/],
    [
      ["init", "d", "--langauge", "fr"],
      /^mimeo: there is no option --langauge \(did you mean "--language"\?\)\./,
    ],
  ])("mimeo %j", async (args, message) => {
    const { code, out, err } = await mimeo(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).not.toMatch(/ambiguous|Unknown option|To specify|Unexpected argument|\n\s+at /);
  });
});
