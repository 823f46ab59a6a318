// Shared shape of vendor tokens with a fixed prefix (gitleaks-style): the anchor finds the
// prefix, one sticky regex checks the whole token from there, an optional test rejects look-alikes
// (e.g. "sk-spinner-double-bounce" has no digit, so it is a CSS class, not a key).
import { gluedBefore, isAlnumCode } from '../chars.ts';
import type { AnchoredDetector, EmitSpan } from '../types.ts';
import type { BuiltinDetectorName } from '../names.ts';

export interface PrefixedTokenSpec {
  name: BuiltinDetectorName;
  anchor: string;
  /** The whole token from the anchor on; must end with its own "not followed by" guard if it has a fixed length. */
  token: RegExp;
  /** Extra test on the matched token. */
  accept?: (token: string) => boolean;
  /** Mask only from this offset into the match (e.g. the secret part of a webhook URL). */
  maskFrom?: (token: string) => number;
}

const HAS_DIGIT = /\d/;
const HAS_LOWER = /[a-z]/;
const HAS_UPPER = /[A-Z]/;

/** Random base62 tokens mix digits, lower and upper case; words joined by dashes do not. */
export function looksRandom(token: string): boolean {
  return HAS_DIGIT.test(token) && HAS_LOWER.test(token) && HAS_UPPER.test(token);
}

export function prefixedTokenDetector(spec: PrefixedTokenSpec): AnchoredDetector {
  const token = new RegExp(spec.token.source, 'y');
  return {
    shape: 'anchored',
    name: spec.name,
    anchor: spec.anchor,
    matchAt(text: string, at: number, emit: EmitSpan): void {
      if (gluedBefore(text, at, isAlnumCode)) return;
      token.lastIndex = at;
      const found = token.exec(text);
      if (found === null) return;
      const value = found[0];
      if (spec.accept !== undefined && !spec.accept(value)) return;
      emit(at + (spec.maskFrom?.(value) ?? 0), at + value.length);
    },
  };
}
