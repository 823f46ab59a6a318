// The DELETE a dry run samples runs with RETURNING * added after its last token and nothing else:
// a trailing comment cannot swallow it, a statement that already returns, several statements or
// another kind of statement are left alone (no sample), and byte offsets hold for non-ASCII text.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initSqlParser } from '../../tools/postgres/classify/index.ts';
import { deleteReturningAll } from '../../tools/postgres/preview-returning.ts';

describe('RETURNING * for a dry-run DELETE', () => {
  before(() => initSqlParser());

  it('adds it after the last token, before a semicolon or a trailing comment', () => {
    assert.equal(deleteReturningAll("DELETE FROM t WHERE a = 'é' ; -- x"), "DELETE FROM t WHERE a = 'é' RETURNING * ; -- x");
    assert.equal(deleteReturningAll('DELETE FROM t WHERE a = 1 -- RETURNING'), 'DELETE FROM t WHERE a = 1 RETURNING * -- RETURNING');
    assert.equal(deleteReturningAll('DELETE FROM t /* c */'), 'DELETE FROM t RETURNING * /* c */');
    assert.equal(deleteReturningAll('DELETE FROM t WHERE a = $1'), 'DELETE FROM t WHERE a = $1 RETURNING *');
  });

  it('leaves alone what it cannot change without changing its meaning', () => {
    for (const sql of ['DELETE FROM t RETURNING id', 'DELETE FROM t; DELETE FROM u', 'UPDATE t SET a = 1', 'WITH d AS (DELETE FROM t RETURNING *) SELECT 1', 'DELETE FROM', '']) {
      assert.equal(deleteReturningAll(sql), undefined, sql);
    }
  });
});
