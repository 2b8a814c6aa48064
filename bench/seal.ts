// Sealing and opening the circle's archive: `mimeo seal --from` and `mimeo unseal` as child
// processes, with a passphrase (scrypt, as age does) and with a key, on the example circle and
// on a generated one. The builds themselves are not timed.
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { sizeFor, temporaryCircle } from "./generate.ts";
import { figures, mustSucceed, timeNode, type Figures, type ProcessRun } from "./measure.ts";
import { MIMEO, mimeoSiteBuild, REPO } from "./site.ts";

export interface SealRow {
  /** "the example circle" or "1,000 reports". */
  circle: string;
  files: number;
  /** Size of the sealed file, bytes. */
  sealedBytes: number;
  passphrase: { seal: Figures; unseal: Figures };
  key: { seal: Figures; unseal: Figures };
}

export interface SealResult {
  runs: number;
  rows: SealRow[];
}

const PASSPHRASE = "bench only: six words would do here too";

export async function benchSeal(
  reports: number,
  runs: number,
  log: (line: string) => void,
): Promise<SealResult> {
  const rows: SealRow[] = [];
  const example = await mkdtemp(path.join(os.tmpdir(), "mimeo-bench-seal-"));
  try {
    log("seal: the example circle");
    rows.push(await sealRow("the example circle", path.join(REPO, "content"), example, runs));
  } finally {
    await rm(example, { recursive: true, force: true });
  }
  const circle = await temporaryCircle(sizeFor(reports));
  const root = path.dirname(circle.dir);
  try {
    log(`seal: ${reports} reports`);
    rows.push(await sealRow(`${reports.toLocaleString("en")} reports`, circle.dir, root, runs));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return { runs, rows };
}

async function sealRow(
  label: string,
  content: string,
  root: string,
  runs: number,
): Promise<SealRow> {
  const out = path.join(root, "out");
  await mimeoSiteBuild(content, out);
  const passFile = path.join(root, "passphrase.txt");
  await writeFile(passFile, `${PASSPHRASE}\n`);
  const identity = await generateX25519Identity();
  const keyFile = path.join(root, "key.txt");
  await writeFile(keyFile, `${identity}\n`);
  const recipient = await identityToRecipient(identity);
  const sealed = path.join(root, "sealed.age");
  const opened = path.join(root, "opened");
  const env = { ...process.env, MIMEO_PASSPHRASE_FILE: "" };

  const measure = async (
    lock: string[],
    open: string[],
  ): Promise<{ seal: ProcessRun[]; unseal: ProcessRun[] }> => {
    const seal: ProcessRun[] = [];
    const unseal: ProcessRun[] = [];
    for (let i = 0; i < runs; i++) {
      await rm(sealed, { force: true });
      await rm(opened, { recursive: true, force: true });
      seal.push(
        mustSucceed(
          "mimeo seal",
          await timeNode(MIMEO, ["seal", sealed, "--from", out, ...lock], { cwd: root, env }),
        ),
      );
      unseal.push(
        mustSucceed(
          "mimeo unseal",
          await timeNode(MIMEO, ["unseal", sealed, opened, ...open], { cwd: root, env }),
        ),
      );
    }
    return { seal, unseal };
  };
  const withPassphrase = await measure(
    ["--passphrase-file", passFile],
    ["--passphrase-file", passFile],
  );
  const withKey = await measure(["--recipient", recipient], ["--identity", keyFile]);
  const files = /sealed (\d+) files/.exec(withKey.seal[0]?.stdout ?? "")?.[1];
  const row: SealRow = {
    circle: label,
    files: Number(files),
    sealedBytes: (await stat(sealed)).size,
    passphrase: { seal: figures(withPassphrase.seal), unseal: figures(withPassphrase.unseal) },
    key: { seal: figures(withKey.seal), unseal: figures(withKey.unseal) },
  };
  return row;
}
