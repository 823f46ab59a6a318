// Payment card numbers: 12-19 digits that pass the Luhn check AND start in a card network's issuer
// range with a length that network issues. The digits may be of any script and joined by any
// separators (see digit-runs.ts), so "4111.1111.1111.1111", "4-1-1-1-…", "４１１１ １１１１ …" and a
// number split over lines are found; letters may touch it ("card4111111111111111x"), other digits
// may not (a 20-digit number is no card hiding its first 16).
// Within a run, a window of groups is a candidate when a reader would take it for one value:
// - the whole run, however it is grouped;
// - a window set off by separators it does not use itself ("4111-1111-1111-1111 / 12 27");
// - a window printed like a card (4-4-4-4[-1..4], Amex 4-6-5, Diners 4-6-4) with one separator,
//   not starting right after another 4-digit group in the same rhythm ("1234 5678 9012 3456" is
//   one number, not a card hiding in its last 12 digits): "qty 2 4242 4242 4242 4242 12 27".
// Runs inside a hash or UUID are skipped: their digits belong to the hex token.
import { luhnValid } from '../checksums.ts';
import { cardNetwork, issuerFits } from './card-issuers.ts';
import { plainNumber } from './chars.ts';
import { groupDigits, partOfHash, sameCluster, setOff, uniformClusters } from './digit-runs.ts';
import type { DigitRun, DigitRunDetector, EmitSpan } from './types.ts';

const MIN_DIGITS = 12;
const MAX_DIGITS = 19;

/** True for a card number in digits of any script, written with or without single space/dash separators (any space, any dash). */
export function isCardNumber(value: string): boolean {
  const text = plainNumber(value);
  if (!/^\d+(?:([ -])\d+(?:\1\d+)*)?$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && luhnValid(digits) && cardNetwork(digits) !== undefined;
}

function groupsLookLikeCard(run: DigitRun, first: number, last: number): boolean {
  const count = last - first + 1;
  if (count === 3 && groupDigits(run, first) === 4 && groupDigits(run, first + 1) === 6) {
    const third = groupDigits(run, first + 2);
    if (third === 5 || third === 4) return true;
  }
  if (count < 3) return false;
  for (let g = first; g < last; g++) if (groupDigits(run, g) !== 4) return false;
  const lastLength = groupDigits(run, last);
  return lastLength >= 1 && lastLength <= 4;
}

/** Group `first` is a 4-digit group following another, joined by the separators the window uses. */
function continuesRhythm(text: string, run: DigitRun, first: number): boolean {
  if (first === 0 || groupDigits(run, first - 1) !== 4 || groupDigits(run, first) !== 4) return false;
  const lastGroup = run.groups - 1;
  return first === lastGroup || sameCluster(text, run, first - 1, first);
}

function printedLikeCard(text: string, run: DigitRun, first: number, last: number): boolean {
  return groupsLookLikeCard(run, first, last) && uniformClusters(text, run, first, last) && !continuesRhythm(text, run, first);
}

/** Doubles a digit as Luhn does for every second digit from the right. */
function doubled(digit: number): number {
  return digit < 5 ? digit * 2 : digit * 2 - 9;
}

/** The last group index of the longest valid card window starting at group `first`, or -1. */
function longestCardFrom(text: string, run: DigitRun, first: number): number {
  const groups = run.groups;
  const values = run.values;
  const start = run.firsts[first] ?? 0;
  // Luhn sums of the window so far, kept for both parities: which digits are doubled depends on
  // where the window ends, and it grows one group at a time.
  let evenDoubled = 0;
  let oddDoubled = 0;
  let prefix = 0;
  let best = -1;
  for (let g = first; g < groups; g++) {
    const end = run.firsts[g + 1] ?? 0;
    if (end - start > MAX_DIGITS) break;
    for (let i = run.firsts[g] ?? 0; i < end; i++) {
      const digit = values[i] ?? 0;
      const even = (i - start) % 2 === 0;
      evenDoubled += even ? doubled(digit) : digit;
      oddDoubled += even ? digit : doubled(digit);
      if (i - start < 4) prefix = prefix * 10 + digit;
    }
    const total = end - start;
    if (total < MIN_DIGITS) continue;
    // The rightmost digit is never doubled: with an odd total the even positions are doubled.
    const sum = total % 2 === 1 ? oddDoubled : evenDoubled;
    if (sum % 10 !== 0 || !issuerFits(prefix, total)) continue;
    const whole = first === 0 && g === groups - 1;
    if (whole || setOff(text, run, first, g) || printedLikeCard(text, run, first, g)) best = g;
  }
  return best;
}

export const cardDetector: DigitRunDetector = {
  shape: 'digit-run',
  name: 'card',
  minDigits: MIN_DIGITS,
  inspect(text: string, run: DigitRun, emit: EmitSpan): void {
    const bounds = run.bounds;
    const groups = run.groups;
    for (let first = 0; first < groups && run.digits - (run.firsts[first] ?? 0) >= MIN_DIGITS; first++) {
      // Every issuer range starts with a 2, 3, 4, 5 or 6.
      const lead = run.values[run.firsts[first] ?? 0] ?? 0;
      if (lead < 2 || lead > 6) continue;
      const last = longestCardFrom(text, run, first);
      if (last < 0) continue;
      if (partOfHash(text, run)) return;
      emit(bounds[2 * first] ?? 0, bounds[2 * last + 1] ?? 0, run.ascii);
      first = last;
    }
  },
};
