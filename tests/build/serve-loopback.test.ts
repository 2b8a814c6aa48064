// `mimeo serve` shows the circle's site (the ledger, the roster) to this machine only: it listens
// on the loopback address, never on every interface where others on the network could read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { serve } from "../../src/build/serve.ts";
import { REPO } from "../mimeo-process.ts";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mimeo-serve-loopback-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The local addresses (hex, as Linux writes them) listening on `port`, IPv4 and IPv6. */
async function listeningOn(port: number): Promise<string[]> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, at] = (local ?? "").split(":");
      if (at === hexPort && state === "0A") found.push(address ?? "");
    }
  }
  return found;
}

describe.skipIf(!existsSync("/proc/net/tcp"))("mimeo serve", () => {
  it("listens on 127.0.0.1 only", async () => {
    const content = path.join(work, "content");
    await cp(path.join(REPO, "tests", "fixtures", "minimal"), content, { recursive: true });
    const running = await serve({
      content,
      audience: "circle",
      port: 21_000 + (process.pid % 1000),
      log: () => undefined,
    });
    try {
      const port = Number(new URL(running.url).port);
      expect(await listeningOn(port)).toEqual(["0100007F"]);
      const page = await fetch(`http://127.0.0.1:${port}/index.html`);
      expect(page.status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
