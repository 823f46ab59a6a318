// A value listed one character an item: PostgreSQL's regexp_split_to_array() ("{a,d,a,.,l,…}", a
// blank quoted: `{s,s,n," ",5,…}`), a JSON list (`["a","d","a",…]`) or one joined by bars
// ("a | d | a | …"). A reader reads the word; a pattern sees single characters between marks. Six
// items or more, each one character (maybe quoted), parted by a comma, semicolon or bar (maybe with
// a blank beside it), with a letter or "@" among them, are read joined (a reading, see
// derived-text.ts): lists of digits alone are read by the digit runs, with their own rules.
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const ITEM = String.raw`(?:"[^"\\]"|'[^'\\]'|[^\s,;|'"{}\[\]()])`;
const MARK = String.raw`[ \t]?[,;|][ \t]?`;
/** Six items or more, the first after the start, a blank or an opening bracket, the last before the end, a blank or a closing one. */
const LIST = new RegExp(String.raw`(?<![^\s{\[(])${ITEM}(?:${MARK}${ITEM}){5,}(?![^\s}\])])`, 'g');
/** Three single characters between marks: what every list holds. */
export const MAY_HOLD_CHARACTER_LISTS = /(?:^|[^\w"'])["']?[^\s,;|"']["']?[ \t]?[,;|][ \t]?["']?[^\s,;|"']["']?[ \t]?[,;|][ \t]?["']?[^\s,;|"']["']?(?![\w"'])/;
const LETTER_OR_AT = /[\p{L}@]/u;

/** `text` followed by each list of single characters read as one word; undefined when it holds none. */
export function readCharacterLists(text: string): DerivedText | undefined {
  if (!MAY_HOLD_CHARACTER_LISTS.test(text)) return undefined;
  const readings: Reading[] = [];
  for (const list of text.matchAll(LIST)) {
    const word = [...list[0].matchAll(new RegExp(ITEM, 'g'))].map((item) => (item[0].length === 3 ? item[0][1] : item[0])).join('');
    if (LETTER_OR_AT.test(word)) readings.push(readingAfterContext(text, list.index, list.index + list[0].length, word));
  }
  return withReadings(text, readings);
}
