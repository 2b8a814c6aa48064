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
import { hideComments } from "./comments.ts";
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
  /** Problems in the body (see comments.ts): the file is still read, and they are listed. */
  bodyProblems?: ContentProblem[];
}

/**
 * Parses YAML with the `yaml` library (YAML 1.2 core schema: dates stay strings, so
 * `2026-10-14` is never turned into a UTC midnight that shifts a day in another zone).
 * `firstLine` is the file line where the YAML text starts.
 */
export function parseYaml(file: string, text: string, firstLine: number): ParsedYaml {
  const plain = plainFrontMatter(text);
  if (!plain) return parseYamlDocument(file, text, firstLine);
  // The document itself is read only when a problem needs a line or a value as written that
  // the plain reading does not know.
  let document: ParsedYaml | undefined;
  const full = (): ParsedYaml => (document ??= parseYamlDocument(file, text, firstLine));
  return {
    data: plain.data,
    lineOf: (path) => {
      const line = typeof path[0] === "string" ? plain.lines.get(path[0]) : undefined;
      return line === undefined ? full().lineOf(path) : line + firstLine - 1;
    },
    sourceOf: (path) => full().sourceOf(path),
    problems: [],
  };
}

/** What the yaml library reads of `text`: every problem, and lines and values as written. */
export function parseYamlDocument(file: string, text: string, firstLine: number): ParsedYaml {
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

/**
 * Front matter of the plainest shape, which is nearly every file a circle writes: one `key:
 * value` a line, each value a short word or sentence, a whole number, a date, or a list of
 * words in brackets. Read here without the yaml library (which builds a syntax tree for each
 * file: a third of reading 4,000 reports); the data is what the yaml library gives for it,
 * key for key (tests/content/frontmatter.test.ts checks the two agree). Anything else, from a
 * comment or a quote to a value yaml would read as true, null or a float, is left to yaml:
 * `undefined`.
 */
export function plainFrontMatter(
  text: string,
): { data: Record<string, unknown>; lines: Map<string, number> } | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const data: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? "";
    if (row === "") continue;
    const match = PLAIN_ROW.exec(row);
    const key = match?.[1];
    const written = match?.[2];
    if (
      key === undefined ||
      written === undefined ||
      written.includes(":") ||
      lines.has(key) ||
      SPECIAL_WORD.test(key)
    ) {
      return undefined;
    }
    const value = written.startsWith("[") ? plainList(written) : plainScalar(written);
    if (value === undefined) return undefined;
    data[key] = value;
    lines.set(key, i + 1);
  }
  return lines.size > 0 ? { data, lines } : undefined;
}

/**
 * Characters that may change how YAML reads a line wherever they are (a comment, a flow map),
 * or that it refuses or may read as a line break: left to yaml. A colon is checked per value.
 */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\x00-\x09\x0b-\x1f\x7f-\x9f#{}\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;
/** `key: value`, the key a lowercase word, the value without the spaces around it. */
const PLAIN_ROW = /^([a-z][a-z0-9-]*): +(\S(?:.*\S)?) *$/;
/** Words the YAML core schema reads as true, false or null, in any case: left to yaml. */
const SPECIAL_WORD = /^(?:true|false|null)$/i;

/** A plain scalar's value as the YAML core schema reads it, if it is plainly a string or count. */
function plainScalar(written: string): string | number | undefined {
  if (/^[A-Za-z]/.test(written)) {
    return SPECIAL_WORD.test(written) || /[[\]]/.test(written) ? undefined : written;
  }
  if (!/^[0-9]/.test(written) || /[[\]]/.test(written)) return undefined;
  if (/^(?:0|[1-9][0-9]{0,14})$/.test(written)) return Number(written);
  // No number of the core schema holds a space, and it reads no date: both stay text.
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(written) || written.includes(" ")) return written;
  return undefined;
}

/** `[a, b-c]`: a list of lowercase words, as a flow sequence reads. */
function plainList(written: string): string[] | undefined {
  const match = /^\[ *([a-z][a-z0-9-]*(?: *, *[a-z][a-z0-9-]*)*)? *\]$/.exec(written);
  if (!match) return undefined;
  const words = match[1] === undefined ? [] : match[1].split(/ *, */);
  return words.some((w) => SPECIAL_WORD.test(w)) ? undefined : words;
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
  const bodyStartLine = closing + 2 + skip;
  const hidden = hideComments(file, lines.slice(closing + 1 + skip).join("\n"), bodyStartLine);
  return {
    ...parsed,
    body: hidden.body,
    bodyStartLine,
    ...(hidden.problems.length > 0 ? { bodyProblems: hidden.problems } : {}),
  };
}
