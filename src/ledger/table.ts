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
  const tables = readTables(body, lines, bodyStartLine);
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
  return ledger?.rows;
}

function readTables(body: string, lines: readonly string[], bodyStartLine: number): FoundTable[] {
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
    }
  }
  return tables;
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
