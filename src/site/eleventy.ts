// Eleventy, as mimeo loads it. Eleventy registers an ESM resolve hook (`module.register`) that
// makes JavaScript config and data files edited under its own watch load afresh. mimeo has no
// such files (its config is a function, its layouts Nunjucks, and serve tells Eleventy of each
// change itself), and on Node 20 the hook runs on a loader thread that every later import then
// waits on: 3 to 6 % of a rebuild's time. Eleventy's own switch turns the hook off; it is set
// before Eleventy is loaded, which is why this module imports it dynamically.
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";

const { default: Eleventy } = await import("@11ty/eleventy");

export default Eleventy;
