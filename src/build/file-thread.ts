// File system work a rebuild hands to a thread of its own, so that it goes on while the main
// thread renders pages and writes its caches: mimeo's figures are for a laptop of two cores. At
// 4,000 reports, linking the unchanged pages into the new output and removing the replaced
// output are each about 0.05 s of system calls, one file at a time. If the thread cannot start
// or fails, the work is done on the main thread.
import { rmSync } from "node:fs";
import { JobThread, workerBeside } from "../threads.ts";
import { doChore, linkOrCopy, type FileChore, type Link } from "./file-chores.ts";

const thread = new JobThread<FileChore, null>(
  () => workerBeside(import.meta.url, "file-worker"),
  "file thread",
);

/** Starts the thread ahead of its first job. */
export function warmFileThread(): void {
  thread.warm();
}

/** Whether the thread has started and not failed (the tests ask). */
export const fileThreadWorks = (): boolean => thread.works;

async function chore(job: FileChore): Promise<void> {
  const answer = thread.post(job);
  try {
    if (answer) {
      await answer;
      return;
    }
  } catch {
    // The thread failed part way: what it did is done again here.
    if (job.chore === "link") {
      for (const [from, to] of job.links) {
        rmSync(to, { force: true });
        linkOrCopy(from, to);
      }
      return;
    }
  }
  doChore(job);
}

/** Links (or copies) each file into the new output; their folders must exist. */
export const linkFiles = (links: readonly Link[]): Promise<void> =>
  links.length === 0 ? Promise.resolve() : chore({ chore: "link", links });

/** Removes a folder and everything in it. */
export const removeFolderOnThread = (dir: string): Promise<void> => chore({ chore: "remove", dir });

/** Ends the thread once nothing is waiting for it (the next job starts another). */
export function endFileThread(): void {
  thread.end();
}
