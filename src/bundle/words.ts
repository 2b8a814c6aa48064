// The words on a USB stick's START-HERE.html and README.txt, one table per language. Every
// table has the same keys, which the type checker enforces; add a line to all three or none.
import type { Language } from "../content/model.ts";
import { frenchSpacedWords } from "../french-spacing.ts";

const en = {
  publicArchive: "Public archive",
  circleArchive: "Circle only",
  open: "Open the archive",
  print: "Printable sheets",
  offline:
    "Everything here works offline, straight from this stick, with JavaScript turned off " +
    "(for example in Tor Browser on its Safest setting). Nothing is loaded from the internet.",
  circleWarning:
    "This stick holds circle-only pages, which may name members. Keep it on you, do not lend " +
    "it, and wipe it when it is no longer needed.",
  checkPointer: "To check that no file has been changed, read README.txt.",
  howToOpen: "How to open it",
  openSteps:
    "Open START-HERE.html in any web browser: double-click it, or drag it onto a browser " +
    "window. The archive itself is in the folder site/, starting at site/index.html.",
  search: "Search",
  searchSteps:
    "With JavaScript on, the search box shows results as you type. With JavaScript off, the " +
    "search button opens the list of tactics instead; every page is still reachable by links.",
  howToCheck: "How to check that nothing was changed",
  checkIntro:
    "SHA256SUMS lists a fingerprint (SHA-256) of every other file in this folder. To compare " +
    "them, open a terminal in this folder and run one of these:",
  checkResult:
    "Every file should be reported OK. A file reported FAILED, missing or extra is not what " +
    "was put on the stick: do not open it, and tell the circle.",
  checkLimit:
    "Someone who changes files can also rewrite SHA256SUMS. To be sure, compare the " +
    "fingerprint of SHA256SUMS itself (sha256sum SHA256SUMS) with one you got in person.",
  signed:
    "This bundle is signed: SHA256SUMS.minisig is a signature of SHA256SUMS made with the " +
    "circle's key, and minisign.pub is that key. Check it with the command below, then compare " +
    "the key id on the first line of minisign.pub with the one the circle gave you in person.",
};

type Words = typeof en;

const es: Words = {
  publicArchive: "Archivo público",
  circleArchive: "Solo para el círculo",
  open: "Abrir el archivo",
  print: "Hojas para imprimir",
  offline:
    "Todo funciona sin conexión, directamente desde esta memoria, con JavaScript desactivado " +
    "(por ejemplo en Tor Browser con el nivel «Más seguro»). Nada se carga de internet.",
  circleWarning:
    "Esta memoria contiene páginas solo para el círculo, que pueden nombrar a sus miembros. " +
    "Llévala encima, no la prestes y bórrala cuando ya no haga falta.",
  checkPointer: "Para comprobar que ningún archivo ha cambiado, lee README.txt.",
  howToOpen: "Cómo abrirlo",
  openSteps:
    "Abre START-HERE.html en cualquier navegador: haz doble clic o arrástralo a una ventana " +
    "del navegador. El archivo está en la carpeta site/, empezando por site/index.html.",
  search: "Búsqueda",
  searchSteps:
    "Con JavaScript activado, el buscador muestra resultados mientras escribes. Sin " +
    "JavaScript, el botón de búsqueda abre la lista de tácticas; todas las páginas siguen " +
    "accesibles por enlaces.",
  howToCheck: "Cómo comprobar que nada ha cambiado",
  checkIntro:
    "SHA256SUMS contiene una huella (SHA-256) de cada uno de los demás archivos de esta " +
    "carpeta. Para compararlas, abre una terminal en esta carpeta y ejecuta una de estas órdenes:",
  checkResult:
    "Cada archivo debe salir como OK. Un archivo marcado FAILED, ausente o de más no es el que " +
    "se puso en la memoria: no lo abras y avisa al círculo.",
  checkLimit:
    "Quien cambia archivos también puede reescribir SHA256SUMS. Para estar seguro, compara la " +
    "huella del propio SHA256SUMS (sha256sum SHA256SUMS) con una que te hayan dado en persona.",
  signed:
    "Este archivo está firmado: SHA256SUMS.minisig es una firma de SHA256SUMS hecha con la " +
    "clave del círculo, y minisign.pub es esa clave. Compruébala con la orden de abajo y " +
    "compara el id de la clave, en la primera línea de minisign.pub, con el que el círculo te dio en persona.",
};

const fr: Words = frenchSpacedWords({
  publicArchive: "Archives publiques",
  circleArchive: "Réservé au cercle",
  open: "Ouvrir les archives",
  print: "Feuilles à imprimer",
  offline:
    "Tout fonctionne hors ligne, directement depuis cette clé, avec JavaScript désactivé " +
    "(par exemple dans Tor Browser au niveau « Le plus sûr »). Rien n’est chargé depuis internet.",
  circleWarning:
    "Cette clé contient des pages réservées au cercle, qui peuvent nommer des membres. " +
    "Gardez-la sur vous, ne la prêtez pas et effacez-la quand elle ne sert plus.",
  checkPointer: "Pour vérifier qu’aucun fichier n’a été modifié, lisez README.txt.",
  howToOpen: "Comment l’ouvrir",
  openSteps:
    "Ouvrez START-HERE.html dans n’importe quel navigateur : double-cliquez dessus ou " +
    "glissez-le dans une fenêtre du navigateur. Les archives sont dans le dossier site/, à " +
    "partir de site/index.html.",
  search: "Recherche",
  searchSteps:
    "Avec JavaScript activé, la recherche affiche les résultats pendant la saisie. Sans " +
    "JavaScript, le bouton de recherche ouvre la liste des tactiques ; toutes les pages restent " +
    "accessibles par des liens.",
  howToCheck: "Comment vérifier que rien n’a changé",
  checkIntro:
    "SHA256SUMS donne une empreinte (SHA-256) de chacun des autres fichiers de ce dossier. Pour " +
    "les comparer, ouvrez un terminal dans ce dossier et lancez l’une de ces commandes :",
  checkResult:
    "Chaque fichier doit être signalé OK. Un fichier signalé FAILED, manquant ou en trop n’est " +
    "pas celui qui a été mis sur la clé : ne l’ouvrez pas et prévenez le cercle.",
  checkLimit:
    "Qui modifie des fichiers peut aussi réécrire SHA256SUMS. Pour en être sûr, comparez " +
    "l’empreinte de SHA256SUMS lui-même (sha256sum SHA256SUMS) avec une reçue en personne.",
  signed:
    "Cette archive est signée : SHA256SUMS.minisig est une signature de SHA256SUMS faite avec " +
    "la clé du cercle, et minisign.pub est cette clé. Vérifiez-la avec la commande ci-dessous, " +
    "puis comparez l'identifiant de la clé, sur la première ligne de minisign.pub, avec celui que le cercle vous a donné en personne.",
});

export const BUNDLE_WORDS: Readonly<Record<Language, Words>> = { en, es, fr };
export type BundleWords = Words;

/** What `mimeo verify` says, in the language of the bundle it checks. */
export interface VerifyWords {
  changed: string;
  missing: string;
  extra: string;
  ok: (files: number, sums: string) => string;
  problems: (count: number) => string;
}

export const VERIFY_WORDS: Readonly<Record<Language, VerifyWords>> = {
  en: {
    changed: "changed",
    missing: "missing",
    extra: "extra",
    ok: (files, sums) => `OK: all ${files} files match ${sums}, and there are no others.`,
    problems: (count) =>
      `${count} ${count === 1 ? "problem" : "problems"}: this bundle is not as it was made. Do not trust the files named above.`,
  },
  es: {
    changed: "cambiado",
    missing: "falta",
    extra: "de más",
    ok: (files, sums) =>
      `Correcto: los ${files} archivos coinciden con ${sums} y no hay ningún otro.`,
    problems: (count) =>
      `${count} ${count === 1 ? "problema" : "problemas"}: esta copia no está como se hizo. No confíes en los archivos nombrados arriba.`,
  },
  fr: frenchSpacedWords({
    changed: "modifié",
    missing: "manquant",
    extra: "en trop",
    ok: (files, sums) =>
      `OK : les ${files} fichiers correspondent à ${sums}, et il n’y en a pas d’autres.`,
    problems: (count) =>
      `${count} ${count === 1 ? "problème" : "problèmes"} : cette copie n’est pas telle qu’elle a été faite. Ne vous fiez pas aux fichiers nommés ci-dessus.`,
  }),
};
