// Detector: bank account numbers (IBAN), with or without the groups of four, accepted only
// when the country's length and the ISO 13616 check digits (mod 97) are right, so ordinary
// numbers and codes do not trip it. Hand-written: the check is ten lines, and no IBAN
// library is installed.
import { maskNumber } from "../mask.ts";
import { toFinding } from "../finding.ts";
import type { Detector, Hit } from "../types.ts";

// IBAN length by country, from the SWIFT IBAN registry: "ES24" is Spain, 24 characters.
const LENGTH: ReadonlyMap<string, number> = new Map(
  `
  AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27
  DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28
  IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22
  MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24
  SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30
`
    .trim()
    .split(/\s+/u)
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 is 1. */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = (iban.slice(4) + iban.slice(0, 4)).toUpperCase();
  let remainder = 0;
  for (const c of rearranged) {
    const value = parseInt(c, 36); // "0".."9" → 0..9, "A".."Z" → 10..35
    if (Number.isNaN(value)) return false;
    // Fold digit by digit so the number never leaves double precision.
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

// Country, check digits, then characters either in groups of four with single spaces (as
// printed) or run together. The text is normalised, so lower case.
const CANDIDATE =
  /(?<![\p{L}\p{N}])[a-z]{2}\d{2}(?: ?[a-z0-9]{4})+(?: ?[a-z0-9]{1,3})?(?![\p{L}\p{N}])/gu;

export const iban: Detector = (text, where) => {
  const hits: Hit[] = [];
  for (const m of text.text.matchAll(CANDIDATE)) {
    const hit = readIban(m[0], m.index);
    if (hit !== undefined) hits.push(hit);
  }
  return hits.map((hit) => toFinding(text, hit, where, "iban", "iban", maskNumber));
};

/**
 * The IBAN at the start of a candidate. The candidate may run on into the next word
 * ("… 1332 is"), so it is cut at the country's length, where a group must end.
 */
function readIban(candidate: string, at: number): Hit | undefined {
  const country = candidate.slice(0, 2).toUpperCase();
  const compact = candidate.replace(/ /gu, "");
  const known = LENGTH.get(country);
  // A country missing from the table (a new registry entry) still counts if the checksum holds.
  const lengths = known !== undefined ? [known] : [15, 34];
  const max = Math.min(compact.length, lengths[lengths.length - 1] ?? 0);
  for (let length = max; length >= (lengths[0] ?? 0); length--) {
    const iban = compact.slice(0, length);
    // Where the IBAN's last character sits in the candidate; it must end a group.
    let seen = 0;
    let end = 0;
    while (end < candidate.length && seen < length) {
      if (candidate[end] !== " ") seen += 1;
      end += 1;
    }
    if (seen < length || (end < candidate.length && candidate[end] !== " ")) continue;
    if (ibanChecksumOk(iban)) return { start: at, end: at + end, canonical: iban.toUpperCase() };
  }
  return undefined;
}
