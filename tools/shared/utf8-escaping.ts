// Decodes a byte stream as UTF-8, chunk by chunk, showing each invalid byte as a visible \xNN
// escape instead of dropping it or turning it into U+FFFD: an auditor sees what was sent.
// A sequence split across chunks is held back until the next chunk completes it.
// (A literal "\x41" in valid output reads the same as an escaped byte; we accept that
// ambiguity rather than doubling every backslash of ordinary output.)

/** Second-byte ranges by lead byte (Unicode Table 3-7); later bytes are always 80..BF. */
function sequenceShape(lead: number): { length: number; low: number; high: number } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { length: 3, low: 0xa0, high: 0xbf };
  if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) return { length: 3, low: 0x80, high: 0xbf };
  if (lead === 0xed) return { length: 3, low: 0x80, high: 0x9f };
  if (lead === 0xf0) return { length: 4, low: 0x90, high: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, low: 0x80, high: 0xbf };
  if (lead === 0xf4) return { length: 4, low: 0x80, high: 0x8f };
  return undefined;
}

/** Length of the valid sequence at `at`, 0 if invalid, -1 if valid so far but cut off by the end. */
function validSequenceLength(bytes: Uint8Array, at: number): number {
  const shape = sequenceShape(bytes[at] ?? 0);
  if (shape === undefined) return 0;
  for (let offset = 1; offset < shape.length; offset += 1) {
    const byte = bytes[at + offset];
    if (byte === undefined) return -1;
    const [low, high] = offset === 1 ? [shape.low, shape.high] : [0x80, 0xbf];
    if (byte < low || byte > high) return 0;
  }
  return shape.length;
}

function escapeByte(byte: number): string {
  return `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Decodes `bytes`; returns the text and where a trailing incomplete sequence starts. */
function decode(bytes: Buffer, final: boolean): { text: string; heldFrom: number } {
  let text = '';
  let runStart = 0;
  let at = 0;
  while (at < bytes.length) {
    if ((bytes[at] ?? 0) < 0x80) {
      at += 1;
      continue;
    }
    const length = validSequenceLength(bytes, at);
    if (length > 0) {
      at += length;
      continue;
    }
    if (length === -1 && !final) return { text: text + bytes.toString('utf8', runStart, at), heldFrom: at };
    text += bytes.toString('utf8', runStart, at) + escapeByte(bytes[at] ?? 0);
    at += 1;
    runStart = at;
  }
  return { text: text + bytes.toString('utf8', runStart, at), heldFrom: bytes.length };
}

export class Utf8EscapingDecoder {
  #held: Buffer = Buffer.alloc(0);

  /** Text for this chunk; an incomplete sequence at its end waits for the next chunk. */
  write(chunk: Buffer): string {
    const bytes = this.#held.length > 0 ? Buffer.concat([this.#held, chunk]) : chunk;
    const { text, heldFrom } = decode(bytes, false);
    this.#held = Buffer.from(bytes.subarray(heldFrom));
    return text;
  }

  /**
   * Text for bytes still held at the end. `cut`: the stream was cut at a byte limit, so a
   * held sequence is the start of a character we chose not to read, not invalid output.
   */
  end(cut = false): string {
    const held = this.#held;
    this.#held = Buffer.alloc(0);
    return cut ? '' : decode(held, true).text;
  }
}

/** Decodes a whole buffer at once. */
export function decodeUtf8Escaped(bytes: Buffer): string {
  const decoder = new Utf8EscapingDecoder();
  return decoder.write(bytes) + decoder.end();
}
