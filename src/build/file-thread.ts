// File system work a rebuild hands to a thread of its own, so that it goes on while the main
// thread renders pages and writes its caches: mimeo's figures are for a laptop of two cores. At
// 4,000 reports, linking the unchanged pages into the new output and removing the replaced
// output are each about 0.05 s of system calls, one file at a time. If the thread cannot start
// or fails, the work is done on the main thread.
import { rmSync } from "node:fs";
import { JobThread, workerBeside } from "../threads.ts";
import { doChore, linkOrCopy, type FileChore, type Link } from "./file-chores.ts";

const thread = new JobThread<FileChore, string[]>(
  () => workerBeside(import.meta.url, "file-worker"),
  "file thread",
);

/** Starts the thread ahead of its first job. */
export function warmFileThread(): void {
  thread.warm();
}

/** Whether the thread has started and not failed (the tests ask). */
export const fileThreadWorks = (): boolean => thread.works;

/** Does a chore on the thread, or here; gives the places it copied a file to (see doChore). */
async function chore(job: FileChore): Promise<string[]> {
  const answer = thread.post(job);
  try {
    if (answer) return await answer;
  } catch {
    // The thread failed part way: what it did is done again here.
    if (job.chore === "link") {
      return job.links.flatMap(([from, to]) => {
        rmSync(to, { force: true });
        return linkOrCopy(from, to) ? [] : [to];
      });
    }
  }
  return doChore(job);
}

/**
 * Links (or copies) each file into the new output; their folders must exist. Gives the places it
 * copied a file to: the others are the very files they were linked from.
 */
export const linkFiles = async (links: readonly Link[]): Promise<ReadonlySet<string>> =>
  new Set(links.length === 0 ? [] : await chore({ chore: "link", links }));

/** Removes a folder and everything in it. */
export const removeFolderOnThread = async (dir: string): Promise<void> => {
  await chore({ chore: "remove", dir });
};

/** Ends the thread once nothing is waiting for it (the next job starts another). */
export function endFileThread(): void {
  thread.end();
}
