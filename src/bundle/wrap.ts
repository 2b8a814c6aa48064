// Word wrap for the plain-text READMEs a bundle carries.

/** Where a line may break: ordinary spaces only, never a no-break space (French `\u00a0:`). */
const BREAKABLE = /[ \t\r\n]+/;

/** Greedy word wrap; no hyphenation, long words stay whole. */
export function wrapText(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(BREAKABLE).filter(Boolean)) {
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
