// How a reader writes down a run of number words: each digit word, numeral or digit is one digit,
// and English words make numbers of several digits as people say them: in pairs ("forty-one
// eleven": 4111), tens ("five thirty-six, ninety": 53690), with scales ("five hundred thirty six
// million …", as PostgreSQL's cash_words writes a value, with its "dollars and … cents") and
// repeats ("double five": 55). A number of words goes on while the next word can continue it
// ("thirty" then "six"), joined by spaces, dashes, underscores or nothing; any other word starts the next
// number ("five" then "thirty-six": 5, 36), and the numbers' digits follow one another.
import { DIGIT_OF_NUMERAL, DIGIT_OF_WORD, ENGLISH_DIGITS, ENGLISH_REPEATS, ENGLISH_SCALES, ENGLISH_TENS, NUMBER_OF_TENS_WORD, spokenWordKey } from './digit-word-lists.ts';

/** The words of a run that join numbers rather than say one: "hundred and four", "dollars and seventeen cents". */
export const CONNECTIVES = ['and', 'dollars', 'dollar', 'cents', 'cent'] as const;

/** Words of one number are joined by spaces, dashes, underscores or nothing ("forty-four", "forty_four", "fivehundred"). */
const WITHIN_A_NUMBER = /^[ \t_\p{Pd}]*$/u;

/** The mark a joint between numbers reads as: quotes, bars and underscores drop, any dash is "-", blanks one space. */
const markOf = (joint: string): string => joint.replace(/["'`_|]/g, '').replace(/\p{Pd}/gu, '-').replace(/\s+/g, ' ');

/** An English number as its words come: below a thousand since the last scale word, and the total above. */
class SpokenNumber {
  private total = 0n;
  private chunk: number;
  private lastScale: bigint | undefined;
  /** What the next word may add: anything below a thousand (after a scale word), tens and units (after "hundred"), units (after a tens word), nothing. */
  private takes: 'any' | 'tens' | 'units' | 'nothing';

  constructor(value: number) {
    this.chunk = value;
    this.takes = value % 10 === 0 && value >= 20 ? 'units' : 'nothing';
  }

  /** Adds a digit word's or a tens word's value; false when the number cannot take it ("five" then "thirty"). */
  add(value: number): boolean {
    if (this.takes === 'nothing' || (value >= 10 && this.takes === 'units')) return false;
    this.chunk += value;
    this.takes = value % 10 === 0 && value >= 20 ? 'units' : 'nothing';
    return true;
  }

  /** Scales what was said; false when it cannot ("hundred" after "five hundred", "million" after "thousand"). */
  scale(value: bigint): boolean {
    if (value === 100n) {
      if (this.chunk === 0 || this.chunk >= 100) return false;
      this.chunk *= 100;
      this.takes = 'tens';
      return true;
    }
    if (this.chunk === 0 || (this.lastScale !== undefined && value >= this.lastScale)) return false;
    this.total += BigInt(this.chunk) * value;
    this.chunk = 0;
    this.lastScale = value;
    this.takes = 'any';
    return true;
  }

  get digits(): string {
    return String(this.total + BigInt(this.chunk));
  }
}

/** What a token other than an English number word stands for: one digit, or two for another language's word of 10 to 99. */
function digitsOf(token: string): string {
  const tens = NUMBER_OF_TENS_WORD.get(spokenWordKey(token));
  return DIGIT_OF_NUMERAL.get(token) ?? DIGIT_OF_WORD.get(token.toLowerCase()) ?? (tens === undefined ? token : String(tens));
}

/**
 * The digits `run` reads as, its tokens found by the global `tokens`, with the joints between numbers
 * kept. A value in dollars and cents reads as its digits with the cents' two; whole dollars also as
 * the dollars alone: the readings, first the main one.
 */
export function spokenDigits(run: string, tokens: RegExp): string[] {
  let out = '';
  const readings: string[] = [];
  let open: SpokenNumber | undefined;
  const close = () => {
    if (open !== undefined) out += open.digits;
    open = undefined;
  };
  let repeat = 1;
  let dollarsEnd: number | undefined;
  let glued = false;
  let last = 0;
  tokens.lastIndex = 0;
  for (let found = tokens.exec(run); found !== null; found = tokens.exec(run)) {
    const written = run.slice(last, found.index);
    last = found.index + found[0].length;
    const word = found[0].toLowerCase();
    if (word === 'and') continue;
    const joint = glued ? '' : written;
    glued = false;
    if (word.startsWith('dollar')) {
      close();
      dollarsEnd = out.length;
      glued = true;
      continue;
    }
    if (word.startsWith('cent')) {
      close();
      const cents = dollarsEnd === undefined ? '' : out.slice(dollarsEnd);
      if (/^\d\d?$/.test(cents)) {
        const dollars = out.slice(0, dollarsEnd);
        out = dollars + cents.padStart(2, '0');
        if (Number(cents) === 0) readings.push(dollars);
      }
      dollarsEnd = undefined;
      continue;
    }
    const times = ENGLISH_REPEATS.get(word);
    if (times !== undefined) {
      close();
      out += markOf(joint);
      repeat = times;
      glued = true;
      continue;
    }
    const within = WITHIN_A_NUMBER.test(joint);
    const scale = ENGLISH_SCALES.get(word);
    if (scale !== undefined) {
      if (within && open?.scale(scale) === true) continue;
      close();
      out += markOf(joint);
      open = new SpokenNumber(1);
      open.scale(scale);
      continue;
    }
    const tens = ENGLISH_TENS.get(word);
    const digits = tens === undefined ? digitsOf(found[0]) : String(tens);
    // English words other than zero make numbers; other languages' words, numerals and digits stand for their digits as they are.
    if (repeat === 1 && (tens !== undefined || (ENGLISH_DIGITS.has(word) && digits !== '0'))) {
      if (within && open?.add(Number(digits)) === true) continue;
      close();
      out += markOf(joint);
      open = new SpokenNumber(Number(digits));
      continue;
    }
    close();
    out += markOf(joint) + digits.repeat(repeat);
    repeat = 1;
  }
  close();
  return [out, ...readings];
}
