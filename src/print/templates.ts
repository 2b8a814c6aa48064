// The markup of every printed sheet lives in Nunjucks templates in layouts/print/, beside the
// stylesheets: a circle changes how its sheets look by editing files there, not TypeScript.
// TypeScript hands each template a plain view (strings, numbers, arrays); autoescape escapes
// every string in it except the few marked safe (Markdown already rendered to HTML, CSS).

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nunjucks from "nunjucks";
import { cssString } from "./escape.ts";

/** The layouts that ship with mimeo. */
export const PRINT_LAYOUTS_DIR = fileURLToPath(new URL("../../layouts/print/", import.meta.url));

/**
 * Names a folder whose templates and stylesheets are used instead of layouts/print/'s; a
 * file it lacks is still taken from layouts/print/.
 */
export const PRINT_LAYOUTS_ENV = "MIMEO_PRINT_LAYOUTS";

/** Markup or CSS that goes into a sheet as it is, unescaped. */
export type Safe = nunjucks.runtime.SafeString;
export const safe = (html: string): Safe => new nunjucks.runtime.SafeString(html);

/** One folder of print layouts: a Nunjucks environment, its compiled templates and CSS. */
export class PrintLayouts {
  private readonly loader: nunjucks.FileSystemLoader;
  private readonly env: nunjucks.Environment;
  private readonly templates = new Map<string, nunjucks.Template>();
  private readonly stylesheets = new Map<string, string>();

  constructor(readonly dir: string) {
    if (!existsSync(dir)) throw new Error(`no print layouts folder ${dir} (${PRINT_LAYOUTS_ENV})`);
    const dirs =
      path.resolve(dir) === path.resolve(PRINT_LAYOUTS_DIR) ? [dir] : [dir, PRINT_LAYOUTS_DIR];
    this.loader = new nunjucks.FileSystemLoader(dirs, { noCache: false, watch: false });
    this.env = new nunjucks.Environment(this.loader, { autoescape: true, throwOnUndefined: true });
    // In a template: {{ stylesheet("reading") }} inlines layouts/print/reading.css.
    this.env.addGlobal("stylesheet", (name: string): Safe => safe(this.stylesheet(name)));
    // In a template: content: {{ title | cssString }}; quotes a string for CSS.
    this.env.addFilter("cssString", (text: string): Safe => safe(cssString(String(text))));
  }

  /** The text of <name>.css, read once. */
  stylesheet(name: string): string {
    let css = this.stylesheets.get(name);
    if (css === undefined) {
      css = this.loader.getSource(`${name}.css`)?.src;
      if (css === undefined) throw new Error(`no stylesheet ${name}.css in ${this.dir}`);
      this.stylesheets.set(name, css);
    }
    return css;
  }

  /** Renders <name>.njk with `view`; each template is compiled once, on first use. */
  render(name: string, view: object): string {
    let template = this.templates.get(name);
    if (template === undefined) {
      template = this.env.getTemplate(`${name}.njk`, true);
      this.templates.set(name, template);
    }
    return template.render(view);
  }
}

const layouts = new Map<string, PrintLayouts>();

/**
 * The layouts in `dir`, else in the folder $MIMEO_PRINT_LAYOUTS names, else layouts/print/.
 * One environment per folder for the life of the process: in a build, exactly one.
 */
export function printLayouts(
  dir = process.env[PRINT_LAYOUTS_ENV] || PRINT_LAYOUTS_DIR,
): PrintLayouts {
  const key = path.resolve(dir);
  let found = layouts.get(key);
  if (found === undefined) {
    found = new PrintLayouts(key);
    layouts.set(key, found);
  }
  return found;
}
