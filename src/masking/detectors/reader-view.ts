// A text as a person or a model reads it: escapes decoded ("%40", "&#64;", "\u0040": see
// escaped-text.ts), string literals that a program joins read as one (string-seams.ts), words
// written one character at a time read whole (spaced-letters.ts), characters that draw nothing
// dropped (format characters and Unicode's default-ignorables: zero-width spaces, joiners,
// variation selectors, tags, fillers) and compatibility forms read as the ASCII they show
// (full-width, mathematical, circled letters and digits: see compatibility-forms.ts), values
// hard-wrapped across lines joined (soft-breaks.ts), lines of one width read on as one
// (fixed-width-lines.ts), base64 and hex read as what they encode
// (encoded-runs.ts), characters written as their codes read as the characters (char-code-lists.ts),
// values written backwards turned round (reversed-values.ts), markup between
// digit groups read as a space (tags-between-digits.ts), one filler repeated between digits read
// without it ("5x3x6x-9x0x-…": digit-fillers.ts), one character at a time with the same separator
// between every two read joined ("a.d.a...l.o.v.e…": separated-characters.ts), or each after its
// place in any order read in the order of the places ("6:o 19:l …": placed-characters.ts), text in Unicode's tag characters read as
// the ASCII they mirror (tag-text.ts), letters that look like digits or stand for them ("l", "O",
// leet's "S", "B") among digits or in a value's groups read as digits (digit-lookalikes.ts), digits
// spelled as words of English and other languages or as CJK numerals read as digits
// (digit-words.ts), and digits joined by ":", "+" or an SSN's mixed marks read as dashed
// (digit-marks.ts). An agent can write a key, a password or an address that way to slip it past
// a pattern and still read it; detectors also search this view, and what they find is mapped
// back onto the text as written. Made in one place, so every detector reads the same.
import { codeClassTest } from './chars.ts';
import { COMPATIBILITY_FORMS, compatibilityFormsClass } from './compatibility-forms.ts';
import { followBack, type DerivedText } from './derived-text.ts';
import { ASCII_ODD_MARK } from './digit-joints.ts';
import { MAY_HOLD_LOOKALIKE_GROUPS, MAY_HOLD_LOOKALIKES, readDigitLookalikes } from './digit-lookalikes.ts';
import { mayHoldFillers, readDigitFillers } from './digit-fillers.ts';
import { MAY_HOLD_DIGIT_WORDS, readDigitWords } from './digit-words.ts';
import { readTagText } from './tag-text.ts';
import { MAY_HOLD_TAGS, readTagsBetweenDigits } from './tags-between-digits.ts';
import { readDigitMarks } from './digit-marks.ts';
import { decodeEncodedRuns } from './encoded-runs.ts';
import { mayHoldCodeLists, readCharCodeLists } from './char-code-lists.ts';
import { MAY_HOLD_CHARACTER_LISTS, readCharacterLists } from './character-lists.ts';
import { MAY_HOLD_SEPARATED, readSeparatedCharacters } from './separated-characters.ts';
import { MAY_HOLD_PLACED, readPlacedCharacters } from './placed-characters.ts';
import { MAY_HOLD_TSVECTOR, readTsvectors } from './tsvector-text.ts';
import { decodeEscapes } from './escaped-text.ts';
import { MAY_HOLD_TURNED_IBAN, MAY_HOLD_TURNED_NAME, MAY_HOLD_TURNED_SSN, NAMES_A_CARD, NAMES_A_PHONE, readReversedValues } from './reversed-values.ts';
import { joinSoftBreaks } from './soft-breaks.ts';
import { readFixedWidthLines } from './fixed-width-lines.ts';
import { joinSpacedLetters } from './spaced-letters.ts';
import { joinStringSeams } from './string-seams.ts';
import { createFacts, readFacts } from './text-facts.ts';
import type { TextFacts } from './types.ts';

export interface ReaderView extends DerivedText {
  /** Escapes or encodings were decoded, literals, lines or marked digits joined: digits may read as one number where the text as written shows none. */
  decoded: boolean;
  /** The text as written with only its digit marks read (digit-marks.ts), when escapes were decoded: the digit runs read it too. */
  asWritten?: ReaderView;
}

const DRAWS_NOTHING = String.raw`[\p{Cf}\p{Default_Ignorable_Code_Point}]`;
const drawsNothing = codeClassTest(DRAWS_NOTHING);
/** The first character the view changes, found by the regex engine: most texts (every ASCII one) have none. */
const CHANGED = new RegExp(`${DRAWS_NOTHING}|${compatibilityFormsClass()}`, 'u');
/**
 * What an ASCII text needs for any stage to change it, each searched only when the facts of the
 * text (one pass the scanner makes anyway) allow it: an escape's first character or a quote (a
 * seam), three single characters apart (a spaced word), a line break (a wrapped value), a run as
 * long as an encoded value, digits joined by ":" or "+" or an SSN's groups, a card or a phone named
 * (a number backwards), a word ending in two digits and two letters (an IBAN backwards), an SSN's
 * groups or a value's name backwards, the same filler twice between digits, eight character codes
 * or three single characters in a list, six characters apart by the same separator, six places each
 * before a character, a tsvector's placed words, a dot before an "@" (an address backwards). Each
 * search is a scan the regex engine runs fast (one alternation of them runs at half their speed):
 * most cells hold none.
 */
const ESCAPE_OR_QUOTE = /[%&\\"'`]/;
const QUOTED_PRINTABLE = /=[2-7][0-9A-Fa-f]/;
/** A "%" or "=" between a digit and what may be an escape: "4242%4242", "…2222=3D" (quoted-printable's "=" takes a digit). */
const ESCAPE_AFTER_DIGIT = /\d[%=][0-7][0-9A-Fa-f]/;
const SPACED_CHARACTERS = /(?:^|\s)\S \S \S(?:\s|$)/;
/** A mark the digit scanner does not read after a digit, maybe after others ("4111 ; 1111"), or an SSN's groups. */
const JOINED_DIGITS = new RegExp(String.raw`\d\W*?${ASCII_ODD_MARK}|\d{3}[-. /_|]\d\d[-. /_|]\d{4}`);
const MARKED_DIGITS = 9;
const CARD_DIGITS = 12;
const PHONE_DIGITS = 10;
/** Eight character codes hold eight runs of digits at least (hex ones too: "61 64 61 2e …"). */
const CODE_LIST_GROUPS = 8;
/** A filler repeated stands in two gaps between digits at least. */
const FILLED_GAPS = 2;
/** Placed characters hold a run of digits each: their places. */
const PLACED_PAIRS = 6;
/** What a list of single characters is parted by. */
const LIST_MARK = /[,;|]/;
/** The fewest digits an IBAN holds (Norway's: 13 of its 15 characters). */
const IBAN_DIGITS = 11;
const DOT_BEFORE_AT = /\.[^\s@]*@/;

function mayChangeAscii(text: string, facts: TextFacts): boolean {
  return (
    ESCAPE_OR_QUOTE.test(text) ||
    QUOTED_PRINTABLE.test(text) ||
    SPACED_CHARACTERS.test(text) ||
    facts.longRun ||
    text.includes('\n') ||
    (facts.numberDigits >= MARKED_DIGITS && JOINED_DIGITS.test(text)) ||
    (facts.digits > 0 && MAY_HOLD_LOOKALIKES.test(text)) ||
    MAY_HOLD_LOOKALIKE_GROUPS.test(text) ||
    (facts.digits >= MARKED_DIGITS && text.includes('<') && MAY_HOLD_TAGS.test(text)) ||
    (LIST_MARK.test(text) && MAY_HOLD_CHARACTER_LISTS.test(text)) ||
    MAY_HOLD_TSVECTOR.test(text) ||
    MAY_HOLD_SEPARATED.test(text) ||
    (facts.digitGroups >= PLACED_PAIRS && MAY_HOLD_PLACED.test(text)) ||
    MAY_HOLD_DIGIT_WORDS.test(text) ||
    (facts.numberDigits >= CARD_DIGITS && NAMES_A_CARD.test(text)) ||
    (facts.numberDigits >= PHONE_DIGITS && NAMES_A_PHONE.test(text)) ||
    (facts.digits >= IBAN_DIGITS && MAY_HOLD_TURNED_IBAN.test(text)) ||
    (facts.numberDigits >= MARKED_DIGITS && MAY_HOLD_TURNED_SSN.test(text)) ||
    MAY_HOLD_TURNED_NAME.test(text) ||
    (facts.hasAt && DOT_BEFORE_AT.test(text)) ||
    (facts.digitGroups >= CODE_LIST_GROUPS && mayHoldCodeLists(text)) ||
    (facts.letterGaps >= FILLED_GAPS && facts.digits >= MARKED_DIGITS && mayHoldFillers(text))
  );
}

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

/** The reader's view of `text`; undefined when it is the text itself. `facts`: of `text`, when the caller has read them. */
export function readerView(text: string, facts?: TextFacts): ReaderView | undefined {
  if (facts === undefined) readFacts(text, (facts = createFacts()));
  const ascii = facts.ascii;
  if (ascii && !mayChangeAscii(text, facts)) return undefined;
  let view: DerivedText | undefined;
  const next = (stage: (text: string) => DerivedText | undefined): DerivedText | undefined => {
    const later = stage(view?.text ?? text);
    view = followBack(view, later);
    return later;
  };
  // Each stage reads what the ones before it made: a wrapped base64 run is joined, then decoded.
  const escaped = next(decodeEscapes) !== undefined;
  let rewritten = escaped;
  for (const stage of [readCharacterLists, readSeparatedCharacters, readPlacedCharacters, joinStringSeams, readFixedWidthLines, joinSoftBreaks, decodeEncodedRuns, readCharCodeLists, readTsvectors, readReversedValues]) if (next(stage) !== undefined) rewritten = true;
  // Digit runs read spaced digits, other scripts and invisible characters themselves: only what
  // the stages above and the digit marks changed is new to them.
  next(joinSpacedLetters);
  // Read before the fold drops them; an ASCII text holds none.
  if (!ascii && next(readTagText) !== undefined) rewritten = true;
  if (!ascii || view !== undefined) next(foldForReader);
  const joinedTags = next(readTagsBetweenDigits) !== undefined;
  const fillers = next(readDigitFillers) !== undefined;
  const lookalikes = next(readDigitLookalikes) !== undefined;
  const words = next(readDigitWords) !== undefined;
  const marked = next(readDigitMarks) !== undefined || lookalikes || joinedTags || fillers || words;
  if (view === undefined) return undefined;
  const read: ReaderView = { ...view, decoded: rewritten || marked };
  // A "%" or "=" between digits joins them as often as it starts an escape ("4242%4242", "536%90%4417"):
  // decoding it took the digits after it, so the digits as written are read with their marks too.
  const asWritten = escaped && ESCAPE_AFTER_DIGIT.test(text) ? readDigitMarks(text) : undefined;
  if (asWritten !== undefined) read.asWritten = { ...asWritten, decoded: true };
  return read;
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
