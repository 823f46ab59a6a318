// PostgreSQL's to_tsvector() of a text: its words sorted, each with its places in the text
// ("'-4417':4 '-90':3 '536':2 'ssn':1"). A reader puts them back in order; a pattern sees the
// groups of a value apart and shuffled. Three words or more with their places are read in the
// order of those places, one space between (a reading, see derived-text.ts): "ssn 536 -90 -4417"
// reads as the value did.
import { readingAfterContext, withReadings, type DerivedText, type Reading } from './derived-text.ts';

const WORD = String.raw`'(?:[^']|'')+':\d+[A-D]?(?:,\d+[A-D]?)*`;
const TSVECTOR = new RegExp(String.raw`(?:${WORD}\s+){2,}${WORD}`, 'g');
const PLACED_WORD = /'((?:[^']|'')+)':([\d,A-D]+)/g;
/** A word's places, then the next word: what every tsvector of two words or more holds. */
export const MAY_HOLD_TSVECTOR = /':\d+[A-D]?(?:,\d+[A-D]?)*\s+'/;

/** `text` followed by each tsvector in it read in its words' order; undefined when it holds none. */
export function readTsvectors(text: string): DerivedText | undefined {
  if (!MAY_HOLD_TSVECTOR.test(text)) return undefined;
  const readings: Reading[] = [];
  for (const vector of text.matchAll(TSVECTOR)) {
    const placed: Array<[number, string]> = [];
    for (const [, word, places] of vector[0].matchAll(PLACED_WORD)) {
      for (const place of (places as string).split(',')) placed.push([parseInt(place, 10), (word as string).replaceAll("''", "'")]);
    }
    placed.sort((a, b) => a[0] - b[0]);
    const read = placed.map(([, word]) => word).join(' ');
    readings.push(readingAfterContext(text, vector.index, vector.index + vector[0].length, read));
  }
  return withReadings(text, readings);
}
