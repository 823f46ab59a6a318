// How a reader writes down a run of number words: each digit word or numeral is one digit, digits
// stand for themselves, and English words make numbers of several digits as people say them: in pairs ("forty-one
// eleven": 4111), tens ("five thirty-six, ninety": 53690), with scales ("five hundred thirty six
// million …", as PostgreSQL's cash_words writes a value, with its "dollars and … cents") and
// repeats ("double five": 55), digits between scale words included ("4 billion 155 million …"). A number of words goes on while the next word can continue it
// ("thirty" then "six"), joined by spaces, dashes, underscores or nothing; any other word starts the next
// number ("five" then "thirty-six": 5, 36), and the numbers' digits follow one another.
import { DIGIT_OF_NUMERAL, DIGIT_OF_WORD, ENGLISH_DIGITS, ENGLISH_REPEATS, ENGLISH_SCALES, ENGLISH_TENS, NUMBER_OF_TENS_WORD, spokenWordKey } from './digit-word-lists.ts';

/** The words of a run that join numbers rather than say one: "hundred and four", "dollars and seventeen cents". */
export const CONNECTIVES = ['and', 'dollars', 'dollar', 'cents', 'cent'] as const;

/** Words of one number are joined by spaces, dashes, underscores or nothing ("forty-four", "forty_four", "fivehundred"). */
const WITHIN_A_NUMBER = /^[ \t_\p{Pd}]*$/u;

const DIGIT_GROUP = /^\d+$/;
/** The longest group written in digits that is read as a number: its value exact in a double. */
const MAX_GROUP_DIGITS = 15;

/** The mark a joint between numbers reads as: quotes, bars and underscores drop, any dash is "-", blanks one space. */
const markOf = (joint: string): string => joint.replace(/["'`_|]/g, '').replace(/\p{Pd}/gu, '-').replace(/\s+/g, ' ');

/** An English number as its words come: below a thousand since the last scale word, and the total above. */
class SpokenNumber {
  private total = 0n;
  private chunk: number;
  private lastScale: bigint | undefined;
  /** Whether a value was said since the last scale word: "million thousand" scales nothing, "0 billion" does. */
  private said = true;
  /** A group of digits as written ("05"), while nothing has scaled it or been added to it. */
  private written: string | undefined;
  /** What the next word may add: anything below a thousand (after a scale word), tens and units (after "hundred"), units (after a tens word), nothing. */
  private takes: 'any' | 'tens' | 'units' | 'nothing';

  /** A number begun by a word's value. */
  constructor(value: number) {
    this.chunk = value;
    this.takes = value % 10 === 0 && value >= 20 ? 'units' : 'nothing';
  }

  /** A number begun by a group written in digits: it takes nothing but a scale word after it. */
  static ofDigits(group: string): SpokenNumber {
    const number = new SpokenNumber(Number(group));
    number.takes = 'nothing';
    number.written = group;
    return number;
  }

  /** Adds a group written in digits after a scale word ("million 904": below the scale) or after "hundred" ("hundred 36"). */
  addGroup(group: string): boolean {
    const value = Number(group);
    const fits = this.takes === 'any' ? this.lastScale !== undefined && BigInt(value) < this.lastScale : this.takes === 'tens' && value < 100;
    if (!fits) return false;
    this.grow(value, 'nothing');
    return true;
  }

  /** Adds a digit word's or a tens word's value; false when the number cannot take it ("five" then "thirty"). */
  add(value: number): boolean {
    if (this.takes === 'nothing' || (value >= 10 && this.takes === 'units')) return false;
    this.grow(value, value % 10 === 0 && value >= 20 ? 'units' : 'nothing');
    return true;
  }

  private grow(value: number, takes: 'units' | 'nothing'): void {
    this.chunk += value;
    this.said = true;
    this.takes = takes;
    this.written = undefined;
  }

  /** Scales what was said; false when it cannot ("hundred" after "five hundred", "million" after "thousand"). */
  scale(value: bigint): boolean {
    if (!this.said) return false;
    this.written = undefined;
    if (value === 100n) {
      if (this.chunk >= 100) return false;
      this.chunk *= 100;
      this.takes = 'tens';
      return true;
    }
    if (this.lastScale !== undefined && value >= this.lastScale) return false;
    this.total += BigInt(this.chunk) * value;
    this.chunk = 0;
    this.said = false;
    this.lastScale = value;
    this.takes = 'any';
    return true;
  }

  get digits(): string {
    return this.written ?? String(this.total + BigInt(this.chunk));
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
    if (DIGIT_GROUP.test(word)) {
      // Digits between scale words are the numbers they scale ("4 billion 155 million …"); any other group reads as written.
      if (repeat === 1 && within && word.length <= MAX_GROUP_DIGITS && open?.addGroup(word) === true) continue;
      close();
      out += markOf(joint);
      if (repeat === 1 && word.length <= MAX_GROUP_DIGITS) open = SpokenNumber.ofDigits(word);
      else out += word.charAt(0).repeat(repeat) + word.slice(1);
      repeat = 1;
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
