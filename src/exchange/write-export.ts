// Writes exchange/ into the public build, before the guard scans it with every other file.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Circle } from "../content/model.ts";
import { EXCHANGE_DIR, exchangeFiles } from "./export.ts";

export async function writeExchange(circle: Circle, publicDir: string): Promise<void> {
  for (const file of exchangeFiles(circle)) {
    const target = path.join(publicDir, EXCHANGE_DIR, ...file.path.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
}
