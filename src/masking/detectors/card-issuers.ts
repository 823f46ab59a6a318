// Issuer (IIN) prefix ranges and lengths of payment card networks. A digit string is only a card
// candidate when it starts inside one of these ranges with a length that network issues; with
// the Luhn check this keeps order numbers, timestamps and ids from being taken for cards.

interface IssuerRange {
  network: string;
  /** Prefix range, inclusive, compared on the first `digits` digits. */
  from: number;
  to: number;
  digits: number;
  lengths: readonly number[];
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const ISSUER_RANGES: readonly IssuerRange[] = [
  { network: 'visa', from: 4, to: 4, digits: 1, lengths: [13, 16, 19] },
  { network: 'mastercard', from: 51, to: 55, digits: 2, lengths: [16] },
  { network: 'mastercard', from: 2221, to: 2720, digits: 4, lengths: [16] },
  { network: 'amex', from: 34, to: 34, digits: 2, lengths: [15] },
  { network: 'amex', from: 37, to: 37, digits: 2, lengths: [15] },
  { network: 'discover', from: 6011, to: 6011, digits: 4, lengths: range(16, 19) },
  { network: 'discover', from: 644, to: 649, digits: 3, lengths: range(16, 19) },
  { network: 'discover', from: 65, to: 65, digits: 2, lengths: range(16, 19) },
  { network: 'jcb', from: 3528, to: 3589, digits: 4, lengths: range(16, 19) },
  { network: 'diners', from: 300, to: 305, digits: 3, lengths: range(14, 19) },
  { network: 'diners', from: 3095, to: 3095, digits: 4, lengths: range(14, 19) },
  { network: 'diners', from: 36, to: 36, digits: 2, lengths: range(14, 19) },
  { network: 'diners', from: 38, to: 39, digits: 2, lengths: range(14, 19) },
  { network: 'unionpay', from: 62, to: 62, digits: 2, lengths: range(16, 19) },
  { network: 'maestro', from: 5018, to: 5018, digits: 4, lengths: range(12, 19) },
  { network: 'maestro', from: 5020, to: 5020, digits: 4, lengths: range(12, 19) },
  { network: 'maestro', from: 5038, to: 5038, digits: 4, lengths: range(12, 19) },
  { network: 'maestro', from: 5893, to: 5893, digits: 4, lengths: range(12, 19) },
  { network: 'maestro', from: 56, to: 58, digits: 2, lengths: range(12, 19) },
  { network: 'maestro', from: 6304, to: 6304, digits: 4, lengths: range(12, 19) },
  { network: 'maestro', from: 6759, to: 6759, digits: 4, lengths: range(12, 19) },
  { network: 'maestro', from: 6761, to: 6763, digits: 4, lengths: range(12, 19) },
  { network: 'mir', from: 2200, to: 2204, digits: 4, lengths: range(16, 19) },
];

/** The network whose prefix range and lengths fit `digits` (digits only), or undefined. */
export function cardNetwork(digits: string): string | undefined {
  return networkOf(Number(digits.slice(0, 4)), digits.length);
}

/** True when a number of `length` digits whose first four digits are `firstFour` starts in an issuer's range. */
export function issuerFits(firstFour: number, length: number): boolean {
  return networkOf(firstFour, length) !== undefined;
}

function networkOf(firstFour: number, length: number): string | undefined {
  for (const issuer of ISSUER_RANGES) {
    if (!issuer.lengths.includes(length)) continue;
    const prefix = Math.floor(firstFour / 10 ** (4 - issuer.digits));
    if (prefix >= issuer.from && prefix <= issuer.to) return issuer.network;
  }
  return undefined;
}
