// Starts a worker thread from a module beside the caller: a .ts source, a compiled .js, or the
// packed CommonJS file (scripts/bundle.mjs packs each worker into a file of its own).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, Worker } from "node:worker_threads";

/** tsx's ESM API, as `import "tsx/esm/api"` finds it (require finds its CommonJS twin). */
function tsxApi(): string {
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  return pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
}

/**
 * A thread running the module `name` beside the module at `callerUrl` (its import.meta.url).
 * Run from TypeScript sources (tests, or mimeo after an edit to src/), the thread registers tsx
 * before it loads the module, as bin/mimeo.js does: Node 20 does not pass a loader on to a
 * thread.
 */
export function workerBeside(callerUrl: string, name: string): Worker {
  const file = new URL(`./${name}.${callerUrl.split(".").pop() ?? "js"}`, callerUrl);
  if (!callerUrl.endsWith(".ts")) return new Worker(file);
  const tsx = tsxApi();
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`,
    { eval: true },
  );
}

type Waiter<A> = { resolve: (answer: A) => void; reject: (error: Error) => void };
type Message<A> = { id: number; answer: A } | { id: number; error: string };

/**
 * A thread that does jobs one after another and answers each, started on first use. It keeps
 * the process alive only while a job is out. Whatever stops it (it will not start, it stops),
 * `post` gives undefined from then on, and the jobs out are rejected: the caller does the work
 * itself.
 */
export class JobThread<J, A> {
  private thread: Worker | undefined;
  private broken = false;
  private jobs = 0;
  private readonly waiting = new Map<number, Waiter<A>>();
  /** How many times the thread was ended (the tests ask). */
  ended = 0;

  constructor(
    private readonly start: () => Worker,
    private readonly name: string,
  ) {}

  /** Whether the thread has started and not failed. */
  get works(): boolean {
    return this.thread !== undefined && !this.broken;
  }

  /** Starts the thread ahead of its first job, so it has loaded its code by then. */
  warm(): void {
    this.worker();
  }

  /** Sends a job: its answer, or undefined when there is no thread to do it. */
  post(job: J): Promise<A> | undefined {
    const worker = this.worker();
    if (!worker) return undefined;
    const id = ++this.jobs;
    return new Promise<A>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  /** Ends the thread, unless a job is out; the next job starts another. */
  end(): void {
    if (!this.thread || this.waiting.size > 0) return;
    void this.thread.terminate();
    this.thread = undefined;
    this.ended++;
  }

  private worker(): Worker | undefined {
    if (this.thread || this.broken) return this.thread;
    try {
      const started = this.start();
      started.on("message", (message: Message<A>) => {
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (this.waiting.size === 0) started.unref();
        if ("answer" in message) waiter?.resolve(message.answer);
        else waiter?.reject(new Error(message.error));
      });
      const fail = (error: unknown): void => {
        if (this.thread !== started) return;
        this.broken = true;
        this.thread = undefined;
        const reason = error instanceof Error ? error : new Error(String(error));
        for (const waiter of this.waiting.values()) waiter.reject(reason);
        this.waiting.clear();
      };
      started.on("error", fail);
      started.on("exit", (code) => fail(new Error(`the ${this.name} stopped (${code})`)));
      started.unref();
      this.thread = started;
    } catch {
      this.broken = true;
    }
    return this.thread;
  }
}

/** In a thread's module: answers each job JobThread sends with `work`'s answer or its error. */
export function answerJobs<J, A>(work: (job: J) => A): void {
  parentPort?.on("message", ({ id, job }: { id: number; job: J }) => {
    let message: Message<A>;
    try {
      message = { id, answer: work(job) };
    } catch (error) {
      message = { id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(message);
  });
}
