// Writes a rendered value (a card with its digits starred, an email's kept domain) char code by
// char code into reused arrays, so rendering a cell allocates its flat result and nothing else.
// Appending char by char (`out += ch`) leaves a chain of cons strings per cell: garbage for the GC
// of a 100,000-row result, and strings that JSON serialization must flatten again.

/** fromCharCode.apply takes the codes as call arguments: a long value is written in chunks. */
const CHUNK = 1024;

/** One array per chunk length: fromCharCode.apply reads a whole array, and resizing one costs more than a copy. */
const arraysByLength: number[][] = [];
let chunk: number[] = [];
let used = 0;
let remaining = 0;
let written = '';

function nextChunk(): void {
  const size = Math.min(remaining, CHUNK);
  chunk = arraysByLength[size] ??= new Array<number>(size).fill(0);
  remaining -= size;
  used = 0;
}

/** Starts a value of exactly `length` code units, dropping anything left from one not finished. */
export function startValue(length: number): void {
  written = '';
  remaining = length;
  nextChunk();
}

export function writeCode(code: number): void {
  chunk[used++] = code;
  if (used === chunk.length) {
    written += String.fromCharCode.apply(null, chunk);
    if (remaining > 0) nextChunk();
  }
}

/** Writes `text` from `start` to its end. */
export function writeRest(text: string, start: number): void {
  for (let i = start; i < text.length; i++) writeCode(text.charCodeAt(i));
}

/** The value written since startValue: call it after exactly the announced number of codes. */
export function finishValue(): string {
  const value = written;
  written = '';
  return value;
}
