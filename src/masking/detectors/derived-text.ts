// A text made from another (escapes decoded, seams dropped, letters folded) that remembers where
// each of its characters came from, so what a detector finds in it is masked where it was written.

export interface DerivedText {
  text: string;
  /** For each code unit of `text`, the index in the source it came from; one more entry: the source's length. */
  origin: number[];
  /**
   * Source ranges read as something else altogether (a base64 run read as what it encodes): a
   * match touching one is redacted whole, since no part of the source shows the value's layout.
   */
  opaque?: Array<[number, number]>;
}

/** `later`, made from `earlier`'s text, with each index followed back to `earlier`'s source; either alone when the other is missing. */
export function followBack(earlier: DerivedText | undefined, later: DerivedText | undefined): DerivedText | undefined {
  if (earlier === undefined || later === undefined) return later ?? earlier;
  const back = (at: number): number => earlier.origin[at] as number;
  const opaque = [...(earlier.opaque ?? []), ...(later.opaque ?? []).map(([start, end]): [number, number] => [back(start), back(end)])];
  return { text: later.text, origin: later.origin.map(back), ...(opaque.length > 0 && { opaque }) };
}

/** What a match becomes: the source characters at these indexes, or `[text, index]`: text written in place of the source character at index. */
export type Kept = Iterable<number | readonly [string, number]>;

/**
 * `text` with each match of the global `pattern` replaced by what `kept` gives for it (nothing: the
 * match is dropped); undefined when nothing matches, or when `kept` gives undefined for every match
 * (the match is then kept as it is).
 */
export function keepWithinMatches(text: string, pattern: RegExp, kept: (match: RegExpExecArray) => Kept | undefined): DerivedText | undefined {
  pattern.lastIndex = 0;
  let out = '';
  const origin: number[] = [];
  const copy = (from: number, to: number) => {
    out += text.slice(from, to);
    for (let i = from; i < to; i++) origin.push(i);
  };
  let cursor = 0;
  let changed = false;
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
    const instead = kept(found);
    if (instead === undefined) continue;
    changed = true;
    copy(cursor, found.index);
    for (const item of instead) {
      const [written, at] = typeof item === 'number' ? [text[item] as string, item] : item;
      out += written;
      for (let k = 0; k < written.length; k++) origin.push(at);
    }
    cursor = found.index + found[0].length;
  }
  if (!changed) return undefined;
  copy(cursor, text.length);
  origin.push(text.length);
  return { text: out, origin };
}
