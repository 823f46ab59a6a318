// A value cut into pieces, one piece a cell: split_part() or substr() per column ("ada.lovelace" |
// "@" | "example.com", "AKIAIOSF" | "ODNN7EXAMPLE", an IBAN a group a column), per row (`substr(v,
// g, 3)` over generate_series) or an array's elements. A reader reads the pieces as one value.
// Every run of two or more neighbouring cells along a row, down a column, through an array or an
// object's values, that each hold up to 64 characters on one line, is read joined by every
// detector; a value found across two pieces or more is redacted whole (the agent chose the pieces'
// order), written into the cell where it starts, the cells it goes on into emptied (text-masker.ts,
// maskPieces). Each piece alone was masked already: a cell that shows a mask holds a value of its
// own and is no piece ("b***@example.com" beside "example.org" is an address and a domain, not one
// longer address). A column of records joined spells no value unless its pieces do.
import type { MaskCounts } from './counts.ts';
import { neighbourRuns, textsBetween } from './split-characters.ts';
import type { ReadNeighbours } from './split-numbers.ts';
import type { TextMasker } from './text-masker.ts';

/** The longest piece read: longer cells are values or prose of their own. */
const MAX_PIECE = 64;
/** A line break: a cell of several lines is a text of its own. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const NOT_BLANK = /\S/;
const BLANK = /\s/;
/** The longest piece read down a column where pieces hold blanks. */
const SHORT_CUT = 8;

/** What a masked cell shows: it holds a value of its own (masked alone), and is no piece of another. */
const MASKED = /\*\*\*|\[REDACTED/;

function isPiece(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_PIECE && NOT_BLANK.test(value) && !LINE_BREAK.test(value) && !MASKED.test(value);
}

/** Digits, maybe with blanks about or between them (to_char's sign space, char(n)'s padding). */
const DIGITS_ONLY = /^[\p{Nd}\s]+$/u;

/**
 * Some piece holds more than digits: pieces of digits alone are the split numbers' to read, and
 * read by every detector (a row's store, day and year as an SSN) they would mask honest rows.
 */
function holdsMoreThanDigits(at: (i: number) => unknown, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!DIGITS_ONLY.test(at(k) as string)) return true;
  return false;
}

/** Reads the pieces [from, to) joined; writes what a value across two of them or more changed. */
function readPieces(at: (i: number) => unknown, write: (i: number, masked: string) => void, from: number, to: number, text: TextMasker, counts: MaskCounts): void {
  if (!holdsMoreThanDigits(at, from, to)) return;
  const pieces = textsBetween(at, from, to);
  const found: MaskCounts = {};
  const masked = text.maskPieces(pieces, found);
  const changed = [...masked.keys()].filter((k) => masked[k] !== pieces[k]);
  // A value across pieces changes the piece it starts in and empties the next.
  if (changed.length < 2) return;
  for (const k of changed) write(from + k, masked[k] as string);
  for (const [key, n] of Object.entries(found)) counts[key] = (counts[key] ?? 0) + n;
}

/** The neighbours read side by side where each holds a short piece on one line. */
export const maskSplitPieces: ReadNeighbours = (count, at, write, text, counts) => {
  for (const [from, to] of neighbourRuns(count, at, isPiece, 2)) readPieces(at, write, from, to, text, counts);
};

const holdsBlank = (at: (i: number) => unknown, from: number, to: number): boolean => {
  for (let k = from; k < to; k++) if (BLANK.test(at(k) as string)) return true;
  return false;
};

/**
 * The neighbours down a column read as pieces: its runs of pieces with no blank, and its runs of
 * pieces of one length up to 8 (the last maybe shorter), blanks in them or not, as substr() cuts a value. A column of
 * records with blanks (names, notes) is no cut value, and reading it joined would cost as much as
 * masking it again. Left: a value cut into pieces of 9 characters or more that hold blanks.
 */
export const maskSplitPiecesDown: ReadNeighbours = (count, at, write, text, counts) => {
  for (const [from, to] of neighbourRuns(count, at, isPiece, 2)) {
    if (!holdsBlank(at, from, to)) {
      readPieces(at, write, from, to, text, counts);
      continue;
    }
    // A piece with a blank beside them (a row the agent added) does not hide the pieces without one.
    for (const [start, end] of neighbourRuns(to - from, (k) => at(from + k), (value) => !BLANK.test(value as string), 2)) readPieces(at, write, from + start, from + end, text, counts);
    for (let start = from; start < to - 1; ) {
      const width = (at(start) as string).length;
      let end = start + 1;
      while (end < to && (at(end) as string).length === width) end++;
      // One shorter piece may end a cut value.
      if (end < to && (at(end) as string).length < width) end++;
      if (width <= SHORT_CUT && end - start >= 2) readPieces(at, write, start, end, text, counts);
      start = end;
    }
  }
};
