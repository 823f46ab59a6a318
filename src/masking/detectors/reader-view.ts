// A text as a person or a model reads it: characters that draw nothing dropped (format characters
// and Unicode's default-ignorables: zero-width spaces, joiners, variation selectors, tags, fillers)
// and full-width ASCII read as ASCII. An agent can thread such characters through a key or a
// password to slip it past a pattern and still read it; detectors that match fixed shapes (vendor
// tokens, JWTs, key=value pairs, gatehouse's own secrets) also search this view, and what they find
// is mapped back onto the text as written.
import { codeClassTest, foldWidth } from './chars.ts';

export interface ReaderView {
  text: string;
  /** For each code unit of `text`, the index in the original it came from; one more entry: the original's length. */
  origin: number[];
}

const DRAWS_NOTHING = String.raw`[\p{Cf}\p{Default_Ignorable_Code_Point}]`;
const drawsNothing = codeClassTest(DRAWS_NOTHING);
const isFullWidthAscii = (code: number): boolean => code >= 0xff01 && code <= 0xff5e;
/** The first character the view changes, found by the regex engine: most texts (every ASCII one) have none. */
const CHANGED = new RegExp(`${DRAWS_NOTHING}|[\uff01-\uff5e]`, 'u');

/** The reader's view of `text`; undefined when it is the text itself (always, for ASCII text). */
export function readerView(text: string): ReaderView | undefined {
  const first = CHANGED.exec(text)?.index;
  if (first === undefined) return undefined;
  let view = text.slice(0, first);
  const origin = Array.from({ length: first }, (_, i) => i);
  for (let i = first; i < text.length; ) {
    const codePoint = text.codePointAt(i) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    if (!drawsNothing(codePoint)) {
      if (isFullWidthAscii(codePoint)) {
        view += String.fromCharCode(foldWidth(codePoint));
        origin.push(i);
      } else {
        view += text.slice(i, i + width);
        for (let k = 0; k < width; k++) origin.push(i + k);
      }
    }
    i += width;
  }
  origin.push(text.length);
  return { text: view, origin };
}

/** The original range of the view's range [start, end): from its first character to just before the next one shown. */
export function originalRange(view: ReaderView, start: number, end: number): [number, number] {
  return [view.origin[start] as number, view.origin[end] as number];
}
