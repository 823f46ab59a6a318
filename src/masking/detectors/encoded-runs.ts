// A value written in base64 (standard or URL-safe, padded or not, wrapped lines joined by
// soft-breaks.ts) or in hex (bare, after "0x", or as PostgreSQL writes bytea: "\x6164…"): a
// program decodes it at once, and so does an agent. A run of the
// alphabet that decodes to printable text is read as that text too (a reading, see derived-text.ts:
// what a detector finds in it is redacted over the whole run, and the run stays in place for the
// detectors that read encoded forms: a JWT's segments are base64 of JSON). A run that decodes to
// bytes (a hash, a UUID, a key, compressed data) or is no encoding at all (a long word) adds nothing.
// A run encoded twice (base64 of base64, hex of base64) is decoded again.
import { withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { ENCODED_RUN } from './text-facts.ts';

/** The characters only standard base64 has, and those only URL-safe base64 has: no encoder writes both. */
const STANDARD_ONLY = /[+/]/;
const URL_SAFE_ONLY = /[_-]/;
const PAD = 61; // "="
const MAX_PAD = 2;

/** The value of each character of base64's alphabets (both) by ASCII code; -1 for others. */
const SEXTETS = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'].entries()) SEXTETS[c.charCodeAt(0)] = i;
for (const [c, value] of [['+', 62], ['/', 63], ['-', 62], ['_', 63]] as const) SEXTETS[c.charCodeAt(0)] = value;

function inAlphabet(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code < 128 && (SEXTETS[code] as number) >= 0;
}

function printableByte(byte: number): boolean {
  return (byte >= 32 && byte <= 126) || byte === 9 || byte === 10 || byte === 13;
}

/** The value of each hex digit by ASCII code; -1 for others. */
const HEX_DIGITS = new Int8Array(128).map((_, code) => (/[0-9a-fA-F]/.test(String.fromCharCode(code)) ? parseInt(String.fromCharCode(code), 16) : -1));

function hexAt(text: string, i: number): number {
  return HEX_DIGITS[text.charCodeAt(i)] ?? -1;
}

/** Whether text[start, end) is hex digits in pairs. */
function isHex(text: string, start: number, end: number): boolean {
  if ((end - start) % 2 !== 0) return false;
  for (let i = start; i < end; i++) if (hexAt(text, i) < 0) return false;
  return true;
}

/**
 * Whether every byte text[start, end) encodes (hex or base64, as isHex says) is printable, read
 * byte by byte and given up at the first that is not: random bytes are printable one time in
 * three, so most runs of a log (hashes, UUIDs) are turned away within a few characters.
 */
function encodesText(text: string, start: number, end: number, hex: boolean): boolean {
  if (hex) {
    for (let i = start; i < end; i += 2) if (!printableByte(hexAt(text, i) * 16 + hexAt(text, i + 1))) return false;
    return true;
  }
  let bits = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    bits = ((bits << 6) | (SEXTETS[text.charCodeAt(i)] as number)) & 0xfff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      if (!printableByte((bits >> count) & 0xff)) return false;
    }
  }
  return true;
}

/** How long the mark of hex bytes is at `start` ("x" after a backslash, PostgreSQL's bytea "\x6164…", or "0x"), when hex follows it; else 0. */
function hexPrefix(text: string, start: number, end: number): number {
  const length = text[start] === 'x' && text[start - 1] === '\\' ? 1 : text[start] === '0' && (text[start + 1] === 'x' || text[start + 1] === 'X') ? 2 : 0;
  return length > 0 && isHex(text, start + length, end) ? length : 0;
}

/** The printable ASCII text text[start, end) encodes, or undefined. */
function decodedText(text: string, start: number, end: number): string | undefined {
  const hex = isHex(text, start, end);
  if (!encodesText(text, start, end, hex)) return undefined;
  const core = text.slice(start, end);
  if (!hex && STANDARD_ONLY.test(core) && URL_SAFE_ONLY.test(core)) return undefined;
  return Buffer.from(core, hex ? 'hex' : 'base64').toString('latin1');
}

/**
 * `text` followed by what its encoded runs (ENCODED_RUN characters at least, then up to two "=":
 * 12 bytes, an address as short as "ab@cd.io" has fewer) decode to; undefined when it holds none.
 * A run that long holds one of every ENCODED_RUN-th characters, so only those are looked at until
 * one is in the alphabet, and its run is then read both ways: logs are full of short words and
 * runs (hashes, UUIDs), and most characters are never looked at.
 */
export function decodeEncodedRuns(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  let readUntil = 0;
  for (let at = ENCODED_RUN - 1; at < text.length; ) {
    if (!inAlphabet(text, at)) {
      at += ENCODED_RUN;
      continue;
    }
    let start = at;
    while (start > readUntil && inAlphabet(text, start - 1)) start--;
    let end = at + 1;
    while (end < text.length && inAlphabet(text, end)) end++;
    // The next run starts after the character that ended this one, and holds the one ENCODED_RUN on.
    readUntil = end;
    at = end + ENCODED_RUN;
    if (end - start < ENCODED_RUN) continue;
    const prefix = hexPrefix(text, start, end);
    const decoded = (prefix > 0 ? decodedText(text, start + prefix, end) : undefined) ?? decodedText(text, start, end);
    while (end < text.length && end - readUntil < MAX_PAD && text.charCodeAt(end) === PAD) end++;
    // Encoded twice reads the same after a second decoding: each round is shorter, so this ends.
    // bytea's backslash is the run's too: nothing of the value's writing is left beside the mask.
    if (decoded !== undefined) readings.push({ start: prefix === 1 ? start - 1 : start, end, text: decodeEncodedRuns(decoded)?.text ?? decoded });
    readUntil = end;
    at = end + ENCODED_RUN;
  }
  return withReadings(text, readings);
}
