// A value written in base64 (standard or URL-safe, padded or not, wrapped lines joined by
// soft-breaks.ts) or in hex: a program decodes it at once, and so does an agent. A run of the
// alphabet that decodes to printable text is read as that text too (a reading, see derived-text.ts:
// what a detector finds in it is redacted over the whole run, and the run stays in place for the
// detectors that read encoded forms: a JWT's segments are base64 of JSON). A run that decodes to
// bytes (a hash, a UUID, a key, compressed data) or is no encoding at all (a long word) adds nothing.
// A run encoded twice (base64 of base64, hex of base64) is decoded again.
import { withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { ENCODED_RUN } from './text-facts.ts';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Both base64 alphabets at once: no encoder writes that. */
const MIXED_ALPHABETS = /[+/].*[_-]|[_-].*[+/]/;
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

function hexAt(text: string, i: number): number {
  return parseInt(text.slice(i, i + 2), 16);
}

/**
 * Whether the first three bytes of the run at `start` may be printable, read as hex or as base64
 * (random bytes are printable one time in 20 for three of them): most runs of a log, hashes and
 * UUIDs, are turned away here, before anything is decoded.
 */
function mayBeText(text: string, start: number): boolean {
  const asHex = [0, 2, 4].every((k) => printableByte(hexAt(text, start + k)));
  const [a = 0, b = 0, c = 0, d = 0] = [0, 1, 2, 3].map((k) => SEXTETS[text.charCodeAt(start + k)] ?? 0);
  const asBase64 = printableByte((a << 2) | (b >> 4)) && printableByte(((b & 15) << 4) | (c >> 2)) && printableByte(((c & 3) << 6) | d);
  return asHex || asBase64;
}

/** The printable ASCII text `run` encodes, or undefined. */
function decodedText(run: string): string | undefined {
  const core = run.replace(/=+$/, '');
  const encoding = HEX.test(core) ? 'hex' : 'base64';
  if (encoding === 'base64' && MIXED_ALPHABETS.test(core)) return undefined;
  const bytes = Buffer.from(core, encoding);
  for (const byte of bytes) if (!printableByte(byte)) return undefined;
  return bytes.toString('latin1');
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
    if (end - start < ENCODED_RUN || !mayBeText(text, start)) continue;
    while (end < text.length && end - readUntil < MAX_PAD && text.charCodeAt(end) === PAD) end++;
    const decoded = decodedText(text.slice(start, end));
    // Encoded twice reads the same after a second decoding: each round is shorter, so this ends.
    if (decoded !== undefined) readings.push({ start, end, text: decodeEncodedRuns(decoded)?.text ?? decoded });
    readUntil = end;
    at = end + ENCODED_RUN;
  }
  return withReadings(text, readings);
}
