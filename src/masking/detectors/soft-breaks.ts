// A value hard-wrapped across lines: a soft break a format marks as one (a "\" line continuation of
// shells and C, quoted-printable's "=" at the end of a line), a continuation line indented under
// it, or a long run wrapped at a column (base64 at 76). A reader joins the two halves; so does this
// stage, where both sides of the break are runs of the characters values are made of (letters,
// digits and . _ % + @ / = -). Structure stays apart: two lines that each hold an "@" are two
// addresses, a line such as "user: bob" holds a ":" and a space, and a short line under another
// unindented is a line of its own ("mysql -u root" then "ls -p"; the email detector reads an
// address across a line break itself).
import { keepWithinMatches, type DerivedText } from './derived-text.ts';

/**
 * A value's characters up to a line break (group 1), its soft-break mark (2), the break, the
 * indentation (3), and the next line's value (4, looked at only: it may go on over another break).
 */
const WRAP = /(?<!\S)([\w.%+@/=-]+?)(\\|=)?\r?\n([ \t]*)(?=([\w.%+@/=-]*[A-Za-z0-9][\w.%+@/=-]*)(?!\S))/g;
/** A run this long before an unmarked, unindented break was wrapped at a column. */
const WRAPPED_AT_COLUMN = 16;
/** What an ASCII text needs for WRAP to match: one search, no work per character in JavaScript. */
export const MAY_HOLD_SOFT_BREAK = /[\w.%+@/=-]\r?\n[ \t]*[\w.%+@/=-]/;

/** `text` with its wrapped values joined; undefined when it holds none. */
export function joinSoftBreaks(text: string): DerivedText | undefined {
  return keepWithinMatches(text, WRAP, function (found) {
    const [, before = '', mark, indentation = '', after = ''] = found;
    if (mark === undefined && before.includes('@') && after.includes('@')) return undefined;
    if (mark === undefined && indentation === '' && before.length < WRAPPED_AT_COLUMN) return undefined;
    return keptRange(found.index, found.index + before.length);
  });
}

function* keptRange(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}
