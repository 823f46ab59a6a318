// Deterministic keyed pseudonyms: HMAC-SHA256(key, value), first 10 hex characters, after a kind
// label ("email_3fa9c0d2e1"). The same value always gives the same token, so joins, GROUP BY and
// counts still work on masked data; without the key the token cannot be reversed by trying
// candidate values (phone numbers and SSNs are few enough to try them all against a bare hash).
import { createHmac } from 'node:crypto';
import { MaskingError } from './errors.ts';

export type Pseudonymize = (kind: string, value: string) => string;

/** Shorter keys could be guessed, which would make every pseudonym reversible by brute force. */
export const MIN_PSEUDONYM_KEY_LENGTH = 16;
const TOKEN_HEX_CHARS = 10;

/** A safe label: lower case letters, digits and underscores only. */
export function pseudonymKind(label: string): string {
  const last = label.slice(label.lastIndexOf('.') + 1);
  return last.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'value';
}

export function createPseudonymizer(key: string): Pseudonymize {
  if (key.length < MIN_PSEUDONYM_KEY_LENGTH) {
    throw new MaskingError('invalid_config', `pseudonymKey must be at least ${MIN_PSEUDONYM_KEY_LENGTH} characters`);
  }
  return (kind, value) => `${kind}_${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, TOKEN_HEX_CHARS)}`;
}
