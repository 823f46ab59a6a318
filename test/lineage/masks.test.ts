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
    // A relation whose columns are not known: a star over it has no columns to name.
    ['unlisted', { key: 'unlisted' }],
    // Rows chosen by a search of a protected column: a count of them answers it.
    ['chosen_by_name', { key: 'chosen_by_name', columns: ['id'], view: statements("SELECT id FROM customers WHERE name LIKE 'A%'")[0] }],
    ['chosen_by_city', { key: 'chosen_by_city', columns: ['id'], view: statements("SELECT id FROM customers WHERE city LIKE 'L%'")[0] }],
  ]);
  return { resolve: (_schema, name) => relations.get(name) };
}

/** As at execution, where user code bears these names: a bare call of one may reach that code. */
function withNamesakes(...names: string[]): RelationResolver {
  return { ...catalog(), userNamesake: (name) => names.includes(name) };
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

  it('reads RETURNING * column by column, each as the write left it', () => {
    const masks = (sql: string, width: number) => columnMasks(shownOutput(analyzeLineage(statements(sql), catalog()).outputs), width, protection);
    const own = (column: string) => ({ source: { table: 'customers', column }, derivedFrom: [] });
    const note = (column: string) => ({ source: { table: 'notes', column }, derivedFrom: [] });
    // Literals into a table whose columns carry rules: each column keeps its own rule, no column is derived.
    assert.deepEqual(masks("INSERT INTO customers (name, email, city) VALUES ('a', 'b', 'c') RETURNING *", 4), ['id', 'name', 'email', 'city'].map(own));
    assert.deepEqual(masks('DELETE FROM customers WHERE id = 1 RETURNING *', 4), ['id', 'name', 'email', 'city'].map(own));
    assert.deepEqual(masks("UPDATE notes SET body = 'x' RETURNING notes.*", 2), ['id', 'body'].map(note));
    // What the write stored: only the column it went into is derived from it.
    assert.deepEqual(masks('INSERT INTO notes (body) SELECT email FROM customers RETURNING *', 2), [note('id'), { derivedFrom: ['customers.email'] }]);
    // An UPDATE's FROM items come after the target's columns, as the server expands them.
    assert.deepEqual(masks("UPDATE notes n SET body = 'x' FROM customers c WHERE c.id = n.id RETURNING *", 6), [note('id'), note('body'), ...['id', 'name', 'email', 'city'].map(own)]);
    // Rows chosen by a search of a protected column: every column is derived from it, as a read's would be.
    assert.deepEqual(masks("DELETE FROM notes WHERE id IN (SELECT id FROM customers WHERE email LIKE 'a%') RETURNING *", 2).map((m) => m.derivedFrom), [['customers.email'], ['customers.email']]);
  });

  it('reads a simple CASE as user code where "=" has a namesake, and a searched CASE by its own conditions', () => {
    const sql = "SELECT CASE city WHEN 'x' THEN 1 END FROM customers";
    assert.deepEqual(derivedFrom(sql, 1, withNamesakes('=')), [['*']]);
    assert.deepEqual(analyzeLineage(statements(sql), withNamesakes('=')).userCode, ['=']);
    // Decoys: no namesake, or no operand compared with "=".
    assert.deepEqual(derivedFrom(sql, 1), [[]]);
    const searched = "SELECT CASE WHEN city LIKE 'L%' THEN 1 END FROM customers";
    assert.deepEqual(derivedFrom(searched, 1, withNamesakes('=')), [[]]);
    assert.deepEqual(analyzeLineage(statements(searched), withNamesakes('=')).userCode, []);
  });

  it('reads BETWEEN as user code where any comparison it is spelled with has a namesake, and a cast to a type user code bears', () => {
    for (const op of ['<', '>', '<=', '>=']) assert.deepEqual(derivedFrom("SELECT city BETWEEN 'a' AND 'b' FROM customers", 1, withNamesakes(op)), [['*']], op);
    assert.deepEqual(derivedFrom("SELECT city BETWEEN 'a' AND 'b' FROM customers", 1, withNamesakes('<<=>')), [[]]);
    assert.deepEqual(derivedFrom('SELECT city::label FROM customers', 1, withNamesakes('::label')), [['*']]);
    assert.deepEqual(derivedFrom('SELECT city::text FROM customers', 1, withNamesakes('::label')), [[]]);
  });

  it('reads a built-in\'s name as user code where user code bears it', () => {
    assert.deepEqual(derivedFrom('SELECT lower(city) FROM customers', 1, withNamesakes('lower')), [['*']]);
    assert.deepEqual(derivedFrom('SELECT lower(city) FROM customers', 1, withNamesakes('upper')), [[]]);
  });

  it('takes what a set-returning call in a select list is computed from as choosing every row, and only such a call', () => {
    assert.deepEqual(derivedFrom('SELECT id, generate_series(1, length(email)) FROM customers', 2), [['customers.email'], ['customers.email']]);
    assert.deepEqual(derivedFrom('SELECT id, upper(email) FROM customers', 2), [[], ['customers.email']]);
    // User code may return any number of rows, counted from anything; a built-in's, from what it is given.
    assert.deepEqual(derivedFrom('SELECT id, my_function(1) FROM customers', 2), [['*'], ['*']]);
    assert.deepEqual(derivedFrom("SELECT id, pg_ls_dir('.') FROM customers", 2), [[], ['*']]);
  });

  it('reads session state as anything once the call may have stored a value in it, and only then', () => {
    assert.deepEqual(derivedFrom("UPDATE customers SET city = set_config('gh.x', email, false) WHERE id = 1; SELECT current_setting('gh.x')", 1), [['*']]);
    assert.deepEqual(derivedFrom("SELECT current_setting('search_path')", 1), [[]]);
    // Code whose body is not visible may call set_config itself: user code, a built-in that runs SQL text, a built-in's name user code bears.
    const read = "; SELECT current_setting('gh.x')";
    assert.deepEqual(derivedFrom(`UPDATE customers SET city = my_function(city) WHERE id = 1${read}`, 1), [['*']]);
    assert.deepEqual(derivedFrom(`UPDATE customers SET city = query_to_xml('SELECT 1', true, true, '')::text WHERE id = 1${read}`, 1), [['*']]);
    assert.deepEqual(derivedFrom(`UPDATE customers SET city = lower(city) WHERE id = 1${read}`, 1, withNamesakes('lower')), [['*']]);
    assert.deepEqual(derivedFrom(`UPDATE customers SET city = lower(city) WHERE id = 1${read}`, 1), [[]]);
  });

  it('reads a star in an expression as the whole row of its item, a bare one as every item\'s', () => {
    assert.deepEqual(derivedFrom('SELECT row_to_json(c.*) FROM customers c, notes n', 1), [['customers.email', 'customers.name']]);
    assert.deepEqual(derivedFrom('SELECT row_to_json(public.customers.*) FROM public.customers', 1), [['customers.email', 'customers.name']]);
    assert.deepEqual(derivedFrom('SELECT row_to_json(n.*) FROM customers c, notes n', 1), [[]]);
    // RETURNING * is one star over the target's row (the server's columns outnumber it: each is masked by all of it).
    assert.deepEqual(derivedFrom("UPDATE customers SET city = 'x' WHERE id = 1 RETURNING *", 2), [['customers.email', 'customers.name'], ['customers.email', 'customers.name']]);
    assert.deepEqual(derivedFrom("UPDATE notes SET body = 'x' WHERE id = 1 RETURNING *", 2), [[], []]);
  });

  it('derives a subquery\'s value from what it tested, what it read and what it shows', () => {
    assert.deepEqual(derivedFrom('SELECT id, email IN (SELECT city FROM customers) FROM customers', 2), [[], ['customers.email']]);
    assert.deepEqual(derivedFrom("SELECT EXISTS (SELECT 1 FROM customers WHERE email = 'a@b.c')", 1), [['customers.email']]);
    assert.deepEqual(derivedFrom("SELECT EXISTS (SELECT 1 FROM customers WHERE city = 'x')", 1), [[]]);
    // What it shows may be made of what no column reference touched: SQL text run by name.
    assert.deepEqual(derivedFrom("SELECT (SELECT query_to_xml('SELECT email FROM customers', true, true, ''))", 1), [['*']]);
  });

  it('keeps what chose the rows of a view read through a cached lineage when the statements shown disagree in width', () => {
    const resolver = catalog();
    // The first read analyzes the view; later calls reuse its lineage from the catalog's cache.
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_name', 1, resolver), [['customers.name']]);
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_name', 1, resolver), [['customers.name']]);
    // Which statement's rows show cannot be told by width: every column is derived from all of them.
    assert.deepEqual(derivedFrom('SELECT 1, 2; SELECT count(*) FROM chosen_by_name', 1, resolver), [['customers.name']]);
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_name; SELECT 1, 2', 2, resolver), [['customers.name'], ['customers.name']]);
    // A subquery's value (whether it has rows) is chosen by the view's search too, its columns unknown.
    assert.deepEqual(derivedFrom('SELECT EXISTS (SELECT u.* FROM chosen_by_name, unlisted u)', 1, resolver), [['customers.name']]);
    // Decoy: a view whose rows an unprotected column chose.
    assert.deepEqual(derivedFrom('SELECT count(*) FROM chosen_by_city', 1, resolver), [[]]);
    assert.deepEqual(derivedFrom('SELECT 1, 2; SELECT count(*) FROM chosen_by_city', 1, resolver), [[]]);
  });
  it('carries into later statements what a write chose, and nothing from a statement that writes nothing', () => {
    // A cursor's search chooses the cursor's rows, not those of a later statement.
    assert.deepEqual(derivedFrom("DECLARE c CURSOR FOR SELECT id FROM customers WHERE email LIKE 'a%'; SELECT city FROM customers", 1), [[]]);
    assert.deepEqual(derivedFrom("UPDATE notes SET body = 'x' WHERE id IN (SELECT id FROM customers WHERE email LIKE 'a%'); SELECT city FROM customers", 1), [['customers.email']]);
  });

  it('reads a FETCH as the query of the cursor it names, and an unknown cursor as anything', () => {
    assert.deepEqual(derivedFrom('DECLARE c CURSOR FOR SELECT city, email FROM customers; FETCH ALL FROM c', 2), [[], []]);
    assert.deepEqual(derivedFrom('DECLARE c CURSOR FOR SELECT upper(email) FROM customers; FETCH ALL FROM c', 1), [['customers.email']]);
    assert.deepEqual(derivedFrom('FETCH ALL FROM elsewhere', 1), [['*']]);
  });
});
