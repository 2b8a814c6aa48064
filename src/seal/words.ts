// The README.txt beside a sealed archive on a stick, one text per language. It names no circle
// and no member: it is the one plain file a finder of the stick can read.
import type { Language } from "../content/model.ts";
import { frenchSpacedWords } from "../french-spacing.ts";

export interface SealedReadmeWords {
  title: string;
  intro: string;
  withMimeo: string;
  withAge: string;
  askPassphrase: string;
  then: string;
  careful: string;
  checked: string;
}

const en: SealedReadmeWords = {
  title: "Sealed archive",
  intro:
    "FILE is an archive encrypted with age (age-encryption.org). Without its passphrase, or the " +
    "secret key of one of the people it was sealed for, it cannot be read.",
  withMimeo: "How to open it with mimeo",
  withAge: "How to open it with age, on any system (Linux, macOS, Windows)",
  askPassphrase: "age asks for the passphrase.",
  then: "Then open FOLDER/site/index.html in a web browser; the printable sheets are in FOLDER/site/print/.",
  careful:
    "Open it onto an encrypted disk, not onto this stick or a shared computer, and delete the " +
    "opened copy when you are done.",
  checked:
    "age checks every byte: a file that was changed or cut short does not open. FOLDER/SHA256SUMS " +
    "lists the SHA-256 of every file inside (sha256sum -c SHA256SUMS).",
};

const es: SealedReadmeWords = {
  title: "Archivo sellado",
  intro:
    "FILE es un archivo cifrado con age (age-encryption.org). Sin su frase de paso, o la clave " +
    "secreta de una de las personas para quienes se selló, no se puede leer.",
  withMimeo: "Cómo abrirlo con mimeo",
  withAge: "Cómo abrirlo con age, en cualquier sistema (Linux, macOS, Windows)",
  askPassphrase: "age pide la frase de paso.",
  then: "Después abre FOLDER/site/index.html en un navegador; las hojas para imprimir están en FOLDER/site/print/.",
  careful:
    "Ábrelo en un disco cifrado, no en esta memoria ni en un ordenador compartido, y borra la " +
    "copia abierta cuando termines.",
  checked:
    "age comprueba cada byte: un archivo cambiado o cortado no se abre. FOLDER/SHA256SUMS " +
    "contiene el SHA-256 de cada archivo (sha256sum -c SHA256SUMS).",
};

const fr: SealedReadmeWords = frenchSpacedWords({
  title: "Archive scellée",
  intro:
    "FILE est une archive chiffrée avec age (age-encryption.org). Sans sa phrase de passe, ou la " +
    "clé secrète d’une des personnes pour qui elle a été scellée, elle est illisible.",
  withMimeo: "L’ouvrir avec mimeo",
  withAge: "L’ouvrir avec age, sur n’importe quel système (Linux, macOS, Windows)",
  askPassphrase: "age demande la phrase de passe.",
  then: "Ouvrez ensuite FOLDER/site/index.html dans un navigateur ; les feuilles à imprimer sont dans FOLDER/site/print/.",
  careful:
    "Ouvrez-la sur un disque chiffré, pas sur cette clé ni sur un ordinateur partagé, et effacez " +
    "la copie ouverte quand vous avez fini.",
  checked:
    "age vérifie chaque octet : un fichier modifié ou tronqué ne s’ouvre pas. FOLDER/SHA256SUMS " +
    "donne le SHA-256 de chaque fichier (sha256sum -c SHA256SUMS).",
});

export const SEALED_README_WORDS: Readonly<Record<Language, SealedReadmeWords>> = { en, es, fr };
