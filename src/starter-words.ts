// The words of the files `mimeo init` and `mimeo new` write, one table per language, so a new
// circle's first files (and the comments that say what to change) are in its own language.
import type { Language } from "./content/model.ts";

const en = {
  circleName: "Our solidarity circle",
  settingsIntro: "The circle's settings. Change every value; `mimeo check` says what is wrong.",
  nameNote: "printed on every sheet: choose a name that is safe to print",
  languageNote: "en | es | fr: interface words, date formats, hyphenation",
  paperNote: "a4 | letter: every printed sheet",
  timezoneNote: "IANA time zone for every date",
  currencyNote: "ISO 4217 code of the fund's money",
  careUnits: ["hours", "meals", "rides", "credits"],
  careUnitsNote: "units of care the ledger counts besides money",
  pulseNote: "moon (each new moon) or `every N days`: the days of a micro-action",
  startNote: "the first day the rhythm counts from",
  decompressNote: "rest days after each pulse",
  assemblyNote:
    "the monthly assembly: first|second|third|fourth|last <weekday in English>, or day N",
  charterTitle: "Our charter",
  charterTitleNote: "printed at the top of the wall poster",
  adoptedNote: "the day of the assembly that adopted it: change it to yours",
  amendmentsNote: "every later change, made in person at an assembly, goes here:",
  amendmentExample: "What changed, in a few words",
  charterIntro:
    "Each heading that starts with `##` is an article, numbered in order. Write what the circle agreed, in its own words.",
  articleTitle: "Who we are",
  articleText:
    "Co-workers from the same workplace who look after each other and act together. We meet off the clock, with phones outside.",
  roles: ["facilitator", "treasurer", "spokesperson"],
  rolesNote: "the roles that rotate",
  termNote: "how long one term lasts: N days or N weeks",
  termStartNote: "the first day of the first term",
  termsNote: "how many terms to plan",
  methodNote: "rotation (in roster order) or lottery (a public draw, with a seed)",
  membersNote:
    "one name per person, as the circle calls them; a nickname is safer than a real name",
  members: ["Heron", "Kestrel", "Wren"],
  rosterText: "Who holds which role, term by term.",
  tacticTitle: "Five-minute log-off",
  tacticPrep: "one week",
  kindNote: "disruption | care | skill | defence",
  riskNote: "low | medium | high",
  peopleNote: "the smallest group that can run it",
  prepNote: "how long it takes to prepare",
  pairsWithNote: "the slugs of care tactics it pairs with",
  tacticAudienceNote:
    "tactics are public unless they say circle: change this once the circle has reviewed it",
  tacticText:
    "How to run it, what to watch for, how it can go wrong. Write it so that another circle could copy it.",
  reportTitle: "Our first action",
  reportDateNote: "the day of the action; public pages show only the month",
  tacticNote: "the slug of a file in tactics/",
  careMirror: "a shared meal after the shift",
  careMirrorNote: "the act of care alongside it: a tactic's slug or a few words",
  outcomeNote: "won | partial | lost | ongoing",
  participantsNote: "a count, never names",
  reportAudienceNote: "public only after the circle has read it for names, dates and places",
  headings: ["What we did", "What happened", "What we learned", "Next time"],
  ledgerIntro: (zero: string): string =>
    `What the circle gave and the fund kept this month. One row per act of care or payment; end the month with the balance counted at the assembly (\`= ${zero}\`).`,
  openingNote: "what the fund held as the month started",
  dues: "dues",
  meal: "shared meal",
  balance: "balance",
  counted: "counted at the assembly",
};

export type StarterWords = typeof en;

const es: StarterWords = {
  circleName: "Nuestro comité de solidaridad",
  settingsIntro: "Los ajustes del círculo. Cambiad cada valor; `mimeo check` dice qué falla.",
  nameNote: "se imprime en cada hoja: elegid un nombre que se pueda imprimir sin riesgo",
  languageNote: "en | es | fr: palabras de la interfaz, fechas, partición de palabras",
  paperNote: "a4 | letter: cada hoja impresa",
  timezoneNote: "zona horaria IANA de cada fecha",
  currencyNote: "código ISO 4217 del dinero del fondo",
  careUnits: ["horas", "comidas", "viajes", "créditos"],
  careUnitsNote: "unidades de cuidado que cuenta el libro, además del dinero",
  pulseNote: "moon (cada luna nueva) o `every N days`: los días de una microacción",
  startNote: "el primer día desde el que cuenta el ritmo",
  decompressNote: "días de descanso tras cada pulso",
  assemblyNote: "la asamblea mensual: first|second|third|fourth|last <día en inglés>, o day N",
  charterTitle: "Nuestra carta",
  charterTitleNote: "se imprime arriba del cartel de la pared",
  adoptedNote: "el día de la asamblea que la adoptó: poned el vuestro",
  amendmentsNote: "cada cambio posterior, hecho en persona en una asamblea, va aquí:",
  amendmentExample: "Lo que cambió, en pocas palabras",
  charterIntro:
    "Cada título que empieza por `##` es un artículo, numerado en orden. Escribid lo que el círculo acordó, con vuestras palabras.",
  articleTitle: "Quiénes somos",
  articleText:
    "Compañeras y compañeros del mismo trabajo que se cuidan y actúan juntos. Nos reunimos fuera del horario, con los teléfonos fuera.",
  roles: ["facilitación", "tesorería", "portavoz"],
  rolesNote: "los cargos que rotan",
  termNote: "cuánto dura un turno: N days o N weeks",
  termStartNote: "el primer día del primer turno",
  termsNote: "cuántos turnos planificar",
  methodNote: "rotation (por orden de la lista) o lottery (sorteo público, con seed)",
  membersNote:
    "un nombre por persona, como la llama el círculo; un apodo es más seguro que el nombre real",
  members: ["Garza", "Colibrí", "Jilguero"],
  rosterText: "Quién tiene cada cargo, turno a turno.",
  tacticTitle: "Desconexión de cinco minutos",
  tacticPrep: "una semana",
  kindNote: "disruption | care | skill | defence",
  riskNote: "low | medium | high",
  peopleNote: "el grupo más pequeño que puede hacerla",
  prepNote: "cuánto lleva prepararla",
  pairsWithNote: "los slugs de las tácticas de cuidado que la acompañan",
  tacticAudienceNote:
    "las tácticas son públicas salvo que digan circle: cambiadlo cuando el círculo la haya revisado",
  tacticText:
    "Cómo hacerla, qué vigilar, cómo puede salir mal. Escribidla para que otro círculo pueda copiarla.",
  reportTitle: "Nuestra primera acción",
  reportDateNote: "el día de la acción; las páginas públicas solo muestran el mes",
  tacticNote: "el slug de un archivo de tactics/",
  careMirror: "una comida compartida después del turno",
  careMirrorNote: "el acto de cuidado que la acompaña: el slug de una táctica o unas palabras",
  outcomeNote: "won | partial | lost | ongoing",
  participantsNote: "un número, nunca nombres",
  reportAudienceNote:
    "public solo cuando el círculo lo haya leído buscando nombres, fechas y lugares",
  headings: ["Qué hicimos", "Qué pasó", "Qué aprendimos", "La próxima vez"],
  ledgerIntro: (zero: string): string =>
    `Lo que el círculo dio y lo que el fondo guardó este mes. Una fila por cada acto de cuidado o pago; cerrad el mes con el saldo contado en la asamblea (\`= ${zero}\`).`,
  openingNote: "lo que tenía el fondo al empezar el mes",
  dues: "cuotas",
  meal: "comida compartida",
  balance: "saldo",
  counted: "contado en la asamblea",
};

const fr: StarterWords = {
  circleName: "Notre comité de solidarité",
  settingsIntro:
    "Les réglages du cercle. Changez chaque valeur ; `mimeo check` dit ce qui ne va pas.",
  nameNote: "imprimé sur chaque feuille : choisissez un nom qu’on peut imprimer sans risque",
  languageNote: "en | es | fr : mots de l’interface, dates, césure",
  paperNote: "a4 | letter : chaque feuille imprimée",
  timezoneNote: "fuseau horaire IANA de chaque date",
  currencyNote: "code ISO 4217 de l’argent de la caisse",
  careUnits: ["heures", "repas", "trajets", "crédits"],
  careUnitsNote: "unités de soin que compte le registre, en plus de l’argent",
  pulseNote: "moon (chaque nouvelle lune) ou `every N days` : les jours d’une micro-action",
  startNote: "le premier jour à partir duquel le rythme compte",
  decompressNote: "jours de repos après chaque impulsion",
  assemblyNote:
    "l’assemblée mensuelle : first|second|third|fourth|last <jour en anglais>, ou day N",
  charterTitle: "Notre charte",
  charterTitleNote: "imprimé en haut de l’affiche murale",
  adoptedNote: "le jour de l’assemblée qui l’a adoptée : mettez le vôtre",
  amendmentsNote: "chaque changement ultérieur, décidé en personne en assemblée, va ici :",
  amendmentExample: "Ce qui a changé, en quelques mots",
  charterIntro:
    "Chaque titre qui commence par `##` est un article, numéroté dans l’ordre. Écrivez ce que le cercle a décidé, avec vos mots.",
  articleTitle: "Qui nous sommes",
  articleText:
    "Des collègues du même lieu de travail qui prennent soin les uns des autres et agissent ensemble. Nous nous réunissons hors du temps de travail, téléphones dehors.",
  roles: ["animation", "trésorerie", "porte-parole"],
  rolesNote: "les rôles qui tournent",
  termNote: "la durée d’un mandat : N days ou N weeks",
  termStartNote: "le premier jour du premier mandat",
  termsNote: "combien de mandats planifier",
  methodNote: "rotation (dans l’ordre de la liste) ou lottery (tirage public, avec seed)",
  membersNote:
    "un nom par personne, comme le cercle l’appelle ; un surnom est plus sûr qu’un vrai nom",
  members: ["Héron", "Mésange", "Merle"],
  rosterText: "Qui tient quel rôle, mandat par mandat.",
  tacticTitle: "Déconnexion de cinq minutes",
  tacticPrep: "une semaine",
  kindNote: "disruption | care | skill | defence",
  riskNote: "low | medium | high",
  peopleNote: "le plus petit groupe qui peut la mener",
  prepNote: "le temps qu’il faut pour la préparer",
  pairsWithNote: "les slugs des tactiques de soin qui l’accompagnent",
  tacticAudienceNote:
    "les tactiques sont publiques sauf si elles disent circle : changez-le quand le cercle l’a relue",
  tacticText:
    "Comment la mener, à quoi faire attention, comment elle peut mal tourner. Écrivez-la pour qu’un autre cercle puisse la copier.",
  reportTitle: "Notre première action",
  reportDateNote: "le jour de l’action ; les pages publiques n’en montrent que le mois",
  tacticNote: "le slug d’un fichier de tactics/",
  careMirror: "un repas partagé après le service",
  careMirrorNote: "l’acte de soin qui l’accompagne : le slug d’une tactique ou quelques mots",
  outcomeNote: "won | partial | lost | ongoing",
  participantsNote: "un nombre, jamais des noms",
  reportAudienceNote:
    "public seulement quand le cercle l’a relu pour les noms, les dates et les lieux",
  headings: [
    "Ce que nous avons fait",
    "Ce qui s’est passé",
    "Ce que nous avons appris",
    "La prochaine fois",
  ],
  ledgerIntro: (zero: string): string =>
    `Ce que le cercle a donné et ce que la caisse a gardé ce mois-ci. Une ligne par acte de soin ou par paiement ; terminez le mois par le solde compté en assemblée (\`= ${zero}\`).`,
  openingNote: "ce que la caisse avait au début du mois",
  dues: "cotisations",
  meal: "repas partagé",
  balance: "solde",
  counted: "compté en assemblée",
};

const tables: Record<Language, StarterWords> = { en, es, fr };

export function starterWords(language: Language): StarterWords {
  return tables[language];
}
