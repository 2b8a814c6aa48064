// Search documents for the tests: the example circle's tactics, read straight from content/,
// plus a few made-up pages that exercise accents and hostile text.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { markdownToPlainText } from "../../src/search/index.ts";
import type { SearchDoc } from "../../src/search/index.ts";

const root = path.join(import.meta.dirname, "..", "..");

export function exampleTactics(): SearchDoc[] {
  const dir = path.join(root, "content", "tactics");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => {
      const { data, content } = matter(readFileSync(path.join(dir, name), "utf8"));
      const slug = name.replace(/\.md$/, "");
      return {
        id: `tactics/${slug}`,
        url: `tactics/${slug}.html`,
        title: String(data.title),
        kind: `Tactic · ${String(data.kind)}`,
        text: markdownToPlainText(content),
        tags: Array.isArray(data.tags) ? data.tags.map(String) : [],
      };
    });
}

export const SPANISH: SearchDoc[] = [
  {
    id: "tacticas/asamblea",
    url: "tacticas/asamblea.html",
    title: "Asamblea de turno",
    kind: "Táctica · Cuidado",
    text: "Una práctica sencilla: reunirse en la cafetería después del turno de noche.",
    tags: ["reunión"],
  },
  {
    id: "tacticas/huelga",
    url: "tacticas/huelga.html",
    title: "Huelga de celo",
    kind: "Táctica · Disrupción",
    text: "Trabajar exactamente según el reglamento, sin prisa y sin atajos.",
    tags: ["reglamento"],
  },
];
