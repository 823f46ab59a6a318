// A number an agent splits over a result so that no one cell holds it: one group per column
// ("SELECT substr(notes, 6, 4), substr(notes, 10, 4), …"), one per row (regexp_split_to_table),
// one per array element (string_to_array, a JSON array) or object value. A reader reads the cells side by side,
// or one under the other, as one number. Each cell is masked alone first; then every run of
// neighbouring cells (along a row, down a column, through an array or an object's values) that each hold nothing but one
// short group of digits is read as one text, the groups parted by a space, and masked as such
// (cells of marks or nothing between groups, "-" or "", are read past as a joint in one text is).
// The agent chose the order of the cells, so a run of groups of one size (a value cut at a fixed
// step) is also read backwards (columns listed last to first, rows ORDER BY … DESC) and, when it is
// a value alone of at most four groups of an even size, in every order. A value found across
// cells is redacted whole, never shown in part: the order read need not be the value's, and a
// partial style would show whichever group the agent put last. The redaction is written into the
// cell where the value starts in that reading, and the cells it goes on into are emptied
// (text-masker.ts, maskPieces). Only detectors whose checksum tells a value from neighbouring
// fields read across cells (the caller's masker: the card's, masker.ts): a row's port, area code
// and amount read as a phone number's groups all the time.
import { luhnValid } from './checksums.ts';
import type { MaskCounts } from './counts.ts';
import { issuerFits } from './detectors/card-issuers.ts';
import { plainNumber } from './detectors/chars.ts';
import { isJointCodePoint, MAX_JOINT_MARKS } from './detectors/digit-joints.ts';
import type { TextMasker } from './text-masker.ts';

/** The most digits of one group: a value's groups are 1 to 6 digits ("4111", "536", "0532"). */
const MAX_GROUP_DIGITS = 6;
/** Fewer digits than a card's fewest: the run is not read. */
const MIN_RUN_DIGITS = 12;
/** More digits than a card's most: the run is no value alone, and is not read in other orders. */
const MAX_VALUE_DIGITS = 19;
/**
 * The most groups whose every order is read: 24 orders. Past four the orders grow as a factorial,
 * and with them the honest rows whose numbers pass a card's checks in one of them.
 */
const MAX_SHUFFLED_GROUPS = 4;
const GROUP = new RegExp(String.raw`^\s*\p{Nd}{1,${MAX_GROUP_DIGITS}}\s*$`, 'u');
const LARGEST_GROUP = 10 ** MAX_GROUP_DIGITS;
/** The longest cell read as a joint: a few marks with spaces around them. */
const MAX_JOINT_CELL_LENGTH = 16;
const LARGEST_BIG_GROUP = BigInt(LARGEST_GROUP);

/** An ASCII character a group may begin with: a digit, or white space (a space, a tab, a line break). */
const isGroupStart = (code: number): boolean => (code >= 48 && code <= 57) || code === 32 || (code >= 9 && code <= 13);

/**
 * The value holds nothing but one short group of digits, with white space about it (a fixed-width
 * type pads it: '4111'::char(20); a statement may put a tab or a line break before it). Every cell
 * of a result is asked: most are answered by their type or first character.
 */
export function isDigitGroup(value: unknown): boolean {
  if (typeof value === 'number') return value >= 0 && value < LARGEST_GROUP && Number.isInteger(value);
  if (typeof value === 'string') {
    const first = value.charCodeAt(0);
    if (first < 128 && !isGroupStart(first)) return false;
    // Anchored at the start: a long text fails at its first character that is no space or digit.
    return GROUP.test(value);
  }
  return typeof value === 'bigint' && value >= 0n && value < LARGEST_BIG_GROUP;
}

/**
 * A cell between two groups that a reader reads past as it reads past a joint in one text (digit-joints.ts):
 * empty, or a few marks and spaces ("-", " / ", "·"). NULL is no joint: sparse columns of numbers are common.
 */
function isJointCell(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // A fixed-width type pads a cell at its end ('-'::char(20)): what a reader sees ends at its last mark.
  const shown = value.length > MAX_JOINT_CELL_LENGTH ? value.trimEnd() : value;
  if (shown.length > MAX_JOINT_CELL_LENGTH) return false;
  let marks = 0;
  for (const char of shown) {
    if (!isJointCodePoint(char.codePointAt(0) as number)) return false;
    if (char.trim() !== '') marks++;
  }
  return marks <= MAX_JOINT_MARKS;
}

/** Reads `count` neighbouring values (`at`: along a row, down a column, through an array) and writes (`write`) those a value found across them masks. */
export type ReadNeighbours = (count: number, at: (i: number) => unknown, write: (i: number, masked: string) => void, text: TextMasker, counts: MaskCounts) => void;

/** The neighbours read side by side where each holds one short group of digits. */
export const maskNeighbouringGroups: ReadNeighbours = (count, at, write, text, counts) => {
  let groups: number[] = [];
  let joints = 0;
  for (let i = 0; i <= count; i++) {
    const value = i < count ? at(i) : undefined;
    if (i < count && isDigitGroup(value)) {
      groups.push(i);
      joints = 0;
      continue;
    }
    // Joint cells between groups keep the run going, as many as a joint in one text may hold marks.
    if (i < count && groups.length > 0 && joints < MAX_JOINT_MARKS && isJointCell(value)) {
      joints++;
      continue;
    }
    if (groups.length >= 2) readGroups(groups, at, write, text, counts);
    groups = [];
    joints = 0;
  }
};

/** Every order of `count` indexes but the first (as read) and the last (backwards), which are read anyway. */
function otherOrders(count: number): number[][] {
  const orders: number[][] = [];
  const build = (order: number[]): void => {
    if (order.length === count) {
      orders.push(order);
      return;
    }
    for (let i = 0; i < count; i++) if (!order.includes(i)) build([...order, i]);
  };
  build([]);
  return orders.slice(1, -1);
}

const SHUFFLES: readonly (readonly number[][])[] = Array.from({ length: MAX_SHUFFLED_GROUPS + 1 }, (_, count) => otherOrders(count));

/** The groups `order[from..to)`, read side by side, pass the card's checks: Luhn, and an issuer's range and length. */
function passesChecks(digits: readonly string[], order: readonly number[], from: number, to: number): boolean {
  let value = '';
  for (let n = from; n < to; n++) value += digits[order[n] as number] as string;
  return luhnValid(value) && issuerFits(Number(value.slice(0, 4)), value.length);
}

/** Some window of neighbouring groups in `order` passes the card's checks: the reading is worth a scan (most are not). */
function someWindowPassesChecks(digits: readonly string[], order: readonly number[]): boolean {
  for (let from = 0; from < order.length; from++) {
    let length = 0;
    for (let to = from; to < order.length; to++) {
      length += (digits[order[to] as number] as string).length;
      if (length > MAX_VALUE_DIGITS) break;
      if (length >= MIN_RUN_DIGITS && passesChecks(digits, order, from, to + 1)) return true;
    }
  }
  return false;
}

/**
 * The groups' digits when the run is a value cut at a fixed step: every group holds as many
 * digits, but numbers, which lose a leading zero ('0343'::int is 343) and are read padded to that
 * size. Undefined when the run is cut unevenly.
 */
function fixedStepGroups(values: readonly unknown[]): string[] | undefined {
  const digits = values.map((value) => plainNumber(String(value)).trim());
  let size = 0;
  for (const group of digits) if (group.length > size) size = group.length;
  for (const [k, group] of digits.entries()) {
    if (group.length === size) continue;
    // One zero lost is one group in ten; more are rare, and a row's small counts read as such.
    if (typeof values[k] === 'string' || group.length < size - 1) return undefined;
    digits[k] = group.padStart(size, '0');
  }
  return digits;
}

/** Reads the groups of the values at `cells` side by side in each order worth reading; writes the cells of a value found in any. */
function readGroups(cells: readonly number[], at: (i: number) => unknown, write: (i: number, masked: string) => void, text: TextMasker, counts: MaskCounts): void {
  const values = cells.map(at);
  // Read without the white space about them: a reader reads '4111  ' beside '1111' as '4111 1111'.
  const groups = values.map((value) => String(value).trim());
  let length = 0;
  for (const group of groups) length += group.length;
  if (length < MIN_RUN_DIGITS) return;
  const written = new Set<number>();
  // Each reading is of the cells as they came: a value found in one reading does not hide the groups of another.
  const read = (order: readonly number[], texts: readonly string[]): void => {
    const pieces: string[] = [];
    for (const k of order) pieces.push(' ', texts[k] as string);
    pieces.shift();
    const found: MaskCounts = {};
    const masked = text.maskPieces(pieces, found);
    let fresh = false;
    order.forEach((k, n) => {
      if (masked[2 * n] === pieces[2 * n] || written.has(k)) return;
      written.add(k);
      write(cells[k] as number, masked[2 * n] as string);
      fresh = true;
    });
    // A value read again backwards is counted once.
    if (fresh) for (const key of Object.keys(found)) counts[key] = (counts[key] ?? 0) + (found[key] ?? 0);
  };
  const forward = groups.map((_, k) => k);
  read(forward, groups);
  // Groups cut unevenly are read as they come only: in another order their digits' places, and so
  // the check digit, change with the order, and rows of a year, a month, a day and codes read
  // backwards pass for cards (see the false positives in the README).
  const steps = fixedStepGroups(values);
  if (steps === undefined) return;
  if (steps.some((group, k) => group.length !== (groups[k] as string).length) && someWindowPassesChecks(steps, forward)) read(forward, steps);
  const backwards = [...forward].reverse();
  if (someWindowPassesChecks(steps, backwards)) read(backwards, steps);
  // Every order of a few groups of an even size: Luhn holds in every order or in none (each digit
  // keeps its place's parity), so only the issuer's range is tried more than once.
  const size = (steps[0] as string).length;
  if (written.size > 0 || size % 2 === 1 || steps.length > MAX_SHUFFLED_GROUPS || size * steps.length > MAX_VALUE_DIGITS || !luhnValid(steps.join(''))) return;
  const shuffled = SHUFFLES[steps.length]?.find((order) => passesChecks(steps, order, 0, order.length));
  if (shuffled !== undefined) read(shuffled, steps);
}
