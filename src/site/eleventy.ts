// Eleventy, as mimeo loads it: on first use, not when mimeo starts (most commands never render a
// page, and a rebuild that renders none does not need it). Eleventy registers an ESM resolve
// hook (`module.register`) that makes JavaScript config and data files edited under its own
// watch load afresh. mimeo has no such files (its config is a function, its layouts Nunjucks, and
// serve tells Eleventy of each change itself), and on Node 20 the hook runs on a loader thread
// that every later import then waits on: 3 to 6 % of a rebuild's time. Eleventy's own switch
// turns the hook off; it must be set before Eleventy is loaded.
import { stage } from "../stages.ts";

type EleventyClass = (typeof import("@11ty/eleventy"))["default"];

let loading: Promise<EleventyClass> | undefined;

/** Eleventy's class, loaded once. */
export function eleventyClass(): Promise<EleventyClass> {
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
  loading ??= import("@11ty/eleventy").then(({ default: Eleventy }) => {
    stage("Eleventy loaded");
    return Eleventy;
  });
  return loading;
}
