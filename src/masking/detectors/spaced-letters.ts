// A value written one character at a time with a space between each ("j o h n @ e x a m p l e . c o m",
// "p a s s w o r d = …", "d e 8 9 3 7 0 4 …"): a reader reads the word, a pattern sees single
// letters. A run of six or more single characters, each parted from the next by one space, is read
// without its spaces. Words of prose are longer than one letter, so such runs are rare in honest text
// and, joined, match no detector unless they spell a value.
import { keepWithinMatches, type DerivedText } from './derived-text.ts';

/** Six or more characters, each alone between single spaces (no-break ones too). */
const SPACED_RUN = /(?<!\S)(?:\S[ \u00a0]){5,}\S(?!\S)/g;

/** `text` with the spaces inside such runs dropped; undefined when it holds none. */
export function joinSpacedLetters(text: string): DerivedText | undefined {
  // The characters of a run sit at every other index.
  return keepWithinMatches(text, SPACED_RUN, function* (run) {
    for (let i = run.index; i < run.index + run[0].length; i += 2) yield i;
  });
}
