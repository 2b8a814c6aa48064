// The email detector: plain, mailto:, percent-encoded and spelled-out addresses.
import { describe, expect, it } from "vitest";
import { found, matches } from "./support.ts";

describe("email detector", () => {
  it.each([
    ["plain", "write to maria.q+union@example.org today", "maria.q+union@example.org"],
    ["mailto", '<a href="mailto:maria@example.org">', "maria@example.org"],
    ["percent-encoded", "mailto:maria%40example.org", "maria%40example.org"],
    ["upper case", "MARIA@EXAMPLE.ORG", "MARIA@EXAMPLE.ORG"],
    ["subdomains", "x@mail.union.example.co.uk.", "x@mail.union.example.co.uk"],
    ["spaced at", "maria @ example.org", "maria @ example.org"],
    ["bracketed", "maria [at] example [dot] org", "maria [at] example [dot] org"],
    ["parenthesised", "maria(at)example(dot)org", "maria(at)example(dot)org"],
    ["spelled out", "maria at example dot org", "maria at example dot org"],
    ["spelled out with a dot", "maria at example.org", "maria at example.org"],
    ["in Spanish", "maria arroba example punto org", "maria arroba example punto org"],
    ["fullwidth at", "maria＠example.org", "maria＠example.org"],
  ])("finds %s", (_name, text, match) => {
    expect(matches(text, "email")).toEqual([match]);
  });

  it.each([
    ["an at-handle", "follow @union on the fediverse"],
    ["a version", "mimeo@0.1.0"],
    ["prose with at and dot", "look at this dot matrix printer"],
    ["a time", "meet at 5 dot 30"],
    ["no domain dot", "user@localhost"],
    ["a CSS at-rule", "@media print { a { color: red } }"],
  ])("does not flag %s", (_name, text) => {
    expect(matches(text, "email")).toEqual([]);
  });

  it("gives one spelling as canonical and masks the address", () => {
    const [f] = found("maria [at] example [dot] org", "email");
    expect(f?.canonical).toBe("maria@example.org");
    const [g] = found("maria@example.org", "email");
    expect(g?.masked).toBe("m****@e******.org");
  });
});
