// How bin/mimeo.js starts: the compiled lib/ while it is newer than every source file, and the
// TypeScript sources through tsx otherwise, so an edit is never run from stale code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdir, mkdtemp, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const root = path.join(import.meta.dirname, "..", "..");
const run = promisify(execFile);

/** A copy of bin/ beside a src/cli.ts and a lib/cli.js that say which one ran. */
let project: string;
beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), "mimeo-start-"));
  for (const file of ["mimeo.js", "packed.cjs"]) {
    await cp(path.join(root, "bin", file), path.join(project, "bin", file));
  }
  await writeFile(path.join(project, "package.json"), '{ "type": "module" }\n');
  await symlink(path.join(root, "node_modules"), path.join(project, "node_modules"), "dir");
  await mkdir(path.join(project, "src", "site"), { recursive: true });
  await mkdir(path.join(project, "lib"));
  const cli = (from: string): string =>
    `export async function main(args${from === "src" ? ": string[]" : ""}) {\n` +
    `  console.log("${from}", args.join(" "));\n  return 0;\n}\n`;
  await writeFile(path.join(project, "src", "cli.ts"), cli("src"));
  await writeFile(path.join(project, "src", "site", "build.ts"), "export {};\n");
  await writeFile(path.join(project, "lib", "cli.js"), cli("lib"));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(project, "bin", "mimeo.js"), "build"], {
    env: { ...process.env, ...env },
  });
  return stdout.trim();
}

const at = (seconds: number): Date => new Date(1_700_000_000_000 + seconds * 1000);

describe("bin/mimeo.js", () => {
  it("runs the sources through tsx when lib/ was never compiled", async () => {
    expect(await start()).toBe("src build");
  });

  it("runs lib/ while it is newer than every source file, and the sources after an edit", async () => {
    const stamp = path.join(project, "lib", ".compiled");
    await writeFile(stamp, "");
    const deep = path.join(project, "src", "site", "build.ts");
    await utimes(path.join(project, "src", "cli.ts"), at(0), at(0));
    await utimes(deep, at(0), at(0));
    await utimes(stamp, at(10), at(10));
    expect(await start()).toBe("lib build");
    expect(await start({ MIMEO_FROM_SOURCE: "1" })).toBe("src build");

    await utimes(deep, at(20), at(20));
    expect(await start()).toBe("src build");
  });

  it("runs the packed lib/packed/ when the compile made it", async () => {
    const stamp = path.join(project, "lib", ".compiled");
    const packed = path.join(project, "lib", "packed");
    await mkdir(packed, { recursive: true });
    await writeFile(
      path.join(packed, "cli.cjs"),
      'exports.main = async (args) => {\n  console.log("packed", args.join(" "));\n  return 0;\n};\n',
    );
    await utimes(path.join(project, "src", "cli.ts"), at(0), at(0));
    await utimes(path.join(project, "src", "site", "build.ts"), at(0), at(0));
    await writeFile(stamp, "");
    await utimes(stamp, at(30), at(30));
    expect(await start()).toBe("packed build");
    // With the code cache the compile makes beside it.
    await run(process.execPath, [
      path.join(project, "bin", "packed.cjs"),
      path.join(packed, "cli.cjs"),
    ]);
    expect((await stat(path.join(packed, "cli.cjs.v8-cache"))).size).toBeGreaterThan(0);
    expect(await start()).toBe("packed build");
    expect(await start({ MIMEO_FROM_SOURCE: "1" })).toBe("src build");
  });
});
