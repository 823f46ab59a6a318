// Cells of fixed-format columns (timestamps, uuids, ...) skip the detectors; column rules and
// gatehouse's own secrets still reach them, and every other column is scanned as before. A custom
// detector that matches any 4 digits shows which cells the detectors saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultColumn, TableResult } from '../../src/pipeline/result.ts';
import { DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { maskerWith } from './helpers.ts';

const FOUR_DIGITS = { name: 'four_digits', pattern: '\\d{4}' };
const STAMP = '2024-01-15 10:30:00+00';

function table(columns: ResultColumn[], rows: unknown[][]): TableResult {
  return { kind: 'table', columns, rows, command: 'SELECT', rowCount: rows.length };
}

describe('fixed-format column types', () => {
  it('leaves a timestamp column to itself and still scans a text column holding the same value', () => {
    const result = table(
      [
        { name: 'created_at', type: 'timestamp with time zone', table: 'public.orders', column: 'created_at' },
        { name: 'note', type: 'text', table: 'public.orders', column: 'note' },
      ],
      [[STAMP, STAMP]],
    );
    const summary = maskerWith({ custom: [FOUR_DIGITS] }).maskResult(result);
    assert.deepEqual(result.rows, [[STAMP, '[REDACTED:four_digits]-01-15 10:30:00+00']]);
    assert.deepEqual(summary.counts, { 'detector:four_digits': 1 });
  });

  it('covers arrays of those types and any letter case, and still scans numeric columns', () => {
    const result = table(
      [
        { name: 'days', type: 'date[]' },
        { name: 'id', type: 'UUID' },
        { name: 'amount', type: 'numeric' },
        { name: 'card', type: 'bigint' },
      ],
      [[['2024-01-15'], '2024aaaa-0000-4000-8000-000000000000', '1234.50', 4242424242424242]],
    );
    const summary = maskerWith({ custom: [FOUR_DIGITS] }).maskResult(result);
    assert.deepEqual(result.rows[0]?.slice(0, 2), [['2024-01-15'], '2024aaaa-0000-4000-8000-000000000000']);
    assert.equal(result.rows[0]?.[2], '[REDACTED:four_digits].50');
    assert.equal(result.rows[0]?.[3], '[REDACTED:four_digits]', 'a card stored as a number is still found');
    assert.equal(summary.counts['detector:four_digits'], 2);
  });

  it('still applies a column rule to a date column', () => {
    const result = table([{ name: 'birth_date', type: 'date', table: 'public.people', column: 'birth_date' }], [['1990-06-15'], [null]]);
    const summary = maskerWith({ columns: [{ match: 'people.birth_date' }] }).maskResult(result);
    assert.deepEqual(result.rows, [['[REDACTED:public.people.birth_date]'], [null]]);
    assert.deepEqual(summary.counts, { 'column:public.people.birth_date': 1 });
  });

  it("still masks gatehouse's own secret values in those cells, whatever the profile turns off", () => {
    const result = table([{ name: 'id', type: 'uuid' }], [['550e8400-e29b-41d4-a716-446655440000']]);
    const summary = maskerWith({ detectors: { card: false, phone: false } }, { secretValues: ['e29b-41d4'] }).maskResult(result);
    assert.deepEqual(result.rows, [['550e8400-[REDACTED:gatehouse_secret]-a716-446655440000']]);
    assert.deepEqual(summary.counts, { 'detector:gatehouse_secret': 1 });
  });

  it('scans every column when the profile lists no fixed-format types', () => {
    const result = table([{ name: 'created_at', type: 'timestamp with time zone' }], [[STAMP]]);
    maskerWith({ custom: [FOUR_DIGITS], fixedFormatTypes: [] }).maskResult(result);
    assert.deepEqual(result.rows, [['[REDACTED:four_digits]-01-15 10:30:00+00']]);
  });

  it('scans a cell beyond the described columns, which has no type to trust', () => {
    const result = table([{ name: 'created_at', type: 'date' }], [['2024-01-15', '2024-01-15']]);
    maskerWith({ custom: [FOUR_DIGITS] }).maskResult(result);
    assert.deepEqual(result.rows, [['2024-01-15', '[REDACTED:four_digits]-01-15']]);
  });

  it("lists PostgreSQL's date, time, boolean, uuid and network types by default, and no numeric type", () => {
    const types = DEFAULT_PROFILE.fixedFormatTypes;
    for (const type of ['timestamp with time zone', 'timestamp without time zone', 'date', 'time without time zone', 'interval', 'boolean', 'uuid', 'inet', 'cidr', 'macaddr']) {
      assert.ok(types.includes(type), type);
    }
    for (const type of ['numeric', 'bigint', 'integer', 'text', 'character varying', 'json', 'jsonb', 'bytea', 'money']) assert.ok(!types.includes(type), type);
  });
});
