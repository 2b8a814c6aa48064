// The guard reads every form an output's bytes can hold: a leak planted in each is reported
// once, grouped, with the output, the form and the content file and line it came from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import { scanOutput } from "../../src/guard/output.ts";
import { groupFindings } from "../../src/guard/group.ts";
import { pdfForms } from "../../src/guard/pdf.ts";
import { readIcs } from "../../src/guard/escapes.ts";
import { context } from "./support.ts";

let dir: string;

// The content the leaks come from: each on its own line.
const SOURCES = [
  {
    file: "reports/dock.md",
    text: [
      "---", // 1
      "title: Paro en el muelle", // 2
      "date: 2026-10-14", // 3
      "audience: public", // 4
      "---", // 5
      "Con Zacarías Quintanilla.", // 6 deny-list
      "Garza vino.", // 7 member
      "Escribe a pantry@example.org.", // 8 email
      "Llama al 55 1234 5678.", // 9 phone (Mexico City)
      "Cuenta ES91 2100 0418 4502 0005 1332.", // 10 IBAN
    ].join("\n"),
  },
];

async function pdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText("A clean page", { font: await doc.embedFont(StandardFonts.Helvetica) });
  doc.setTitle("Paro con Garza");
  doc.setSubject("Escribe a pantry@example.org");
  doc.setCreationDate(new Date("2026-10-14T00:00:00Z"));
  doc.setModificationDate(new Date("2026-10-14T00:00:00Z"));
  // XMP with the deny-listed name, and a bookmark-like string with the phone.
  const xmp = doc.context.stream(
    `<x:xmpmeta><dc:creator>Zacar&#237;as Quintanilla</dc:creator></x:xmpmeta>`,
    { Type: "Metadata", Subtype: "XML" },
  );
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(xmp));
  doc.catalog.set(PDFName.of("Note"), PDFString.of("Llama al 55 1234 5678"));
  return doc.save({ useObjectStreams: true });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-forms-"));
  await mkdir(path.join(dir, "print"));
  await writeFile(path.join(dir, "print", "dock.reading.pdf"), await pdf());
  // JSON with \u escapes: "Zacarías Quintanilla" and an email spelled with \u0040.
  await writeFile(
    path.join(dir, "search-index.json"),
    '{"t":"Zacar\\u00edas\\u0020Quintanilla","e":"pantry\\u0040example.org"}',
  );
  // A script's string in an HTML page, and an address in percent-encoding.
  await writeFile(
    path.join(dir, "page.html"),
    '<!doctype html>\n<p>Clean.</p>\n<script>\nvar a = "Garza \\u0026 co";\n</script>\n<a href="/g/Zacar%C3%ADas-Quintanilla.html">x</a>\n<p>Hasta el 14&nbsp;de octubre de&#32;2026.</p>\n',
  );
  // An iCalendar file with a folded line splitting a name.
  await writeFile(
    path.join(dir, "calendar.ics"),
    "BEGIN:VCALENDAR\r\nSUMMARY:Asamblea con Zacarías Quin\r\n tanilla\\, y más\r\nDTSTART:20261014T090000Z\r\nEND:VCALENDAR\r\n",
  );
  // The Atom feed, the checksums and a README.
  await writeFile(
    path.join(dir, "feed.xml"),
    "<feed><entry><title>Paro con Garza</title><updated>2026-10-14T00:00:00Z</updated></entry></feed>",
  );
  await writeFile(path.join(dir, "SHA256SUMS"), `${"0".repeat(64)}  reports/garza.html\n`);
  await writeFile(path.join(dir, "README.txt"), "Preguntas: pantry@example.org\n");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the guard's forms", () => {
  it("reads a PDF's Info entry by entry, its XMP and its strings, in object streams too", async () => {
    const forms = await pdfForms(await pdf());
    const label = (l: string) => forms.find((f) => f.label === l)?.text ?? "";
    expect(label("PDF metadata CreationDate")).toBe("D:20261014000000Z");
    expect(label("PDF metadata Title")).toBe("Paro con Garza");
    expect(label("PDF XMP metadata")).toContain("Quintanilla");
    expect(label("PDF strings (bookmarks, links, alt text)")).toContain("55 1234 5678");
  });

  it("reads an iCalendar file as its reader does", () => {
    expect(readIcs("SUMMARY:Zacarías Quin\r\n tanilla\\, y más")).toBe(
      "SUMMARY:Zacarías Quintanilla, y más",
    );
  });

  it("reports each leak once, with every output and form it reached and its source line", async () => {
    const scan = await scanOutput(
      dir,
      context({
        denyList: ["Zacarías Quintanilla"],
        members: ["Garza"],
        publicReportDates: ["2026-10-14"],
        country: "MX",
      }),
      SOURCES,
      { ".pdf": async (_file, bytes) => pdfForms(bytes) },
    );
    const leaks = groupFindings(scan.findings);
    const one = (kind: string, line: number) => {
      const found = leaks.filter(
        (l) => l.kind === kind && l.source?.file === "reports/dock.md" && l.source.line === line,
      );
      expect(found, `${kind} from line ${line}`).toHaveLength(1);
      return (found[0]?.reached ?? []).map((r) => `${r.output} | ${r.form}`);
    };
    expect(one("deny-list", 6)).toEqual(
      expect.arrayContaining([
        "calendar.ics | text folded lines joined, escapes decoded",
        "page.html | attribute a[href]",
        "print/dock.reading.pdf | PDF XMP metadata",
        "search-index.json | JSON escapes decoded",
      ]),
    );
    expect(one("member-name", 7)).toEqual(
      expect.arrayContaining([
        "feed.xml | feed",
        "page.html | script <script>",
        "print/dock.reading.pdf | PDF metadata Title",
        "SHA256SUMS | text",
      ]),
    );
    expect(one("email", 8)).toEqual(
      expect.arrayContaining([
        "README.txt | text",
        "print/dock.reading.pdf | PDF metadata Subject",
        "search-index.json | JSON escapes decoded",
      ]),
    );
    expect(one("phone", 9)).toEqual([
      "print/dock.reading.pdf | PDF strings (bookmarks, links, alt text)",
    ]);
    expect(one("exact-date", 3)).toEqual(
      expect.arrayContaining([
        "calendar.ics | text folded lines joined, escapes decoded",
        "feed.xml | feed",
        "page.html | page text",
        "print/dock.reading.pdf | PDF metadata CreationDate",
        "print/dock.reading.pdf | PDF metadata ModDate",
      ]),
    );
    // Nothing else: every finding belongs to one of the planted leaks.
    expect(leaks.map((l) => `${l.kind} ${l.source?.line}`).sort()).toEqual([
      "deny-list 6",
      "email 8",
      "exact-date 3",
      "member-name 7",
      "phone 9",
    ]);
  });
});
