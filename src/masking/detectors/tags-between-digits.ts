// Markup between the digit groups of one number: "4111<br>1111<br>1111<br>1111",
// "<td>4111</td><td>1111</td>…", "536<span>90</span>4417". A browser, and a reader of the markup,
// shows the groups side by side, parted by a line, a cell or nothing; a pattern sees letters in
// between. Tags standing between digits (with only spaces and quotes beside them) are read as one
// space, the plainest joint, so the digit detectors read the number as if written "4111 1111 …".
import { keepWithinMatches, type DerivedText } from './derived-text.ts';

const TAG = String.raw`<\/?[A-Za-z][\w:-]*(?:\s[^<>]{0,80})?\/?>`;
/** One or more tags, and the spaces among them, with a digit (maybe quoted) either side. */
const TAGS_BETWEEN_DIGITS = new RegExp(String.raw`(?<=\d["']?)\s*(?:${TAG}\s*)+(?=["']?\d)`, 'g');

/** An ASCII text that may hold tags between digits. */
export const MAY_HOLD_TAGS = /\d["']?\s*<\/?[A-Za-z]/;

/** `text` with the tags between digits read as one space; undefined when it holds none. */
export function readTagsBetweenDigits(text: string): DerivedText | undefined {
  if (!text.includes('<')) return undefined;
  return keepWithinMatches(text, TAGS_BETWEEN_DIGITS, (tags) => [[' ', tags.index]]);
}
