// The pure parts of sealing: the tar's order, times and owners, the sealed file's name and top
// folder, which tar entries may be unpacked, key lists, hidden typing and new passphrases.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  archiveEpoch,
  archiveTop,
  extractedPath,
  FIXED_EPOCH,
  parseMonth,
  sealedFileName,
  tarEntries,
  type ArchiveFile,
} from "../../src/seal/archive.ts";
import { armor } from "age-encryption";
import { dearmor, isArmored, lockedWith, parseKeyList, SealError } from "../../src/seal/age.ts";
import {
  effWords,
  newPassphrase,
  passphraseFromFile,
  typeHidden,
} from "../../src/seal/passphrase.ts";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sealedReadme } from "../../src/seal/bundle.ts";
import { parseSums } from "../../src/bundle/files.ts";

const file = (p: string, size = 3): ArchiveFile => ({ path: p, size, sha256: "a".repeat(64) });

describe("tarEntries", () => {
  const files = [
    file("site/tactics/safety-stoppage.html"),
    file("site/index.html"),
    file("content/charter.md"),
    file("site/print/charter.poster.pdf"),
    file("site/tactics-list.html"),
  ];

  it("puts every folder before what it holds, in byte order, with SHA256SUMS listing the rest", () => {
    const entries = tarEntries(files, "archive-2026-11", 0);
    expect(entries.map((e) => e.name)).toEqual([
      "archive-2026-11/",
      "archive-2026-11/SHA256SUMS",
      "archive-2026-11/content/",
      "archive-2026-11/content/charter.md",
      "archive-2026-11/site/",
      "archive-2026-11/site/index.html",
      "archive-2026-11/site/print/",
      "archive-2026-11/site/print/charter.poster.pdf",
      "archive-2026-11/site/tactics-list.html",
      "archive-2026-11/site/tactics/",
      "archive-2026-11/site/tactics/safety-stoppage.html",
    ]);
    const sums = entries[1]?.source;
    expect(sums && "text" in sums ? parseSums(sums.text).map((l) => l.path) : []).toEqual([
      "content/charter.md",
      "site/index.html",
      "site/print/charter.poster.pdf",
      "site/tactics-list.html",
      "site/tactics/safety-stoppage.html",
    ]);
  });

  it("gives every entry the same time and fixed modes, whatever order the files came in", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(files, { minLength: files.length }), (shuffled) => {
        const entries = tarEntries(shuffled, "a", 1_700_000_000);
        expect(entries).toEqual(tarEntries(files, "a", 1_700_000_000));
        for (const e of entries) {
          expect(e.mtime.getTime()).toBe(1_700_000_000_000);
          expect(e.mode).toBe(e.type === "directory" ? 0o755 : 0o644);
        }
      }),
      { numRuns: 20 },
    );
  });

  it("refuses a path that could leave the archive's folder", () => {
    expect(() => tarEntries([file("site/../etc/passwd")], "a", 0)).toThrow(/'\.\.'/);
    expect(() => tarEntries([file("/etc/passwd")], "a", 0)).toThrow(/absolute/);
  });
});

describe("archiveEpoch", () => {
  it("takes SOURCE_DATE_EPOCH, or a fixed time that says nothing about when", () => {
    expect(archiveEpoch({ SOURCE_DATE_EPOCH: "1790000000" })).toBe(1_790_000_000);
    expect(archiveEpoch({})).toBe(FIXED_EPOCH);
    expect(() => archiveEpoch({ SOURCE_DATE_EPOCH: "yesterday" })).toThrow(/whole seconds/);
  });
});

describe("sealedFileName and archiveTop", () => {
  it("names the file for the month, in a folder or beside a given name", () => {
    expect(sealedFileName("circle.age", undefined, false)).toEqual({ file: "circle.age" });
    expect(sealedFileName("circle.age", "2026-11", false)).toEqual({ file: "circle-2026-11.age" });
    expect(sealedFileName("/media/usb/", "2026-11", true)).toEqual({
      file: "/media/usb/archive-2026-11.age",
    });
    expect(sealedFileName(undefined, "2026-11", false)).toEqual({ file: "archive-2026-11.age" });
    expect(sealedFileName(undefined, undefined, false)).toHaveProperty("error");
    expect(sealedFileName("/media/usb", undefined, true)).toHaveProperty("error");
    expect(sealedFileName("circle.tar", undefined, false)).toHaveProperty("error");
  });

  it("reads months written YYYY-MM only", () => {
    expect(parseMonth("2026-11")).toEqual({ month: "2026-11" });
    for (const bad of ["2026-13", "2026-00", "26-11", "2026-1", "November"]) {
      expect(parseMonth(bad)).toHaveProperty("error");
    }
  });

  it("opens into a folder named after the file, with only safe characters", () => {
    expect(archiveTop("/media/usb/archive-2026-11.age")).toBe("archive-2026-11");
    expect(archiveTop("our circle.age")).toBe("our-circle");
    expect(archiveTop(".age")).toBe("archive");
  });
});

describe("extractedPath", () => {
  it("takes plain files and folders under one top folder", () => {
    expect(extractedPath("a/site/index.html", "file")).toEqual({
      top: "a",
      path: "site/index.html",
      folder: false,
    });
    expect(extractedPath("a/site/", "directory")).toEqual({ top: "a", path: "site", folder: true });
  });

  it("refuses links, devices and paths that climb out", () => {
    expect(extractedPath("a/link", "symlink")).toHaveProperty("error");
    expect(extractedPath("a/hard", "link")).toHaveProperty("error");
    expect(extractedPath("a/../../home/x", "file")).toHaveProperty("error");
    expect(extractedPath("/etc/cron.d/x", "file")).toHaveProperty("error");
  });
});

describe("keys", () => {
  it("reads key lists as the age command writes them, naming a bad line", () => {
    const text = "# created: 2026-11-01\n# public key: age1xyz\nAGE-SECRET-KEY-1ABC\n\n";
    expect(parseKeyList(text, "key.txt", "identity")).toEqual(["AGE-SECRET-KEY-1ABC"]);
    expect(() => parseKeyList("age1abc\nssh-ed25519 AAAA\n", "keys.txt", "recipient")).toThrow(
      /keys\.txt:2: not an age public key/,
    );
    expect(() => parseKeyList("# nothing\n", "keys.txt", "recipient")).toThrow(SealError);
  });

  it("tells a passphrase-sealed file from a key-sealed one by its header", () => {
    const head = (stanza: string): Uint8Array =>
      new TextEncoder().encode(`age-encryption.org/v1\n-> ${stanza}\nabc\n--- xyz\n`);
    expect(lockedWith(head("scrypt c2FsdA 18"))).toBe("passphrase");
    expect(lockedWith(head("X25519 abc"))).toBe("keys");
    expect(lockedWith(new TextEncoder().encode("PK\u0003\u0004"))).toBe("not-age");
  });

  it("reads the header of a file in ASCII armor (age -a) too, from its first bytes", () => {
    const armored = (stanza: string): Uint8Array => {
      const binary = new TextEncoder().encode(
        `age-encryption.org/v1\n-> ${stanza}\n${"a".repeat(43)}\n--- ${"b".repeat(43)}\n`,
      );
      const text = `\n  ${armor.encode(new Uint8Array([...binary, ...new Uint8Array(500)]))}`;
      return new TextEncoder().encode(text.slice(0, 256));
    };
    expect(isArmored(armored("scrypt c2FsdA 18"))).toBe(true);
    expect(lockedWith(armored("scrypt c2FsdA 18"))).toBe("passphrase");
    expect(lockedWith(armored("X25519 abc"))).toBe("keys");
    expect(isArmored(new TextEncoder().encode("age-encryption.org/v1\n"))).toBe(false);
    const notAge = armor.encode(new TextEncoder().encode("x".repeat(200)));
    expect(lockedWith(new TextEncoder().encode(notAge))).toBe("not-age");
  });
});

describe("dearmor", () => {
  /** The bytes out of `text` fed to dearmor in chunks of `size` bytes. */
  async function decoded(text: string, size = 7): Promise<Uint8Array> {
    const bytes = new TextEncoder().encode(text);
    let at = 0;
    const input = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + size));
        at += size;
      },
    });
    const reader = dearmor(input).getReader();
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    return new Uint8Array(Buffer.concat(parts));
  }

  it("gives back the bytes the age library armored, whatever the chunks and line ends", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        async (bytes, size, crlf) => {
          const text = armor.encode(bytes);
          const shaped = `\n ${crlf ? text.replaceAll("\n", "\r\n") : text}\n\n`;
          expect(await decoded(shaped, size)).toEqual(bytes);
        },
      ),
    );
  });

  it("refuses a broken armor as strictly as the age library does", async () => {
    const good = armor.encode(new Uint8Array(100).fill(7));
    const lines = good.trimEnd().split("\n");
    const broken = {
      "a cut file": lines.slice(0, -1).join("\n"),
      "a short line in the middle": [lines[0], lines[1]?.slice(4), ...lines.slice(2)].join("\n"),
      "text after the end": `${good}more\n`,
      "a wrong begin line": good.replace("BEGIN AGE", "BEGIN PGP"),
      "a character not in base64": good.replace(/[A-Z]/, "*"),
      "unused bits set": good.replace("BwcHBw==", "BwcHBx=="),
      "padding in the middle": good.replace("BwcHBw==", "BwcH\nBw=="),
    };
    for (const [name, text] of Object.entries(broken)) {
      expect(() => armor.decode(text), name).toThrow();
      await expect(decoded(text), name).rejects.toThrow();
    }
  });
});

describe("passphraseFromFile", () => {
  it("takes the first line, as a Windows editor saves it too", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mimeo-passphrase-"));
    try {
      const file = path.join(dir, "passphrase.txt");
      await writeFile(file, "\uFEFFsaga sample engine\r\nsecond line\r\n");
      expect(await passphraseFromFile(file)).toBe("saga sample engine");
      await writeFile(file, "\n");
      await expect(passphraseFromFile(file)).rejects.toThrow(/empty/);
      await expect(passphraseFromFile(path.join(dir, "missing"))).rejects.toThrow(/cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads key lists saved with a byte-order mark and CRLF", () => {
    expect(parseKeyList("\uFEFF# key\r\nage1abc\r\n", "keys.txt", "recipient")).toEqual([
      "age1abc",
    ]);
  });
});

describe("typeHidden", () => {
  it("ends on Enter, takes back with Backspace and Ctrl-U, cancels on Ctrl-C", () => {
    const start = { text: "", state: "typing" as const };
    expect(typeHidden(start, "pass")).toEqual({ text: "pass", state: "typing" });
    expect(typeHidden(start, "pasx\u007fs wörd\r")).toEqual({ text: "pass wörd", state: "done" });
    expect(typeHidden(start, "wrong\u0015right\n")).toEqual({ text: "right", state: "done" });
    expect(typeHidden({ text: "half", state: "typing" }, "\u0003")).toEqual({
      text: "",
      state: "cancelled",
    });
    expect(typeHidden(start, "\u0004")).toEqual({ text: "", state: "cancelled" });
  });
});

describe("newPassphrase", () => {
  it("draws six words from the EFF's 7,776 with the draw it is given", () => {
    const words = effWords();
    expect(words).toHaveLength(7776);
    expect(words[0]).toBe("abacus");
    const draws = [0, 7775, 1, 2, 3, 4];
    expect(newPassphrase(words, 6, () => draws.shift() ?? 0)).toBe(
      `abacus ${words[7775]} ${words[1]} ${words[2]} ${words[3]} ${words[4]}`,
    );
    const drawn = newPassphrase().split(" ");
    expect(drawn).toHaveLength(6);
    for (const word of drawn) expect(words).toContain(word);
  });
});

describe("sealedReadme", () => {
  it("says how to open the file in the circle's language and names no circle", () => {
    for (const language of ["en", "es", "fr"] as const) {
      const text = sealedReadme(language, false);
      expect(text.startsWith("Sealed archive, made by mimeo bundle\n")).toBe(true);
      expect(text).toContain("age -d archive.age | tar -x");
      expect(text).toContain("mimeo unseal archive.age archive");
    }
    expect(sealedReadme("en", true)).toContain("age -d -i key.txt archive.age | tar -x");
    expect(sealedReadme("en", true)).toContain("--identity key.txt");
  });
});
