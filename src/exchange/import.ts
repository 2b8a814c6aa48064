// `mimeo import`: takes another circle's signed public bundle into content/from/<circle>/.
// Checks everything first (checksums, signature, the key pinned for that circle, the manifest
// and every document's hash) and writes only when all of it holds; imported documents are
// circle-only until a person marks them public.
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isSeq, parse as parseYamlText, parseDocument, stringify } from "yaml";
import { z } from "zod";
import { entryType, isOsLitter, printable, sha256 } from "../bundle/files.ts";
import { formatVerifyReport, isClean, verify } from "../bundle/verify.ts";
import { SITE_DIR } from "../bundle/bundle.ts";
import { checkBundleSignature, keyFiles, type BundleSignature } from "./keys.ts";
import { ExchangeError } from "./errors.ts";
import { EXCHANGE_DIR, EXCHANGE_FORMAT, EXCHANGE_VERSION, MANIFEST_FILE } from "./export.ts";
import { formatPublicKey, parsePublicKey } from "./minisign.ts";
import { formatProblem, type ContentProblem } from "../content/problem.ts";

export const FROM_DIR = "from";
export const CIRCLES_FILE = "circles.yaml";
/**
 * Fields a bundle's documents never carry (docs/exchange.md). `allow` above all: a waiver
 * written by another circle would let its words past this circle's guard once published.
 */
const NEVER_EXPORTED = new Set(["allow", "adapted-from", "from", "expires"]);

const manifestSchema = z.object({
  format: z.literal(EXCHANGE_FORMAT),
  version: z.literal(EXCHANGE_VERSION),
  circle: z.string().min(3).max(80),
  language: z.string(),
  made: z.string().regex(/^\d{4}-\d{2}$/),
  documents: z.array(
    z.object({
      id: z.string().regex(/^(tactics|reports)\/[a-z0-9][a-z0-9-]{0,99}$/),
      kind: z.enum(["tactic", "report"]),
      title: z.string(),
      file: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      lineage: z.array(z.object({ circle: z.string(), id: z.string() })),
    }),
  ),
});

const pinSchema = z.object({
  name: z.string(),
  folder: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  key: z.string(),
  "key-id": z.string(),
  "first-imported": z.string(),
});

export interface Pin {
  name: string;
  folder: string;
  key: string;
  "key-id": string;
  "first-imported": string;
}

export interface ImportResult {
  circle: string;
  keyId: string;
  /** Whether this import pinned the circle's key for the first time. */
  pinned: boolean;
  folder: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Added folders in the bundle that hold nothing, each "name/": passed over. */
  emptyFolders: string[];
}

/**
 * Imports `bundleDir` into the content folder `contentDir`. `month` (YYYY-MM) is the month
 * received, written into each new or changed document's `from:`.
 */
export async function importBundle(
  bundleDir: string,
  contentDir: string,
  month: string,
  /**
   * Reads the content with the import in place; a problem it names in the imported folder puts
   * every file back as it was (a bundle that is signed can still hold what mimeo check refuses,
   * and would stop the circle's own builds).
   */
  check?: () => Promise<ContentProblem[]>,
  /** The importing circle's exchange-name: its own bundle is refused. */
  ownName?: string,
): Promise<ImportResult> {
  const bundle = path.resolve(bundleDir);
  const content = path.resolve(contentDir);
  if ((await entryType(bundle)) !== "directory") {
    throw new ExchangeError(
      `${bundleDir} is not a folder: give the bundle folder (the one holding START-HERE.html).`,
    );
  }
  const report = await verify(bundle).catch((error: Error) => {
    throw new ExchangeError(`${error.message} Nothing was imported.`);
  });
  // Files a computer's file browser drops into any folder it shows are not a change to the bundle.
  report.extra = report.extra.filter((file) => !isOsLitter(path.posix.basename(file)));
  // An added folder that holds nothing (verify names it with a final "/") carries no word that
  // could reach the circle: import reads only the files SHA256SUMS and the manifest list. verify
  // still names it, since the folder is not as it was made; import says so and goes on.
  const emptyFolders = report.extra.filter((file) => file.endsWith("/"));
  report.extra = report.extra.filter((file) => !file.endsWith("/"));
  if (!isClean(report)) {
    // The line around it is in English, so the file named is too, whatever the bundle speaks.
    const first = formatVerifyReport({ ...report, language: "en" }).split("\n")[0];
    throw new ExchangeError(
      `${bundleDir} does not match its SHA256SUMS (${first}, ${report.changed.length + report.missing.length + report.extra.length} in all): it was changed after it was made. Nothing was imported.`,
    );
  }
  const signature = await checkBundleSignature(bundle).catch((error: Error) => {
    throw new ExchangeError(`${error.message} Nothing was imported.`);
  });

  const exchange = path.join(bundle, SITE_DIR, EXCHANGE_DIR);
  const manifestText = await readFile(path.join(exchange, MANIFEST_FILE), "utf8").catch(() => {
    throw new ExchangeError(
      `${bundleDir} carries no ${SITE_DIR}/${EXCHANGE_DIR}/${MANIFEST_FILE}: it was made by a mimeo without exchange, or is not a public bundle. Nothing was imported.`,
    );
  });
  let parsedManifest: unknown;
  try {
    parsedManifest = JSON.parse(manifestText);
  } catch {
    throw new ExchangeError(`${MANIFEST_FILE} in ${bundleDir} is not JSON. Nothing was imported.`);
  }
  const checked = manifestSchema.safeParse(parsedManifest);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.join(".") || "the top";
    throw new ExchangeError(
      where === "circle"
        ? `the bundle names no circle (its circle.yaml has no exchange-name), so it cannot be pinned. Nothing was imported.`
        : `${MANIFEST_FILE} in ${bundleDir} is not a mimeo exchange manifest (at ${where}). Nothing was imported.`,
    );
  }
  const manifest = checked.data;
  const name = printable(manifest.circle);
  await refuseOwnBundle(bundleDir, content, manifest.circle, signature, ownName);

  const pins = await readPins(content);
  const pin = pins.find((p) => p.name === manifest.circle);
  if (!signature) {
    throw new ExchangeError(
      pin
        ? `the bundle from "${name}" is not signed, but "${name}" was pinned with key ${pin["key-id"]}: someone may be passing it off as theirs. Nothing was imported.`
        : `the bundle from "${name}" is not signed: mimeo imports only signed bundles, so later ones can be told to come from the same circle. Ask them for one made with mimeo bundle --sign. Nothing was imported.`,
    );
  }
  if (pin && pin["key-id"] !== signature.keyId) {
    throw new ExchangeError(
      `REFUSED: the bundle from "${name}" is signed with key ${signature.keyId}, but "${name}" was pinned with key ${pin["key-id"]} at its first import (${pin["first-imported"]}). It may not come from that circle. If they really made a new key, check its id with them in person, then remove their entry from ${CIRCLES_FILE}. Nothing was imported.`,
    );
  }
  if (pin && pin.key !== publicKeyLine(signature.key)) {
    throw new ExchangeError(
      `REFUSED: the bundle from "${name}" claims key id ${signature.keyId} but is not the key pinned under that id. Nothing was imported.`,
    );
  }
  const folder = pin?.folder ?? folderFor(manifest.circle, pins);

  // Every document is read and checked before anything is written.
  const incoming = new Map<string, { title: string; text: string }>();
  for (const doc of manifest.documents) {
    if (doc.file !== `${doc.id}.md` || incoming.has(doc.file)) {
      throw new ExchangeError(
        `${MANIFEST_FILE} lists ${JSON.stringify(doc.file)} wrongly. Nothing was imported.`,
      );
    }
    const text = await readFile(path.join(exchange, ...doc.file.split("/")), "utf8").catch(() => {
      throw new ExchangeError(
        `${doc.file} is listed in ${MANIFEST_FILE} but missing. Nothing was imported.`,
      );
    });
    if (sha256(text) !== doc.sha256) {
      throw new ExchangeError(
        `${doc.file} does not match its hash in ${MANIFEST_FILE}. Nothing was imported.`,
      );
    }
    const planted = Object.keys(splitFrontMatter(text, doc.file).fields).filter((field) =>
      NEVER_EXPORTED.has(field),
    );
    if (planted.length > 0) {
      throw new ExchangeError(
        `REFUSED: ${doc.file} in the bundle from "${name}" carries ${planted.join(", ")}, which mimeo never exports: ${planted.includes("allow") ? "waivers would let its words past your leak guard" : "they are a circle's own notes"}. Nothing was imported.`,
      );
    }
    incoming.set(doc.file, { title: doc.title, text });
  }

  const target = path.join(content, FROM_DIR, folder);
  const newFolders: string[] = [];
  const folders = [
    FROM_DIR,
    `${FROM_DIR}/${folder}`,
    ...["tactics", "reports"].map((sub) => `${FROM_DIR}/${folder}/${sub}`),
  ];
  for (const dir of folders.map((f) => path.join(content, ...f.split("/")))) {
    const type = await entryType(dir);
    if (type !== "missing" && type !== "directory") {
      throw new ExchangeError(
        `${path.relative(content, dir)} in the content folder is not a folder. Nothing was imported.`,
      );
    }
    if (type === "missing") newFolders.push(dir);
  }
  const existing = await existingDocuments(target);
  const result: ImportResult = {
    circle: manifest.circle,
    keyId: signature.keyId,
    pinned: !pin,
    folder: `${FROM_DIR}/${folder}`,
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    emptyFolders: emptyFolders.map(printable),
  };
  const writes: { file: string; text: string }[] = [];
  /** Documents a person changed since they came, which this import would write over. */
  const edited: string[] = [];
  for (const [file, doc] of incoming) {
    const old = existing.get(file);
    if (old !== undefined) {
      const local = wordsOf(old);
      const bundled = wordsOf(doc.text).hash;
      // The same words, or the same as last time they came (a person's edits since stay).
      if (local.hash === bundled || local.received === bundled) {
        result.unchanged++;
        continue;
      }
      if (editedSince(local)) {
        edited.push(`${result.folder}/${file}`);
        continue;
      }
    }
    writes.push({ file, text: importedText(doc.text, manifest.circle, month, file) });
    (old === undefined ? result.added : result.changed).push(printable(doc.title));
  }
  const removals = [...existing.keys()].filter((file) => !incoming.has(file));
  for (const file of removals) {
    if (editedSince(wordsOf(existing.get(file) ?? ""))) edited.push(`${result.folder}/${file}`);
  }
  if (edited.length > 0) {
    throw new ExchangeError(
      `you changed ${edited.join(", ")} since it came, and ${manifest.circle}'s bundle changes or removes it. Keep your version as a tactic or report of your own (a tactic can say adapted-from:), undo your change there, and import again. Nothing was imported.`,
    );
  }

  const pinsAsWere = await readFile(path.join(content, CIRCLES_FILE), "utf8").catch(
    () => undefined,
  );
  if (!pin) {
    await pinCircle(content, {
      name: manifest.circle,
      folder,
      key: publicKeyLine(signature.key),
      "key-id": signature.keyId,
      "first-imported": month,
    });
  }
  for (const write of writes) {
    const file = path.join(target, ...write.file.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(`${file}.import-tmp`, write.text);
    await rename(`${file}.import-tmp`, file);
  }
  for (const file of removals) {
    result.removed.push(printable(titleOf(existing.get(file) ?? "") ?? file));
    await rm(path.join(target, ...file.split("/")));
  }
  const inside = `${FROM_DIR}/${folder}/`;
  const problems = ((await check?.()) ?? []).filter((p) => p.file.startsWith(inside));
  if (problems.length > 0) {
    // Everything back as it was: the documents, the folders made for them, the pins.
    for (const file of [...writes.map((w) => w.file), ...removals]) {
      const where = path.join(target, ...file.split("/"));
      const old = existing.get(file);
      if (old === undefined) await rm(where, { force: true });
      else await writeFile(where, old);
    }
    for (const dir of newFolders.reverse()) await rm(dir, { recursive: true, force: true });
    if (pinsAsWere === undefined) await rm(path.join(content, CIRCLES_FILE), { force: true });
    else await writeFile(path.join(content, CIRCLES_FILE), pinsAsWere);
    const first = problems[0] as ContentProblem;
    throw new ExchangeError(
      `the bundle from "${name}" holds what mimeo check refuses (${formatProblem(first)}${problems.length > 1 ? `, and ${problems.length - 1} more` : ""}); ask them to fix it. Nothing was imported.`,
    );
  }
  return result;
}

/**
 * The document as imported: its fields, then `from:` (with the hash of its words as they came,
 * so a later import knows a person's edits from the other circle's) and `audience: circle`.
 */
function importedText(text: string, circle: string, month: string, file: string): string {
  const { fields, body } = splitFrontMatter(text, file);
  const from = { circle, received: month, sha256: wordsOf(text).hash };
  const imported = { ...fields, audience: "circle", from };
  return `---\n${stringify(imported, { lineWidth: 0 })}---\n${body}`;
}

interface Words {
  /** The hash of its words and fields, less what import adds (`from:`) and what a person may
   * change without editing it (`audience:`); undefined when it cannot be read. */
  hash: string | undefined;
  /** The hash of the words it came with (`from.sha256`), when import wrote one. */
  received: string | undefined;
}

/** A document's words, read once. */
function wordsOf(text: string): Words {
  try {
    const { fields, body } = splitFrontMatter(text, "");
    const rest = Object.entries(fields).filter(([key]) => key !== "from" && key !== "audience");
    const from = fields.from as { sha256?: unknown } | undefined;
    return {
      hash: sha256(JSON.stringify([rest, body])),
      received: typeof from?.sha256 === "string" ? from.sha256 : undefined,
    };
  } catch {
    return { hash: undefined, received: undefined };
  }
}

/** Whether a person changed an imported document since it came. */
const editedSince = (words: Words): boolean =>
  words.received !== undefined && words.hash !== words.received;

function splitFrontMatter(
  text: string,
  file: string,
): { fields: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n?---\r?\n([\s\S]*)$/.exec(text);
  const fields: unknown = match ? parseYamlText(match[1] ?? "") : undefined;
  if (!match || fields === null || typeof fields !== "object" || Array.isArray(fields)) {
    throw new ExchangeError(`${file} in the bundle has no front matter. Nothing was imported.`);
  }
  return { fields: fields as Record<string, unknown>, body: match[2] ?? "" };
}

function titleOf(text: string): string | undefined {
  try {
    const title = splitFrontMatter(text, "").fields.title;
    return typeof title === "string" ? title : undefined;
  } catch {
    return undefined;
  }
}

/** The Markdown documents already imported from one circle, by path inside its folder. */
async function existingDocuments(target: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const sub of ["tactics", "reports"]) {
    const dir = path.join(target, sub);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(".md"))) {
      if ((await entryType(path.join(dir, name))) !== "file") continue;
      found.set(`${sub}/${name}`, await readFile(path.join(dir, name), "utf8"));
    }
  }
  return found;
}

/** The circles pinned so far; a damaged circles.yaml stops the import rather than re-pinning. */
export async function readPins(content: string): Promise<Pin[]> {
  const file = path.join(content, CIRCLES_FILE);
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (text === undefined) return [];
  const doc = parseDocument(text);
  const parsed = z
    // `circles:` with nothing under it (its last entry deleted, as exchange.md says to) is none.
    .object({ circles: z.array(pinSchema).nullable().default([]) })
    .safeParse(doc.errors.length > 0 ? undefined : (doc.toJS() ?? {}));
  if (!parsed.success) {
    throw new ExchangeError(
      `${CIRCLES_FILE} cannot be read (${parsed.error.issues[0]?.path.join(".") || "not YAML"}): fix it by hand; mimeo will not guess which keys you trust. Nothing was imported.`,
    );
  }
  return parsed.data.circles ?? [];
}

async function pinCircle(content: string, pin: Pin): Promise<void> {
  const file = path.join(content, CIRCLES_FILE);
  const text = await readFile(file, "utf8").catch(() => undefined);
  const doc = parseDocument(
    text ??
      "# Circles whose bundles this circle imports, each pinned to the key of its first import.\n# See docs/exchange.md before changing a key here.\ncircles: []\n",
  );
  if (!isSeq(doc.get("circles"))) doc.set("circles", doc.createNode([]));
  doc.addIn(["circles"], doc.createNode(pin));
  // Block style, one field a line, so a person can read and edit the list.
  const circles = doc.get("circles");
  if (isSeq(circles)) circles.flow = false;
  await writeFile(`${file}.import-tmp`, doc.toString({ lineWidth: 0 }));
  await rename(`${file}.import-tmp`, file);
}

function publicKeyLine(key: Parameters<typeof formatPublicKey>[0]): string {
  return formatPublicKey(key).split("\n")[1] ?? "";
}

/** The folder name for a circle: its exchange name in lower-case words, unique among pins. */
function folderFor(name: string, pins: readonly Pin[]): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "circle";
  const taken = new Set(pins.map((p) => p.folder));
  let folder = base;
  for (let n = 2; taken.has(folder); n++) folder = `${base}-${n}`;
  return folder;
}

/**
 * Refuses a bundle the importing circle made itself: one naming the circle's own exchange-name,
 * or signed with the circle's own key (where mimeo keygen puts it). Importing it would pin the
 * circle to itself and put a second copy of its documents under from/.
 */
async function refuseOwnBundle(
  bundleDir: string,
  content: string,
  circle: string,
  signature: BundleSignature | undefined,
  ownName: string | undefined,
): Promise<void> {
  const never = `A circle imports other circles' bundles, never its own: its documents are already in its content folder.`;
  if (ownName !== undefined && circle === ownName) {
    throw new ExchangeError(
      `${bundleDir} is your own circle's bundle: it names "${printable(circle)}", the exchange-name in your ${path.basename(content)}/circle.yaml. ${never} If another circle really has the same exchange-name, one of you must change it. Nothing was imported.`,
    );
  }
  if (!signature) return;
  const ownKeyFile = keyFiles(content).public;
  const ownKey = await readFile(ownKeyFile, "utf8").then(
    (text) => parsePublicKey(text, ownKeyFile),
    () => undefined,
  );
  if (ownKey && Buffer.from(ownKey.publicKey).equals(Buffer.from(signature.key.publicKey))) {
    throw new ExchangeError(
      `${bundleDir} is your own circle's bundle: it is signed with your circle's key ${signature.keyId} (${ownKeyFile}). ${never} Nothing was imported.`,
    );
  }
}
