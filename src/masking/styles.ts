// How a masked value is written back. One renderer is built per detector or rule when the masker
// is created, so the hot path only calls a prepared function.
//   redact    -> [REDACTED:<detector or column>]
//   partial   -> cards keep their last 4 digits and their layout ("**** **** **** 4242"), emails
//                keep the first character and the domain ("j***@example.com"), phones keep their
//                last 2 digits ("(***) ***-**71"); anything else keeps nothing (redact)
//   pseudonym -> <kind>_<10 hex of HMAC-SHA256>, see pseudonym.ts
//   null      -> null in structured cells; inside text there is no null, so it redacts
import { luhnValid } from './checksums.ts';
import type { Pseudonymize } from './pseudonym.ts';

export const MASKING_STYLES = ['redact', 'partial', 'pseudonym', 'null'] as const;
export type MaskingStyle = (typeof MASKING_STYLES)[number];

/** What "partial" keeps: fixed per detector; `infer` (column rules) looks at the value. */
export type PartialKind = 'card' | 'email' | 'phone' | 'none' | 'infer';

export type Renderer = (value: string) => string;

export function redactToken(label: string): string {
  return `[REDACTED:${label}]`;
}

function countDigits(value: string): number {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

/** Replaces every digit but the last `keep` with "*", keeping spaces, dashes and parentheses. */
function keepLastDigits(value: string, keep: number): string {
  let toHide = countDigits(value) - keep;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57 && toHide > 0) {
      out += '*';
      toHide--;
    } else {
      out += value[i];
    }
  }
  return out;
}

function partialEmail(value: string, redacted: string): string {
  const at = value.lastIndexOf('@');
  return at < 1 ? redacted : `${value[0]}***${value.slice(at)}`;
}

function partialOf(kind: PartialKind, value: string, redacted: string): string {
  switch (kind) {
    case 'card':
      return countDigits(value) >= 12 ? keepLastDigits(value, 4) : redacted;
    case 'email':
      return partialEmail(value, redacted);
    case 'phone':
      return countDigits(value) >= 7 ? keepLastDigits(value, 2) : redacted;
    case 'infer': {
      if (value.includes('@')) return partialEmail(value, redacted);
      const digits = countDigits(value);
      // Only values made of digits and layout characters: never keep digits out of free text.
      if (!/^[\d\s()+.-]+$/.test(value)) return redacted;
      if (digits >= 12 && digits <= 19 && luhnValid(value)) return keepLastDigits(value, 4);
      if (digits >= 7 && digits <= 15) return keepLastDigits(value, 2);
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
