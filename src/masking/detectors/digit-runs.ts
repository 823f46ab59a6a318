// One pass that finds runs of digits joined by single spaces or dashes ("4242 4242 4242 4242",
// "123-45-6789") and hands each run to every digit-run detector (card, ssn), so the text is
// scanned for digits once however many of those detectors are on.
import { isWordCode } from './chars.ts';
import type { DigitRun } from './types.ts';

export type DigitRunVisitor = (run: DigitRun) => void;

/** Builds the scanner once for the smallest run any enabled detector wants to see. */
export function createDigitRunScanner(minDigits: number): (text: string, visit: DigitRunVisitor) => void {
  // The lookbehind starts matching only where a run starts, not again at each of its digits.
  const runPattern = new RegExp(`(?<!\\d[ -]?)\\d(?:[ -]?\\d){${Math.max(0, minDigits - 1)},}`, 'g');
  // Reused for every run: the detectors read it synchronously and keep nothing.
  const bounds: number[] = [];
  const run = { bounds, digits: 0, gluedStart: false, gluedEnd: false };

  return (text, visit) => {
    runPattern.lastIndex = 0;
    let found: RegExpExecArray | null;
    while ((found = runPattern.exec(text)) !== null) {
      const start = found.index;
      const end = start + found[0].length;
      bounds.length = 0;
      let groupStart = start;
      for (let i = start; i < end; i++) {
        const code = text.charCodeAt(i);
        if (code === 32 || code === 45) {
          bounds.push(groupStart, i);
          groupStart = i + 1;
        }
      }
      bounds.push(groupStart, end);
      run.digits = end - start - (bounds.length / 2 - 1);
      // A run touching a word character is part of a longer token ("glued").
      run.gluedStart = start > 0 && isWordCode(text.charCodeAt(start - 1));
      run.gluedEnd = end < text.length && isWordCode(text.charCodeAt(end));
      visit(run);
    }
  };
}
