// A value written in base64 (standard or URL-safe, padded or not, wrapped lines joined by
// soft-breaks.ts) or in hex: a program decodes it at once, and so does an agent. A run of the
// alphabet that decodes to printable text is read as that text too (a reading, see derived-text.ts:
// what a detector finds in it is redacted over the whole run, and the run stays in place for the
// detectors that read encoded forms: a JWT's segments are base64 of JSON). A run that decodes to
// bytes (a hash, a UUID, a key, compressed data) or is no encoding at all (a long word) adds nothing.
import { withReadings, type DerivedText, type Reading } from './derived-text.ts';

/** 16 characters at least: 12 bytes, an address as short as "ab@cd.io" has fewer. */
const RUN = /(?<![\w+/-])[\w+/-]{16,}={0,2}(?![\w+/=-])/g;
/** What an ASCII text needs for RUN to match: one search, no work per character in JavaScript. */
export const MAY_HOLD_ENCODED_RUN = /[\w+/-]{16}/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Both base64 alphabets at once: no encoder writes that. */
const MIXED_ALPHABETS = /[+/].*[_-]|[_-].*[+/]/;

/** The printable ASCII text `run` encodes, or undefined. */
function decodedText(run: string): string | undefined {
  const core = run.replace(/=+$/, '');
  const hex = HEX.test(core);
  if (!hex && MIXED_ALPHABETS.test(core)) return undefined;
  const bytes = Buffer.from(core, hex ? 'hex' : 'base64');
  for (const byte of bytes) if ((byte < 32 || byte > 126) && byte !== 9 && byte !== 10 && byte !== 13) return undefined;
  return bytes.toString('latin1');
}

/** `text` followed by what its encoded runs decode to; undefined when it holds none. */
export function decodeEncodedRuns(text: string): DerivedText | undefined {
  const readings: Reading[] = [];
  for (const run of text.matchAll(RUN)) {
    const decoded = decodedText(run[0]);
    if (decoded !== undefined) readings.push({ start: run.index, end: run.index + run[0].length, text: decoded });
  }
  return withReadings(text, readings);
}
