// `mimeo serve`: Eleventy's dev server on localhost with live reload, rebuilding when the
// content changes. It writes to a scratch folder, never to the real output.
import { mkdtemp, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import type { Audience } from "../content/model.ts";
import mimeoPlugin, { MIMEO_COMMAND } from "./plugin.ts";
import { emptyConfig } from "./build.ts";

export async function serve(options: {
  content: string;
  audience: Audience;
  port: number;
  log: (line: string) => void;
}): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "mimeo-serve-"));
  const input = path.join(scratch, "input");
  await mkdir(input);
  const eleventy = new Eleventy(input, path.join(scratch, options.audience), {
    runMode: "serve",
    quietMode: true,
    configPath: await emptyConfig(input),
    config: (eleventyConfig: Parameters<typeof mimeoPlugin>[0]) => {
      eleventyConfig.addPlugin(mimeoPlugin, {
        content: options.content,
        audience: options.audience,
        // A preview on localhost, in a scratch folder: nothing is published.
        command: MIMEO_COMMAND,
      });
      eleventyConfig.setServerOptions({
        port: options.port,
        showAllHosts: false,
        domDiff: false,
        // When the port is taken, Eleventy's server takes the next free one: say which it took.
        ready: (server: { getServerUrl(host: string, pathname?: string): string }) => {
          url = server.getServerUrl("localhost", "/index.html");
        },
      });
    },
  });
  let url = `http://localhost:${options.port}/index.html`;
  await eleventy.init();
  await eleventy.watch();
  await eleventy.serve(options.port);
  options.log(`serving the ${options.audience} site on ${url} (Ctrl-C to stop)`);
}
