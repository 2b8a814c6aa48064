// A deterministic generator of synthetic circles for the benchmarks: N reports, their tactics,
// a care ledger with balance assertions, a roster and a charter, all valid content per
// docs/content-format.md (`mimeo check` passes on every one). The same seed and sizes give the
// same files, byte for byte.
//
//   node --import tsx bench/generate.ts --reports 1000 [--seed 7] [--out DIR]

import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRng, type Rng } from "./prng.ts";

export interface CircleSize {
  reports: number;
  tactics: number;
  members: number;
  ledgerMonths: number;
  rowsPerMonth: number;
  seed: number;
}

/** Sizes that grow with the number of reports the way a long-lived circle's would. */
export function sizeFor(reports: number, seed = 7): CircleSize {
  return {
    reports,
    tactics: Math.min(200, Math.max(15, Math.round(reports / 50))),
    members: Math.min(40, 8 + Math.floor(reports / 250)),
    ledgerMonths: Math.min(36, 3 + Math.floor(reports / 100)),
    rowsPerMonth: 24,
    seed,
  };
}

export interface GeneratedCircle {
  dir: string;
  size: CircleSize;
  reportSlugs: string[];
  tacticSlugs: string[];
  /** Markdown files written, and their total size in bytes. */
  files: number;
  bytes: number;
}

const REPO = fileURLToPath(new URL("../", import.meta.url));
const IMAGE = path.join(REPO, "content", "media", "stacked-crates.jpg");

const WORDS = (
  "the a we they our shift dock floor line crew pallet trailer scanner picker loader driver " +
  "manager supervisor agency temp break rota heat water fan door bay aisle rack forklift jack " +
  "stoppage meeting kitchen park pantry soup rides childcare fund dues card rights notice pay " +
  "overtime target quota camera phone log handover union notes paper week month morning night " +
  "afternoon evening stopped waited talked agreed asked wrote read counted cooked carried drove " +
  "signed promised refused returned fixed broke named kept shared planned met checked voted " +
  "together quietly early late again slowly calmly first next last every each some many few " +
  "safe unsafe broken hot cold tired angry proud careful short long loud new old written spoken " +
  "and but so because while after before until when where which that who with without for from " +
  "to at on in of by about over under behind beside near far into out up down back through"
).split(/\s+/);

const TOPICS = [
  "safety stoppage",
  "overtime refusal",
  "sick-out",
  "log-off",
  "slow-down",
  "petition",
  "rights card handout",
  "heat protest",
  "break-time walkout",
  "quota pushback",
  "rumour control",
  "repair clinic",
];
const PLACES = [
  "the north dock",
  "the cross-dock",
  "shift change",
  "the night line",
  "the cold store",
  "bay seven",
  "the returns desk",
  "the yard",
  "the canteen",
  "the scanner bench",
];
const TACTIC_NOUNS = [
  "stoppage",
  "refusal",
  "pantry",
  "ride ring",
  "childcare pod",
  "skill circle",
  "log-off",
  "sick-out",
  "mapping",
  "card",
  "clinic",
  "drill",
  "rota",
  "fund drive",
  "listening round",
];
const TACTIC_ADJECTIVES = [
  "safety",
  "coordinated",
  "five-minute",
  "solidarity",
  "quiet",
  "phone-free",
  "night-shift",
  "weekend",
  "choke-point",
  "rights",
  "heat",
  "buddy",
];
const KINDS = ["disruption", "care", "skill", "defence"] as const;
const RISKS = ["low", "medium", "high"] as const;
const OUTCOMES = ["won", "partial", "lost", "ongoing"] as const;
const TAGS = [
  "safety",
  "heat",
  "loading-dock",
  "night-shift",
  "overtime",
  "pay",
  "agency",
  "care",
  "peak-season",
  "cameras",
];
const SYLLABLES = ["ka", "lo", "mi", "ren", "ta", "vo", "sil", "da", "nu", "per", "wyn", "ola"];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const pad = (n: number, width: number): string => String(n).padStart(width, "0");

function sentence(rng: Rng): string {
  const n = rng.int(8, 20);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  return `${cap(words.join(" "))}.`;
}

function paragraph(rng: Rng, links: string[] = []): string {
  const sentences: string[] = [];
  const n = rng.int(3, 6);
  for (let i = 0; i < n; i++) sentences.push(sentence(rng));
  for (const link of links) sentences.splice(rng.int(0, sentences.length), 0, link);
  // Wrapped at about 96 characters, as a person's editor would.
  const words = sentences.join(" ").split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line !== "" && line.length + word.length + 1 > 96) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

function bullets(rng: Rng): string {
  const n = rng.int(2, 4);
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(`- ${sentence(rng)}`);
  return items.join("\n");
}

/** A calendar day from a day number counted from 1970-01-01. */
const dayOf = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

const FIRST_DAY = dayNumber("2018-01-01");
const LAST_DAY = dayNumber("2026-10-31");

function memberNames(rng: Rng, n: number): string[] {
  const names = new Set<string>();
  while (names.size < n) {
    const parts = rng.int(2, 3);
    let name = "";
    for (let i = 0; i < parts; i++) name += rng.pick(SYLLABLES);
    names.add(cap(name));
  }
  return [...names];
}

interface TacticPlan {
  slug: string;
  title: string;
  kind: (typeof KINDS)[number];
}

/**
 * Writes a synthetic circle into `dir` (created if needed; it should be empty) and returns
 * what it wrote. The content's dates run from 2018 to October 2026, none expires.
 */
export async function generateCircle(dir: string, size: CircleSize): Promise<GeneratedCircle> {
  const rng = createRng(size.seed);
  let files = 0;
  let bytes = 0;
  const put = async (rel: string, text: string): Promise<void> => {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    files++;
    bytes += Buffer.byteLength(text);
  };

  const members = memberNames(rng, size.members);

  await put(
    "circle.yaml",
    [
      `name: Synthetic Circle ${size.reports}`,
      "language: en",
      "paper: a4",
      "timezone: Europe/Madrid",
      "currency: EUR",
      "care-units: [hours, meals, rides, credits]",
      "rhythm:",
      "  pulse: moon",
      "  start: 2026-11-01",
      "  decompress-days: 2",
      "  assembly: first saturday",
      "",
    ].join("\n"),
  );

  // Tactics: about a third are care tactics, so every report can name a care mirror.
  const tactics: TacticPlan[] = [];
  for (let i = 0; i < size.tactics; i++) {
    const kind = i % 3 === 1 ? "care" : rng.pick(KINDS);
    const title = `${cap(rng.pick(TACTIC_ADJECTIVES))} ${rng.pick(TACTIC_NOUNS)} ${i + 1}`;
    tactics.push({ slug: `tactic-${pad(i + 1, 3)}`, title, kind });
  }
  const care = tactics.filter((t) => t.kind === "care");
  for (const t of tactics) {
    const pairs = rng.sample(
      care.filter((c) => c.slug !== t.slug),
      rng.int(0, 2),
    );
    const others = rng.sample(
      tactics.filter((o) => o.slug !== t.slug),
      2,
    );
    const link = (o: TacticPlan): string => `See the [${o.title.toLowerCase()}](${o.slug}.md).`;
    const front = [
      "---",
      `title: ${t.title}`,
      `kind: ${t.kind}`,
      `risk: ${rng.pick(RISKS)}`,
      `people: ${rng.int(2, 30)}`,
      `prep: ${rng.pick(["one evening", "one week", "two weeks", "a month"])}`,
      ...(pairs.length > 0 ? [`pairs-with: [${pairs.map((p) => p.slug).join(", ")}]`] : []),
      `tags: [${rng.sample(TAGS, rng.int(1, 3)).join(", ")}]`,
      ...(rng.chance(0.15) ? ["audience: circle"] : []),
      "---",
    ];
    const body = [
      paragraph(rng, others.map(link)),
      "### Before",
      bullets(rng),
      "### During",
      paragraph(rng),
      "### What to watch for",
      bullets(rng),
      "### How it can go wrong",
      paragraph(rng),
    ];
    await put(`tactics/${t.slug}.md`, `${front.join("\n")}\n${body.join("\n\n")}\n`);
  }

  // Reports, oldest first; each may link its tactic, its care mirror and an earlier report.
  const reportSlugs: string[] = [];
  const days: number[] = [];
  for (let i = 0; i < size.reports; i++) days.push(rng.int(FIRST_DAY, LAST_DAY));
  days.sort((a, b) => a - b);
  const withImage = Math.max(1, Math.floor(size.reports / 40));
  let usedImage = false;
  for (let i = 0; i < size.reports; i++) {
    const topic = rng.pick(TOPICS);
    const place = rng.pick(PLACES);
    const title = `${cap(topic)} at ${place}`;
    const slug = `${topic.replace(/[^a-z0-9]+/g, "-")}-${pad(i + 1, 5)}`;
    const tactic = rng.pick(tactics);
    const mirror = rng.chance(0.8) ? rng.pick(care) : undefined;
    const date = dayOf(days[i] ?? FIRST_DAY);
    const front = [
      "---",
      `title: ${title}`,
      `date: ${date}`,
      `tactic: ${tactic.slug}`,
      `care-mirror: ${mirror ? mirror.slug : "soup and rides after the shift"}`,
      `outcome: ${rng.pick(OUTCOMES)}`,
      ...(rng.chance(0.9) ? [`participants: ${rng.int(3, 60)}`] : []),
      ...(rng.chance(0.3) ? ["audience: public"] : []),
      `tags: [${rng.sample(TAGS, rng.int(0, 3)).join(", ")}]`,
      "---",
    ];
    const links = [`We ran the [${tactic.title.toLowerCase()}](../tactics/${tactic.slug}.md).`];
    if (mirror)
      links.push(`The [${mirror.title.toLowerCase()}](../tactics/${mirror.slug}.md) helped.`);
    const earlier = reportSlugs.length > 0 && rng.chance(0.3) ? rng.pick(reportSlugs) : undefined;
    const image = i % withImage === 0;
    const body = [
      "## What we did",
      paragraph(rng, links),
      paragraph(rng),
      ...(image
        ? [
            "![A drawing of crates stacked on pallets beside an open dock door](../media/stacked-crates.jpg)",
          ]
        : []),
      "## What happened",
      paragraph(rng, earlier ? [`It went as in [an earlier action](${earlier}.md).`] : []),
      paragraph(rng),
      "## What we learned",
      bullets(rng),
      "## Next time",
      bullets(rng),
    ];
    usedImage ||= image;
    await put(`reports/${slug}.md`, `${front.join("\n")}\n${body.join("\n\n")}\n`);
    reportSlugs.push(slug);
  }
  if (usedImage) {
    await mkdir(path.join(dir, "media"), { recursive: true });
    await copyFile(IMAGE, path.join(dir, "media", "stacked-crates.jpg"));
    files++;
  }

  // The ledger: consecutive months up to October 2026, each closed by a balance assertion.
  let balance = 0;
  const money = (cents: number): string =>
    `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${pad(Math.abs(cents) % 100, 2)} EUR`;
  for (let m = size.ledgerMonths - 1; m >= 0; m--) {
    const first = new Date(Date.UTC(2026, 9 - m, 1));
    const month = first.toISOString().slice(0, 7);
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    const lastDay = last.getUTCDate();
    const rows: string[] = [];
    const dates: number[] = [];
    for (let r = 0; r < size.rowsPerMonth; r++) dates.push(rng.int(1, lastDay - 1));
    dates.sort((a, b) => a - b);
    for (const d of dates) {
      const date = `${month}-${pad(d, 2)}`;
      const roll = rng.next();
      let who: string;
      let what: string;
      let amount: string;
      if (roll < 0.35) {
        const cents = rng.pick([1000, 1500, 2000]);
        balance += cents;
        [who, what, amount] = [rng.pick(members), "dues", money(cents)];
      } else if (roll < 0.45 && balance > 5000) {
        const cents = -rng.int(500, Math.min(balance - 1000, 6000));
        balance += cents;
        [who, what, amount] = ["fund", rng.pick(["pantry groceries", "printing"]), money(cents)];
      } else if (roll < 0.5) {
        const cents = rng.int(1000, 8000);
        balance += cents;
        [who, what, amount] = ["anonymous", "donation", money(cents)];
      } else {
        const [unit, text] = rng.pick([
          ["hours", "childcare pod"],
          ["meals", "pantry cooking"],
          ["rides", "rides"],
          ["credits", "skill circle teaching"],
        ] as const);
        const n = unit === "hours" ? `${rng.int(1, 8)}.5` : String(rng.int(1, 30));
        [who, what, amount] = [rng.pick(members), text, `${n} ${unit}`];
      }
      rows.push(`| ${date} | ${who} | ${what} | ${amount} | |`);
    }
    rows.push(
      `| ${month}-${pad(lastDay, 2)} | fund | balance | = ${money(balance)} | counted at the assembly |`,
    );
    await put(
      `ledger/${month}.md`,
      [
        "---",
        `month: ${month}`,
        "---",
        paragraph(rng),
        "",
        "| date | who | what | amount | note |",
        "|------|-----|------|--------|------|",
        ...rows,
        "",
      ].join("\n"),
    );
  }

  await put(
    "rotation.md",
    [
      "---",
      "roles: [facilitator, treasurer, spokesperson]",
      "term: 14 days",
      "start: 2026-11-02",
      "terms: 12",
      "method: rotation",
      "members:",
      ...members.map((m) => `  - name: ${m}`),
      "---",
      paragraph(rng),
      "",
    ].join("\n"),
  );

  const articles = ["Who we are", "How we decide", "Rotation", "The fund", "Care", "Safety"];
  await put(
    "charter.md",
    [
      "---",
      "title: Our charter",
      "adopted: 2018-01-06",
      "amendments:",
      "  - date: 2020-03-07",
      "    article: 3",
      "    change: Roles rotate every two weeks instead of every month",
      "  - date: 2024-05-04",
      "    article: 4",
      "    change: The fund is counted aloud at every assembly",
      "---",
      ...articles.map((a) => `## ${a}\n\n${paragraph(rng)}\n`),
    ].join("\n"),
  );

  return { dir, size, reportSlugs, tacticSlugs: tactics.map((t) => t.slug), files, bytes };
}

/** A new temporary folder for a circle, e.g. /tmp/mimeo-bench-1000-XXXX/content. */
export async function temporaryCircle(size: CircleSize): Promise<GeneratedCircle> {
  const root = await mkdtemp(path.join(os.tmpdir(), `mimeo-bench-${size.reports}-`));
  return generateCircle(path.join(root, "content"), size);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      reports: { type: "string", default: "100" },
      seed: { type: "string", default: "7" },
      out: { type: "string" },
    },
  });
  const size = sizeFor(Number(values.reports), Number(values.seed));
  const made = values.out
    ? await generateCircle(path.resolve(values.out), size)
    : await temporaryCircle(size);
  console.log(
    `${made.dir}: ${size.reports} reports, ${size.tactics} tactics, ${size.members} members, ` +
      `${size.ledgerMonths} ledger months (${made.files} files, ${(made.bytes / 1e6).toFixed(1)} MB)`,
  );
}
