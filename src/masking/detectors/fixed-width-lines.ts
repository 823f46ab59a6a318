// A value cut into lines of one width: regexp_replace(v, '(.{3})', '\1' || chr(10), 'g') gives
// "ssn\n 53\n6-9\n0-4\n417", a program wrapping at ten columns gives "key AKIAIO\nSFODNN7EXA\nMPLE".
// A reader reads the lines on as one; a pattern sees a piece a line, too short for any detector,
// and blanks inside the pieces keep the soft-break stage (which joins runs of value characters)
// from joining them. Two lines or more of the same width (2 to 128 characters), and maybe a
// shorter last, are read joined (their line breaks dropped, so a value found is masked where its
// characters stand) when they hold six characters and a letter or "@", and one "@" at most: honest
// lines of one width (a text table) joined spell no value, and two lines that each hold an "@" are
// two addresses.
import { rewriteRanges, type DerivedText, type Rewrite } from './derived-text.ts';

/** One character a line is the separated characters' (separated-characters.ts). */
const NARROWEST = 2;
const WIDEST = 128;
const FEWEST_CHARACTERS = 6;
const LETTER_OR_AT = /[\p{L}@]/u;
const TWO_ATS = /@[^]*@/;
/** A line indented under the one before continues it (soft-breaks.ts joins those); a cut at a width starts one blank in at most. */
const INDENTED = /^[ \t]{2}/;

/** The characters of [start, end) but its line breaks. */
function* withoutLineBreaks(text: string, start: number, end: number): Generator<number> {
  for (let i = start; i < end; i++) if (text[i] !== '\n' && text[i] !== '\r') yield i;
}

/** `text` with the line breaks inside each run of lines of one width dropped; undefined when it holds none. */
export function readFixedWidthLines(text: string): DerivedText | undefined {
  const rewrites: Rewrite[] = [];
  // The run so far: where it starts and its last line ends, its width, how many lines it has of
  // that width, and what its characters hold.
  let start = 0;
  let end = 0;
  let width = 0;
  let fullLines = 0;
  let characters = 0;
  let lettered = false;
  let ats = 0;
  const close = () => {
    if (fullLines >= 2 && characters >= FEWEST_CHARACTERS && lettered && ats <= 1) rewrites.push({ start, end, kept: withoutLineBreaks(text, start, end) });
    fullLines = 0;
  };
  const add = (line: string) => {
    characters += line.length;
    lettered ||= LETTER_OR_AT.test(line);
    if (line.includes('@')) ats += TWO_ATS.test(line) ? 2 : 1;
  };
  for (let from = 0; from <= text.length; ) {
    const lineBreak = text.indexOf('\n', from);
    const to = lineBreak < 0 ? text.length : lineBreak;
    const line = text.slice(from, text[to - 1] === '\r' ? to - 1 : to);
    if (fullLines > 0 && line.length > 0 && line.length <= width && !INDENTED.test(line)) {
      add(line);
      end = from + line.length;
      // A shorter line ends the run: it was the last of the value.
      if (line.length === width) fullLines++;
      else close();
    } else {
      close();
      if (line.length >= NARROWEST && line.length <= WIDEST) {
        [start, end, width, fullLines, characters, lettered, ats] = [from, from + line.length, line.length, 1, 0, false, 0];
        add(line);
      }
    }
    if (lineBreak < 0) break;
    from = lineBreak + 1;
  }
  close();
  return rewriteRanges(text, rewrites);
}
