// Runs the packed mimeo (lib/packed/cli.cjs, made by scripts/bundle.mjs) with V8's code cache:
// what V8 made of the file's 6 MB of JavaScript when the compile last ran, so that a start does
// not parse it all again (about 80 ms of every `mimeo` command on two cores; Node 20 keeps no
// such cache for a module of its own). The compile makes the cache once, next to the code, with
// the Node that will run it; mimeo writes nothing when it runs. Written by hand: the package
// that does this for CommonJS (v8-compile-cache) writes its caches into the system's temporary
// folder while the program runs. Where V8 cannot use the cache (another Node, other flags), it
// compiles the file as it would have anyway.
//
// Node 20 loses a script's import() when V8 compiles it from a cache (the call then fails with
// "A dynamic import callback was not specified"), so the packed file holds none: each import()
// was packed as a require() (scripts/bundle.mjs), which loads an ES module too on Node 20.19
// and later, and the require() it is given takes the file: addresses Eleventy imports by.
//
//   node bin/packed.cjs FILE    makes FILE's cache (scripts/bundle.mjs runs this)
"use strict";
const { readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { fileURLToPath } = require("node:url");
const vm = require("node:vm");

/** The cache beside a packed file. */
const cacheOf = (file) => `${file}.v8-cache`;

/**
 * require() for the packed file: Node's, with a file: address taken as its path (what was an
 * import() of it). The address's query, which Eleventy adds to load a changed file afresh in its
 * own watch mode, is dropped: mimeo has no such file (its Eleventy config is a function).
 */
function requireIn(file) {
  const required = Module.createRequire(file);
  const wrapped = (specifier) =>
    required(
      typeof specifier === "string" && specifier.startsWith("file:")
        ? fileURLToPath(specifier)
        : specifier,
    );
  wrapped.resolve = required.resolve;
  wrapped.cache = required.cache;
  return wrapped;
}

/** A packed CommonJS file's exports, compiled with its cache when there is one. */
function loadPacked(file, cache = true) {
  const source = readFileSync(file, "utf8");
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(cacheOf(file));
    } catch {
      // No cache: compiled from the source.
    }
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
  });
  const module = new Module(file, null);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  module.loaded = true;
  const run = script.runInThisContext();
  run.call(module.exports, module.exports, requireIn(file), module, file, path.dirname(file));
  return { exports: module.exports, script };
}

if (require.main === module) {
  // After the file has run its top level, the cache holds every function compiled so far. An
  // export a getter loads when first asked for (print-libraries.cjs's fontkit) is asked for
  // here, so that what it runs is in the cache too.
  const file = path.resolve(process.argv[2]);
  const { script, exports } = loadPacked(file, false);
  for (const name of Object.keys(exports)) void exports[name];
  const temporary = `${cacheOf(file)}.${process.pid}`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheOf(file));
  } finally {
    rmSync(temporary, { force: true });
  }
} else {
  module.exports = {
    loadPacked: (file) => loadPacked(file).exports,
    /** Whether V8 took the file's cache (the tests ask): runs the file's top level. */
    cacheTaken: (file) => loadPacked(file).script.cachedDataRejected === false,
  };
}
