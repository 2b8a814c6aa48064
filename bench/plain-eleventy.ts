// The baseline for the site benchmark: plain Eleventy 3 building the same Markdown files with a
// minimal Nunjucks layout and a tiny config, so the comparison shows what mimeo adds on top of
// Eleventy (loading and checking, index pages, ledger, rotation, search index, …).

import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="/site.css">
</head>
<body>
<nav><a href="/index.html">Home</a></nav>
<main>
<h1>{{ title }}</h1>
{{ content | safe }}
</main>
</body>
</html>
`;

// Markdown is rendered as Markdown only (no Liquid pass first), as mimeo renders it; every page
// is NAME.html, as mimeo writes them.
const CONFIG = `export default function (eleventyConfig) {
  eleventyConfig.addGlobalData("layout", "base.njk");
  eleventyConfig.addGlobalData("permalink", () => (data) => \`\${data.page.filePathStem}.html\`);
}
export const config = {
  markdownTemplateEngine: false,
  htmlTemplateEngine: "njk",
  dir: { includes: "_includes" },
};
`;

export interface PlainProject {
  input: string;
  config: string;
}

/** Copies a circle's Markdown into `root`/input with a layout and a config beside it. */
export async function plainEleventyProject(content: string, root: string): Promise<PlainProject> {
  const input = path.join(root, "input");
  await mkdir(path.join(input, "_includes"), { recursive: true });
  for (const entry of ["reports", "tactics", "ledger", "charter.md", "rotation.md"]) {
    await cp(path.join(content, entry), path.join(input, entry), { recursive: true });
  }
  await writeFile(path.join(input, "_includes", "base.njk"), LAYOUT);
  const config = path.join(root, "eleventy.config.mjs");
  await writeFile(config, CONFIG);
  return { input, config };
}
