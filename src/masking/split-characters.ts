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

/** The neighbours read side by side where each holds one character. */
export const maskSplitCharacters: ReadNeighbours = (count, at, write, text, counts) => {
  let start = -1;
  for (let i = 0; i <= count; i++) {
    if (i < count && isOneCharacter(at(i))) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= MIN_CHARACTERS) {
      const pieces: string[] = [];
      for (let k = start; k < i; k++) pieces.push(at(k) as string);
      const masked = text.maskPieces(pieces, counts);
      for (const [k, piece] of masked.entries()) if (piece !== pieces[k]) write(start + k, piece);
    }
    start = -1;
  }
};
