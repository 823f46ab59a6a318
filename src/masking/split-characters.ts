// A value split over cells one character a cell: regexp_split_to_table(value, '') gives a row per
// character, regexp_split_to_array(value, '') an array of them, and a statement may put each in a
// column of its own. A reader reads the characters side by side as one word; a detector sees one
// at a time. Every run of six or more neighbouring cells (along a row, down a column, through an
// array) that each hold one character is read joined, by every detector, and a value found is
// redacted whole (the agent chose the cells' order: a partial style would show whichever it put
// last), written into the cell where it starts, the cells it goes on into emptied (text-masker.ts,
// maskPieces). A blank cell is a character too (the space between a card's
// groups); NULL, a number or a longer cell ends the run.
import type { ReadNeighbours } from './split-numbers.ts';

/** The fewest characters read: a value shorter than six characters is no value any detector finds. */
const MIN_CHARACTERS = 6;

function isOneCharacter(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2) return false;
  return value.length === 1 || (value.codePointAt(0) as number) > 0xffff;
}

/**
 * Each run of at least `fewest` neighbours (`at`) that `inRun` takes, as [from, to): what the readers
 * of values split over cells look for (this one and split-pieces.ts).
 */
export function* neighbourRuns(count: number, at: (i: number) => unknown, inRun: (value: unknown) => boolean, fewest: number): Generator<readonly [number, number]> {
  let start = -1;
  for (let i = 0; i <= count; i++) {
    if (i < count && inRun(at(i))) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= fewest) yield [start, i];
    start = -1;
  }
}

/** The texts of the neighbours [from, to) of a run (each a string: the run's test said so). */
export function textsBetween(at: (i: number) => unknown, from: number, to: number): string[] {
  const texts: string[] = [];
  for (let k = from; k < to; k++) texts.push(at(k) as string);
  return texts;
}

/** The neighbours read side by side where each holds one character. */
export const maskSplitCharacters: ReadNeighbours = (count, at, write, text, counts) => {
  for (const [from, to] of neighbourRuns(count, at, isOneCharacter, MIN_CHARACTERS)) {
    const pieces = textsBetween(at, from, to);
    const masked = text.maskPieces(pieces, counts);
    for (const [k, piece] of masked.entries()) if (piece !== pieces[k]) write(from + k, piece);
  }
};
