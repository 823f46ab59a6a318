// Check-digit algorithms the detectors and custom validators share. They take only what they
// need to look at (digits, or digits and letters) and never allocate.
import { digitValue } from './detectors/chars.ts';

/** Luhn (mod 10) over the digits of `text`, of any script, ignoring every other character. Needs 2+ digits. */
export function luhnValid(text: string): boolean {
  // Read from the left, summed for both parities: which digits are doubled depends on how many there are.
  let evenDoubled = 0;
  let oddDoubled = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let digit = code - 48;
    if (code >= 128) {
      const codePoint = text.codePointAt(i) ?? code;
      if (codePoint > 0xffff) i++;
      digit = digitValue(codePoint);
    }
    if (digit < 0 || digit > 9) continue;
    const twice = digit < 5 ? digit * 2 : digit * 2 - 9;
    evenDoubled += count % 2 === 0 ? twice : digit;
    oddDoubled += count % 2 === 0 ? digit : twice;
    count++;
  }
  // The rightmost digit is never doubled: with an odd count the digits at odd positions are.
  return count >= 2 && (count % 2 === 1 ? oddDoubled : evenDoubled) % 10 === 0;
}

/**
 * ISO 7064 MOD 97-10 over digits and letters (A=10 .. Z=35, any case), as used by LEI codes and,
 * after rearranging, by IBANs: valid when the number is 1 mod 97. Spaces and dashes are ignored;
 * any other character makes it invalid.
 */
export function mod97Valid(text: string): boolean {
  let remainder = 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 45) continue;
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else {
      const upper = code & ~32;
      if (upper < 65 || upper > 90) return false;
      remainder = (remainder * 100 + (upper - 55)) % 97;
    }
    seen++;
  }
  return seen >= 3 && remainder === 1;
}
