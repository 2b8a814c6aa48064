// A copy of the example circle with a long month: November's ledger gets 40 more rows of care,
// each from a different member (32 added to the rota, which holds at most 40, and the example's
// 8), so its assembly sheet has 40 more thank-yous and must run onto a second sheet.
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const BIRDS = [
  "Avocet",
  "Bittern",
  "Bunting",
  "Chiffchaff",
  "Coot",
  "Crake",
  "Dipper",
  "Dotterel",
  "Egret",
  "Eider",
  "Fieldfare",
  "Firecrest",
  "Gannet",
  "Garganey",
  "Goldcrest",
  "Grebe",
  "Greenshank",
  "Hobby",
  "Hoopoe",
  "Jackdaw",
  "Knot",
  "Lapwing",
  "Merlin",
  "Moorhen",
  "Nightjar",
  "Nuthatch",
  "Oriole",
  "Osprey",
  "Petrel",
  "Pipit",
  "Pochard",
  "Puffin",
  "Redshank",
  "Redstart",
  "Ruff",
  "Sanderling",
  "Shelduck",
  "Skua",
  "Smew",
  "Stonechat",
] as const;

export const LONG_MONTH = "2026-11";
const NEW_MEMBERS = 32;
const EXAMPLE_MEMBERS = [
  "Heron",
  "Kestrel",
  "Plover",
  "Linnet",
  "Curlew",
  "Dunlin",
  "Godwit",
  "Siskin",
];

/** Copies `content` to `to` with the long month; `paper` replaces circle.yaml's paper line. */
export async function longMonthCircle(content: string, to: string, paper: string): Promise<void> {
  await cp(content, to, { recursive: true });
  const yaml = path.join(to, "circle.yaml");
  await writeFile(yaml, (await readFile(yaml, "utf8")).replace(/^paper: .*$/m, `paper: ${paper}`));
  const rota = path.join(to, "rotation.md");
  await writeFile(
    rota,
    (await readFile(rota, "utf8")).replace(
      /^members:\n/m,
      `members:\n${BIRDS.slice(0, NEW_MEMBERS)
        .map((b) => `  - name: ${b}\n`)
        .join("")}`,
    ),
  );
  const month = path.join(to, "ledger", `${LONG_MONTH}.md`);
  // The rota holds at most 40 members: the example's 8 and 32 new ones give the 40 rows.
  const rows = [...BIRDS.slice(0, NEW_MEMBERS), ...EXAMPLE_MEMBERS]
    .map(
      (b, i) =>
        `| ${LONG_MONTH}-${String(1 + (i % 28)).padStart(2, "0")} | ${b} | pantry cooking | ${1 + (i % 9)} meals | |`,
    )
    .join("\n");
  await writeFile(
    month,
    (await readFile(month, "utf8")).replace(/^(\|[-| ]+\|)$/m, (rule) => `${rule}\n${rows}`),
  );
}
