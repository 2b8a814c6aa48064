// A tiny Eleventy site that adds mimeo's plugin: its own home page in src/, the circle's pages
// beside it. mimeo is loaded from its TypeScript sources through tsx; an installed mimeo can
// be imported from its compiled lib/ instead: import mimeo from "mimeo/lib/site/plugin.js".
import { register } from "tsx/esm/api";

register();
const { default: mimeo } = await import("../../../src/site/plugin.ts");

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(mimeo, {
    content: process.env.CIRCLE_CONTENT ?? "content",
    audience: process.env.CIRCLE_AUDIENCE ?? "circle",
  });
  return { dir: { input: "src" } };
}
