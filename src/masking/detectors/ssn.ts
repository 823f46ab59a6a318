// US Social Security numbers. Decision: the dashed form AAA-GG-SSSS is flagged anywhere (that
// shape is the SSN's signature); the bare 9-digit and spaced "AAA GG SSSS" forms only with an
// "ssn" / "social security" keyword shortly before them, so random 9-digit ids, zip+4 codes and
// order numbers are left alone. AAA-GG-SSSS inside a longer run joined by the same separator
// (1-123-45-6789-2) is part of another number. Numbers that were never issued are not flagged:
// area 000, 666 or 900-999, group 00, serial 0000.
import type { DigitRun, DigitRunDetector, EmitSpan } from './types.ts';

/** How far before the number a keyword may stand, e.g. `"customer_ssn": "` or `SSN (primary): `. */
const CONTEXT_CHARS = 40;
const CONTEXT = /(?<![A-Za-z])ssn|social[\s_-]*security|(?<![A-Za-z])soc[\s._-]*sec(?![A-Za-z])/i;

/** Area, group and serial of the 9 digits in text[start, end) (separators skipped), or undefined. */
function ssnParts(text: string, start: number, end: number): [number, number, number] | undefined {
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits++;
    } else if (code !== 32 && code !== 45) {
      return undefined;
    }
  }
  if (digits !== 9) return undefined;
  return [Math.floor(value / 1e6), Math.floor(value / 1e4) % 100, value % 1e4];
}

function issuable(text: string, start: number, end: number): boolean {
  const parts = ssnParts(text, start, end);
  if (parts === undefined) return false;
  const [area, group, serial] = parts;
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/** True when the 9 digits (spaces and dashes ignored) form an SSN that could have been issued. */
export function isIssuableSsn(text: string): boolean {
  return issuable(text, 0, text.length);
}

function hasSsnContext(text: string, start: number): boolean {
  return CONTEXT.test(text.slice(Math.max(0, start - CONTEXT_CHARS), start));
}

function groupLength(bounds: readonly number[], g: number): number {
  return (bounds[2 * g + 1] ?? 0) - (bounds[2 * g] ?? 0);
}

export const ssnDetector: DigitRunDetector = {
  shape: 'digit-run',
  name: 'ssn',
  minDigits: 9,
  inspect(text: string, run: DigitRun, emit: EmitSpan): void {
    const bounds = run.bounds;
    const groups = run.groups;
    for (let g = run.gluedStart ? 1 : 0; g < groups; g++) {
      const start = bounds[2 * g] ?? 0;
      if (groupLength(bounds, g) === 9 && !(run.gluedEnd && g === groups - 1)) {
        const end = bounds[2 * g + 1] ?? 0;
        if (issuable(text, start, end) && hasSsnContext(text, start)) emit(start, end);
        continue;
      }
      if (g + 2 >= groups || (run.gluedEnd && g + 2 === groups - 1)) continue;
      if (groupLength(bounds, g) !== 3 || groupLength(bounds, g + 1) !== 2 || groupLength(bounds, g + 2) !== 4) continue;
      const separator = text[bounds[2 * g + 1] ?? 0];
      if (text[bounds[2 * g + 3] ?? 0] !== separator) continue;
      // 1-123-45-6789-2 is one dashed number, not an SSN inside it.
      if (g > 0 && text[bounds[2 * g - 1] ?? 0] === separator) continue;
      if (g + 3 < groups && text[bounds[2 * g + 5] ?? 0] === separator) continue;
      const end = bounds[2 * g + 5] ?? 0;
      if (!issuable(text, start, end)) continue;
      if (separator === '-' || hasSsnContext(text, start)) {
        emit(start, end);
        g += 2;
      }
    }
  },
};
