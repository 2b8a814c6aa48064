// No module in src/ reaches itself through its imports, type-only imports included: a cycle
// ties two modules' jobs together, so neither can be read, tested or moved on its own.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** Relative specifiers of `import … from`, `export … from`, `import "…"` and `import("…")`. */
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^;"']*?from\s*["'](\.{1,2}\/[^"']+)["']|(?:^|[\s;])import\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/gm;

/** Every import between files of `root`, by path relative to it. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) =>
    f.endsWith(".ts"),
  );
  for (const file of files) {
    const source = readFileSync(path.join(root, file), "utf8");
    const targets = new Set<string>();
    for (const match of source.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? "";
      const target = path.relative(root, path.resolve(root, path.dirname(file), specifier));
      if (!target.startsWith("..")) targets.add(target.split(path.sep).join("/"));
    }
    graph.set(file.split(path.sep).join("/"), [...targets].sort());
  }
  return graph;
}

/** Each cycle once, as the files along it, starting from its least file. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") {
        const cycle = stack.slice(stack.indexOf(next));
        const least = cycle.indexOf([...cycle].sort()[0] ?? "");
        const turned = [...cycle.slice(least), ...cycle.slice(0, least)];
        cycles.set(turned.join(" → "), turned);
      } else if (!state.has(next) && graph.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return [...cycles.values()];
}

describe("imports in src/", () => {
  it("form no cycle", () => {
    const graph = importGraph(SRC);
    expect(graph.size).toBeGreaterThan(50);
    expect(cyclesOf(graph).map((c) => [...c, c[0]].join(" → "))).toEqual([]);
  });

  it("are all read: a cycle made of type-only and re-exporting imports is found", () => {
    const graph = importGraph(SRC);
    // Known edges of each kind the pattern must see.
    expect(graph.get("rotation/plan.ts")).toContain("rotation/check.ts");
    expect(graph.get("rotation/check.ts")).toContain("rotation/types.ts");
    expect(graph.get("rotation/index.ts")).toContain("rotation/types.ts");
    expect(graph.get("site/audience.ts")).toContain("site/feed.ts");
    expect(
      cyclesOf(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", ["c.ts"]],
          ["c.ts", ["a.ts", "d.ts"]],
          ["d.ts", []],
        ]),
      ),
    ).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });
});
