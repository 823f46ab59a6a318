// Payment card numbers: 12-19 digits, bare or grouped by single spaces or dashes, that pass the
// Luhn check AND start in a card network's issuer range with a length that network issues.
// Groups must look like a card is written (4-4-4-4[-1..4], Amex 4-6-5, Diners 4-6-4), so a list of
// short numbers is not glued into a "card". A window may not start or end inside a longer
// digit/letter token (`gluedStart`/`gluedEnd`), nor start right after another 4-digit group in
// the same rhythm ("1234 5678 9012 3456" is one number, not a card hiding in its last 12 digits).
// Groups after a card are allowed: "4242 4242 4242 4242 12 27" still masks the card.
import { luhnValid } from '../checksums.ts';
import { cardNetwork } from './card-issuers.ts';
import type { DigitRun, DigitRunDetector, EmitSpan } from './types.ts';

const MIN_DIGITS = 12;
const MAX_DIGITS = 19;

/** True for a card number written with or without single space/dash separators. */
export function isCardNumber(text: string): boolean {
  if (!/^\d+(?:([ -])\d+(?:\1\d+)*)?$/.test(text)) return false;
  const digits = text.replace(/\D/g, '');
  return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS && luhnValid(digits) && cardNetwork(digits) !== undefined;
}

function groupsLookLikeCard(lengths: readonly number[]): boolean {
  const count = lengths.length;
  if (count === 1) return true;
  if (count === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 5 || lengths[2] === 4)) return true;
  if (count < 3) return false;
  for (let k = 0; k < count - 1; k++) if (lengths[k] !== 4) return false;
  const last = lengths[count - 1] ?? 0;
  return last >= 1 && last <= 4;
}

function digitsOf(text: string, bounds: readonly number[], first: number, last: number): string {
  let digits = '';
  for (let g = first; g <= last; g++) digits += text.slice(bounds[2 * g], bounds[2 * g + 1]);
  return digits;
}

/** Group `first` is a 4-digit group following another, joined by the separator the window uses. */
function continuesRhythm(text: string, bounds: readonly number[], first: number): boolean {
  const previousLength = (bounds[2 * first - 1] ?? 0) - (bounds[2 * first - 2] ?? 0);
  const length = (bounds[2 * first + 1] ?? 0) - (bounds[2 * first] ?? 0);
  if (previousLength !== 4 || length !== 4) return false;
  const before = text.charCodeAt(bounds[2 * first - 1] ?? 0);
  const after = 2 * first + 1 < bounds.length - 1 ? text.charCodeAt(bounds[2 * first + 1] ?? 0) : before;
  return before === after;
}

/** The last group index of the longest valid card window starting at group `first`, or -1. */
function longestCardFrom(text: string, run: DigitRun, first: number): number {
  const bounds = run.bounds;
  const groups = bounds.length / 2;
  const lengths: number[] = [];
  const separator = first + 1 < groups ? text.charCodeAt(bounds[2 * first + 1] ?? 0) : 0;
  let total = 0;
  let best = -1;
  for (let g = first; g < groups; g++) {
    if (g > first && text.charCodeAt(bounds[2 * g - 1] ?? 0) !== separator) break;
    const length = (bounds[2 * g + 1] ?? 0) - (bounds[2 * g] ?? 0);
    total += length;
    if (total > MAX_DIGITS) break;
    lengths.push(length);
    if (g === groups - 1 && run.gluedEnd) break;
    if (total < MIN_DIGITS || !groupsLookLikeCard(lengths)) continue;
    const digits = digitsOf(text, bounds, first, g);
    if (luhnValid(digits) && cardNetwork(digits) !== undefined) best = g;
  }
  return best;
}

export const cardDetector: DigitRunDetector = {
  shape: 'digit-run',
  name: 'card',
  minDigits: MIN_DIGITS,
  inspect(text: string, run: DigitRun, emit: EmitSpan): void {
    const bounds = run.bounds;
    const groups = bounds.length / 2;
    for (let first = run.gluedStart ? 1 : 0; first < groups; first++) {
      if (first > 0 && continuesRhythm(text, bounds, first)) continue;
      const last = longestCardFrom(text, run, first);
      if (last < 0) continue;
      emit(bounds[2 * first] ?? 0, bounds[2 * last + 1] ?? 0);
      first = last;
    }
  },
};
