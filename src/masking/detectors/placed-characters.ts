// A value written one character at a time after each character's place, in any order: string_agg(n
// || ':' || ch, ' ' ORDER BY random()) gives "6:o 19:l 24:m …", json_object_agg(n, ch) gives
// `{ "6" : "o", "19" : "l", … }`. A reader sorts the pairs by place and reads the word; a pattern
// sees digits and single letters. Six pairs or more side by side (a place, maybe quoted; ":", "=",
// "->" or "=>"; one character, maybe quoted; a comma, semicolon, blank or line break between pairs)
// whose places are whole numbers, each once, filling a range, are read in the order of their places
// (a reading, see derived-text.ts).
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const PLACE = String.raw`(?:"(\d{1,5})"|'(\d{1,5})'|(\d{1,5}))`;
const ARROW = String.raw`[ \t]*(?:=>|->|[:=])[ \t]*`;
/** One character: quoted, bare, or a bare blank where the next pair or the end follows ("5:  6:4"). */
const CHARACTER = String.raw`(?:"([^"\\]|\\.)"|'([^'\\])'|([^\s,;"'{}\[\]()]|[ ](?=[ \t]*[,;]?[ \t]*(?:["']?\d|$))))`;
/** One pair, not inside a longer number or word: "10:30" is a time, not the 10th character "3". */
const PAIR = new RegExp(String.raw`(?<![\w.])${PLACE}${ARROW}${CHARACTER}(?![^\s,;}\])])`, 'g');
/** What stands between two pairs of one run. */
const BETWEEN = /^[ \t]*[,;]?[ \t]*\n?[ \t]*$/;
const FEWEST_PAIRS = 6;

/** Whether `text` may hold such pairs: a place and its character. */
export const MAY_HOLD_PLACED = new RegExp(PAIR.source);

interface Pair {
  start: number;
  end: number;
  place: number;
  character: string;
}

/** The characters of `run` in the order of their places; undefined when the places are no range, each once. */
function inPlaceOrder(run: readonly Pair[]): string | undefined {
  // A loop, not Math.min(...places): a run of a hundred thousand pairs would overflow the call's arguments.
  let first = Infinity;
  for (const { place } of run) if (place < first) first = place;
  const word: string[] = new Array<string>(run.length);
  for (const { place, character } of run) {
    const rank = place - first;
    if (rank >= run.length || word[rank] !== undefined) return undefined;
    word[rank] = character;
  }
  return word.join('');
}

/** `text` followed by each run of placed characters read in place order; undefined when it holds none. */
export function readPlacedCharacters(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  let run: Pair[] = [];
  const close = () => {
    const word = run.length >= FEWEST_PAIRS ? inPlaceOrder(run) : undefined;
    if (word !== undefined) readings.push(readingAfterContext(text, (run[0] as Pair).start, (run.at(-1) as Pair).end, word));
    run = [];
  };
  for (const found of text.matchAll(PAIR)) {
    const [whole, doubleQuoted, singleQuoted, bare, inDouble, inSingle, alone] = found;
    const start = found.index;
    const previous = run.at(-1);
    if (previous !== undefined && !BETWEEN.test(text.slice(previous.end, start))) close();
    const quoted = inDouble ?? inSingle ?? alone ?? '';
    const character = quoted.length === 2 ? (quoted[1] as string) : quoted;
    run.push({ start, end: start + whole.length, place: Number(doubleQuoted ?? singleQuoted ?? bare), character });
  }
  close();
  return withReadings(text, readings);
}
