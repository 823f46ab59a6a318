// Attack corpus: a value cut into pieces side by side, one piece a cell, as SQL writes it with
// substr() or split_part() per column ("SELECT split_part(email, '@', 1), '@', split_part(email,
// '@', 2)", "substr(key, 1, 10), substr(key, 11)") or as an array's elements. A reader reads the
// row as one value. Decoys: rows of ordinary fields side by side (ids, codes, names, addresses,
// hashes) must come back with each cell as it is masked alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import type { TableResult } from '../../src/pipeline/result.ts';
import { splitValueLeak } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** One row, a column per cell. */
const row = (cells: unknown[]): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: 1, columns: cells.map((_, i) => ({ name: `c${i}`, type: 'text' })), rows: [cells] });
/** One cell holding a JSON object. */
const object = (value: Record<string, unknown>): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: 1, columns: [{ name: 'doc', type: 'jsonb' }], rows: [[value]] });
/** One column, a row per cell. */
const column = (cells: unknown[]): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: cells.length, columns: [{ name: 'piece', type: 'text' }], rows: cells.map((cell) => [cell]) });
const chunks = (value: string, size: number) => value.match(new RegExp(`[^]{1,${size}}`, 'g')) as string[];
/** One cell holding an array. */
const array = (cells: unknown[]): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: 1, columns: [{ name: 'parts', type: '_text' }], rows: [[cells]] });

const attacks: ReadonlyArray<readonly [string, string, () => TableResult, string]> = [
  ['email', 'local part, "@" and domain a column each', () => row(['ada.lovelace', '@', 'example.com']), 'lovelace'],
  ['email', 'local part and "@domain"', () => row(['ada.lovelace', '@example.com']), 'lovelace'],
  ['email', 'as an array', () => array(['ada.lovelace', '@', 'example.com']), 'lovelace'],
  ['aws_access_key', 'a key cut in two columns', () => row(['AKIAIOSF', 'ODNN7EXAMPLE']), 'IOSF'],
  ['iban', 'an IBAN a group a column', () => row(['DE89', '3704', '0044', '0532', '0130', '00']), '0532'],
  ['aws_access_key', "a key cut over a JSON object's values", () => object({ head: 'AKIAIOSF', tail: 'ODNN7EXAMPLE' }), 'IOSF'],
  ['ssn', 'an SSN cut after its name, the dashes kept in the pieces', () => row(['ssn', '536-90', '-4417']), '53690'],
  ['github_token', 'a token cut in three', () => row(['ghp_', 'A1b2C3d4E5f6G7h8', 'I9j0K1l2M3n4O5p6Q7r8']), 'A1b2C3d4'],
  ['email', 'three characters a row', () => column(chunks('ada.lovelace@example.com', 3)), 'lovelace'],
  ['email', 'local part, "@" and domain a row each', () => column(['ada.lovelace', '@', 'example.com']), 'lovelace'],
  ['iban', 'an IBAN a group a row', () => column(['DE89', '3704', '0044', '0532', '0130', '00']), '0532'],
  ['email', 'a row each, a row with a blank after them', () => column(['ada.lovelace', '@', 'example.com', 'New York']), 'lovelace'],
  ['aws_access_key', 'four characters a row', () => column(chunks('AKIAIOSFODNN7EXAMPLE', 4)), 'IOSFODNN'],
  // pieces holding blanks: where the cut falls is the agent's to choose
  ['card', 'a named card cut in two, blanks in the pieces', () => row(['card 4539 1488', '0343 6467']), '14880343'],
  ['ssn', 'three characters a column, blanks in the pieces', () => row(chunks('ssn 536-90-4417', 3)), '904417'],
  ['card', 'three characters a row, blanks in the pieces', () => column(chunks('card 4539 1488 0343 6467', 3)), '14880343'],
  ['phone', 'a named phone cut in two', () => row(['phone +1 415', '555 2671']), '5552671'],
  ['iban', 'an IBAN cut in two', () => row(['DE89 3704 0044', '0532 0130 00']), '05320130'],
  ['aws_access_key', 'a named key cut eight characters a row', () => column(chunks('key AKIAIOSFODNN7EXAMPLE', 8)), 'IOSFODNN'],
  ['aws_access_key', 'a named key cut in two, side by side', () => row(['key AKIAIOSF', 'ODNN7EXAMPLE']), 'IOSFODNN'],
];

describe('attack corpus: a value cut into pieces side by side, a piece a cell', () => {
  for (const [detector, form, result, core] of attacks) {
    it(`masks the ${detector}: ${form}`, () => {
      assert.equal(splitValueLeak(defaults, result(), detector, core), '');
    });
  }
});

describe('rows of ordinary fields side by side', () => {
  const decoys: ReadonlyArray<readonly [string, () => TableResult]> = [
    ['ids, codes and a status', () => row(['42', 'ORD-2024-0001', 'shipped', 'EUR', '19.99'])],
    ['a user name beside a domain', () => row(['ada', 'example.com', 'admin'])],
    ['hashes and ids', () => row(['3f786850e387550fdab836ed7e6dc881de23001b', 'c0ffee12', '550e8400-e29b-41d4-a716-446655440000'])],
    ['an address beside another domain', () => row(['bob@example.com', 'example.org'])],
    ['words that begin a key and a code', () => row(['AKIA', 'pending', 'ghp', 'x'])],
    ['ids, codes and a status down a column', () => column(['42', 'ORD-2024-0001', 'shipped', 'EUR', '19.99'])],
    ['user names and domains down a column', () => column(['ada', 'example.com', 'admin', 'bob', 'example.org'])],
    ['hashes down a column', () => column(['3f786850e387550fdab836ed7e6dc881de23001b', 'c0ffee12', 'deadbeef', '550e8400-e29b-41d4-a716-446655440000'])],
    ['addresses and domains down a column', () => column(['bob@example.com', 'example.org', 'carol@example.net', 'example.com'])],
    ['country codes, currencies and tags down a column', () => column(['DE', 'EUR', 'FR', 'EUR', 'US', 'USD', 'GB', 'GBP', 'v2', 'beta'])],
    ['a city, state, zip and country', () => row(['New York', 'NY', '10001', 'USA'])],
    ['a room, floor and extension', () => row(['Room 12', 'Floor 3', 'Ext 4417', 'Desk 536'])],
    ['a date, time and zone', () => row(['2024-05-01', '12:00:00', 'UTC', '+02 00'])],
    ['a name, city and dialling code', () => row(['Ada Lovelace', 'London', '+44', '20 7946'])],
    ['order lines down a column', () => column(['order 4539', 'qty 14', 'sku 8803-436', 'total 467.00', 'paid 2024-05-01'])],
    ['amounts with their currency down a column', () => column(['4 539.14 EUR', '8 803.43 EUR', '6 467.00 EUR', '1 000.00 USD'])],
  ];
  for (const [form, result] of decoys) {
    it(`masks each cell as it would alone: ${form}`, () => {
      const alone = result().rows.map((cells) =>
        cells.map((cell) => {
          const single = row([cell]);
          defaults.maskResult(single);
          return (single.rows[0] as unknown[])[0];
        }),
      );
      const together = result();
      defaults.maskResult(together);
      assert.deepEqual(together.rows, alone);
    });
  }
});
