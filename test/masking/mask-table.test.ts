import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableResult } from '../../src/pipeline/result.ts';
import { maskerWith } from './helpers.ts';

function table(columns: TableResult['columns'], rows: unknown[][]): TableResult {
  return { kind: 'table', columns, rows, command: 'SELECT', rowCount: rows.length };
}

const masker = maskerWith({
  columns: [
    { match: 'customers.email', style: 'partial' },
    { match: '*.card_number', style: 'redact' },
    { match: 'ssn', style: 'null' },
    { match: '*.phone*', style: 'partial' },
  ],
  jsonKeys: ['*password*', { match: 'api_token', style: 'null' }],
});

describe('masking table results', () => {
  it('masks rows in place, cell by cell, and counts per column and detector', () => {
    const rows: unknown[][] = [
      ['ann@example.com', '4242424242424242', '123-45-6789', 'fine'],
      ['bob@example.com', '5555555555554444', '987-65-4321', 'call +1 415-555-2671'],
    ];
    const firstRow = rows[0];
    const result = table(
      [
        { name: 'email', type: 'text', table: 'public.customers', column: 'email' },
        { name: 'card_number', type: 'text', table: 'public.cards', column: 'card_number' },
        { name: 'ssn', type: 'text' },
        { name: 'note', type: 'text' },
      ],
      rows,
    );
    const summary = masker.maskResult(result);
    assert.equal(result.rows, rows, 'same rows array');
    assert.equal(result.rows[0], firstRow, 'same row arrays');
    assert.deepEqual(rows, [
      ['a***@example.com', '[REDACTED:public.cards.card_number]', null, 'fine'],
      ['b***@example.com', '[REDACTED:public.cards.card_number]', null, 'call +* ***-***-**71'],
    ]);
    assert.deepEqual(summary, {
      counts: {
        'column:public.customers.email': 2,
        'column:public.cards.card_number': 2,
        'column:ssn': 2,
        'detector:phone': 1,
      },
      total: 7,
    });
  });

  it('labels a column by its source only when both its table and its column are known, else by its name', () => {
    const result = table([{ name: 'ssn', type: 'text', table: 'public.people' }, { name: 'ssn', type: 'text', column: 'ssn' }, { name: 'ssn', type: 'text', table: 'public.people', column: 'ssn' }], [['123-45-6789', '123-45-6789', '123-45-6789']]);
    assert.deepEqual(masker.maskResult(result).counts, { 'column:ssn': 2, 'column:public.people.ssn': 1 });
  });

  it('keeps NULL as NULL in masked columns, whatever the style', () => {
    const result = table([{ name: 'ssn', type: 'text' }, { name: 'card_number', type: 'text', table: 't', column: 'card_number' }], [
      [null, null],
      [undefined, null],
    ]);
    const summary = masker.maskResult(result);
    assert.deepEqual(result.rows, [[null, null], [undefined, null]]);
    assert.equal(summary.total, 0);
  });

  it('masks booleans in a masked column: they are its values', () => {
    const result = table([{ name: 'card_number', type: 'bool', table: 'cards', column: 'card_number' }], [[true], [false], [null]]);
    masker.maskResult(result);
    assert.deepEqual(result.rows, [['[REDACTED:cards.card_number]'], ['[REDACTED:cards.card_number]'], [null]]);
  });

  it('masks every cell of a column computed from protected columns alike: NULLs, booleans, arrays and documents too', () => {
    const computed = { name: 'v', type: 'text', derivedFrom: ['public.customers.email'] };
    const result = table([computed, { name: 'n', type: 'int4' }], [
      [null, 1],
      [true, 2],
      [false, 3],
      [[null, 'a', null], 4],
      [[], 5],
      [{ k: [1, null] }, 6],
      ['ada', 7],
    ]);
    const summary = masker.maskResult(result);
    assert.deepEqual(
      result.rows.map((row) => row[0]),
      Array.from({ length: 7 }, () => '[REDACTED:derived]'),
    );
    assert.deepEqual(
      result.rows.map((row) => row[1]),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(summary.counts, { 'derived:public.customers.email': 7 });
  });

  it('masks numbers and bigints in masked columns, and arrays element by element', () => {
    const result = table(
      [
        { name: 'card_number', type: 'int8', table: 'cards', column: 'card_number' },
        { name: 'phones', type: 'text[]', table: 'people', column: 'phones' },
      ],
      [[4242424242424242n, ['+1 415-555-2671', null, '020 7946 0958']], [12345, []]],
    );
    masker.maskResult(result);
    assert.deepEqual(result.rows, [
      ['[REDACTED:cards.card_number]', ['+* ***-***-**71', null, '*** **** **58']],
      ['[REDACTED:cards.card_number]', []],
    ]);
  });

  it('walks JSON cells: key rules mask whole values, detectors run on strings, nested and in arrays', () => {
    const json = {
      user: { email: 'ann@example.com', db_password: { value: 'x', rotated: true }, api_token: 't0k' },
      events: [{ note: 'card 4242 4242 4242 4242' }, 'plain', 42],
      passwords: ['a', 'b'],
    };
    const result = table([{ name: 'payload', type: 'jsonb' }], [[json]]);
    const summary = masker.maskResult(result);
    assert.equal(result.rows[0]?.[0], json, 'walked in place');
    assert.deepEqual(json, {
      user: { email: 'a***@example.com', db_password: '[REDACTED:password]', api_token: null },
      events: [{ note: 'card **** **** **** 4242' }, 'plain', 42],
      passwords: ['[REDACTED:password]', '[REDACTED:password]'],
    });
    assert.deepEqual(summary.counts, {
      'detector:email': 1,
      'json_key:*password*': 3,
      'json_key:api_token': 1,
      'detector:card': 1,
    });
  });

  it('masks strings that are items of a JSON array, at the top of a cell and nested', () => {
    const nested = { contacts: ['ada@example.com', 'call +1 415-555-2671', 7] };
    const top = ['card 4242 4242 4242 4242', 'plain'];
    const result = table([{ name: 'doc', type: 'jsonb' }], [[nested], [top]]);
    masker.maskResult(result);
    assert.deepEqual(result.rows, [[{ contacts: ['a***@example.com', 'call +* ***-***-**71', 7] }], [['card **** **** **** 4242', 'plain']]]);
  });

  it('masks a key rule\'s key in every row, not only where it was first met', () => {
    const rows = [1, 2, 3].map((n) => [{ db_password: `hunter${n}`, api_token: `t${n}` }]);
    maskerWith({ jsonKeys: ['*password*', { match: 'api_token', style: 'null' }] }).maskResult(table([{ name: 'settings', type: 'jsonb' }], rows));
    assert.deepEqual(rows.flat(), [1, 2, 3].map(() => ({ db_password: '[REDACTED:password]', api_token: null })));
  });

  it('runs detectors on large numbers and on bytes in unmasked columns', () => {
    const result = table(
      [{ name: 'n', type: 'int8' }, { name: 'small', type: 'int4' }, { name: 'raw', type: 'bytea' }],
      [[4111111111111111, 4242, Buffer.from('token AKIAIOSFODNN7EXAMPLE')]],
    );
    masker.maskResult(result);
    assert.deepEqual(result.rows[0], ['************1111', 4242, 'token [REDACTED:aws_access_key]']);
  });

  it('masks secrets hidden in JSON keys, including "__proto__", without touching prototypes', () => {
    const json = JSON.parse('{"__proto__": "card 4111111111111111", "AKIAIOSFODNN7EXAMPLE": 1}') as Record<string, unknown>;
    masker.maskResult(table([{ name: 'j', type: 'json' }], [[json]]));
    assert.equal(Object.getPrototypeOf(json), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(json, '__proto__')?.value, 'card ************1111');
    assert.deepEqual(Object.keys(json).sort(), ['[REDACTED:aws_access_key]', '__proto__']);
  });

  it('masks column names after matching rules on the real names', () => {
    const result = table([{ name: 'AKIAIOSFODNN7EXAMPLE', type: 'text' }], [['x']]);
    masker.maskResult(result);
    assert.equal(result.columns[0]?.name, '[REDACTED:aws_access_key]');
  });

  it('masks cells beyond the declared columns with the detectors', () => {
    const result = table([{ name: 'a', type: 'text' }], [['x', 'ann@example.com']]);
    masker.maskResult(result);
    assert.deepEqual(result.rows[0], ['x', 'a***@example.com']);
  });
  it('masks a cell under a column rule however deep its arrays nest, up to the bound, and fails closed past it', () => {
    const nest = (depth: number): unknown => (depth === 0 ? '4242424242424242' : [nest(depth - 1)]);
    const cell = (depth: number) => table([{ name: 'card_number', type: 'text[]', table: 'public.cards', column: 'card_number' }], [[nest(depth)]]);
    const fits = cell(150);
    masker.maskResult(fits);
    assert.doesNotMatch(JSON.stringify(fits.rows), /4242/);
    assert.throws(() => masker.maskResult(cell(250)), (error: Error & { code?: string }) => error.name === 'MaskingError' && error.code === 'masking_failed');
  });
});
