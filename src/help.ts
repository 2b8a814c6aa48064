// What `mimeo help`, `mimeo COMMAND --help` and `mimeo --version` print: the general usage, and
// for each command its options with their defaults and one example.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIMEO_ROOT } from "./build/record.ts";
import { SEAL_USAGE } from "./seal/usage.ts";
import { EXCHANGE_USAGE } from "./exchange/usage.ts";
import { CACHE_ENV } from "./site/locations.ts";

/** One line for `mimeo wipe` in the general usage. */
const WIPE_USAGE = `  mimeo wipe   [--out OUTPUT] [--content DIR] [--cache DIR] [--yes]   remove the output, the cache, scratch`;

export const USAGE = `mimeo: build a circle's content into a safe static site and printable zines

Usage:
  mimeo init   DIR [--language en|es|fr] [--paper a4|letter] [--currency EUR]
               [--timezone ZONE] [--name "Name"]             start a new circle in DIR
  mimeo build  [--content DIR] [--out DIR] [--audience public|circle|all]
               [--no-pdf] [--paper a4|letter|a4,letter] [--jobs N] [--base-url URL]
               [--cache DIR] [--ink normal|lite] [--clean]
  mimeo check  [--content DIR] [--audience public [--no-pdf] [--cache DIR]]
  mimeo serve  [--content DIR] [--audience public|circle] [--port N]
  mimeo new    report|tactic|ledger "Title" [--content DIR]
  mimeo ledger [--content DIR] [--format table|csv|hledger]
  mimeo rotation [--content DIR] [--format table|csv]
  mimeo draw   --seed "NUMBERS / NUMBERS" (--pool N | --names FILE) [--pick K]
  mimeo bundle DIR [--audience public|circle] [--out OUTPUT]   copy a build to a USB stick
               [--plain | --passphrase-file F | --recipient age1… | --recipients-file F]
  mimeo verify DIR                                             check a bundle against SHA256SUMS
${SEAL_USAGE}
${WIPE_USAGE}
${EXCHANGE_USAGE}
  mimeo --version

Defaults: --content content, --out output, --audience all.
The print cache is beside the output (.cache/mimeo-print), or --cache DIR, or $${CACHE_ENV}.
Set MIMEO_DEBUG=1 to see the details of an unexpected error.
Run \`mimeo COMMAND --help\` for a command's options and an example.
`;

const content = "  --content DIR      the circle's content folder (default: content)";

/** Each command's help: what it does, its options with their defaults, one example. */
const commands: Record<string, string> = {
  init: `mimeo init DIR: start a new circle in DIR (a new or empty folder).

Writes DIR/content/ with circle.yaml, a charter, a roster (rotation.md), one report, one tactic
and one ledger month, each with comments on what to change, in the circle's language. On a
terminal, mimeo asks for every setting not given as an option.

Options:
  --language en|es|fr   interface words and dates (default: en)
  --paper a4|letter     every printed sheet (default: a4)
  --currency CODE       ISO 4217 code of the fund's money (default: EUR)
  --timezone ZONE       IANA time zone of every date (default: this computer's, else UTC)
  --name "Name"         printed on every sheet (default: a placeholder in the language)

Example:
  mimeo init our-circle --language es --paper letter --currency MXN --timezone America/Mexico_City`,
  build: `mimeo build: build the public archive and the circle's site, with every printable sheet.

Options:
${content}
  --out DIR          where to write public/ and circle/ (default: output)
  --audience WHICH   public, circle or all (default: all)
  --no-pdf           skip the printable sheets (PDFs)
  --paper PAPER      a4, letter, or a4,letter for both sets (default: circle.yaml's, else a4)
  --ink normal|lite  printed images in greyscale; lite lightens them further (default: normal)
  --jobs N           browser pages printing at once, 1 to 64 (default: ${os.availableParallelism()}, one per CPU)
  --base-url URL     the public archive's address, to write an Atom feed (default: none)
  --cache DIR        the print cache (default: $${CACHE_ENV}, else .cache/mimeo-print beside --out)
  --clean            render every page and parse every file again; by default a rebuild
                     renders only the pages whose content changed, keeps the others from the
                     last build, and parses only the Markdown that changed

Example:
  mimeo build --audience public --out /tmp/archive`,
  check: `mimeo check: validate every file, write nothing.

Options:
${content}
  --audience public  also build the public output in a scratch folder and run the leak guard
  --no-pdf           with --audience public: skip the PDFs
  --cache DIR        the print cache to read (default: as for build)

Example:
  mimeo check --audience public`,
  serve: `mimeo serve: a live preview that rebuilds when a file changes.

Options:
${content}
  --audience WHICH   public or circle (default: circle)
  --port N           1 to 65535 (default: 8080)

Example:
  mimeo serve --audience public --port 8081`,
  new: `mimeo new report|tactic|ledger "Title": start a file from a template, dated today in the
circle's time zone and written in its language. It never overwrites a file.

Options:
${content}

Example:
  mimeo new report "Two-hour safety stoppage"
  mimeo new ledger 2026-12`,
  ledger: `mimeo ledger: the ledger's totals by month and by member, and the fund.

Options:
${content}
  --format FORMAT    table, csv or hledger (default: table)

Example:
  mimeo ledger --format hledger > fund.journal`,
  rotation: `mimeo rotation: who holds which role, term by term.

Options:
${content}
  --format FORMAT    table or csv (default: table)

Example:
  mimeo rotation --format csv`,
  draw: `mimeo draw: a public lottery (RFC 3797) anyone can re-run from the numbers drawn.

Options:
  --seed "N / N"     the numbers drawn in public, one group per source (required)
  --pool N           draw from entries numbered 1 to N
  --names FILE       or draw from the names in FILE, one a line
  --pick K           how many to draw (default: all of them, in order)

Example:
  mimeo draw --seed "9319 / 2 5 8 10 12" --pool 25 --pick 10`,
  bundle: `mimeo bundle DIR: copy a finished build to DIR (a USB stick) with START-HERE.html,
README.txt and SHA256SUMS. Build first; DIR must be new, empty, or an earlier bundle.

Options:
${content}
  --out DIR          the build to copy from (default: output)
  --audience WHICH   public or circle (default: public); a circle bundle is sealed
  --plain            with --audience circle: write the open site instead (names, the ledger)
  --passphrase-file F, --recipient age1…, --recipients-file F
                     how a circle bundle is sealed (default: a passphrase typed twice)
  --sign             sign a public bundle (SHA256SUMS.minisig), for other circles to import
  --key FILE         the secret key to sign with (default: .mimeo/exchange.key)

Example:
  mimeo bundle /media/usb/archive`,
  seal: `mimeo seal FILE.age: the circle's build, sealed in one age file (age-encryption.org),
with its SHA256SUMS inside. Opens with \`mimeo unseal\` or, with no mimeo, \`age -d FILE.age | tar -x\`.

Options:
${content}
  --from OUTPUT          seal this finished build instead of building (default: build now)
  --no-pdf               when building: skip the printable sheets
  --with-content         also seal the content folder, for the next treasurer
  --month YYYY-MM        name the file for the month (FILE-YYYY-MM.age)
  --passphrase-file F    read the passphrase from F (default: typed twice on the terminal;
                         MIMEO_PASSPHRASE_FILE names a file too); never an argument
  --recipient age1…      seal to this public key instead (repeatable)
  --recipients-file F    seal to the public keys in F, one a line
  --new-passphrase       print a new six-word passphrase and stop

Example:
  mimeo seal --month 2026-11 archive.age`,
  unseal: `mimeo unseal FILE.age DIR: open a sealed archive into DIR (new or empty), checking every
file against the SHA256SUMS inside. A wrong passphrase or a changed byte writes nothing.
Opens an archive in ASCII armor (age -a) too.

Options:
  --passphrase-file F    read the passphrase from F (default: typed on the terminal)
  --identity KEYFILE     open with this age secret key instead

Example:
  mimeo unseal archive-2026-11.age circle-2026-11`,
  wipe: `mimeo wipe: remove every copy mimeo made of the circle: the output folder, the print cache,
scratch folders in the temporary folder and folders left by a stopped build. The content folder
is never touched. It lists what it will remove and asks first.

Options:
${content}
  --out DIR          the output to remove (default: output)
  --cache DIR        also the print cache a build was given with --cache DIR
  --yes              do not ask (for scripts)

Example:
  mimeo wipe --yes`,
  keygen: `mimeo keygen: make the key pair that signs your public bundles, in minisign's format.
The secret key is kept encrypted with a passphrase; give other circles the public key.

Options:
${content}
  --key FILE             where to write the secret key (default: .mimeo/exchange.key beside
                         the content folder; the public key goes beside it, .pub)
  --passphrase-file F    read the passphrase from F (default: typed twice on the terminal)

Example:
  mimeo keygen`,
  import: `mimeo import BUNDLE: take in another circle's signed public bundle. Checksums and the
signature are checked first; the first key seen for a circle is pinned in circles.yaml.
Documents go to content/from/<circle>/ as circle-only until a person marks them public.
The site shows them credited to their circle; a tactic of yours can name one in adapted-from:.

Options:
${content}

Example:
  mimeo import /media/usb/archive`,
  verify: `mimeo verify DIR: check a bundle against its SHA256SUMS; lists every changed, missing
or extra file and exits 1 if there is any.

Example:
  mimeo verify /media/usb/archive`,
};

/** The help of one command, or the general usage for a name that is not a command. */
export function helpFor(command: string): string {
  return commands[command] ?? USAGE;
}

export const COMMANDS = Object.keys(commands);

/** mimeo's version, from its package.json. */
export function version(): string {
  const manifest = JSON.parse(readFileSync(path.join(MIMEO_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  return `mimeo ${manifest.version}`;
}
