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

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-packed-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the packed mimeo", () => {
  it("builds the example circle byte for byte as the sources do", async () => {
    // A project of its own, so the packing never touches the lib/ bin/mimeo.js runs.
    const project = path.join(work, "project");
    await mkdir(project);
    for (const shared of ["src", "layouts", "node_modules", "scripts"]) {
      await symlink(path.join(REPO, shared), path.join(project, shared), "dir");
    }
    for (const file of ["package.json", "package-lock.json", "tsconfig.json"]) {
      await cp(path.join(REPO, file), path.join(project, file));
    }
    await run(process.execPath, [path.join(REPO, "scripts", "bundle.mjs"), project]);

    const content = path.join(work, "content");
    await cp(EXAMPLE, content, { recursive: true });
    // One build day for both, whenever midnight falls in the circle's zone.
    const env = { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000)) };
    const packed = path.join(project, "lib", "packed", "cli.cjs");
    const build = (
      cli: string[],
      out: string,
      from: Record<string, string> = {},
    ): Promise<{ stderr: string }> =>
      run(process.execPath, [...cli, "build", "--no-pdf", "--content", content, "--out", out], {
        cwd: work,
        env: { ...env, ...from },
      });
    // As bin/mimeo.js runs it: with the code cache the packing made, which V8 takes.
    const loader = JSON.stringify(path.join(REPO, "bin", "packed.cjs"));
    const taken = await run(process.execPath, [
      "-e",
      `process.stdout.write(String(require(${loader}).cacheTaken(${JSON.stringify(packed)})))`,
    ]);
    expect(taken.stdout).toBe("true");
    const runner = `require(${loader}).loadPacked(${JSON.stringify(packed)}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
    // Says on stderr which modules are loaded from node_modules by name.
    const loads = path.join(work, "loads.cjs");
    await writeFile(
      loads,
      'const M = require("node:module"); const load = M._load; M._load = function (r, ...a) { process.stderr.write(`loads ${r}\\n`); return load.call(this, r, ...a); };',
    );
    const packedRun = await build(["-r", loads, "-e", runner], path.join(work, "packed"));
    // js-yaml's parser for !!js/function, which front matter never uses, is not loaded.
    expect(packedRun.stderr).toContain("loads ");
    expect(packedRun.stderr).not.toContain("loads esprima");
    await build([path.join(REPO, "bin", "mimeo.js")], path.join(work, "sources"), {
      MIMEO_FROM_SOURCE: "1",
    });
    expect(await treeHashes(path.join(work, "packed"))).toEqual(
      await treeHashes(path.join(work, "sources")),
    );
  });
});
