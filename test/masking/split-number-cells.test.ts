// Attack corpus: the cells a card's groups come back in when a statement splits it, as PostgreSQL
// writes them: padded by a fixed-width type (substr(...)::char(20)), led by a tab or a line break
// (E'\t' || substr(...)), led by the space to_char leaves for a sign, as big integers. Decoys: rows
// whose cells hold no group (a negative amount, ids of eight digits, a long run of marks between
// numbers) must come back as they are even where, read as groups, they would pass a card's checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import type { TableResult } from '../../src/pipeline/result.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

/** One row, a column per cell. */
function row(cells: unknown[]): TableResult {
  return { kind: 'table', command: 'SELECT', rowCount: 1, columns: cells.map((_, i) => ({ name: `c${i}`, type: 'text' })), rows: [cells] };
}

/** One column, a row per cell. */
function column(cells: unknown[]): TableResult {
  return { kind: 'table', command: 'SELECT', rowCount: cells.length, columns: [{ name: 'g', type: 'text' }], rows: cells.map((cell) => [cell]) };
}

const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function masked(result: TableResult): string {
  defaults.maskResult(result);
  return json(result.rows);
}

const GROUPS = ['4111', '1111', '1111', '1111'];

const attacks: ReadonlyArray<readonly [string, () => TableResult]> = [
  ['groups padded to char(20), one per column', () => row(GROUPS.map((g) => g.padEnd(20)))],
  ['groups padded to char(20), one per row', () => column(GROUPS.map((g) => g.padEnd(20)))],
  ['groups led by a tab', () => row(GROUPS.map((g) => `\t${g}`))],
  ['groups led by a line break', () => column(GROUPS.map((g) => `\n${g}`))],
  ['groups led by a carriage return and padded', () => row(GROUPS.map((g) => `\r${g}`.padEnd(16)))],
  ['groups with the space to_char leaves for a sign', () => row(GROUPS.map((g) => ` ${g}`))],
  ['groups as big integers', () => row(GROUPS.map(BigInt))],
];

const decoys: ReadonlyArray<readonly [string, unknown[]]> = [
  // Read as groups, -4111 1111 1111 1111 is a Visa number.
  ['a negative amount beside three groups', [-4111, 1111, 1111, 1111]],
  ['a negative big integer beside three groups', [-4111n, 1111n, 1111n, 1111n]],
  // Read as groups, 41111111 11111111 is a Visa number.
  ['two ids of eight digits', [41111111, 11111111]],
  ['two big integer ids of eight digits', [41111111n, 11111111n]],
  ['two ids of eight digits as text, padded', ['41111111'.padEnd(20), '11111111'.padEnd(20)]],
  ['a group and a number with a fraction', [4111, 1111, 1111, 1111.5]],
  ['numbers parted by a line of six marks', [4111, 1111, '------', 1111, 1111]],
  ['numbers parted by a rule of seventeen characters', [4111, 1111, '- - - - - - - - -', 1111, 1111]],
  ['numbers parted by a word', [4111, 1111, 'and', 1111, 1111]],
];

describe('attack corpus: a card split over cells in the forms PostgreSQL writes them', () => {
  for (const [form, make] of attacks) {
    it(`masks it: ${form}`, () => {
      const out = masked(make());
      assert.doesNotMatch(out, /\d/, out);
      assert.match(out, /\[REDACTED:card\]/, out);
    });
  }
});

describe('rows whose cells hold no group of a split value', () => {
  for (const [form, cells] of decoys) {
    it(`leaves them as they are: ${form}`, () => {
      const before = json([cells]);
      assert.equal(masked(row([...cells])), before);
    });
  }
});
