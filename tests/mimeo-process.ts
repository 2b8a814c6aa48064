// Runs the `mimeo` command as a person does: a new node process on bin/mimeo.js, its exit code
// and both streams kept, whether it succeeds or not.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

export const REPO = path.join(import.meta.dirname, "..");
const bin = path.join(REPO, "bin", "mimeo.js");
const run = promisify(execFile);

export interface MimeoRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function mimeo(args: string[], cwd = REPO): Promise<MimeoRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as MimeoRun;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
