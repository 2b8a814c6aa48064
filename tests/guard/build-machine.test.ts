import { describe, expect, it } from "vitest";
import { scanText } from "../../src/guard/index.ts";

const context = {
  denyList: [],
  members: [],
  publicReportDates: [],
  waivers: [],
  buildMachine: ["/home/maria/union", "maria-laptop"],
};

describe("build-machine detector", () => {
  it("finds the build's folders and host name, as its own kind", () => {
    const { findings } = scanText(
      "Error in /home/maria/union/content/reports/x.md on maria-laptop",
      { output: "index.html", part: "text" },
      context,
    );
    expect(findings.map((f) => [f.kind, f.detector])).toEqual([
      ["build-machine", "build-machine"],
      ["build-machine", "build-machine"],
    ]);
    expect(findings.map((f) => f.masked).join(" ")).not.toContain("maria");
  });

  it("finds nothing without entries", () => {
    const { findings } = scanText(
      "/home/maria/union",
      { output: "a.css", part: "css" },
      { ...context, buildMachine: [] },
    );
    expect(findings).toEqual([]);
  });
});
