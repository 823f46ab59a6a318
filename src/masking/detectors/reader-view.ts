// A text as a person or a model reads it: escapes decoded ("%40", "&#64;", "\u0040": see
// escaped-text.ts), string literals that a program joins read as one (string-seams.ts), words
// written one character at a time read whole (spaced-letters.ts), characters that draw nothing
// dropped (format characters and Unicode's default-ignorables: zero-width spaces, joiners,
// variation selectors, tags, fillers) and compatibility forms read as the ASCII they show
// (full-width, mathematical, circled letters and digits: see compatibility-forms.ts), values
// hard-wrapped across lines joined (soft-breaks.ts), base64 and hex read as what they encode
// (encoded-runs.ts), values written backwards turned round (reversed-values.ts), and digits joined
// by ":", "+" or an SSN's mixed marks read as dashed (digit-marks.ts). An agent can
// write a key, a password or an address that way to slip it past a pattern and still read it;
// detectors also search this view, and what they find is mapped back onto the text as written.
// Made in one place, so every detector reads the same.
import { codeClassTest } from './chars.ts';
import { COMPATIBILITY_FORMS, compatibilityFormsClass } from './compatibility-forms.ts';
import { followBack, type DerivedText } from './derived-text.ts';
import { MAY_HOLD_DIGIT_MARKS, readDigitMarks } from './digit-marks.ts';
import { decodeEncodedRuns, MAY_HOLD_ENCODED_RUN } from './encoded-runs.ts';
import { decodeEscapes } from './escaped-text.ts';
import { MAY_HOLD_REVERSED, readReversedValues } from './reversed-values.ts';
import { joinSoftBreaks, MAY_HOLD_SOFT_BREAK } from './soft-breaks.ts';
import { joinSpacedLetters } from './spaced-letters.ts';
import { joinStringSeams } from './string-seams.ts';

export interface ReaderView extends DerivedText {
  /** Escapes or encodings were decoded, literals, lines or marked digits joined: digits may read as one number where the text as written shows none. */
  decoded: boolean;
}

const DRAWS_NOTHING = String.raw`[\p{Cf}\p{Default_Ignorable_Code_Point}]`;
const drawsNothing = codeClassTest(DRAWS_NOTHING);
/** The first character the view changes, found by the regex engine: most texts (every ASCII one) have none. */
const CHANGED = new RegExp(`${DRAWS_NOTHING}|${compatibilityFormsClass()}`, 'u');
const BEYOND_ASCII = /[^\0-\x7f]/;
/**
 * What an ASCII text needs for any stage to change it: an escape's first character or a quote (a
 * seam), three single characters apart (a spaced word), a line break inside a value, a run of
 * base64 or hex, or digits joined by marks. Searches each a scan the regex engine runs fast (one
 * alternation of them runs at half their speed): most cells hold none.
 */
const ESCAPE_OR_QUOTE = /[%&\\"'`]/;
const SPACED_CHARACTERS = /(?:^|\s)\S \S \S(?:\s|$)/;
const ASCII_GATES = [ESCAPE_OR_QUOTE, SPACED_CHARACTERS, MAY_HOLD_SOFT_BREAK, MAY_HOLD_ENCODED_RUN, MAY_HOLD_DIGIT_MARKS, MAY_HOLD_REVERSED];

/** `text` with what draws nothing dropped and compatibility forms folded; undefined when there is neither. */
function foldForReader(text: string): DerivedText | undefined {
  const first = CHANGED.exec(text)?.index;
  if (first === undefined) return undefined;
  let view = text.slice(0, first);
  const origin = Array.from({ length: first }, (_, i) => i);
  for (let i = first; i < text.length; ) {
    const codePoint = text.codePointAt(i) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    if (!drawsNothing(codePoint)) {
      const read = COMPATIBILITY_FORMS.get(codePoint) ?? text.slice(i, i + width);
      view += read;
      for (let k = 0; k < read.length; k++) origin.push(i);
    }
    i += width;
  }
  origin.push(text.length);
  return { text: view, origin };
}

/**
 * The reader's view of `text`; undefined when it is the text itself. `ascii` says the text is
 * known to be ASCII: escapes, seams and spaced letters can change it, nothing else.
 */
export function readerView(text: string, ascii = !BEYOND_ASCII.test(text)): ReaderView | undefined {
  if (ascii && !ASCII_GATES.some((gate) => gate.test(text))) return undefined;
  let view: DerivedText | undefined;
  const next = (stage: (text: string) => DerivedText | undefined): DerivedText | undefined => {
    const later = stage(view?.text ?? text);
    view = followBack(view, later);
    return later;
  };
  // Each stage reads what the ones before it made: a wrapped base64 run is joined, then decoded.
  let rewritten = false;
  for (const stage of [decodeEscapes, joinStringSeams, joinSoftBreaks, decodeEncodedRuns, readReversedValues]) if (next(stage) !== undefined) rewritten = true;
  // Digit runs read spaced digits, other scripts and invisible characters themselves: only what
  // the stages above and the digit marks changed is new to them.
  next(joinSpacedLetters);
  if (!ascii || view !== undefined) next(foldForReader);
  const marked = next(readDigitMarks) !== undefined;
  return view && { ...view, decoded: rewritten || marked };
}

/**
 * The original range of the view's range [start, end): from its first character to just before
 * the next one shown. Characters read from one place (an escape, a whole encoded run) are taken
 * whole: a range ending inside them ends after them.
 */
export function originalRange(view: ReaderView, start: number, end: number): [number, number] {
  const origin = view.origin;
  let after = end;
  if (end > start) while (origin[after] === origin[end - 1]) after++;
  return [origin[start] as number, origin[after] as number];
}

/** Whether a match of the view from `start` shows the text in its layout: false in a reading (a decoded or turned run). */
export function showsAsWritten(view: ReaderView, start: number): boolean {
  return view.readingsFrom === undefined || start < view.readingsFrom;
}
