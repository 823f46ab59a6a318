// A text as a person or a model reads it: escapes decoded ("%40", "&#64;", "\u0040": see
// escaped-text.ts), string literals that a program joins read as one (string-seams.ts), words
// written one character at a time read whole (spaced-letters.ts), characters that draw nothing
// dropped (format characters and Unicode's default-ignorables: zero-width spaces, joiners,
// variation selectors, tags, fillers) and compatibility forms read as the ASCII they show
// (full-width, mathematical, circled letters and digits: see compatibility-forms.ts). An agent can
// write a key, a password or an address that way to slip it past a pattern and still read it;
// detectors also search this view, and what they find is mapped back onto the text as written.
// Made in one place, so every detector reads the same.
import { codeClassTest } from './chars.ts';
import { COMPATIBILITY_FORMS, compatibilityFormsClass } from './compatibility-forms.ts';
import { followBack, type DerivedText } from './derived-text.ts';
import { decodeEscapes } from './escaped-text.ts';
import { joinSpacedLetters } from './spaced-letters.ts';
import { joinStringSeams } from './string-seams.ts';

export interface ReaderView extends DerivedText {
  /** Escapes were decoded or literals joined: digits may read as one number where the text as written shows none. */
  decoded: boolean;
}

const DRAWS_NOTHING = String.raw`[\p{Cf}\p{Default_Ignorable_Code_Point}]`;
const drawsNothing = codeClassTest(DRAWS_NOTHING);
/** The first character the view changes, found by the regex engine: most texts (every ASCII one) have none. */
const CHANGED = new RegExp(`${DRAWS_NOTHING}|${compatibilityFormsClass()}`, 'u');
const BEYOND_ASCII = /[^\0-\x7f]/;
/**
 * What an ASCII text needs for any stage to change it: an escape's first character or a quote (a
 * seam), or three single characters apart (a spaced word). Two searches, each a scan the regex
 * engine runs fast (one alternation of both runs at half their speed): most cells hold neither.
 */
const ESCAPE_OR_QUOTE = /[%&\\"'`]/;
const SPACED_CHARACTERS = /(?:^|\s)\S \S \S(?:\s|$)/;

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
  if (ascii && !ESCAPE_OR_QUOTE.test(text) && !SPACED_CHARACTERS.test(text)) return undefined;
  const decoded = decodeEscapes(text);
  const joined = followBack(decoded, joinStringSeams(decoded?.text ?? text));
  // Digit runs read spaced digits themselves: only what escapes and seams changed is new to them.
  const spaced = followBack(joined, joinSpacedLetters(joined?.text ?? text));
  const folded = ascii && spaced === undefined ? undefined : foldForReader(spaced?.text ?? text);
  const view = followBack(spaced, folded);
  return view && { ...view, decoded: joined !== undefined };
}

/** The original range of the view's range [start, end): from its first character to just before the next one shown. */
export function originalRange(view: ReaderView, start: number, end: number): [number, number] {
  return [view.origin[start] as number, view.origin[end] as number];
}
