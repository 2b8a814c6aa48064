// The packed mimeo (lib/packed/, scripts/bundle.mjs), which bin/mimeo.js runs once compiled, writes
// the same bytes as the TypeScript sources. Packing puts a second copy of a library beside the
// one Eleventy loads: nunjucks packed in made mimeo's templates escape every report's body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { EXAMPLE } from "../site/circle-only-matter.ts";
import { treeHashes } from "../tree.ts";

const REPO = path.join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
let work: string;
/** The packed files of a project of its own, so the packing never touches the lib/ bin/mimeo.js runs. */
let packedDir: string;
const loader = JSON.stringify(path.join(REPO, "bin", "packed.cjs"));
/** Says on stderr which modules are loaded from node_modules by name. */
let loads: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-packed-"));
  const project = path.join(work, "project");
  await mkdir(project);
  for (const shared of ["bin", "src", "layouts", "node_modules", "scripts"]) {
    await symlink(path.join(REPO, shared), path.join(project, shared), "dir");
  }
  for (const file of ["package.json", "package-lock.json", "tsconfig.json"]) {
    await cp(path.join(REPO, file), path.join(project, file));
  }
  await run(process.execPath, [path.join(REPO, "scripts", "bundle.mjs"), project]);
  packedDir = path.join(project, "lib", "packed");
  loads = path.join(work, "loads.cjs");
  await writeFile(
    loads,
    'const M = require("node:module"); const load = M._load; M._load = function (r, ...a) { process.stderr.write(`loads ${r}\\n`); return load.call(this, r, ...a); };',
  );
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs `mimeo build` with the packed files, as bin/mimeo.js runs them, or with the sources. */
function builder(content: string, options: string[]) {
  // One build day for both, whenever midnight falls in the circle's zone.
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000)) };
  const packed = JSON.stringify(path.join(packedDir, "cli.cjs"));
  const runner = `require(${loader}).loadPacked(${packed}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
  const build =
    (cli: string[], from: Record<string, string> = {}) =>
    (out: string): Promise<{ stderr: string }> =>
      run(process.execPath, [...cli, "build", ...options, "--content", content, "--out", out], {
        cwd: work,
        env: { ...env, ...from },
      });
  return {
    packed: build(["-r", loads, "-e", runner]),
    sources: build([path.join(REPO, "bin", "mimeo.js")], { MIMEO_FROM_SOURCE: "1" }),
  };
}

/** Whether V8 takes the code cache the packing made for a packed file. */
async function cacheTaken(file: string): Promise<string> {
  const taken = await run(process.execPath, [
    "-e",
    `process.stdout.write(String(require(${loader}).cacheTaken(${JSON.stringify(path.join(packedDir, file))})))`,
  ]);
  return taken.stdout;
}

describe("the packed mimeo", () => {
  it("builds the example circle byte for byte as the sources do", async () => {
    const content = path.join(work, "content");
    await cp(EXAMPLE, content, { recursive: true });
    const build = builder(content, ["--no-pdf"]);
    // As bin/mimeo.js runs it: with the code cache the packing made, which V8 takes.
    expect(await cacheTaken("cli.cjs")).toBe("true");
    const packedRun = await build.packed(path.join(work, "packed"));
    // js-yaml's parser for !!js/function, which front matter never uses, is not loaded.
    expect(packedRun.stderr).toContain("loads ");
    expect(packedRun.stderr).not.toContain("loads esprima");
    await build.sources(path.join(work, "sources"));
    expect(await treeHashes(path.join(work, "packed"))).toEqual(
      await treeHashes(path.join(work, "sources")),
    );
  });

  it("prints with the print room's libraries packed, byte for byte as the sources do", async () => {
    // A new circle's starter content: a few sheets of every kind, in seconds.
    const content = path.join(work, "starter");
    await run(process.execPath, [path.join(REPO, "bin", "mimeo.js"), "init", content]);
    const build = builder(path.join(content, "content"), []);
    expect(await cacheTaken("print-libraries.cjs")).toBe("true");
    const packedRun = await build.packed(path.join(work, "printed-packed"));
    // puppeteer, pdf-lib and fontkit come from print-libraries.cjs, with its cache.
    expect(packedRun.stderr).toContain("loads ");
    for (const library of ["puppeteer-core", "pdf-lib", "@pdf-lib/fontkit"]) {
      expect(packedRun.stderr).not.toContain(`loads ${library}\n`);
    }
    await build.sources(path.join(work, "printed-sources"));
    const packedFiles = await treeHashes(path.join(work, "printed-packed"));
    expect(Object.keys(packedFiles).filter((f) => f.endsWith(".pdf")).length).toBeGreaterThan(5);
    expect(packedFiles).toEqual(await treeHashes(path.join(work, "printed-sources")));
  }, 120_000);
});
