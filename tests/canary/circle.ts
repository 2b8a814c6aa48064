// Generates a circle whose circle-only matter is full of unique markers (made-up words no
// output would hold by chance), from a seed: members' names, the roster's prose, ledger names
// and notes, deny-list entries, the charter, circle-only and expired reports and a circle-only
// tactic (titles, bodies, alt text, tags), and the exact days of the public reports. Some
// circles also plant one marker in public matter: that build must fail and name it.
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type MarkerKind = "name" | "day";

export interface Marker {
  /** A made-up word or phrase; for a day, the ISO day. */
  text: string;
  kind: MarkerKind;
  /** What it is, for a person reading a failure: "member name", "circle-only report title". */
  what: string;
}

export interface Planted {
  marker: Marker;
  /** Where in public matter: "public report body", "public tactic title"… */
  where: string;
}

export interface CanaryCircle {
  seed: number;
  markers: Marker[];
  /** The marker planted in public matter, if this circle has one: the build must fail. */
  planted?: Planted;
}

/** mulberry32: a small seeded generator, so a failing case is re-run from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINIMAL = path.join(import.meta.dirname, "..", "fixtures", "minimal");
const ZONES = [
  "Europe/Madrid",
  "America/Mexico_City",
  "America/Sao_Paulo",
  "Europe/Paris",
  "America/Chicago",
  "Africa/Lagos",
  "UTC",
];
const MONTHS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"];

export async function writeCanaryCircle(seed: number, dir: string): Promise<CanaryCircle> {
  const r = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const seen = new Set<string>();
  // Words no language has: "Qu" and "x" or "zv" somewhere, from random syllables.
  const word = (): string => {
    for (;;) {
      const syllables = Array.from(
        { length: 3 },
        () => pick([..."bdfgklmnprstvz"]) + pick([..."aeiou"]),
      ).join("");
      const w = `Qu${syllables}${pick(["x", "zv", "xt"])}`;
      if (!seen.has(w.toLowerCase())) {
        seen.add(w.toLowerCase());
        return w;
      }
    }
  };
  const markers: Marker[] = [];
  const mark = (what: string, text = word(), kind: MarkerKind = "name"): string => {
    markers.push({ text, kind, what });
    return text;
  };
  const tag = (): string => mark("circle-only tag", word().toLowerCase());

  const content = path.join(dir, "content");
  for (const sub of ["reports", "tactics", "ledger", "media"]) {
    await mkdir(path.join(content, sub), { recursive: true });
  }
  await copyFile(path.join(MINIMAL, "media", "crates.png"), path.join(content, "media", "a.png"));
  const language = pick(["en", "es", "fr"]);
  await writeFile(
    path.join(content, "circle.yaml"),
    `name: Canary Circle ${seed}\nlanguage: ${language}\ntimezone: ${pick(ZONES)}\n`,
  );

  // The roster: members' names and its prose.
  const members = Array.from({ length: 3 + Math.floor(r() * 3) }, () => mark("member name"));
  await writeFile(
    path.join(content, "rotation.md"),
    `---\nroles: [facilitator, treasurer]\nterm: 2 weeks\nstart: 2026-11-02\nterms: 4\nmethod: rotation\nmembers:\n${members.map((m) => `  - name: ${m}\n`).join("")}---\nTurnos con ${mark("roster prose")} cada quincena.\n`,
  );

  // The ledger: names (members) and notes.
  const rows = members
    .map((m, k) => `| 2026-10-0${k + 1} | ${m} | dues | 5.00 EUR | ${mark("ledger note")} |`)
    .join("\n");
  await writeFile(
    path.join(content, "ledger", "2026-10.md"),
    `---\nmonth: 2026-10\n---\n| date | who | what | amount | note |\n|------|-----|------|--------|------|\n${rows}\n`,
  );

  // The private deny-list.
  const denied = [mark("deny-list entry", `${word()} ${word()}`), mark("deny-list entry")];
  await mkdir(path.join(dir, ".mimeo"), { recursive: true });
  await writeFile(path.join(dir, ".mimeo", "deny.txt"), `# canary\n${denied.join("\n")}\n`);

  // The charter, circle-only.
  if (r() < 0.6) {
    await writeFile(
      path.join(content, "charter.md"),
      `---\ntitle: ${mark("charter title")}\nadopted: 2026-09-02\naudience: circle\namendments:\n  - date: 2026-10-07\n    article: 1\n    change: ${mark("charter amendment")}\n---\n## ${mark("charter article")}\n\n${mark("charter text")} y ${pick(members)}.\n`,
    );
  }

  // Public tactics, neutral; one circle-only tactic full of markers.
  await writeFile(
    path.join(content, "tactics", "stoppage.md"),
    "---\ntitle: Safety stoppage\nkind: disruption\nrisk: medium\npairs-with: [pantry]\ntags: [safety]\n---\nStop together, for safety.\n",
  );
  await writeFile(
    path.join(content, "tactics", "pantry.md"),
    "---\ntitle: Solidarity pantry\nkind: care\nrisk: low\n---\nCook for everyone.\n",
  );
  await writeFile(
    path.join(content, "tactics", "hidden.md"),
    `---\ntitle: ${mark("circle-only tactic title")}\nkind: defence\nrisk: high\naudience: circle\ntags: [${tag()}]\n---\n${mark("circle-only tactic body")} con ${pick(denied)}.\n\n![${mark("circle-only alt text")}](../media/a.png)\n`,
  );

  // Public reports, neutral, on days that must never be published.
  const publicDays: string[] = [];
  const publicCount = 1 + Math.floor(r() * 2);
  for (let k = 0; k < publicCount; k++) {
    let day: string;
    do day = `2026-${pick(MONTHS)}-${String(10 + Math.floor(r() * 18)).padStart(2, "0")}`;
    while (publicDays.includes(day));
    publicDays.push(day);
    mark("public report's exact day", day, "day");
    await writeFile(
      path.join(content, "reports", `public-${k}.md`),
      `---\ntitle: Stoppage number ${k + 1}\ndate: ${day}\ntactic: ${pick(["stoppage", "pantry"])}\ncare-mirror: pantry\noutcome: ${pick(["won", "partial", "lost", "ongoing"])}\naudience: public\ntags: [safety]\n---\n## What we did\n\nWe stopped, and we cooked.\n\n![Crates](../media/a.png)\n`,
    );
  }

  // Circle-only reports (on a public tactic, and on the hidden one) and an expired public one.
  for (let k = 0; k < 1 + Math.floor(r() * 2); k++) {
    await writeFile(
      path.join(content, "reports", `circle-${k}.md`),
      `---\ntitle: ${mark("circle-only report title")}\ndate: 2026-${pick(MONTHS)}-0${1 + k}\ntactic: ${pick(["stoppage", "hidden"])}\ncare-mirror: ${mark("circle-only care mirror")}\noutcome: won\ntags: [${tag()}]\n---\n${mark("circle-only report body")}: ${pick(members)} y ${pick(denied)}.\n\n![${mark("circle-only alt text")}](../media/a.png)\n`,
    );
  }
  await writeFile(
    path.join(content, "reports", "expired.md"),
    `---\ntitle: ${mark("expired report title")}\ndate: 2026-01-05\nexpires: 2026-02-01\ntactic: stoppage\ncare-mirror: pantry\noutcome: won\naudience: public\ntags: [${tag()}]\n---\n${mark("expired report body")}.\n`,
  );

  // One circle in four plants a marker in public matter, where only the guard can stop it.
  let planted: Planted | undefined;
  if (r() < 0.25) {
    const day = pick(publicDays);
    const [y, m, d] = day.split("-");
    const spelled = pick([day, `${d}/${m}/${y}`, `${y}${m}${d}`]);
    const choice = pick([
      { marker: pick(markers.filter((x) => x.what === "member name")), text: "" },
      { marker: pick(markers.filter((x) => x.what === "deny-list entry")), text: "" },
      { marker: markers.find((x) => x.text === day) as Marker, text: spelled },
    ]);
    const text = choice.text || choice.marker.text;
    const where = pick(["public report body", "public report alt text", "public tactic body"]);
    if (where === "public tactic body") {
      await writeFile(
        path.join(content, "tactics", "pantry.md"),
        `---\ntitle: Solidarity pantry\nkind: care\nrisk: low\n---\nCook for everyone, as on ${text}.\n`,
      );
    } else {
      const body =
        where === "public report body"
          ? `We stopped with ${text}.`
          : `![Crates and ${text}](../media/a.png)`;
      await writeFile(
        path.join(content, "reports", "public-0.md"),
        `---\ntitle: Stoppage number 1\ndate: ${publicDays[0]}\ntactic: stoppage\ncare-mirror: pantry\noutcome: won\naudience: public\n---\n## What we did\n\n${body}\n`,
      );
    }
    planted = { marker: choice.marker, where };
  }
  return { seed, markers, ...(planted ? { planted } : {}) };
}
