// Named validators a custom detector can require of its matches ("validator: luhn"), so operators
// get checked detectors, not bare regexes. The config schema accepts exactly these names.
import isEmailModule from 'validator/lib/isEmail.js';
import { luhnValid, mod97Valid } from './checksums.ts';
import { isCardNumber } from './detectors/card.ts';
import { isIban } from './detectors/iban.ts';
import { isIssuableSsn } from './detectors/ssn.ts';

// validator is CommonJS: its function is the module's `default` member under NodeNext typing.
const isEmail = isEmailModule.default;

export type MatchValidator = (value: string) => boolean;

export const VALIDATORS = {
  /** Luhn mod 10 over the digits (card numbers, IMEIs, many national ids). */
  luhn: luhnValid,
  /** A payment card: Luhn, issuer prefix range and length. */
  card: isCardNumber,
  /** An IBAN: country length, BBAN format and mod-97 check digits. */
  iban: isIban,
  /** ISO 7064 MOD 97-10 over digits and letters (LEI codes, rearranged IBANs). */
  mod97: mod97Valid,
  /** An email address by validator's isEmail. */
  email: (value: string) => isEmail(value),
  /** A US SSN that could have been issued (no area 000/666/9xx, group 00, serial 0000). */
  us_ssn: isIssuableSsn,
} satisfies Record<string, MatchValidator>;

export type ValidatorName = keyof typeof VALIDATORS;

export const VALIDATOR_NAMES = Object.keys(VALIDATORS) as [ValidatorName, ...ValidatorName[]];
