// What one pass over a short text tells about it, so that detectors and the reader's view stages
// that cannot match are never started: how many digits, whether an "@" (or the "%" or "&" of an
// encoded one), a letter before a digit, a run as long as an encoded value, the most digits one
// number holds, how many runs of digits and how many gaps between them hold a letter, and whether
// it is ASCII. A character beyond ASCII counts as a digit and a letter both (it may be a full-width
// one), so the facts never say less than the text holds.
import { ASCII_JOINTS } from './digit-joints.ts';
import type { TextFacts } from './types.ts';

/** Above this length the pass is skipped: a long text has digits, "@" and long runs anyway. */
const FACTS_LIMIT = 4096;
/** The shortest run of base64's or hex's alphabet encoded-runs.ts decodes. */
export const ENCODED_RUN = 16;

export function createFacts(): TextFacts {
  return { digits: 0, hasAt: false, letterBeforeDigit: false, ascii: true, longRun: false, numberDigits: 0, digitGroups: 0, letterGaps: 0 };
}

/** Fills `facts` for `text`. */
export function readFacts(text: string, facts: TextFacts): void {
  if (text.length > FACTS_LIMIT) {
    facts.digits = text.length;
    facts.hasAt = true;
    facts.letterBeforeDigit = true;
    facts.longRun = true;
    facts.numberDigits = text.length;
    facts.digitGroups = text.length;
    facts.letterGaps = text.length;
    // UTF-8 takes one byte per UTF-16 unit exactly when every character is ASCII: V8 counts that fastest.
    facts.ascii = Buffer.byteLength(text, 'utf8') === text.length;
    return;
  }
  let digits = 0;
  let hasAt = false;
  let letterBeforeDigit = false;
  let seenLetter = false;
  let ascii = true;
  let run = 0;
  let longest = 0;
  let number = 0;
  let mostDigits = 0;
  let digitGroups = 0;
  let letterGaps = 0;
  let afterDigit = false;
  let letterInGap = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (!afterDigit) {
        if (letterInGap && digitGroups > 0) letterGaps++;
        digitGroups++;
        afterDigit = true;
        letterInGap = false;
      }
      digits++;
      if (seenLetter) letterBeforeDigit = true;
      run++;
      number++;
    } else if (code < 128) {
      // An "@" may be written "%40" or "&#64;" too.
      if (code === 64 || code === 37 || code === 38) hasAt = true;
      const lower = code | 32; // ASCII letters only: "A" | 32 is "a"
      const letter = lower >= 97 && lower <= 122;
      if (letter) seenLetter = letterInGap = true;
      afterDigit = false;
      // The rest of base64's alphabets: + / _ -
      if (letter || code === 43 || code === 47 || code === 95 || code === 45) {
        run++;
      } else {
        if (run > longest) longest = run;
        run = 0;
      }
      if (ASCII_JOINTS[code] !== 1) {
        if (number > mostDigits) mostDigits = number;
        number = 0;
      }
    } else {
      // Maybe a digit or a letter of another script, or a full-width one: counted as both.
      digits++;
      if (seenLetter) letterBeforeDigit = true;
      seenLetter = true;
      ascii = false;
      afterDigit = false;
      letterInGap = true;
      if (code === 0xff20 || code === 0xfe6b) hasAt = true;
      if (run > longest) longest = run;
      run = 0;
      number++;
    }
  }
  facts.digits = digits;
  facts.hasAt = hasAt;
  facts.letterBeforeDigit = letterBeforeDigit;
  facts.ascii = ascii;
  facts.longRun = Math.max(run, longest) >= ENCODED_RUN;
  facts.numberDigits = Math.max(number, mostDigits);
  facts.digitGroups = digitGroups;
  facts.letterGaps = letterGaps;
}
