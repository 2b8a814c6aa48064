// Finding the one ledger table in a month file's Markdown, with each row's line in the file.
// markdown-it does the GFM table parsing (escaped pipes, alignment rows); we only read its tokens.

import MarkdownIt from "markdown-it";
import { problem } from "../content/problem.ts";
import type { ContentProblem } from "../content/problem.ts";

export const ledgerColumns = ["date", "who", "what", "amount", "note"] as const;

export interface TableRow {
  /** Line in the file (1-based). */
  line: number;
  /** The cells under ledgerColumns, trimmed; markdown-it pads a short row with empty cells. */
  cells: string[];
  /** How many cells the row has as written; more than five means a cell was cut off. */
  cellsWritten: number;
  /** The row as written, trimmed. */
  written: string;
}

interface FoundTable {
  line: number;
  header: string[];
  rows: TableRow[];
}

// One parser for every file: markdown-it keeps no state between parse() calls.
const markdown = new MarkdownIt();

/**
 * The rows of the file's ledger table, or undefined when it has none. Reports no table, extra
 * tables and wrong columns as problems; a file with several ledger-shaped tables uses the first.
 */
export function findLedgerTable(
  file: string,
  body: string,
  bodyStartLine: number,
  problems: ContentProblem[],
): TableRow[] | undefined {
  const lines = body.split(/\r?\n/);
  const { tables, strays } = readTables(body, lines, bodyStartLine);
  const wanted = ledgerColumns.join(" | ");
  const isLedger = (t: FoundTable): boolean =>
    t.header.length === ledgerColumns.length &&
    t.header.every((name, i) => name.toLowerCase() === ledgerColumns[i]);

  const ledger = tables.find(isLedger);
  if (tables.length === 0) {
    problems.push(
      problem(
        file,
        0,
        `no ledger table in this file: add a Markdown table with the columns ${wanted}`,
        { field: "table" },
      ),
    );
    return undefined;
  }
  for (const table of tables) {
    if (table === ledger) continue;
    const found = lines[table.line - bodyStartLine]?.trim() ?? "";
    const message = ledger
      ? `a ledger file holds one table, and the ledger table starts on line ${ledger.line}: ` +
        `move these rows into it, or write this part as a list`
      : `the table's columns are "${table.header.join(" | ")}": a ledger table has exactly ` +
        `the columns ${wanted}, in that order`;
    problems.push(problem(file, table.line, message, { field: "table", found }));
  }
  for (const stray of strays) {
    problems.push(
      problem(
        file,
        stray.line,
        "this line is written as a table row but is not in any table: a table ends at a blank line, " +
          "and a line indented by four spaces is code. Remove the blank line above it, or the spaces before it, " +
          "so the row is counted",
        { field: "table", found: stray.written },
      ),
    );
  }
  return ledger?.rows;
}

/** A line written like a table row (`| … |`). */
const ROW_LIKE = /^\s*\|.*\|\s*$/;

/**
 * The tables in the body, and the first row-like line of each paragraph or code block outside
 * them: rows a blank line or an indent cut off from their table, which would otherwise be read
 * as words and leave the month's totals short without a word.
 */
function readTables(
  body: string,
  lines: readonly string[],
  bodyStartLine: number,
): { tables: FoundTable[]; strays: { line: number; written: string }[] } {
  const strays: { line: number; written: string }[] = [];
  const tables: FoundTable[] = [];
  let table: FoundTable | undefined;
  let row: TableRow | undefined;
  let inHeader = false;
  for (const token of markdown.parse(body, {})) {
    switch (token.type) {
      case "table_open":
        table = { line: bodyStartLine + (token.map?.[0] ?? 0), header: [], rows: [] };
        tables.push(table);
        break;
      case "thead_open":
        inHeader = true;
        break;
      case "thead_close":
        inHeader = false;
        break;
      case "tr_open": {
        const index = token.map?.[0] ?? 0;
        const written = lines[index]?.trim() ?? "";
        row = {
          line: bodyStartLine + index,
          cells: [],
          cellsWritten: countCells(written),
          written,
        };
        break;
      }
      case "inline":
        if (row) row.cells.push(token.content.trim());
        break;
      case "tr_close":
        if (row && table) {
          if (inHeader) table.header = row.cells;
          else table.rows.push(row);
        }
        row = undefined;
        break;
      case "table_close":
        table = undefined;
        break;
      case "paragraph_open":
      case "code_block": {
        const [from, to] = token.map ?? [0, 0];
        for (let i = from; i < to; i++) {
          if (ROW_LIKE.test(lines[i] ?? "")) {
            strays.push({ line: bodyStartLine + i, written: lines[i]?.trim() ?? "" });
            break;
          }
        }
        break;
      }
    }
  }
  return { tables, strays };
}

/** Cells in a table line as GFM splits it: on pipes not escaped with a backslash. */
function countCells(line: string): number {
  const inner = line.replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  let cells = 1;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "\\") i++;
    else if (inner[i] === "|") cells++;
  }
  return cells;
}
