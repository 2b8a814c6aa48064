// The file thread (file-thread.ts): each job is a chore of file-chores.ts.
import { answerJobs } from "../threads.ts";
import { doChore, type FileChore } from "./file-chores.ts";

answerJobs((job: FileChore): string[] => doChore(job));
