// Attack corpus: a card number split over a result so that no one cell holds it: one group per
// column (substr), one per row (regexp_split_to_table), one per array element (string_to_array,
// a JSON array) or object value, as text or as numbers, in the value's order or another (columns
// or rows reversed, groups shuffled), redacted whole. Decoys: tables of ids, counts, zip codes, years, ports
// and amounts, whose neighbouring small numbers must come back as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import type { ResultColumn, TableResult } from '../../src/pipeline/result.ts';

const defaults = createMasker(DEFAULT_PROFILE, { secretValues: [] });

function table(columns: ReadonlyArray<readonly [string, string]>, rows: unknown[][]): TableResult {
  const described: ResultColumn[] = columns.map(([name, type]) => ({ name, type }));
  return { kind: 'table', command: 'SELECT', rowCount: rows.length, columns: described, rows };
}

/** The cells of `result` after masking, as JSON. */
function masked(result: TableResult): string {
  defaults.maskResult(result);
  return JSON.stringify(result.rows);
}

const GROUPS = ['4111', '1111', '1111', '1111'];
const text4 = [['a', 'text'], ['b', 'text'], ['c', 'text'], ['d', 'text']] as const;
const int4 = [['a', 'int4'], ['b', 'int4'], ['c', 'int4'], ['d', 'int4']] as const;

/** [form, the result a query returns]. */
const cases: ReadonlyArray<readonly [string, () => TableResult]> = [
  ['one group per text column', () => table(text4, [[...GROUPS]])],
  ['one group per int column', () => table(int4, [GROUPS.map(Number)])],
  ['one group per row', () => table([['g', 'text']], GROUPS.map((g) => [g]))],
  ['one group per int row', () => table([['g', 'int4']], GROUPS.map((g) => [Number(g)]))],
  ['groups after other columns', () => table([['id', 'int4'], ...text4, ['note', 'text']], [[7, ...GROUPS, 'ok']])],
  ['groups of two digits per column', () => table(Array.from({ length: 8 }, (_, i) => [`c${i}`, 'text'] as const), [['41', '11', '11', '11', '11', '11', '11', '11']])],
  ['one digit per row', () => table([['d', 'text']], [...'4111111111111111'].map((d) => [d]))],
  ['elements of a text array', () => table([['a', 'text[]']], [[[...GROUPS]]])],
  ['elements of a JSON array', () => table([['j', 'jsonb']], [[{ card: GROUPS.map(Number) }]])],
  ['values of a JSON object', () => table([['j', 'jsonb']], [[{ a: '4111', b: '1111', c: '1111', d: '1111' }]])],
  ['a dash column between groups', () => table(Array.from({ length: 7 }, (_, i) => [`c${i}`, 'text'] as const), [['4111', '-', '1111', '-', '1111', '-', '1111']])],
  ['empty cells between groups', () => table(Array.from({ length: 6 }, (_, i) => [`c${i}`, 'text'] as const), [['4111', '', '1111', '', '1111', '1111']])],
  ['a row of marks between groups', () => table([['g', 'text']], [['4111'], [' / '], ['1111'], ['·'], ['1111'], ['|'], ['1111']])],
  ['array elements with marks between', () => table([['a', 'text[]']], [[['4111', '-', '1111', '-', '1111', '-', '1111']]])],
  ['full-width groups per column', () => table(text4, [GROUPS.map((g) => g.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d))))])],
];

/** A card whose groups tell its digits apart: 4539 1488 0343 6467 (Visa, Luhn-valid), so an order that is not the value's shows. */
const CARD = '4539148803436467';
const QUARTERS = ['4539', '1488', '0343', '6467'];
const textColumns = (n: number) => Array.from({ length: n }, (_, i) => [`c${i}`, 'text'] as const);
/** `CARD` cut at `sizes`. */
function cut(sizes: readonly number[]): string[] {
  let at = 0;
  return sizes.map((size) => CARD.slice(at, (at += size)));
}

/** [form, the result a query returns]: the groups in another order than the value's, or cut unevenly. */
const reordered: ReadonlyArray<readonly [string, () => TableResult]> = [
  ['columns in reverse order', () => table(textColumns(4), [[...QUARTERS].reverse()])],
  ['rows in reverse order (ORDER BY a constant DESC)', () => table([['g', 'text']], [...QUARTERS].reverse().map((g) => [g]))],
  ['int columns, a group with a leading zero (0343::int is 343)', () => table(int4, [QUARTERS.map(Number)])],
  ['int rows in reverse order', () => table([['g', 'int4']], [...QUARTERS].reverse().map((g) => [Number(g)]))],
  ['the last group first (substr(notes, 13, 4) first)', () => table(textColumns(4), [[QUARTERS[3], QUARTERS[0], QUARTERS[1], QUARTERS[2]]])],
  ['every group one place on', () => table(textColumns(4), [[QUARTERS[1], QUARTERS[2], QUARTERS[3], QUARTERS[0]]])],
  ['the two halves swapped, down a column', () => table([['g', 'text']], [QUARTERS[2], QUARTERS[3], QUARTERS[0], QUARTERS[1]].map((g) => [g]))],
  ['the middle groups swapped', () => table(textColumns(4), [[QUARTERS[0], QUARTERS[2], QUARTERS[1], QUARTERS[3]]])],
  ['groups shuffled (2, 4, 1, 3)', () => table(textColumns(4), [[QUARTERS[1], QUARTERS[3], QUARTERS[0], QUARTERS[2]]])],
  ['uneven pieces (3+5+2+6) per column', () => table(textColumns(4), [cut([3, 5, 2, 6])])],
  ['one digit per column, 16 columns', () => table(textColumns(16), [[...CARD]])],
  ['one digit per row, in reverse order', () => table([['d', 'text']], [...CARD].reverse().map((d) => [d]))],
  ['one digit per int row, in reverse order', () => table([['d', 'int4']], [...CARD].reverse().map((d) => [Number(d)]))],
  ['array elements in reverse order', () => table([['a', 'text[]']], [[[...QUARTERS].reverse()]])],
  ['JSON array in reverse order', () => table([['j', 'jsonb']], [[QUARTERS.map(Number).reverse()]])],
  ['dash columns between reversed groups', () => table(textColumns(7), [[QUARTERS[3], '-', QUARTERS[2], '-', QUARTERS[1], '-', QUARTERS[0]]])],
];

/** No digit of the card is shown: a value read across cells is redacted whole, whatever order it was read in. */
function showsNoDigit(out: string): void {
  assert.doesNotMatch(out, /\d/, out);
}

describe('attack corpus: a card number split over cells, rows and array elements', () => {
  for (const [form, make] of cases) {
    it(`masks it: ${form}`, () => {
      const out = masked(make());
      // At most the last four digits show, as the card's partial style keeps them.
      assert.ok((out.match(/[1１]/g) ?? []).length <= 4, out);
      assert.match(out, /\*|\[REDACTED:card\]/, out);
    });
  }

  it('writes the value into the cell where it starts and empties the cells it goes on into', () => {
    assert.equal(masked(table(text4, [[...GROUPS]])), '[["[REDACTED:card]","","",""]]');
  });
});

describe('attack corpus: a card number split in another order than its own, or in uneven pieces', () => {
  for (const [form, make] of reordered) {
    it(`masks it: ${form}`, () => {
      const out = masked(make());
      showsNoDigit(out);
      assert.match(out, /\[REDACTED:card\]/, out);
    });
  }
});

describe('what a split card\'s mask shows', () => {
  it('shows no more of it than the one-cell mask does, which keeps the last four', () => {
    const single = masked(table([['n', 'text']], [[CARD]]));
    const split = masked(table(textColumns(4), [[...QUARTERS]]));
    assert.equal(single, '[["************6467"]]');
    assert.ok((split.match(/\d/g) ?? []).length <= (single.match(/\d/g) ?? []).length, split);
  });

  it('shows no group of it when the group put last is not its last four (an order that passes the checks too)', () => {
    // 4539 1488 6467 0343 passes Luhn as the card does: 4-digit groups keep their digits' places' parity.
    const out = masked(table(textColumns(4), [[QUARTERS[0], QUARTERS[1], QUARTERS[3], QUARTERS[2]]]));
    showsNoDigit(out);
  });

  it('hides every group of a card down a column whose first cell a card along a row starts in', () => {
    // Row 1 is 4539 1111 1111 1115, column 1 is 4539 1488 0343 6467: both pass the card's checks.
    const grid = [['4539', '1111', '1111', '1115'], ['1488', 'a', 'b', 'c'], ['0343', 'a', 'b', 'c'], ['6467', 'a', 'b', 'c']];
    const out = masked(table(textColumns(4), grid));
    showsNoDigit(out);
  });
});

describe('tables of small numbers that are no split value', () => {
  it('leaves ids, counts, zip codes, years, ports, area codes, amounts and codes as they are', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const columns = [['id', 'int4'], ['qty', 'int4'], ['zip', 'text'], ['year', 'int4'], ['port', 'int4'], ['area', 'text'], ['amount', 'int4'], ['code', 'text']] as const;
    const rows = Array.from({ length: 2000 }, (_, i) => [
      i + 1,
      Math.floor(random() * 20),
      String(10000 + Math.floor(random() * 89999)),
      1990 + (i % 35),
      [5432, 443, 8080, 22][i % 4],
      String(200 + Math.floor(random() * 799)),
      Math.floor(random() * 100000),
      String(Math.floor(random() * 1000)).padStart(3, '0'),
    ]);
    const before = JSON.stringify(rows);
    assert.equal(masked(table(columns, rows)), before);
  });

  it('leaves an array of small numbers and a row of an SSN\'s or a phone number\'s groups (no checksum tells them from fields)', () => {
    const before = '[[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16],"415","555","2671","536","90","4417"]]';
    const columns = [['a', 'int4[]'], ...Array.from({ length: 6 }, (_, i) => [`c${i}`, 'text'] as const)] as const;
    assert.equal(masked(table(columns, JSON.parse(before) as unknown[][])), before);
  });
});
