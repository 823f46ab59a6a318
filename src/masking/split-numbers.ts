// A number an agent splits over a result so that no one cell holds it: one group per column
// ("SELECT substr(notes, 6, 4), substr(notes, 10, 4), …"), one per row (regexp_split_to_table),
// one per array element (string_to_array, a JSON array) or object value. A reader reads the cells side by side,
// or one under the other, as one number. Each cell is masked alone first; then every run of
// neighbouring cells (along a row, down a column, through an array or an object's values) that each hold nothing but one
// short group of digits is read as one text, the groups parted by a space, and masked as such
// (cells of marks or nothing between groups, "-" or "", are read past as a joint in one text is):
// a value found there is written into the cell where it starts, and the cells it goes on into
// are emptied (text-masker.ts, maskPieces). Only detectors whose checksum tells a value from
// neighbouring fields read across cells (the caller's masker: the card's, masker.ts): a row's
// port, area code and amount read as a phone number's groups all the time.
import type { MaskCounts } from './counts.ts';
import { isJointCodePoint, MAX_JOINT_MARKS } from './detectors/digit-joints.ts';
import type { TextMasker } from './text-masker.ts';

/** The most digits of one group: a value's groups are 1 to 6 digits ("4111", "536", "0532"). */
const MAX_GROUP_DIGITS = 6;
/** Fewer digits than a card's fewest: the run is not read. */
const MIN_RUN_DIGITS = 12;
const GROUP = new RegExp(String.raw`^\s*\p{Nd}{1,${MAX_GROUP_DIGITS}}\s*$`, 'u');
/** The longest text a group may be: its digits (two code units each beyond the Basic Multilingual Plane) and a space either side. */
const MAX_GROUP_LENGTH = 2 * MAX_GROUP_DIGITS + 2;
const LARGEST_GROUP = 10 ** MAX_GROUP_DIGITS;
/** The longest cell read as a joint: a few marks with spaces around them. */
const MAX_JOINT_CELL_LENGTH = 16;
const LARGEST_BIG_GROUP = BigInt(LARGEST_GROUP);

/** The value holds nothing but one short group of digits. Every cell of a result is asked: most are answered by their type or first character. */
export function isDigitGroup(value: unknown): boolean {
  if (typeof value === 'number') return value >= 0 && value < LARGEST_GROUP && Number.isInteger(value);
  if (typeof value === 'string') {
    if (value.length === 0 || value.length > MAX_GROUP_LENGTH) return false;
    const first = value.charCodeAt(0);
    if (first < 128 && (first < 48 || first > 57) && first !== 32) return false;
    return GROUP.test(value);
  }
  return typeof value === 'bigint' && value >= 0n && value < LARGEST_BIG_GROUP;
}

/**
 * A cell between two groups that a reader reads past as it reads past a joint in one text (digit-joints.ts):
 * empty, or a few marks and spaces ("-", " / ", "·"). NULL is no joint: sparse columns of numbers are common.
 */
function isJointCell(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_JOINT_CELL_LENGTH) return false;
  let marks = 0;
  for (const char of value) {
    if (!isJointCodePoint(char.codePointAt(0) as number)) return false;
    if (char.trim() !== '') marks++;
  }
  return marks <= MAX_JOINT_MARKS;
}

/** Reads `count` neighbouring values (`at`) side by side and writes (`write`) those a value found across them masks. */
export function maskNeighbouringGroups(
  count: number,
  at: (i: number) => unknown,
  write: (i: number, masked: string) => void,
  text: TextMasker,
  counts: MaskCounts,
): void {
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
}

/** Reads the groups of the values at `cells` side by side, the digits of a value found there written into the first of its cells. */
function readGroups(cells: readonly number[], at: (i: number) => unknown, write: (i: number, masked: string) => void, text: TextMasker, counts: MaskCounts): void {
  const pieces: string[] = [];
  let digits = 0;
  for (const [k, i] of cells.entries()) {
    const group = String(at(i));
    if (k > 0) pieces.push(' ');
    pieces.push(group);
    digits += group.trim().length;
  }
  if (digits < MIN_RUN_DIGITS) return;
  const masked = text.maskPieces(pieces, counts);
  cells.forEach((i, k) => {
    if (masked[2 * k] !== pieces[2 * k]) write(i, masked[2 * k] as string);
  });
}
