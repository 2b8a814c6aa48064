// HTML text extraction: inline markup must not split a name, block markup must separate
// words, and everything else a reader can see (attributes, scripts, styles, comments) is
// handed over as its own text with its line.
import { describe, expect, it } from "vitest";
import { htmlToScanText } from "../../src/guard/html-text.ts";
import { normaliseText } from "../../src/guard/normalise.ts";

const visible = (html: string): string => normaliseText(htmlToScanText(html).text);

describe("htmlToScanText: visible text", () => {
  it("joins inline markup without a space", () => {
    expect(visible("<p>Maria <em>Quintero</em></p>")).toBe("maria quintero");
    expect(visible("<p>Ma<span>ria</span></p>")).toBe("maria");
    expect(visible("<p>Ma<b>r</b><i>i</i><a href='#'>a</a><wbr>Q<code>u</code>intero</p>")).toBe(
      "mariaquintero",
    );
  });

  it("separates block elements", () => {
    expect(visible("<ul><li>Ana</li><li>Bel</li></ul>")).toBe("ana bel");
    expect(visible("<p>Ana</p><p>Bel</p>")).toBe("ana bel");
    expect(visible("Ana<br>Bel")).toBe("ana bel");
    expect(visible("<table><tr><td>Ana</td><td>Bel</td></tr></table>")).toBe("ana bel");
    expect(visible("<h2>Ana</h2><div>Bel</div><section>Cy</section>")).toBe("ana bel cy");
  });

  it("decodes entities in text", () => {
    expect(visible("<p>Mar&iacute;a &amp; Jos&#233; &lt;3</p>")).toBe("maria & jose <3");
  });

  it("keeps a bare < as text", () => {
    expect(visible("<p>a < b and Maria</p>")).toBe("a < b and maria");
  });

  it("leaves scripts, styles and comments out of the visible text", () => {
    const page = htmlToScanText(
      "<p>x</p><script>var a = '<p>Maria</p>';</script><style>p{}</style><!-- Maria -->",
    );
    expect(normaliseText(page.text)).toBe("x");
  });

  it("keeps the title and textarea contents as text", () => {
    expect(visible("<title>Maria &amp; co</title><textarea>Ana <b>x</b></textarea>")).toBe(
      "maria & co ana <b>x</b>",
    );
  });

  it("maps text offsets to page lines", () => {
    const html = "<html>\n<body>\n<p>one</p>\n<p>Maria\nQuintero</p>\n</body>";
    const page = htmlToScanText(html);
    expect(page.lineAt(page.text.indexOf("one"))).toBe(3);
    expect(page.lineAt(page.text.indexOf("Maria"))).toBe(4);
    expect(page.lineAt(page.text.indexOf("Quintero"))).toBe(5);
  });
});

describe("htmlToScanText: pieces", () => {
  const html = [
    "<!doctype html>",
    '<img alt="Mar&iacute;a" src="/m/a.jpg" class="maria" width="612">',
    '<a href="mailto:maria%40example.org" title=\'Ana\' data-who=Heron aria-label="Bel">x</a>',
    '<input placeholder="Cy" value="Di"><meta name="author" content="Ed">',
    '<p style="color: red">x</p><time datetime="2026-10-14">October 2026</time>',
    "<!-- Maria's draft -->",
    "<script>const a = '<p>';</script>",
    '<script type="application/ld+json">{"author": "Maria"}</script>',
    "<style>\n.x { margin: 0 0 12px }\n</style>",
  ].join("\n");
  const page = htmlToScanText(html);
  const found = page.pieces.map((p) => [p.part, p.label, p.text, p.line]);

  it("hands over the values of attributes a reader can see, with their lines", () => {
    expect(found).toContainEqual(["attribute", "img[alt]", "María", 2]);
    expect(found).toContainEqual(["attribute", "img[src]", "/m/a.jpg", 2]);
    // Percent-encoding is decoded, as the address is when followed.
    expect(found).toContainEqual(["attribute", "a[href]", "mailto:maria@example.org", 3]);
    expect(found).toContainEqual(["attribute", "a[title]", "Ana", 3]);
    expect(found).toContainEqual(["attribute", "a[data-who]", "Heron", 3]);
    expect(found).toContainEqual(["attribute", "a[aria-label]", "Bel", 3]);
    expect(found).toContainEqual(["attribute", "input[placeholder]", "Cy", 4]);
    expect(found).toContainEqual(["attribute", "input[value]", "Di", 4]);
    expect(found).toContainEqual(["attribute", "meta[content]", "Ed", 4]);
    expect(found).toContainEqual(["attribute", "time[datetime]", "2026-10-14", 5]);
  });

  it("leaves out attributes that hold mimeo's own tokens", () => {
    expect(found.some(([, label]) => label === "img[class]" || label === "img[width]")).toBe(false);
  });

  it("hands over style attributes and style elements as CSS", () => {
    expect(found).toContainEqual(["css", "p[style]", "color: red", 5]);
    expect(found).toContainEqual(["css", "<style>", "\n.x { margin: 0 0 12px }\n", 9]);
  });

  it("hands over comments, scripts and JSON scripts", () => {
    expect(found).toContainEqual(["comment", "<!-- -->", " Maria's draft ", 6]);
    expect(found).toContainEqual(["script", "<script>", "const a = '<p>';", 7]);
    expect(found).toContainEqual(["json", "<script>", '{"author": "Maria"}', 8]);
  });

  it("does not decode legacy entities in attribute query strings", () => {
    const [href] = htmlToScanText('<a href="?a=1&copy=2&amp;b=3">x</a>').pieces;
    expect(href?.text).toBe("?a=1&copy=2&b=3");
  });

  it("maps offsets inside a multi-line attribute to lines", () => {
    const [alt] = htmlToScanText('<img\n alt="one\ntwo">').pieces;
    expect(alt?.line).toBe(2);
    expect(alt?.lineAt(alt.text.indexOf("two"))).toBe(3);
  });
});

describe("htmlToScanText: other spellings", () => {
  it("decodes a script's \\u escapes and keeps their page line", () => {
    const page = htmlToScanText(
      '<p>x</p>\n<script>\nconst a = "Mar\\u00eda\\u0020Quintero";\n</script>',
    );
    const script = page.pieces.find((p) => p.part === "script");
    expect(script?.text).toContain("María Quintero");
    expect(script?.lineAt(script.text.indexOf("Quintero"))).toBe(3);
  });

  it("decodes percent-encoding in an address, with its line", () => {
    const page = htmlToScanText('<p>\n<a href="/r/Mar%C3%ADa-Quintero.html">x</a></p>');
    const href = page.pieces.find((p) => p.label === "a[href]");
    expect(href?.text).toBe("/r/María-Quintero.html");
    expect(href?.lineAt(href.text.indexOf("Quintero"))).toBe(2);
  });
});
