// mimeo loads Eleventy without its ESM resolve hook: the hook reloads JavaScript config and data
// files edited under Eleventy's own watch, which mimeo has none of, and on Node 20 it puts every
// later import through a loader thread (see src/site/eleventy.ts).
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import path from "node:path";

describe("loading Eleventy", () => {
  it("registers no resolve hook of Eleventy's, and Eleventy still builds", () => {
    // A new process: the hook would be registered once per process, when Eleventy is loaded.
    const script = `
      import module from "node:module";
      const registered = [];
      const register = module.register;
      module.register = (specifier, ...rest) => {
        registered.push(String(specifier));
        return register.call(module, specifier, ...rest);
      };
      const { eleventyClass } = await import("./src/site/eleventy.ts");
      const Eleventy = await eleventyClass();
      process.stdout.write(JSON.stringify({
        eleventy: typeof Eleventy,
        hooks: registered.filter((s) => s.includes("EsmResolver")),
      }));
    `;
    const env = { ...process.env };
    delete env.ELEVENTY_SKIP_ESM_RESOLVER;
    const said = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: path.join(import.meta.dirname, "..", ".."), encoding: "utf8", env },
    );
    expect(JSON.parse(said)).toEqual({ eleventy: "function", hooks: [] });
  }, 60_000);
});
