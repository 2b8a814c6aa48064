// Word wrap for the plain-text READMEs a bundle carries.
import { LINE_BREAK } from "../french-spacing.ts";

/** Greedy word wrap; no hyphenation, long words stay whole. */
export function wrapText(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(LINE_BREAK).filter(Boolean)) {
    if (line !== "" && [...`${indent}${line} ${word}`].length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(`${indent}${line}`);
  return lines.join("\n");
}
