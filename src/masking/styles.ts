// How a masked value is written back. One renderer is built per detector or rule when the masker
// is created, so the hot path only calls a prepared function.
//   redact    -> [REDACTED:<detector or column>]
//   partial   -> cards keep their last 4 digits and their layout ("**** **** **** 4242"), emails
//                keep the first character and the domain ("j***@example.com"), phones keep their
//                last 2 digits ("(***) ***-**71"); anything else keeps nothing (redact)
//   pseudonym -> <kind>_<10 hex of HMAC-SHA256>, see pseudonym.ts
//   null      -> null in structured cells; inside text there is no null, so it redacts
import { finishValue, startValue, writeCode, writeRest } from './char-codes.ts';
import { luhnValid } from './checksums.ts';
import { countDigits, isDigitCode, isLetterCode } from './detectors/chars.ts';
import type { Pseudonymize } from './pseudonym.ts';

export const MASKING_STYLES = ['redact', 'partial', 'pseudonym', 'null'] as const;
export type MaskingStyle = (typeof MASKING_STYLES)[number];

/** What "partial" keeps: fixed per detector; `infer` (column rules) looks at the value. */
export type PartialKind = 'card' | 'email' | 'phone' | 'none' | 'infer';

export type Renderer = (value: string) => string;

export function redactToken(label: string): string {
  return `[REDACTED:${label}]`;
}

/** What `\s` matches in a JavaScript regex: whitespace and line terminators. */
function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Digits in a value made only of digits and layout (`[\d\s()+.-]+`); -1 for any other value. */
function layoutDigits(value: string): number {
  if (value.length === 0) return -1;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isDigitCode(code)) digits++;
    else if (code !== 40 && code !== 41 && code !== 43 && code !== 45 && code !== 46 && !isSpaceCode(code)) return -1;
  }
  return digits;
}

/** Replaces the first `hide` digits with "*", keeping spaces, dashes and parentheses. */
function hideDigits(value: string, hide: number): string {
  let toHide = hide;
  startValue(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isDigitCode(code) && toHide > 0) {
      writeCode(42);
      toHide--;
    } else {
      writeCode(code);
    }
  }
  return finishValue();
}

/**
 * Whether the cell is one address whose domain may be shown: a local part without spaces, control
 * characters or "@" (it is hidden anyway), and an ASCII host name (letters, digits and inner
 * hyphens; labels of 1-63; a top-level label of letters or "xn--"; 253 at most). Anything else,
 * free text or an international domain included, is redacted whole: nothing but a host name is kept.
 */
function isSingleAddress(value: string): boolean {
  const at = value.indexOf('@');
  if (at < 1 || at > 64 || value.length - at - 1 > 253) return false;
  for (let i = 0; i < at; i++) {
    const code = value.charCodeAt(i);
    if (code <= 32 || code === 127 || code >= 128) return false;
  }
  let labelStart = at + 1;
  let labels = 0;
  for (let i = labelStart; i <= value.length; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 46;
    if (code !== 46) {
      if (!isLetterCode(code) && !isDigitCode(code) && code !== 45) return false;
      continue;
    }
    const length = i - labelStart;
    if (length < 1 || length > 63 || value.charCodeAt(labelStart) === 45 || value.charCodeAt(i - 1) === 45) return false;
    labels++;
    if (i === value.length && !isTopLevelLabel(value, labelStart, i)) return false;
    labelStart = i + 1;
  }
  return labels >= 2;
}

function isTopLevelLabel(value: string, start: number, end: number): boolean {
  if (value.startsWith('xn--', start)) return end - start > 4;
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) if (!isLetterCode(value.charCodeAt(i))) return false;
  return true;
}

function partialEmail(value: string, redacted: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return redacted;
  // The first character whole: a styled letter ("𝐣") is two code units, and half of one is no character.
  const first = value.codePointAt(0) ?? 0;
  const firstUnits = first > 0xffff && at > 1 ? 2 : 1;
  startValue(firstUnits + 3 + value.length - at);
  for (let i = 0; i < firstUnits; i++) writeCode(value.charCodeAt(i));
  writeCode(42);
  writeCode(42);
  writeCode(42);
  writeRest(value, at);
  return finishValue();
}

function partialOf(kind: PartialKind, value: string, redacted: string): string {
  switch (kind) {
    case 'card': {
      const digits = countDigits(value);
      return digits >= 12 ? hideDigits(value, digits - 4) : redacted;
    }
    case 'email':
      return partialEmail(value, redacted);
    case 'phone': {
      const digits = countDigits(value);
      return digits >= 7 ? hideDigits(value, digits - 2) : redacted;
    }
    case 'infer': {
      // The domain is kept only when the whole cell is one address: of free text it would keep the rest.
      if (value.includes('@')) return isSingleAddress(value) ? partialEmail(value, redacted) : redacted;
      // Only values made of digits and layout characters: never keep digits out of free text.
      const digits = layoutDigits(value);
      if (digits >= 12 && digits <= 19 && luhnValid(value)) return hideDigits(value, digits - 4);
      if (digits >= 7 && digits <= 15) return hideDigits(value, digits - 2);
      return redacted;
    }
    case 'none':
      return redacted;
  }
}

export interface RendererSpec {
  /** Shown in the redact token: the detector name or the column/key label. */
  label: string;
  style: MaskingStyle;
  partial: PartialKind;
  /** Pseudonym prefix, e.g. "email". */
  kind: string;
  /** Canonical form before hashing, so "4242 4242..." and "4242-4242..." give one pseudonym. */
  normalize?: (value: string) => string;
  /** Required for the pseudonym style; the masker checks this when it is created. */
  pseudonymize?: Pseudonymize;
}

/** Renderer for a value found in text, or for a structured value already turned into a string. */
export function createRenderer(spec: RendererSpec): Renderer {
  const redacted = redactToken(spec.label);
  switch (spec.style) {
    case 'redact':
    case 'null':
      return () => redacted;
    case 'partial':
      return (value) => partialOf(spec.partial, value, redacted);
    case 'pseudonym': {
      const pseudonymize = spec.pseudonymize;
      if (pseudonymize === undefined) throw new Error('pseudonym style without a pseudonymizer');
      const normalize = spec.normalize ?? ((value: string) => value);
      return (value) => pseudonymize(spec.kind, normalize(value));
    }
  }
}
