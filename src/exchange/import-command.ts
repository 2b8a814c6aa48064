// `mimeo import BUNDLE [--content DIR]`: the command line and what it prints; the work is in
// import.ts.
import { helpFor } from "../help.ts";
import { prepareCircle } from "../prepare.ts";
import { buildDay } from "../content/load.ts";
import { ExchangeError } from "./errors.ts";
import { ExchangeUsageError, guarded, parse, type Io } from "./commands.ts";
import { CIRCLES_FILE, importBundle } from "./import.ts";
import { printable } from "../printable.ts";

export async function importCommand(args: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parse(args, {
      content: { type: "string", default: "content" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) return (io.out(helpFor("import")), 0);
    const [bundle, extra] = positionals;
    if (bundle === undefined || extra !== undefined) {
      throw new ExchangeUsageError("say which bundle to import: mimeo import /media/usb/archive.");
    }
    // The circle's own content must load: the import goes beside it, in its time zone's month.
    const { prepared } = await prepareCircle(values.content);
    if (!prepared) {
      throw new ExchangeError(
        `${values.content} has problems of its own; run mimeo check and fix them first. Nothing was imported.`,
      );
    }
    const month = buildDay(prepared.circle.settings.timezone).slice(0, 7);
    const result = await importBundle(
      bundle,
      values.content,
      month,
      async () => (await prepareCircle(values.content)).problems,
      prepared.circle.settings.exchangeName,
    );
    const name = printable(result.circle);
    const empty = result.emptyFolders;
    if (empty.length > 0) {
      const named =
        empty.slice(0, 5).join(", ") + (empty.length > 5 ? `, and ${empty.length - 5} more` : "");
      io.out(
        `note: the bundle holds empty folders it was not made with (${named}); they carry nothing, so they were passed over.`,
      );
    }
    if (result.pinned) {
      io.out(
        `new circle "${name}": pinned to key ${result.keyId} in ${CIRCLES_FILE}. Check this key id with them in person; later bundles under this name must carry it.`,
      );
    } else {
      io.out(`"${name}": signed with its pinned key ${result.keyId}.`);
    }
    for (const title of result.added) io.out(`added    ${title}`);
    for (const title of result.changed) io.out(`changed  ${title}`);
    for (const title of result.removed) io.out(`removed  ${title}`);
    const touched = result.added.length + result.changed.length + result.removed.length;
    io.out(
      touched === 0
        ? `nothing changed in ${values.content}/${result.folder} (${result.unchanged} documents as they were).`
        : `${values.content}/${result.folder}: ${result.added.length} added, ${result.changed.length} changed, ${result.removed.length} removed, ${result.unchanged} unchanged. Imported documents are circle-only until you mark them public.`,
    );
    return 0;
  });
}
