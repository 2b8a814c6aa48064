// Which date a printed sheet's metadata carries: SOURCE_DATE_EPOCH when set; otherwise the
// content's day for the circle and its month only (`D:YYYYMM`) for the public.
import { describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { finishPdf } from "../../src/print/finish.ts";
import { sheetDate } from "../../src/build/print-build.ts";

describe("a sheet's date", () => {
  it("is the month for the public, the day for the circle, SOURCE_DATE_EPOCH when set", () => {
    expect(sheetDate("2026-07-09", "2026-11-09", "public", {})).toEqual({
      date: new Date("2026-07-01T00:00:00Z"),
      precision: "month",
    });
    expect(sheetDate(undefined, "2026-11-09", "public", {})).toEqual({
      date: new Date("2026-11-01T00:00:00Z"),
      precision: "month",
    });
    expect(sheetDate("2026-07-09", "2026-11-09", "circle", {})).toEqual({
      date: new Date("2026-07-09T00:00:00Z"),
      precision: "second",
    });
    expect(
      sheetDate("2026-07-09", "2026-11-09", "public", { SOURCE_DATE_EPOCH: "1795000000" }),
    ).toEqual({
      date: new Date("2026-11-18T11:06:40Z"),
      precision: "second",
    });
  });

  it("is written as D:YYYYMM with month precision: no day in any byte", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const bytes = await doc.save();
    const date = new Date("2026-07-09T13:45:00Z");
    const month = Buffer.from(
      await finishPdf(bytes, { title: "Heat stoppage", lang: "en", date, precision: "month" }),
    ).toString("latin1");
    expect(month).toContain("/CreationDate (D:202607)");
    expect(month).toContain("/ModDate (D:202607)");
    expect(month).not.toMatch(/20260709|2026-07-09/);
    const loaded = await PDFDocument.load(Buffer.from(month, "latin1"), { updateMetadata: false });
    expect(loaded.getCreationDate()?.toISOString()).toBe("2026-07-01T00:00:00.000Z");
    const exact = Buffer.from(await finishPdf(bytes, { title: "x", lang: "en", date })).toString(
      "latin1",
    );
    expect(exact).toContain("/CreationDate (D:20260709134500Z)");
  });
});
