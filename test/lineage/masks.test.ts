// Which result columns masking takes as derived from protected ones, from lineage over a small
// catalog held in memory (as execution resolves relations, columns and views known): cheap enough
// to pin each rule of what a write stores, what a call shows and what chose its rows.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ColumnProtection } from '../../src/pipeline/toolpack.ts';
import { initSqlParser, parseSql } from '../../tools/postgres/classify/parser.ts';
import { analyzeLineage, columnMasks, shownOutput, type RelationInfo, type RelationResolver } from '../../tools/postgres/lineage/index.ts';

const PROTECTED = new Set(['customers.email', 'customers.name']);
const protection: ColumnProtection = { column: (table, column) => PROTECTED.has(`${table}.${column}`), table: (table) => table === 'customers', any: true };

function statements(sql: string): unknown[] {
  const parsed = parseSql(sql);
  assert.ok(parsed.ok, sql);
  return parsed.statements.map((s) => s.stmt);
}

/** A catalog whose RelationInfo objects live as long as it does: a view's lineage is cached on them, as the connection's catalog caches it across calls. */
function catalog(): RelationResolver {
  const relations = new Map<string, RelationInfo>([
    ['customers', { key: 'customers', columns: ['id', 'name', 'email', 'city'] }],
    ['notes', { key: 'notes', columns: ['id', 'body'] }],
    // Rows chosen by a search of a protected column: a count of them answers it.
    ['chosen_by_name', { key: 'chosen_by_name', columns: ['id'], view: statements("SELECT id FROM customers WHERE name LIKE 'A%'")[0] }],
    ['chosen_by_city', { key: 'chosen_by_city', columns: ['id'], view: statements("SELECT id FROM customers WHERE city LIKE 'L%'")[0] }],
  ]);
  return { resolve: (_schema, name) => relations.get(name) };
}

/** Per result column of `width`: the protected columns it is masked as derived from. */
function derivedFrom(sql: string, width: number, resolver = catalog()): string[][] {
  return columnMasks(shownOutput(analyzeLineage(statements(sql), resolver).outputs), width, protection).map((mask) => mask.derivedFrom);
}

describe('result columns masked as derived from protected ones', () => {
  before(() => initSqlParser());

  it("reads RETURNING of an INSERT ... SELECT as what it stored: by the columns named, else in any column", () => {
    // Without a column list the query fills columns by position: any of them may hold what it read.
    assert.deepEqual(derivedFrom('INSERT INTO notes SELECT id, email FROM customers RETURNING body', 1), [['customers.email']]);
    assert.deepEqual(derivedFrom('INSERT INTO notes SELECT id, email FROM customers RETURNING id, body', 2), [['customers.email'], ['customers.email']]);
    // Named: only the column named holds it.
    assert.deepEqual(derivedFrom('INSERT INTO notes (body) SELECT email FROM customers RETURNING body', 1), [['customers.email']]);
    // Decoys: a column the INSERT did not name keeps its own lineage, and an unprotected value stays unmasked.
    assert.deepEqual(derivedFrom('INSERT INTO notes (body) SELECT email FROM customers RETURNING id', 1), [[]]);
    assert.deepEqual(derivedFrom('INSERT INTO notes SELECT id, city FROM customers RETURNING body', 1), [[]]);
  });

  it('keeps what chose the rows of a view read through a cached lineage when the statements shown disagree in width', () => {
    const resolver = catalog();
    // The first read analyzes the view; later calls reuse its lineage from the catalog's cache.
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_name', 1, resolver), [['customers.name']]);
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_name', 1, resolver), [['customers.name']]);
    // Which statement's rows show cannot be told by width: every column is derived from all of them.
    assert.deepEqual(derivedFrom('SELECT 1, 2; SELECT count(*) FROM chosen_by_name', 1, resolver), [['customers.name']]);
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_name; SELECT 1, 2', 2, resolver), [['customers.name'], ['customers.name']]);
    // Decoy: a view whose rows an unprotected column chose.
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_city', 1, resolver), [[]]);
    assert.deepEqual(derivedFrom('SELECT 1, 2; SELECT count(*) FROM chosen_by_city', 1, resolver), [[]]);
  });
});
