// Splits a Markdown file into YAML front matter and body, keeping line numbers so that every
// problem can name the line in the file a person sees in their editor.
import matter from "gray-matter";
import { LineCounter, parseDocument, isMap, isSeq, type Document as YamlDocument } from "yaml";
import { problem, type ContentProblem } from "./problem.ts";

export interface ParsedYaml {
  data: unknown;
  /** Line in the file of the value at a path (`["amendments", 1, "article"]`), or the nearest parent's. */
  lineOf: (path: readonly (string | number)[]) => number;
  problems: ContentProblem[];
}

export interface ParsedMarkdown extends ParsedYaml {
  body: string;
  bodyStartLine: number;
}

/**
 * Parses YAML with the `yaml` library (YAML 1.2 core schema: dates stay strings, so
 * `2026-10-14` is never turned into a UTC midnight that shifts a day in another zone).
 * `firstLine` is the file line where the YAML text starts.
 */
export function parseYaml(file: string, text: string, firstLine: number): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ContentProblem[] = [];
  for (const error of doc.errors) {
    const line = lineCounter.linePos(error.pos[0]).line + firstLine - 1;
    const message = error.message.split("\n")[0] ?? error.message;
    problems.push(
      problem(
        file,
        line,
        `the YAML cannot be read: ${message}. Check indentation, colons, brackets and quotes on this line and the one before.`,
      ),
    );
  }
  const lineOf = (path: readonly (string | number)[]): number =>
    lineOfPath(doc, lineCounter, path) + firstLine - 1;
  return { data: problems.length > 0 ? {} : (doc.toJS() as unknown), lineOf, problems };
}

function lineOfPath(
  doc: YamlDocument,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): number {
  // Walk down as far as the path exists; a missing field is reported at its parent's line.
  let node: unknown = doc.contents;
  let line = 1;
  const lineAt = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  line = lineAt(node) ?? 1;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const k = item.key as { value?: unknown } | null;
        return k !== null && typeof k === "object" && k.value === key;
      });
      if (!pair) return line;
      line = lineAt(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (item === undefined) return line;
      line = lineAt(item) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

/** Splits `---` front matter from the body with gray-matter and parses it with line numbers. */
export function parseMarkdownFile(file: string, source: string): ParsedMarkdown {
  const text = source.replace(/^\uFEFF/, "");
  if (!/^---\r?\n/.test(text)) {
    return {
      data: {},
      lineOf: () => 1,
      problems: [
        problem(
          file,
          1,
          "the file must start with YAML front matter: a line `---`, the fields, and another `---`.",
        ),
      ],
      body: text,
      bodyStartLine: 1,
    };
  }
  // gray-matter finds the delimiters; YAML is parsed here so errors keep their lines.
  const split = matter(text, { engines: { yaml: () => ({}) } });
  const yamlText = split.matter.replace(/^\r?\n/, "");
  const closing = text.split(/\r?\n/).findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  if (closing < 0) {
    return {
      data: {},
      lineOf: () => 1,
      problems: [problem(file, 1, "the front matter is never closed: add a line `---` after it.")],
      body: "",
      bodyStartLine: 1,
    };
  }
  const parsed = parseYaml(file, yamlText, 2);
  const body = split.content.replace(/^\r?\n/, "");
  const bodyStartLine = closing + 2 + (split.content.startsWith("\n") ? 1 : 0);
  return { ...parsed, body, bodyStartLine };
}
