// Splits a Markdown file into YAML front matter and body, keeping line numbers so that every
// problem can name the line in the file a person sees in their editor.
import {
  LineCounter,
  isMap,
  isSeq,
  parseDocument,
  visit,
  type Document as YamlDocument,
} from "yaml";
import { problem, type ContentProblem } from "./problem.ts";

export interface ParsedYaml {
  data: unknown;
  /** Line in the file of the value at a path (`["amendments", 1, "article"]`), or the nearest parent's. */
  lineOf: (path: readonly (string | number)[]) => number;
  /** The value at a path as written in the file (`.inf`, not Infinity), when it is there. */
  sourceOf: (path: readonly (string | number)[]) => string | undefined;
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
  const fileLine = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;
  for (const error of doc.errors) {
    const message = error.message.split("\n")[0] ?? error.message;
    problems.push(
      problem(
        file,
        fileLine(error.pos[0]),
        // The parser runs out of stack on brackets nested hundreds deep: say so in plain words.
        /call stack/i.test(message)
          ? "the YAML is nested too deeply to read: no field of the format needs more than a few levels of brackets or indentation."
          : `the YAML cannot be read: ${message}. Check indentation, colons, brackets and quotes on this line and the one before.`,
      ),
    );
  }
  const lineOf = (path: readonly (string | number)[]): number =>
    lineOfPath(doc, lineCounter, path) + firstLine - 1;
  const sourceOf = (path: readonly (string | number)[]): string | undefined => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? text.slice(node.range[0], node.range[1]).trim() : undefined;
  };
  if (problems.length > 0) return { data: {}, lineOf, sourceOf, problems };
  problems.push(...aliasProblems(file, doc, fileLine));
  if (problems.length > 0) return { data: {}, lineOf, sourceOf, problems };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown, lineOf, sourceOf, problems };
  } catch {
    // The only error left for toJS is an alias that expands beyond the bound: a "billion
    // laughs" that would otherwise fill the memory.
    const first = firstAliasOffset(doc);
    problems.push(
      problem(
        file,
        first === undefined ? firstLine : fileLine(first),
        "the aliases (*name) here repeat their anchors (&name) so often that the values would grow too large to read: write the values out instead of using aliases.",
      ),
    );
    return { data: {}, lineOf, sourceOf, problems };
  }
}

/** How far aliases may expand, as the `yaml` library counts it: no circle writes more than a few. */
const MAX_ALIAS_COUNT = 100;

/** An alias (`*name`) with no anchor (`&name`) before it. */
function aliasProblems(
  file: string,
  doc: YamlDocument,
  fileLine: (offset: number) => number,
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        problems.push(
          problem(
            file,
            fileLine(node.range?.[0] ?? 0),
            `the alias *${node.source} has no anchor &${node.source} before it: write the value out, or define the anchor first.`,
            { found: `*${node.source}` },
          ),
        );
      }
    },
  });
  return problems;
}

function firstAliasOffset(doc: YamlDocument): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Alias(_, node) {
      first = node.range?.[0];
      return visit.BREAK;
    },
  });
  return first;
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

const FENCE = /^---[ \t]*$/;

/**
 * Splits `---` front matter from the body and parses it with line numbers. `source` is the text
 * as decodeContent gives it (LF line endings, no byte-order mark). The split is written here
 * rather than left to gray-matter because gray-matter keeps the spaces after a `---` line in
 * the YAML and the body, which shifts every line number after it.
 */
export function parseMarkdownFile(file: string, source: string): ParsedMarkdown {
  const lines = source.split("\n");
  const none = { data: {}, lineOf: () => 1, sourceOf: () => undefined };
  if (!FENCE.test(lines[0] ?? "")) {
    return {
      ...none,
      problems: [
        problem(
          file,
          1,
          "the file must start with YAML front matter: a line `---`, the fields, and another `---`.",
        ),
      ],
      body: source,
      bodyStartLine: 1,
    };
  }
  const closing = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (closing < 0) {
    return {
      ...none,
      problems: [problem(file, 1, "the front matter is never closed: add a line `---` after it.")],
      body: "",
      bodyStartLine: 1,
    };
  }
  const parsed = parseYaml(file, lines.slice(1, closing).join("\n"), 2);
  // One blank line between the front matter and the body is layout, not part of the body.
  const skip = lines[closing + 1] === "" && closing + 2 < lines.length ? 1 : 0;
  const body = lines.slice(closing + 1 + skip).join("\n");
  return { ...parsed, body, bodyStartLine: closing + 2 + skip };
}
