// How driver errors reach the agent: the real pg-pool error for a saturated pool is "busy", not
// "unreachable", so an operator is not sent looking for a database that is fine. An error in the
// agent's SQL keeps its SQLSTATE, condition name and position, and loses what could be a value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { toToolError } from '../../tools/postgres/errors.ts';
import { ADMIN_URL, postgresReachable } from '../store/places.ts';

describe('PostgreSQL errors for the agent', { skip: !(await postgresReachable()) && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  it('reports a pool whose every connection stays busy as backend_busy', async () => {
    // The first connection may take a while on a loaded machine; only the wait for a second is short.
    const pool = new pg.Pool({ connectionString: ADMIN_URL, max: 1, connectionTimeoutMillis: 30_000 });
    const held = await pool.connect();
    pool.options.connectionTimeoutMillis = 100;
    try {
      const error = await pool.connect().then(
        (extra) => (extra.release(), undefined),
        (e: unknown) => e,
      );
      const mapped = toToolError(error, 'db.internal:5432', 1000);
      assert.equal(mapped.code, 'backend_busy');
      assert.match(mapped.message, /stayed busy/);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('reports a server that refuses connections as backend_unavailable', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 1000 });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.end().catch(() => undefined);
    const mapped = toToolError(error, '127.0.0.1:1', 1000);
    assert.equal(mapped.code, 'backend_unavailable');
    assert.equal(mapped.message, 'PostgreSQL at 127.0.0.1:1 is not reachable');
  });
});

describe('PostgreSQL errors in the SQL, for the agent', () => {
  const sqlError = (fields: Record<string, string>, sql = 'SELECT email::int FROM customers') => {
    const mapped = toToolError(Object.assign(new Error(fields.message ?? ''), fields), 'db.internal:5432', 1000, sql);
    assert.equal(mapped.code, 'sql_error');
    return mapped.message;
  };

  it('names the SQLSTATE, its condition and the position, and withholds the value', () => {
    const message = sqlError({ code: '22P02', message: 'invalid input syntax for type integer: "ada@example.com"' });
    assert.equal(message, 'PostgreSQL error 22P02 (invalid_text_representation): invalid input syntax for type integer: "…(value withheld)"');
    const typo = sqlError({ code: '42703', message: 'column "emial" does not exist', position: '8', hint: 'Perhaps you meant to reference the column "customers.email".' }, 'SELECT emial FROM customers');
    assert.equal(typo, 'PostgreSQL error 42703 (undefined_column): column "emial" does not exist; at character 8; hint: Perhaps you meant to reference the column "…(value withheld)".');
  });

  it('drops DETAIL, CONTEXT and the SQL the server built', () => {
    const message = sqlError({ code: '23505', message: 'duplicate key value violates unique constraint "customers_email_key"', detail: 'Key (email)=(ada@example.com) already exists.', where: 'SQL statement "SELECT 1"', internalQuery: 'SELECT ada' });
    assert.equal(message, 'PostgreSQL error 23505 (unique_violation): duplicate key value violates unique constraint "…(value withheld)"');
  });

  it('drops a position that comes with a context: it may count into a value (a type name read from a row)', () => {
    const message = sqlError({ code: '42601', message: 'syntax error at or near "Lovelace"', position: '5', where: 'invalid type name "Ada Lovelace"' }, 'SELECT to_regtype(name) FROM customers');
    assert.equal(message, 'PostgreSQL error 42601 (syntax_error): syntax error at or near "…(value withheld)"');
  });

  it('withholds all text written by code in the database: RAISE and ASSERT with any SQLSTATE, procedural languages, class P0', () => {
    const raised: Array<Record<string, string>> = [
      { code: '22012', message: 'Ada Lovelace', hint: 'London', routine: 'exec_stmt_raise', file: 'pl_exec.c' },
      { code: 'P0004', message: 'Ada Lovelace', routine: 'exec_stmt_assert' },
      { code: 'XX000', message: 'Ada Lovelace', routine: 'PLy_elog_impl', file: 'plpy_elog.c' },
      { code: '38000', message: 'Ada Lovelace', file: 'plperl.c' },
      { code: 'P0001', message: 'Ada Lovelace' },
    ];
    for (const fields of raised) {
      const message = sqlError(fields, 'SELECT f(name) FROM customers');
      assert.ok(message.startsWith(`PostgreSQL error ${fields.code} (`), message);
      assert.match(message, /written by code in the database/);
      assert.ok(!/Ada|Lovelace|London/.test(message), message);
    }
  });

  it('names an unlisted SQLSTATE by its class, and one of an unknown class by its code alone', () => {
    assert.match(sqlError({ code: '22ZZZ', message: 'x' }), /^PostgreSQL error 22ZZZ \(data_exception\): x$/);
    assert.match(sqlError({ code: 'ZZ999', message: 'x' }), /^PostgreSQL error ZZ999: x$/);
  });

  it('keeps the wording of timeouts and of a read-only violation', () => {
    assert.equal(toToolError(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }), 'db:5432', 1000, 'SELECT 1').code, 'timeout');
    assert.equal(toToolError(Object.assign(new Error('cannot execute UPDATE in a read-only transaction'), { code: '25006' }), 'db:5432', 1000, 'UPDATE t SET a = 1').code, 'read_only_violation');
  });
});
