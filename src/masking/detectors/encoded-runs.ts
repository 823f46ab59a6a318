// A value written in base64 (standard or URL-safe, padded or not, wrapped lines joined by
// soft-breaks.ts) or in hex: a program decodes it at once, and so does an agent. A run of the
// alphabet that decodes to printable text is read as that text too: the text is added after the
// rest, apart, and each of its characters stands for the whole run, so what a detector finds in it
// is redacted over the run, and the run itself stays in place for the detectors that read encoded
// forms (a JWT's segments are base64 of JSON). A run that decodes to bytes (a hash, a UUID, a key,
// compressed data) or is no encoding at all (a long word) adds nothing.
import type { DerivedText } from './derived-text.ts';

/** 16 characters at least: 12 bytes, an address as short as "ab@cd.io" has fewer. */
const RUN = /(?<![\w+/-])[\w+/-]{16,}={0,2}(?![\w+/=-])/g;
/** What an ASCII text needs for RUN to match: one search, no work per character in JavaScript. */
export const MAY_HOLD_ENCODED_RUN = /[\w+/-]{16}/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Both base64 alphabets at once: no encoder writes that. */
const MIXED_ALPHABETS = /[+/].*[_-]|[_-].*[+/]/;
/** Sets each decoded text apart: no detector reads across it. */
const APART = '\0';

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
  let added = '';
  const addedOrigin: number[] = [];
  const opaque: Array<[number, number]> = [];
  for (const run of text.matchAll(RUN)) {
    const decoded = decodedText(run[0]);
    if (decoded === undefined) continue;
    const end = run.index + run[0].length;
    added += APART + decoded;
    // The mark before stands for the end of the run before, so a match ends there (see originalRange).
    addedOrigin.push(opaque.at(-1)?.[1] ?? text.length);
    for (let k = 0; k < decoded.length; k++) addedOrigin.push(run.index);
    opaque.push([run.index, end]);
  }
  if (opaque.length === 0) return undefined;
  const origin = Array.from({ length: text.length }, (_, i) => i).concat(addedOrigin);
  origin.push(opaque.at(-1)?.[1] ?? text.length);
  return { text: text + added, origin, opaque };
}
