// Finishing a tagged PDF whose table cells carry the browser's node names: the finished bytes
// must not depend on those names, which count up across everything the same tab rendered
// before and come in an order that varies from render to render.
import fc from "fast-check";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import type { PDFObject } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { finishPdf } from "../../src/print/finish.ts";

const FINISH = { title: "Assembly sheet", lang: "en", date: new Date("2026-10-01T00:00:00Z") };

const nodeName = (n: number): string => `node${String(n).padStart(8, "0")}`;

/**
 * A table tagged as Chromium tags one: a header cell and data cells that name it in /Headers,
 * each cell's /ID listed in the structure tree's IDTree, a root with one leaf whose /Limits
 * are its least and greatest key. `ids` are the cells' names in object order.
 */
async function taggedTable(ids: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([200, 200]);
  const context = doc.context;
  const treeRoot = context.nextRef();
  const table = context.nextRef();
  const cells = ids.map(() => context.nextRef());
  const header = ids[0] ?? "";
  ids.forEach((id, i) => {
    const attributes: PDFObject[] = [context.obj({ O: "Table", RowSpan: 1 })];
    if (i > 0) attributes.push(context.obj({ O: "Table", Headers: [PDFString.of(header)] }));
    context.assign(
      cells[i] as PDFRef,
      context.obj({
        Type: "StructElem",
        S: i === 0 ? "TH" : "TD",
        P: table,
        ID: PDFString.of(id),
        A: attributes,
      }),
    );
  });
  context.assign(table, context.obj({ Type: "StructElem", S: "Table", P: treeRoot, K: cells }));
  const sorted = ids
    .map((id, i) => [id, cells[i] as PDFRef] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const leaf = context.register(
    context.obj({
      Limits: [PDFString.of(sorted[0]?.[0] ?? ""), PDFString.of(sorted.at(-1)?.[0] ?? "")],
      Names: sorted.flatMap(([id, ref]) => [PDFString.of(id), ref]),
    }),
  );
  const idTree = context.register(context.obj({ Kids: [leaf] }));
  context.assign(treeRoot, context.obj({ Type: "StructTreeRoot", K: table, IDTree: idTree }));
  doc.catalog.set(PDFName.of("StructTreeRoot"), treeRoot);
  return doc.save({ useObjectStreams: false });
}

const text = (o: PDFObject | undefined): string =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : "";

/** Every key of the IDTree under `node`, checking on the way that each node's keys are sorted
 * and that its /Limits, where it has them, are its least and greatest key. */
function treeKeys(doc: PDFDocument, node: PDFDict): string[] {
  const names = node.lookupMaybe(PDFName.of("Names"), PDFArray)?.asArray() ?? [];
  let keys = names.filter((_, i) => i % 2 === 0).map(text);
  expect(keys).toEqual([...keys].sort());
  for (const kid of node.lookupMaybe(PDFName.of("Kids"), PDFArray)?.asArray() ?? []) {
    keys = keys.concat(treeKeys(doc, doc.context.lookup(kid, PDFDict)));
  }
  const limits = node.lookupMaybe(PDFName.of("Limits"), PDFArray)?.asArray();
  if (limits) expect(limits.map(text)).toEqual([[...keys].sort()[0], [...keys].sort().at(-1)]);
  return keys;
}

describe("finishing a tagged table", () => {
  it("gives the same bytes whatever the browser named the cells, in whatever order", async () => {
    // Seen in a cold build under load: the cell named lowest came third in the file.
    const seen = ["node00005854", "node00005878", "node00005850", "node00005853"];
    const inOrder = ["node00000001", "node00000002", "node00000003", "node00000004"];
    const expected = await finishPdf(await taggedTable(inOrder), FINISH);
    expect(Buffer.from(await finishPdf(await taggedTable(seen), FINISH))).toEqual(
      Buffer.from(expected),
    );

    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 99_999_999 }), { minLength: 2, maxLength: 9 }),
        async (numbers) => {
          const ids = numbers.map(nodeName);
          const baseline = numbers.map((_, i) => nodeName(i + 1));
          const a = await finishPdf(await taggedTable(ids), FINISH);
          const b = await finishPdf(await taggedTable(baseline), FINISH);
          expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps the IDTree a valid name tree that names every cell, and /Headers pointing into it", async () => {
    const ids = ["node00005854", "node00005878", "node00005850", "node00005853"];
    const doc = await PDFDocument.load(await finishPdf(await taggedTable(ids), FINISH), {
      updateMetadata: false,
    });
    const treeRoot = doc.catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict);
    const idTree = treeRoot.lookup(PDFName.of("IDTree"), PDFDict);
    // The root of a name tree has no /Limits.
    expect(idTree.has(PDFName.of("Limits"))).toBe(false);
    const keys = treeKeys(doc, idTree);
    const cellIds: string[] = [];
    const headers: string[] = [];
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (!(object instanceof PDFDict) || !object.has(PDFName.of("ID"))) continue;
      cellIds.push(text(object.get(PDFName.of("ID"))));
      for (const attribute of object.lookupMaybe(PDFName.of("A"), PDFArray)?.asArray() ?? []) {
        const list = (attribute as PDFDict).lookupMaybe(PDFName.of("Headers"), PDFArray);
        headers.push(...(list?.asArray() ?? []).map(text));
      }
    }
    expect([...keys].sort()).toEqual([...cellIds].sort());
    expect(cellIds.every((id) => !id.startsWith("node"))).toBe(true);
    expect(headers).toHaveLength(3);
    for (const h of headers) expect(keys).toContain(h);
  });
});
