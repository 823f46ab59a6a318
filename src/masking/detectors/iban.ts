// IBANs, electronic ("DE89370400440532013000") or printed in groups ("DE89 3704 0044 0532 0130 00"),
// any letter case. A candidate must have the exact length its country uses and pass ibantools'
// validation: country BBAN format and the mod-97 check digits.
import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { isAlnumCode } from './chars.ts';
import type { EmitSpan, ScanningDetector, TextFacts } from './types.ts';

/** Country code -> IBAN length, built once from ibantools' registry. */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([code, spec]) =>
    spec.chars !== null && spec.IBANRegistry ? [[code, spec.chars] as const] : [],
  ),
);
const MIN_IBAN_LENGTH = Math.min(...IBAN_LENGTHS.values());

/** True for a valid IBAN, with or without single spaces between groups. */
export function isIban(text: string): boolean {
  const compact = text.replace(/ /g, '').toUpperCase();
  return IBAN_LENGTHS.get(compact.slice(0, 2)) === compact.length && isValidIBAN(compact);
}

/** Reads `length` alphanumerics from `start`, allowing single spaces between them; returns the end or -1. */
function readIban(text: string, start: number, length: number): number {
  let taken = 0;
  let i = start;
  while (taken < length && i < text.length) {
    const code = text.charCodeAt(i);
    if (isAlnumCode(code)) {
      taken++;
      i++;
    } else if (code === 32 && i + 1 < text.length && isAlnumCode(text.charCodeAt(i + 1))) {
      i++;
    } else {
      break;
    }
  }
  if (taken !== length) return -1;
  // Glued to more letters or digits: part of a longer token, not an IBAN.
  if (i < text.length && isAlnumCode(text.charCodeAt(i))) return -1;
  return i;
}

export function createIbanDetector(): ScanningDetector {
  const start = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}/g;
  return {
    shape: 'scanning',
    name: 'iban',
    minLength: MIN_IBAN_LENGTH,
    // Every IBAN starts with its country letters right before its check digits.
    canMatch: (_text: string, facts: TextFacts) => facts.digits >= 4 && facts.letterBeforeDigit,
    scan(text: string, emit: EmitSpan): void {
      start.lastIndex = 0;
      let found: RegExpExecArray | null;
      while ((found = start.exec(text)) !== null) {
        const at = found.index;
        const length = IBAN_LENGTHS.get(text.slice(at, at + 2).toUpperCase());
        if (length === undefined) continue;
        const end = readIban(text, at, length);
        if (end < 0 || !isValidIBAN(text.slice(at, end).replace(/ /g, '').toUpperCase())) continue;
        emit(at, end);
        start.lastIndex = end;
      }
    },
  };
}
