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
