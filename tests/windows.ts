// Rewrites a content folder as Windows Notepad may save it, for tests that check such files read
// exactly like the plain ones.
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Every Markdown and YAML file under `dir` with CRLF line endings, a UTF-8 byte-order mark,
 * spaces after each `---` line and no newline at the end.
 */
export async function saveAsWindows(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(md|yaml)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, "utf8");
    const windows = text.replace(/\n$/, "").replace(/^---$/gm, "---  ").replace(/\n/g, "\r\n");
    await writeFile(file, `\uFEFF${windows}`);
  }
}
