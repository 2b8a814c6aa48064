// A tactic is named in front matter by its file name without .md (`tactic:`, `pairs-with:`,
// `adapted-from:`, `care-mirror:`). People often write the path they would link to instead.
import path from "node:path";

/**
 * The tactic's name, when `written` is a path or a file name (`../tactics/x.md`, `x.md`) of one
 * of `slugs`; otherwise undefined.
 */
export function nameWrittenAsPath(written: string, slugs: ReadonlySet<string>): string | undefined {
  const name = path.posix.basename(written.trim().replaceAll("\\", "/"), ".md");
  return name !== written && slugs.has(name) ? name : undefined;
}

/** What to write instead, for a field (`tactic`, `care-mirror`) given a tactic's path. */
export function writeJustTheName(field: string, name: string): string {
  const shown = field.includes("[") ? "" : `${field}: `;
  return `write just the tactic's name, its file name without .md and without a folder: ${shown}${name}`;
}
