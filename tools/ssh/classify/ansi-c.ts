// Decodes the body of a bash ANSI-C string ($'...') the way bash does, so that $'\x72m' is seen
// as "rm". A NUL ends the string, as in bash.

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

const HEX = /^[0-9a-fA-F]$/;
const OCTAL = /^[0-7]$/;

/** Reads up to `max` characters of `body` from `start` that match `digit`. */
function digits(body: string, start: number, max: number, digit: RegExp): string {
  let end = start;
  while (end < body.length && end - start < max && digit.test(body[end] ?? '')) end++;
  return body.slice(start, end);
}

/** Decodes the text between `$'` and `'`. */
export function decodeAnsiC(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      i++;
      continue;
    }
    const next = body[i + 1] ?? '';
    let decoded: string;
    let used: number;
    if (next in SIMPLE) {
      decoded = SIMPLE[next] ?? '';
      used = 2;
    } else if (OCTAL.test(next)) {
      const oct = digits(body, i + 1, 3, OCTAL);
      decoded = String.fromCharCode(parseInt(oct, 8) & 0xff);
      used = 1 + oct.length;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const hex = digits(body, i + 2, next === 'x' ? 2 : next === 'u' ? 4 : 8, HEX);
      if (hex === '') {
        decoded = '\\' + next; // bash keeps an escape with no digits as written
      } else {
        const code = parseInt(hex, 16);
        decoded = code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      used = 2 + hex.length;
    } else if (next === 'c' && i + 2 < body.length) {
      decoded = String.fromCharCode((body.charCodeAt(i + 2) & 0x1f) >>> 0);
      used = 3;
    } else {
      decoded = '\\' + next;
      used = 2;
    }
    const nul = decoded.indexOf('\0');
    if (nul >= 0) return out + decoded.slice(0, nul);
    out += decoded;
    i += used;
  }
  return out;
}
