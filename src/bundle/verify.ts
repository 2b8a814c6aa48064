// Checks a bundle against its SHA256SUMS, for `mimeo verify DIR`: which files changed, which
// are missing and which were added. Follows no symbolic link and trusts no path in the list.
import { readdir, readFile } from "node:fs/promises";
import { isSealedBundle } from "./bundle.ts";
import path from "node:path";
import { LANGUAGES, type Language } from "../content/model.ts";
import {
  BundleError,
  compareWithSums,
  comparePaths,
  entryType,
  isOsLitterPath,
  parseSums,
  printable,
  SUMS_FILE,
  walkFolders,
  type FolderEntry,
  type SumLine,
} from "./files.ts";
import { VERIFY_WORDS } from "./words.ts";

export interface VerifyReport {
  /** Listed files whose bytes differ, or that are now a link or a folder. */
  changed: string[];
  /** Listed files that are gone. */
  missing: string[];
  /**
   * Files (or links) present but not listed, and added folders that hold nothing, named with
   * a final "/"; SHA256SUMS itself is never extra.
   */
  extra: string[];
  /** How many files SHA256SUMS lists. */
  checked: number;
  /** The bundle's language, from its START-HERE.html (English when it says none). */
  language: Language;
}

/** The language START-HERE.html declares (`<html lang="es">`), read only if it is a file. */
async function bundleLanguage(root: string): Promise<Language> {
  const file = path.join(root, "START-HERE.html");
  if ((await entryType(file)) !== "file") return "en";
  const head = (await readFile(file, "utf8")).slice(0, 2000);
  const lang = /<html lang="([a-z]+)"/.exec(head)?.[1];
  return (LANGUAGES as readonly string[]).includes(lang ?? "") ? (lang as Language) : "en";
}

export async function verify(dir: string): Promise<VerifyReport> {
  const root = path.resolve(dir);
  const sumsFile = path.join(root, SUMS_FILE);
  const sumsType = await entryType(sumsFile);
  const entries = sumsType === "missing" ? await readdir(root).catch(() => []) : [];
  if (await isSealedBundle(root, entries)) {
    const sealed = entries.find((name) => name.endsWith(".age")) ?? "archive.age";
    throw new BundleError(
      `${dir} is a sealed bundle: its SHA256SUMS is inside ${sealed}, and mimeo unseal checks every file against it as it opens (mimeo unseal ${path.join(dir, sealed)} FOLDER).`,
    );
  }
  if (sumsType !== "file") {
    throw new BundleError(
      sumsType === "missing"
        ? `${dir} has no ${SUMS_FILE}: it is not a mimeo bundle, or the list was removed.`
        : `${SUMS_FILE} in ${dir} is not a plain file; it can't be trusted.`,
    );
  }
  const listed = parseSums(await readFile(sumsFile, "utf8"));
  const { changed, missing, extra, found } = await compareWithSums(root, listed);
  const report: VerifyReport = {
    changed,
    missing,
    extra,
    checked: listed.length,
    language: await bundleLanguage(root),
  };
  report.extra.push(...(await addedEmptyFolders(root, listed, found)));
  report.extra.sort(comparePaths);
  return report;
}

/** The folders holding `paths`, and the folders holding those, up to the top. */
function foldersOf(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of paths) {
    const parts = file.split("/");
    for (let end = 1; end < parts.length; end++) folders.add(parts.slice(0, end).join("/"));
  }
  return folders;
}

/**
 * Folders no listed file is in and that hold no file at all, each as "name/": they were added,
 * and hold nothing that would be named as extra. Only the outermost of such folders is named.
 */
async function addedEmptyFolders(
  root: string,
  listed: readonly SumLine[],
  entries: readonly FolderEntry[],
): Promise<string[]> {
  const made = foldersOf(listed.map((line) => line.path));
  const holding = foldersOf(entries.map((entry) => entry.path));
  const counted = (folder: string): boolean => made.has(folder) || holding.has(folder);
  return (await walkFolders(root))
    .filter((folder) => !counted(folder) && !isOsLitterPath(folder))
    .filter((folder) => !folder.includes("/") || counted(path.posix.dirname(folder)))
    .map((folder) => `${folder}/`);
}

export function isClean(report: VerifyReport): boolean {
  return report.changed.length + report.missing.length + report.extra.length === 0;
}

/**
 * What `mimeo verify` prints: one line per problem, then a verdict. Paths come from the stick
 * and may hold anything, so control characters are shown escaped, never sent to the terminal.
 */
export function formatVerifyReport(report: VerifyReport): string {
  const w = VERIFY_WORDS[report.language];
  const labels = [w.changed, w.missing, w.extra];
  const width = Math.max(...labels.map((l) => l.length));
  const lines: string[] = [];
  for (const [label, paths] of [
    [w.changed, report.changed],
    [w.missing, report.missing],
    [w.extra, report.extra],
  ] as const) {
    for (const file of paths) lines.push(`${label.padEnd(width)}  ${printable(file)}`);
  }
  const problems = lines.length;
  lines.push(problems === 0 ? w.ok(report.checked, SUMS_FILE) : w.problems(problems));
  return `${lines.join("\n")}\n`;
}
