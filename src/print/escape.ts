// Escaping for CSS strings, such as the running title in a reading copy's top margin. HTML text
// needs nothing here: the print templates escape it through Nunjucks' autoescape.

/** A CSS string literal; control characters dropped so a title can't break out of it. */
export const cssString = (text: string): string =>
  `"${text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/</g, "\\3c ")}"`;
