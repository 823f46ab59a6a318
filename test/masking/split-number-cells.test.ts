// Attack corpus: the cells a card's groups come back in when a statement splits it, as PostgreSQL
// writes them: padded by a fixed-width type (substr(...)::char(20)), led by a tab or a line break
// (E'\t' || substr(...)), led by the space to_char leaves for a sign, as big integers. Decoys: rows
// whose cells hold no group (a negative amount, ids of eight digits, a long run of marks between
// numbers) must come back as they are even where, read as groups, they would pass a card's checks.
// Then the edges of reading: the fewest and most digits a card has, the most marks and joint cells
// read past, a lost zero in a value of more groups than are shuffled, and how often a value read
// two ways is counted.
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
  ['groups and dashes between them, all padded to char(20)', () => row(['4111', '-', '1111', '-', '1111', '-', '1111'].map((g) => g.padEnd(20)))],
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

/** One digit a row. */
const digitRows = (digits: string): TableResult => column([...digits].map(Number));

const edges: ReadonlyArray<readonly [string, () => TableResult]> = [
  // 5018 0000 0009: a Maestro number of 12 digits, the fewest a card has.
  ['a 12-digit card in two cells of six', () => row(['501800', '000009'])],
  ['a 12-digit card in two cells of six, in reverse order', () => row(['000009', '501800'])],
  // 4539 1488 0343 6467 123: a Visa number of 19 digits, the most a card has.
  ['a 19-digit card one digit a row, in reverse order', () => digitRows([...'4539148803436467123'].reverse().join(''))],
  // 4000 0000 0000 0000 006: no fewer of its digits, either way, pass a card's checks.
  ['a 19-digit card with no shorter card in it, one digit a row, in reverse order', () => digitRows([...'4000000000000000006'].reverse().join(''))],
  // 0002 0000 0000 4000 starts no issuer's range: only backwards (4000 0000 0000 0002) is it a card.
  ['groups in reverse order, the first led by a space', () => row([' 0002', '0000', '0000', '4000'])],
  // 453 91488 03 436467: pieces of 3, 5, 2 and 6 digits.
  ['uneven pieces padded to char(20)', () => row(['453', '91488', '03', '436467'].map((g) => g.padEnd(20)))],
  ['uneven pieces, each on a line of its own', () => row(['453', '91488', '03', '436467'].map((g) => `\n${g}\n`))],
  ['groups padded to char(20), in reverse order', () => row(['6467', '0343', '1488', '4539'].map((g) => g.padEnd(20)))],
  ['int columns, the group that lost its zero last (4539 1488 6467 0343 passes the checks too)', () => row([4539, 1488, 6467, 343])],
  // 45 39 14 88 03 43 64 67: eight groups, more than are read in every order.
  ['two digits an int column, a group that lost its zero', () => row([45, 39, 14, 88, 3, 43, 64, 67])],
  ['a joint cell of five dashes', () => row(['4111', '-----', '1111', '1111', '1111'])],
  ['a joint cell of four spaced dashes', () => row(['4111', '- - - -', '1111', '1111', '1111'])],
  ['a joint cell of sixteen characters', () => row(['4111', '-'.padEnd(16), '1111', '1111', '1111'])],
  ['five empty cells between groups', () => row(['4111', '1111', '', '', '', '', '', '1111', '1111'])],
];

const edgeDecoys: ReadonlyArray<readonly [string, unknown[]]> = [
  ['numbers parted by six empty cells', [4111, 1111, '', '', '', '', '', '', 1111, 1111]],
  // 800 789 501 130 passes Luhn and 501 800 789 130 is a Maestro number: groups of an odd size are
  // read in their order and backwards only (their digits' places, and so Luhn, change with the order).
  ['four codes of three digits', ['800', '789', '501', '130']],
  // 1111 1234 1567 1001 passes Luhn, and no order of its groups starts an issuer's range.
  ['four numbers that pass Luhn together and start no issuer\'s range', [1111, 1234, 1567, 1001]],
  // 4539 1488 0043 1008 is a Visa number: two lost zeros are read as counts, not a group.
  ['a row of counts, one of two digits', [4539, 1488, 43, 1008]],
  // Text loses no zero: '343' beside '4539' is a code of three digits, not 0343.
  ['text codes of four digits and one of three', ['4539', '1488', '343', '6467']],
];

describe('attack corpus: a card split over cells at the edges of reading', () => {
  for (const [form, make] of edges) {
    it(`masks it: ${form}`, () => {
      const out = masked(make());
      assert.doesNotMatch(out, /\d/, out);
      assert.match(out, /\[REDACTED:card\]/, out);
    });
  }
});

describe('rows at the edges of reading that hold no split value', () => {
  for (const [form, cells] of edgeDecoys) {
    it(`leaves them as they are: ${form}`, () => {
      const before = json([cells]);
      assert.equal(masked(row([...cells])), before);
    });
  }
});

describe('where a value split over cells is written', () => {
  it('writes the redaction alone into the cell where the value starts, without the white space about its group', () => {
    assert.equal(masked(row(GROUPS.map((g) => `\t${g}`))), '[["[REDACTED:card]","","",""]]');
  });

  it('writes a card whose lost zero is in its last group into its first cell, where it starts in its own order', () => {
    assert.equal(masked(row([4539, 1488, 6467, 343])), '[["[REDACTED:card]","","",""]]');
  });
});

describe('how a value split over cells is counted', () => {
  it('counts a card read across cells once', () => {
    assert.deepEqual(defaults.maskResult(row([...GROUPS])).counts, { 'detector:card': 1 });
  });

  it('counts once a card that reads as a card backwards too', () => {
    // 4000 1111 1111 4143 and 4143 1111 1111 4000 both pass the card's checks.
    const result = row([4000, 1111, 1111, 4143]);
    assert.deepEqual(defaults.maskResult(result).counts, { 'detector:card': 1 });
    assert.doesNotMatch(json(result.rows), /\d/);
  });
});
