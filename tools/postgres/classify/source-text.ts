// Offsets between the parser and JavaScript strings. The parser reports statement and token
// locations in UTF-8 bytes and error cursors in characters (code points); JavaScript indexes strings
// in UTF-16 code units. Getting this wrong would hand the PL/pgSQL parser the wrong slice of text.

/** A text with a lazily built UTF-8 copy, for slicing by byte offsets. */
export class SourceText {
  private bytes: Buffer | undefined;
  private readonly ascii: boolean;

  constructor(readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = /^[\x00-\x7f]*$/.test(text);
  }

  /** The text between two UTF-8 byte offsets; `end` undefined means to the end. */
  sliceBytes(start: number, end?: number): string {
    if (this.ascii) return this.text.slice(start, end);
    this.bytes ??= Buffer.from(this.text, 'utf8');
    return this.bytes.subarray(start, end).toString('utf8');
  }
}

/** Converts a 0-based code point offset into a 0-based UTF-16 index, clamped to the text. */
export function codePointToIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}
