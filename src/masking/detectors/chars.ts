// Character tests and anchor helpers the detectors share. Anchors go into one combined regex
// without flags, so case-insensitive anchors are spelled out as character classes.

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isAlnumCode(code: number): boolean {
  return isDigitCode(code) || isLetterCode(code);
}

/** Letters, digits and underscore. */
export function isWordCode(code: number): boolean {
  return isAlnumCode(code) || code === 95;
}

/** Letters, digits, underscore and dash: the alphabet of base64url and most vendor tokens. */
export function isTokenCode(code: number): boolean {
  return isWordCode(code) || code === 45;
}

/** ASCII digits in `text`, wherever they stand. */
export function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (isDigitCode(text.charCodeAt(i))) digits++;
  return digits;
}

/** "key" -> "[Kk][Ee][Yy]": a case-insensitive literal for a flag-less regex. */
export function caseless(word: string): string {
  let source = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    source += lower === upper ? ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') : `[${upper}${lower}]`;
  }
  return source;
}

/** True when `text` at `at` is preceded by a character for which `inside` holds (a longer token). */
export function gluedBefore(text: string, at: number, inside: (code: number) => boolean): boolean {
  return at > 0 && inside(text.charCodeAt(at - 1));
}

/** Length of the run of characters from `at` for which `inside` holds, up to `max`. */
export function runLength(text: string, at: number, inside: (code: number) => boolean, max = Infinity): number {
  let i = at;
  while (i < text.length && i - at < max && inside(text.charCodeAt(i))) i++;
  return i - at;
}
