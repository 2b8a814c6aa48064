// Packs src/ into lib/packed/, which bin/mimeo.js runs while it is current: mimeo's own modules
// and the pure-JavaScript libraries they load (markdown-it, zod, libphonenumber-js, yaml, luxon,
// minisearch) in a few files, in place of some 450. Node resolves, reads and links each ES module
// one by one, and that was about 0.4 s of every `mimeo` command on two cores (docs/benchmarks.md).
//
// Left as they are installed: Eleventy and nunjucks (mimeo compiles templates into Eleventy's own
// nunjucks environment, so there must be one nunjucks), the print room's libraries (puppeteer,
// pdf-lib, fontkit, pdf.js, which loads files of its own by path), sharp (native code) and tsx.
// Parts only some commands load (the print room, seal, exchange) stay separate chunks, loaded
// when needed, as before.
//
// Every module that finds a file through import.meta.url (layouts, the search index's worker,
// the code's version) is two folders below the project's root, in src/ and in lib/packed/ alike.
//
//   node scripts/bundle.mjs [ROOT]   packs ROOT/src into ROOT/lib/packed (ROOT: this project)
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)));
const outdir = path.join(root, "lib", "packed");
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: "src/cli.ts", "index-worker": "src/search/index-worker.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  external: [
    "@11ty/*",
    "nunjucks",
    "puppeteer",
    "puppeteer-core",
    "pdf-lib",
    "@pdf-lib/*",
    "pdfjs-dist",
    "pdfjs-dist/*",
    "sharp",
    "tsx",
    "tsx/*",
  ],
  // The CommonJS libraries packed in call require(): an ES module has none of its own.
  banner: {
    js: 'import { createRequire as mimeoRequire } from "node:module"; const require = mimeoRequire(import.meta.url);',
  },
  logLevel: "warning",
});
