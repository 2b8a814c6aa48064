// Escaping for the few strings TypeScript still writes into markup: HTML text and CSS strings.
// The print templates escape through Nunjucks' autoescape; these are for code outside them.

export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** A CSS string literal; control characters dropped so a title can't break out of it. */
export const cssString = (text: string): string =>
  `"${text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/</g, "\\3c ")}"`;
