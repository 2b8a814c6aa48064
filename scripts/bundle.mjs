// Packs src/ into lib/packed/, which bin/mimeo.js runs while it is current: mimeo's own modules
// and the pure-JavaScript libraries they load (Eleventy, markdown-it, zod, libphonenumber-js,
// yaml, luxon, minisearch) in one file, cli.cjs, in place of some 800. Node resolves, reads and
// links each module one by one: about 0.4 s of CPU of every `mimeo` command on two cores, and
// about 1 s of a rebuild, which loads Eleventy too (docs/benchmarks.md).
//
// One CommonJS file, because Node 20 keeps V8's code cache for no ES module: bin/packed.cjs runs
// cli.cjs with the cache made here, once the file is written, and does not parse its 6 MB again
// at every start. Parts only some commands load (Eleventy, the print room, seal, exchange) are
// in the file, but run only when first imported. The search index's thread and the file thread
// run index-worker.cjs and file-worker.cjs, files of their own.
//
// The print room's libraries (puppeteer, pdf-lib, fontkit) are packed into a file of their own,
// print-libraries.cjs, with a code cache of its own, loaded the first time the print room is:
// from node_modules they took about 0.2 s to load, and a rebuild after one edit starts the
// browser only once they are loaded; packed, about 0.05 s. In cli.cjs they would make every
// command read twice as much, and V8 would compile them anew at each PDF build (cli.cjs's cache
// holds what its top level runs, and the print room runs only when PDFs are made).
//
// Left as they are installed: nunjucks (mimeo compiles templates into Eleventy's nunjucks
// environment, so there must be one nunjucks), Eleventy's dev server (`mimeo serve` starts it;
// it is not strict-mode JavaScript, as a packed module must be) and eleventy-img, pdf.js (which
// loads files of its own by path), sharp (native code) and tsx.
//
// Every module that finds a file through import.meta.url (layouts, the threads' workers,
// the code's version) is two folders below the project's root, in src/ and in lib/packed/ alike;
// in the packed file, import.meta.url is that file's own address.
//
//   node scripts/bundle.mjs [ROOT]   packs ROOT/src into ROOT/lib/packed (ROOT: this project)
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Eleventy finds its own package.json (its version, checked against every plugin's wish) two
 * folders above src/Util/Require.js, through that module's import.meta.url: packed, it would
 * find mimeo's. It is pointed at the installed Eleventy, wherever that is when mimeo runs.
 */
const eleventyFindsItself = {
  name: "eleventy-finds-itself",
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@11ty[\\/]eleventy[\\/]src[\\/]Util[\\/]Require\.js$/ },
      async (args) => {
        const source = await readFile(args.path, "utf8");
        // `require` is the one every CommonJS file is given.
        const installed =
          'require("node:url").pathToFileURL(require("node:path").join(require("node:path").dirname(require.resolve("@11ty/eleventy")), "Util", "Require.js")).href';
        if (!source.includes("fileURLToPath(import.meta.url)")) {
          throw new Error(
            "Eleventy no longer finds its package.json as scripts/bundle.mjs expects",
          );
        }
        return {
          contents: source.replaceAll(
            "fileURLToPath(import.meta.url)",
            `fileURLToPath(${installed})`,
          ),
          loader: "js",
        };
      },
    );
  },
};

/**
 * gray-matter's js-yaml (version 3) loads the JavaScript parser esprima when it starts, for its
 * `!!js/function` type, through a require esbuild cannot see: from node_modules, without the
 * code cache, about 6 ms of every `mimeo` command. gray-matter reads front matter with js-yaml's
 * safe schema, which has no such type, so the parser is never used: packed, the type finds no
 * parser, as js-yaml's own browser build does.
 */
const yamlWithoutEsprima = {
  name: "yaml-without-esprima",
  setup(build) {
    build.onLoad(
      { filter: /[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ },
      async (args) => {
        const source = await readFile(args.path, "utf8");
        const load = "esprima = _require('esprima');";
        if (!source.includes(load)) {
          throw new Error("js-yaml no longer loads esprima as scripts/bundle.mjs expects");
        }
        return {
          contents: source.replace(load, 'throw new Error("esprima is not packed");'),
          loader: "js",
        };
      },
    );
  },
};

/**
 * The libraries print-libraries.cjs holds, by the names mimeo's modules import them by, and
 * whether each starts when the file is loaded or when first asked for: fontkit takes about
 * 30 ms to start (it unpacks its Unicode tables), and a build loads it while the browser starts.
 */
const PRINT_LIBRARIES = { "puppeteer-core": "now", "pdf-lib": "now", "@pdf-lib/fontkit": "asked" };

/**
 * In cli.cjs, each of PRINT_LIBRARIES is what print-libraries.cjs exports under its name: the
 * very module.exports a require() of the installed library gives, so every import of it works
 * as it did when it was left as installed.
 */
const printLibrariesPacked = {
  name: "print-libraries-packed",
  setup(build) {
    const names = new RegExp(
      `^(${Object.keys(PRINT_LIBRARIES)
        .map((n) => n.replace(/[/.]/g, "\\$&"))
        .join("|")})$`,
    );
    build.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: "print-library" }));
    build.onResolve({ filter: /^print-libraries$/ }, () => ({
      path: "print-libraries",
      namespace: "print-libraries",
    }));
    build.onLoad({ filter: /.*/, namespace: "print-library" }, (args) => ({
      contents: `module.exports = require("print-libraries")[${JSON.stringify(args.path)}];`,
      loader: "js",
    }));
    // Loaded once, with its cache, by the loader bin/mimeo.js runs cli.cjs with.
    build.onLoad({ filter: /.*/, namespace: "print-libraries" }, () => ({
      contents: [
        'const path = require("node:path");',
        'const { loadPacked } = require(path.join(__dirname, "..", "..", "bin", "packed.cjs"));',
        'module.exports = loadPacked(path.join(__dirname, "print-libraries.cjs"));',
      ].join("\n"),
      loader: "js",
    }));
  },
};

const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)));
const outdir = path.join(root, "lib", "packed");
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    cli: "src/cli.ts",
    "index-worker": "src/search/index-worker.ts",
    "file-worker": "src/build/file-worker.ts",
  },
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Each import() becomes a require() (see bin/packed.cjs): Node 20 loses a script's import()
  // when V8 compiles it from a code cache.
  supported: { "dynamic-import": false },
  tsconfig: path.join(root, "tsconfig.json"),
  external: [
    "@11ty/eleventy-dev-server",
    "@11ty/eleventy-img",
    "nunjucks",
    "puppeteer",
    "pdfjs-dist",
    "pdfjs-dist/*",
    "sharp",
    "tsx",
    "tsx/*",
  ],
  define: { "import.meta.url": "mimeoFileUrl" },
  banner: { js: 'const mimeoFileUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
  plugins: [eleventyFindsItself, yamlWithoutEsprima, printLibrariesPacked],
});

await build({
  absWorkingDir: root,
  stdin: {
    contents: `module.exports = {${Object.entries(PRINT_LIBRARIES)
      .map(([name, starts]) => {
        const [key, required] = [JSON.stringify(name), `require(${JSON.stringify(name)})`];
        return starts === "now" ? `${key}: ${required}` : `get ${key}() { return ${required}; }`;
      })
      .join(", ")}};`,
    resolveDir: root,
    loader: "js",
  },
  outfile: path.join(outdir, "print-libraries.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  supported: { "dynamic-import": false },
  logLevel: "warning",
});

// V8's code caches of cli.cjs and print-libraries.cjs, made by the Node that packed them (see
// bin/packed.cjs).
for (const file of ["cli.cjs", "print-libraries.cjs"]) {
  execFileSync(process.execPath, [
    fileURLToPath(new URL("../bin/packed.cjs", import.meta.url)),
    path.join(outdir, file),
  ]);
}
