// One edit to a content file, as a person saves it, for tests that follow what an edit changes.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";

/** Replaces `from` with `to` in `file` (relative to `dir`); fails if there was nothing to replace. */
export async function editFile(
  dir: string,
  file: string,
  from: string | RegExp,
  to: string,
): Promise<void> {
  const full = path.join(dir, file);
  const text = await readFile(full, "utf8");
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  await writeFile(full, edited);
}
