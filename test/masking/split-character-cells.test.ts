// Attack corpus: a value split over cells one character a cell, as SQL writes it with
// regexp_split_to_table(value, '') (a row per character), one column per character, or
// regexp_split_to_array(value, '') (an array of characters). A reader reads the characters side by
// side; a detector sees one at a time. Decoys: columns and rows of one-character flags, grades and
// codes that spell no value must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import type { TableResult } from '../../src/pipeline/result.ts';
import { splitValueLeak } from './helpers.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** One row, a column per cell. */
const row = (cells: unknown[]): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: 1, columns: cells.map((_, i) => ({ name: `c${i}`, type: 'text' })), rows: [cells] });
/** One column, a row per cell. */
const column = (cells: unknown[], name = 'ch'): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: cells.length, columns: [{ name, type: 'text' }], rows: cells.map((cell) => [cell]) });
/** One cell holding an array. */
const array = (cells: unknown[]): TableResult => ({ kind: 'table', command: 'SELECT', rowCount: 1, columns: [{ name: 'chars', type: '_text' }], rows: [[cells]] });

function masked(result: TableResult): string {
  defaults.maskResult(result);
  return JSON.stringify(result.rows);
}

const EMAIL = 'ada.lovelace@example.com';
const attacks: ReadonlyArray<readonly [string, string, () => TableResult, string]> = [
  ['email', 'a row per character', () => column([...EMAIL]), 'lovelace'],
  ['email', 'a column per character', () => row([...EMAIL]), 'lovelace'],
  ['email', 'an array of characters', () => array([...EMAIL]), 'lovelace'],
  ['email', 'a row per character, the column named', () => column([...EMAIL], 'regexp_split_to_table'), 'lovelace'],
  ['email', 'a row per character, one beyond the Basic Multilingual Plane', () => column([...'ada.love\u{1D425}ace@example.com']), 'adalove'],
  ['card', 'a row per character, groups spaced', () => column([...'4539 1488 0343 6467']), '14880343'],
  ['ssn', 'a row per character after its name', () => column([...'ssn 536-90-4417']), '5369044'],
  ['iban', 'a row per character', () => column([...'DE89 3704 0044 0532 0130 00']), '37040044'],
  ['aws_access_key', 'a row per character', () => column([...'AKIAIOSFODNN7EXAMPLE']), 'IOSFODNN'],
];

describe('attack corpus: a value split over cells one character a cell', () => {
  for (const [detector, form, result, core] of attacks) {
    it(`masks the ${detector}: ${form}`, () => {
      assert.equal(splitValueLeak(defaults, result(), detector, core), '');
    });
  }
});

describe('one-character cells that spell no value', () => {
  const decoys: ReadonlyArray<readonly [string, () => TableResult]> = [
    ['flags down a column', () => column(['Y', 'N', 'Y', 'Y', 'N', 'N', 'Y', 'N', 'Y', 'Y'])],
    ['grades along a row', () => row(['A', 'B', 'A', 'C', 'B', 'A', 'F', 'B'])],
    ['digits of a count down a column', () => column(['1', '2', '3', '4', '5', '6', '7', '8', '9'])],
    ['an array of one-letter codes', () => array(['x', 'y', 'z', 'w', 'v', 'u', 't'])],
  ];
  for (const [form, result] of decoys) {
    it(`leaves them as they are: ${form}`, () => {
      const before = JSON.stringify(result().rows);
      assert.equal(masked(result()), before);
    });
  }
});
