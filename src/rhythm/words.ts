// The few words the rhythm calendar prints, in the circle's language.

export type RhythmLanguage = "en" | "es" | "fr";

export interface RhythmWords {
  newMoon: string;
  pulse: string;
  decompress: string;
  assembly: string;
  seal: string;
  handover: (seats: { role: string; member: string }[]) => string;
}

const list = (seats: { role: string; member: string }[]): string =>
  seats.map((s) => `${s.role} ${s.member}`).join(", ");

export const WORDS: Record<RhythmLanguage, RhythmWords> = {
  en: {
    newMoon: "New moon: pulse",
    pulse: "Pulse",
    decompress: "Decompression",
    assembly: "Assembly",
    seal: "Seal and wipe",
    handover: (seats) => `Handover: ${list(seats)}`,
  },
  es: {
    newMoon: "Luna nueva: pulso",
    pulse: "Pulso",
    decompress: "Descompresión",
    assembly: "Asamblea",
    seal: "Sellar y borrar",
    handover: (seats) => `Relevo: ${list(seats)}`,
  },
  fr: {
    // French puts a no-break space before the colon.
    newMoon: "Nouvelle lune\u00a0: pulsation",
    pulse: "Pulsation",
    decompress: "Décompression",
    assembly: "Assemblée",
    seal: "Sceller et effacer",
    handover: (seats) => `Passation\u00a0: ${list(seats)}`,
  },
};
