// Robustness under arbitrary input: masking never throws on well-formed results, keeps their
// shape, and its summary adds up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TableResult } from '../../src/pipeline/result.ts';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: ['gh-S3cret-value'] });

function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return value === null ? null : 'leaf';
}

describe('masking arbitrary input', () => {
  it('returns a string for any text, and never a longer secret-bearing one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const masked = masker.maskText(text);
        assert.equal(typeof masked, 'string');
        assert.ok(!masked.includes('gh-S3cret-value'));
      }),
    );
  });

  it('masks any JSON document in place, keeping arrays and key counts, with a consistent summary', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const shape = shapeOf(value);
        const summary = masker.maskResult({ kind: 'document', value });
        assert.equal(summary.total, Object.values(summary.counts).reduce((sum, n) => sum + n, 0));
        if (typeof value === 'object' && value !== null) assert.deepEqual(shapeOf(value), shape);
        JSON.stringify(value);
      }),
    );
  });

  it('masks any table without changing its size, and keeps every NULL', () => {
    const cell = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.bigInt(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), (rows) => {
        const nulls = rows.flatMap((row, r) => row.flatMap((value, c) => (value === null ? [`${r}:${c}`] : [])));
        const result: TableResult = {
          kind: 'table',
          columns: [
            { name: 'email', type: 'text', table: 'public.users', column: 'email' },
            { name: 'api_token', type: 'text' },
            { name: 'note', type: 'text' },
          ],
          rows,
          command: 'SELECT',
          rowCount: rows.length,
        };
        masker.maskResult(result);
        assert.ok(result.rows.every((row) => row.length === 3));
        const after = result.rows.flatMap((row, r) => row.flatMap((value, c) => (value === null ? [`${r}:${c}`] : [])));
        assert.deepEqual(after, nulls);
      }),
    );
  });
});
