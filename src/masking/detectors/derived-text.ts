// A text made from another (escapes decoded, seams dropped, letters folded) that remembers where
// each of its characters came from, so what a detector finds in it is masked where it was written.

export interface DerivedText {
  text: string;
  /** For each code unit of `text`, the index in the source it came from; one more entry: the source's length. */
  origin: number[];
}

/** `later`, made from `earlier`'s text, with each index followed back to `earlier`'s source; either alone when the other is missing. */
export function followBack(earlier: DerivedText | undefined, later: DerivedText | undefined): DerivedText | undefined {
  if (earlier === undefined || later === undefined) return later ?? earlier;
  return { text: later.text, origin: later.origin.map((at) => earlier.origin[at] as number) };
}

/**
 * `text` with each match of the global `pattern` replaced by the characters at the indexes `kept`
 * gives for it (none: the match is dropped); undefined when nothing matches.
 */
export function keepWithinMatches(text: string, pattern: RegExp, kept: (match: RegExpExecArray) => Iterable<number>): DerivedText | undefined {
  pattern.lastIndex = 0;
  let found = pattern.exec(text);
  if (found === null) return undefined;
  let out = '';
  const origin: number[] = [];
  const copy = (from: number, to: number) => {
    out += text.slice(from, to);
    for (let i = from; i < to; i++) origin.push(i);
  };
  let cursor = 0;
  for (; found !== null; found = pattern.exec(text)) {
    copy(cursor, found.index);
    for (const i of kept(found)) {
      out += text[i];
      origin.push(i);
    }
    cursor = found.index + found[0].length;
  }
  copy(cursor, text.length);
  origin.push(text.length);
  return { text: out, origin };
}
