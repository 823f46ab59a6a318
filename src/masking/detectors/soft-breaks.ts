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
 * A break: its soft-break mark (group 1), the line break, the indentation (2), and the next line's
 * value (3, looked at only: it may go on over another break). Found by its first characters, so
 * the regex engine skips to them; the value before it is read backwards from there.
 */
const BREAK = /(\\|=)?\r?\n([ \t]*)(?=([\w.%+@/=-]*[A-Za-z0-9][\w.%+@/=-]*)(?!\S))/g;
const VALUE_CHARACTER = /[\w.%+@/=-]/;
/** A run this long before an unmarked, unindented break was wrapped at a column. */
const WRAPPED_AT_COLUMN = 16;

/** The value right before `at`, up to whitespace; undefined when something else stands between. */
function valueBefore(text: string, at: number): string | undefined {
  let start = at;
  while (start > 0 && VALUE_CHARACTER.test(text[start - 1] as string)) start--;
  if (start === at || (start > 0 && !/\s/.test(text[start - 1] as string))) return undefined;
  return text.slice(start, at);
}

/** `text` with its wrapped values joined; undefined when it holds none. */
export function joinSoftBreaks(text: string): DerivedText | undefined {
  return keepWithinMatches(text, BREAK, (found) => {
    const [, mark, indentation = '', after = ''] = found;
    const before = valueBefore(text, found.index);
    if (before === undefined) return undefined;
    if (mark === undefined && before.includes('@') && after.includes('@')) return undefined;
    if (mark === undefined && indentation === '' && before.length < WRAPPED_AT_COLUMN) return undefined;
    // The mark, the break and the indentation are dropped.
    return [];
  });
}
