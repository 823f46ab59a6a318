// A value written in base64 (standard or URL-safe, padded or not, wrapped lines joined by
// soft-breaks.ts) or in hex: a program decodes it at once, and so does an agent. A run of the
// alphabet that decodes to printable text is read as that text too (a reading, see derived-text.ts:
// what a detector finds in it is redacted over the whole run, and the run stays in place for the
// detectors that read encoded forms: a JWT's segments are base64 of JSON). A run that decodes to
// bytes (a hash, a UUID, a key, compressed data) or is no encoding at all (a long word) adds nothing.
import { withReadings, type DerivedText, type Reading } from './derived-text.ts';
import { ENCODED_RUN } from './text-facts.ts';

/**
 * ENCODED_RUN characters at least: 12 bytes, an address as short as "ab@cd.io" has fewer. No
 * lookbehind (it would keep the regex engine from skipping ahead): the leftmost match of a greedy
 * run always starts where the run does.
 */
const RUN = new RegExp(String.raw`[\w+/-]{${ENCODED_RUN},}={0,2}`, 'g');
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Both base64 alphabets at once: no encoder writes that. */
const MIXED_ALPHABETS = /[+/].*[_-]|[_-].*[+/]/;

/** A hex pair or a base64 quad: three bytes or fewer, decoded first to turn most binary away cheaply. */
const FIRST_BYTES = { hex: 6, base64: 4 } as const;

function printable(bytes: Buffer): boolean {
  for (const byte of bytes) if ((byte < 32 || byte > 126) && byte !== 9 && byte !== 10 && byte !== 13) return false;
  return true;
}

/** The printable ASCII text `run` encodes, or undefined. */
function decodedText(run: string): string | undefined {
  const core = run.replace(/=+$/, '');
  const encoding = HEX.test(core) ? 'hex' : 'base64';
  if (encoding === 'base64' && MIXED_ALPHABETS.test(core)) return undefined;
  // Random bytes are printable one time in 20 for three of them: most runs end here.
  if (!printable(Buffer.from(core.slice(0, FIRST_BYTES[encoding]), encoding))) return undefined;
  const bytes = Buffer.from(core, encoding);
  return printable(bytes) ? bytes.toString('latin1') : undefined;
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
