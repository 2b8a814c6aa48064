// Reads the private deny-list: the real names (and anything else) a circle never wants in a
// public output. The file lives outside the content folder and is never copied anywhere.

/**
 * One entry a line; blank lines and `#` comments (whole-line, or after a space) ignored;
 * entries trimmed. Inline comments are allowed because "Maria Quintero  # night shift" must
 * still deny "Maria Quintero", not a phrase nobody will ever write.
 */
export function parseDenyList(text: string): string[] {
  const entries: string[] = [];
  for (const line of text.replace(/^\uFEFF/u, "").split(/\r\n|\r|\n/u)) {
    const entry = line.replace(/(?:^|\s)#.*$/u, "").trim();
    if (entry !== "") entries.push(entry);
  }
  return entries;
}
