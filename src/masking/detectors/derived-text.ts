// A text made from another (escapes decoded, seams dropped, letters folded) that remembers where
// each of its characters came from, so what a detector finds in it is masked where it was written.

export interface DerivedText {
  text: string;
  /** For each code unit of `text`, the index in the source it came from; one more entry: the source's length. */
  origin: number[];
  /**
   * Where readings begin (see withReadings): from there on `text` is no rewrite of the source but
   * what ranges of it read as, so a match there is redacted: nothing of the source shows its layout.
   */
  readingsFrom?: number;
}

/** `later`, made from `earlier`'s text, with each index followed back to `earlier`'s source; either alone when the other is missing. */
export function followBack(earlier: DerivedText | undefined, later: DerivedText | undefined): DerivedText | undefined {
  if (earlier === undefined || later === undefined) return later ?? earlier;
  const origin = later.origin.map((at) => earlier.origin[at] as number);
  // Stages keep the order of what they read: the earlier readings begin where the later text first reaches them.
  const earlierReadings = earlier.readingsFrom === undefined ? -1 : later.origin.findIndex((at) => at >= (earlier.readingsFrom as number));
  const starts = [later.readingsFrom ?? -1, earlierReadings].filter((at) => at >= 0);
  return { text: later.text, origin, ...(starts.length > 0 && { readingsFrom: Math.min(...starts) }) };
}

/** What a match becomes: the source characters at these indexes, or `[text, index]`: text written in place of the source character at index. */
export type Kept = Iterable<number | readonly [string, number]>;

/** A range of the source and what it becomes. */
export interface Rewrite {
  start: number;
  end: number;
  kept: Kept;
}

/** `text` with each range (in order, apart) rewritten; undefined when there is none. */
export function rewriteRanges(text: string, rewrites: readonly Rewrite[]): DerivedText | undefined {
  if (rewrites.length === 0) return undefined;
  let out = '';
  const origin: number[] = [];
  const copy = (from: number, to: number) => {
    out += text.slice(from, to);
    for (let i = from; i < to; i++) origin.push(i);
  };
  let cursor = 0;
  for (const { start, end, kept } of rewrites) {
    copy(cursor, start);
    for (const item of kept) {
      const [written, at] = typeof item === 'number' ? [text[item] as string, item] : item;
      out += written;
      for (let k = 0; k < written.length; k++) origin.push(at);
    }
    cursor = end;
  }
  copy(cursor, text.length);
  origin.push(text.length);
  return { text: out, origin };
}

/**
 * `text` with each match of the global `pattern` replaced by what `kept` gives for it (nothing: the
 * match is dropped; undefined: the match stays as it is); undefined when no match is replaced.
 */
export function keepWithinMatches(text: string, pattern: RegExp, kept: (match: RegExpExecArray) => Kept | undefined): DerivedText | undefined {
  const rewrites: Rewrite[] = [];
  pattern.lastIndex = 0;
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
    const instead = kept(found);
    if (instead !== undefined) rewrites.push({ start: found.index, end: found.index + found[0].length, kept: instead });
  }
  return rewriteRanges(text, rewrites);
}

/** A range of the source and what a reader reads it as, when that is no character-by-character rewrite of it. */
export interface Reading {
  start: number;
  end: number;
  text: string;
  /**
   * How many characters `text` begins with that are the source's own, as written right before
   * `start` (readingAfterContext): each maps back to itself, so a value a detector finds beginning there
   * ("DE89 " before a reading of "37O4 OO44 …") is redacted from where it begins, not cut at `start`.
   */
  context?: number;
}

/** Sets each reading apart: no detector reads across it. */
const APART = '\0';

/**
 * `text` followed by each reading, set apart. Every character of a reading stands for its whole
 * range: a match in it maps back to all of the range (see originalRange) and is redacted. The
 * source stays in place for the detectors that read it as written.
 */
export function withReadings(text: string, readings: readonly Reading[]): DerivedText | undefined {
  if (readings.length === 0) return undefined;
  let out = text;
  const origin = Array.from({ length: text.length }, (_, i) => i);
  // The mark before a reading stands for the end of the range before, so a match ends there.
  let endBefore = text.length;
  for (const { start, end, text: read, context = 0 } of readings) {
    out += APART + read;
    origin.push(endBefore);
    for (let k = 0; k < read.length; k++) origin.push(k < context ? start - context + k : start);
    endBefore = end;
  }
  origin.push(endBefore);
  return { text: out, origin, readingsFrom: text.length };
}

/** How much of the line before a reading is read with it: a detector that needs a keyword ("ssn") finds it at most this far before a value. */
const CONTEXT_CHARS = 40;

/**
 * The reading of [start, end) as `read`, after the words before `start` on its line: a detector that
 * needs a keyword ("ssn") finds it there, and a value that begins there is redacted from its start.
 */
export function readingAfterContext(text: string, start: number, end: number, read: string): Reading {
  const earliest = Math.max(0, start - CONTEXT_CHARS);
  // The line break is looked for in the context's reach only: a long line holding many readings is not read back to its start for each.
  const from = earliest + text.slice(earliest, start).lastIndexOf('\n') + 1;
  return { start, end, text: text.slice(from, start) + read, context: start - from };
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const NUMBER_CHARACTER = /\p{N}/u;
const MARK_CHARACTER = /[\s\p{P}\p{S}]/u;

/**
 * Where the words holding digits that end `context`, with what joins them to it ("536-90-4417 "
 * before a card's groups), begin; undefined when it ends in none. Read back word by word: a
 * pattern anchored at the end would try every split of every word.
 */
function numbersBefore(context: string): number | undefined {
  let at = context.length;
  for (;;) {
    let end = at;
    while (end > 0 && MARK_CHARACTER.test(context[end - 1] as string)) end--;
    let start = end;
    let number = false;
    while (start > 0 && WORD_CHARACTER.test(context[start - 1] as string)) {
      if (NUMBER_CHARACTER.test(context[start - 1] as string)) number = true;
      start--;
    }
    if (!number) return at === context.length ? undefined : at;
    at = start;
  }
}

/**
 * The reading after its context (readingAfterContext) and, when the context ends in numbers, also
 * with those blanked out (each character a space, so every other keeps its place): another value
 * right before this one ("S36-90-4417 4Z4Z …") would otherwise join it into a number that is neither.
 */
export function readingsAfterContext(text: string, start: number, end: number, read: string): Reading[] {
  const whole = readingAfterContext(text, start, end, read);
  const context = whole.context ?? 0;
  const numbers = numbersBefore(whole.text.slice(0, context));
  if (numbers === undefined) return [whole];
  return [whole, { ...whole, text: whole.text.slice(0, numbers) + ' '.repeat(context - numbers) + read }];
}
