// A synthetic circle ready for printing in-process: its prepared content, what the circle
// audience sees, the print sources of its reports and a site folder (with the media) that
// print pages resolve their images against, as src/build/print-build.ts does.

import { cp, rm } from "node:fs/promises";
import path from "node:path";
import { prepareCircle } from "../src/prepare.ts";
import { siteFor, type Site } from "../src/site/audience.ts";
import { reportSource, type PrintSource } from "../src/site/printables.ts";
import { sizeFor, temporaryCircle } from "./generate.ts";

export interface PrintFixture {
  root: string;
  content: string;
  /** the folder print pages are served from; holds media/ */
  baseDir: string;
  site: Site;
  sources: PrintSource[];
  remove(): Promise<void>;
}

export async function printFixture(reports: number): Promise<PrintFixture> {
  const circle = await temporaryCircle(sizeFor(reports));
  const root = path.dirname(circle.dir);
  const { prepared, problems } = await prepareCircle(circle.dir);
  if (!prepared) throw new Error(`synthetic circle has ${problems.length} problems`);
  const site = siteFor(prepared, "circle");
  const baseDir = path.join(root, "site");
  await cp(path.join(circle.dir, "media"), path.join(baseDir, "media"), { recursive: true });
  return {
    root,
    content: circle.dir,
    baseDir,
    site,
    sources: site.reports.map((r) => reportSource(site, r)),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A reading copy padded to a multiple of four pages: the build's own step. */
export { padToFour } from "../src/build/print-build.ts";
