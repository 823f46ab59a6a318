// Errors that would quote data. An agent can make PostgreSQL quote any value of any column in an
// error (a failing cast, a JSON parse, a unique violation, a RAISE), transformed past every
// detector. End to end through the MCP client against the real PostgreSQL, under a policy that
// allows everything (so only the error handling stands between the data and the agent): for each
// statement the agent learns the SQLSTATE and its condition name, and no seeded value, nor any
// 4-character piece of one, nor one reversed, reaches the text, the structured content or the
// audit store.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

interface Case {
  sql: string;
  code: string;
  name: string;
}

interface CallResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: { error?: { code?: string; message?: string } };
}

const c = (code: string, name: string, sql: string): Case => ({ sql, code, name });

/** Casts, parsers and functions that quote their input when it fails. */
const READS: Case[] = [
  c('22P02', 'invalid_text_representation', 'SELECT email::int FROM customers'),
  c('22P02', 'invalid_text_representation', 'SELECT reverse(card_number)::numeric FROM customers'),
  c('22007', 'invalid_datetime_format', "SELECT (name || 'x')::date FROM customers"),
  c('22P02', 'invalid_text_representation', 'SELECT note::json FROM orders WHERE note IS NOT NULL'),
  c('22P02', 'invalid_text_representation', "SELECT (email || '}')::jsonb FROM customers"),
  c('2203A', 'sql_json_member_not_found', `SELECT jsonb_path_query('{}', ('strict $."' || email || '"')::jsonpath) FROM customers`),
  c('22P02', 'invalid_text_representation', "SELECT ('{' || name || '}')::int[] FROM customers"),
  c('22P02', 'invalid_text_representation', "SELECT ('[' || name || ']')::int4range FROM customers"),
  c('2200M', 'invalid_xml_document', 'SELECT xmlparse(document name) FROM customers'),
  c('2200N', 'invalid_xml_content', "SELECT ('<' || email)::xml FROM customers"),
  c('22P02', 'invalid_text_representation', 'SELECT email::uuid FROM customers'),
  c('22P02', 'invalid_text_representation', 'SELECT email::inet FROM customers'),
  c('22P02', 'invalid_text_representation', 'SELECT phone::bigint FROM customers'),
  c('22003', 'numeric_value_out_of_range', "SELECT replace(card_number, ' ', '')::int FROM customers"),
  c('22P02', 'invalid_text_representation', "SELECT ('1' || replace(phone, ' ', ''))::int2 FROM customers"),
  c('22003', 'numeric_value_out_of_range', "SELECT replace(card_number, ' ', '')::numeric::numeric(3,0) FROM customers"),
  c('2201B', 'invalid_regular_expression', "SELECT regexp_match('a', '(' || name) FROM customers"),
  c('22P02', 'invalid_text_representation', "SELECT to_number(name, '999') FROM customers"),
  c('22007', 'invalid_datetime_format', "SELECT to_date(name, 'YYYY-MM-DD') FROM customers"),
  c('22007', 'invalid_datetime_format', "SELECT to_timestamp(city, 'Month') FROM customers"),
  c('22P02', 'invalid_text_representation', 'SELECT city::mood FROM customers'),
  c('22P02', 'invalid_text_representation', 'SELECT name::bit(3) FROM customers'),
  c('42704', 'undefined_object', "SELECT set_config(name, 'x', true) FROM customers"),
  // Quotes of its own around the value, so that the value lands outside the server's quotes.
  c('42704', 'undefined_object', `SELECT current_setting('x" ' || city || ' "y') FROM customers`),
  c('42601', 'syntax_error', 'SELECT to_tsquery(name) FROM customers'),
  c('22007', 'invalid_datetime_format', 'SELECT name::interval FROM customers'),
  // A type name read from a value: the error's position counts into the value, not the SQL.
  c('42601', 'syntax_error', 'SELECT to_regtype(name) FROM customers'),
  c('42601', 'syntax_error', `SELECT ('x" ' || city || ' "y')::regtype FROM customers`),
  c('42P01', 'undefined_table', 'SELECT lower(city)::regclass FROM customers'),
  c('3F000', 'invalid_schema_name', 'SELECT lower(city)::regnamespace FROM customers'),
  c('22023', 'invalid_parameter_value', 'SELECT date_part(city, now()) FROM customers'),
  c('22023', 'invalid_parameter_value', 'SELECT encode(name::bytea, city) FROM customers'),
  c('54000', 'program_limit_exceeded', 'SELECT chr(length(name) * 100000000) FROM customers'),
  // SQL built from values and run by the server: its identifiers come back unquoted.
  c('42703', 'undefined_column', "SELECT query_to_xml('SELECT c.' || city || ' FROM customers c', true, false, '') FROM customers"),
  c('22P02', 'invalid_text_representation', 'SELECT substr(email, 1, 4)::tid FROM customers'),
  c('22P02', 'invalid_text_representation', 'SELECT lpad(email, 5)::boolean FROM customers'),
  c('22008', 'datetime_field_overflow', 'SELECT make_date(length(name) * 1000, 13, 1) FROM customers'),
  c('22012', 'division_by_zero', "SELECT CASE WHEN email LIKE 'a%' THEN 1/0 ELSE 1 END FROM customers"),
  c('22023', 'invalid_parameter_value', "SELECT format('%' || substr(name, 2, 1), 1) FROM customers"),
];

/** Code in the database that writes values into its own messages, notices and hints. */
const loop = (column: string, body: string) => `DO $$ DECLARE r record; BEGIN FOR r IN SELECT ${column} FROM customers LOOP ${body}; END LOOP; END $$`;
const CODE: Case[] = [
  c('P0001', 'raise_exception', loop('email', "RAISE EXCEPTION 'found %', r.email")),
  c('22012', 'division_by_zero', loop('name', "RAISE EXCEPTION USING ERRCODE = '22012', MESSAGE = r.name")),
  c('P0004', 'assert_failure', loop('name', 'ASSERT false, r.name')),
  c('P0001', 'raise_exception', loop('city, phone', "RAISE EXCEPTION 'stop' USING HINT = r.city, DETAIL = r.phone")),
  c('P0001', 'raise_exception', `DO $$ DECLARE r record; BEGIN FOR r IN SELECT email FROM customers LOOP RAISE NOTICE 'found %', r.email; END LOOP; RAISE EXCEPTION 'done'; END $$`),
  c('42703', 'undefined_column', loop('city', "EXECUTE format('SELECT c.%s FROM customers c', r.city)")),
  c('42883', 'undefined_function', loop('city', "EXECUTE 'SELECT ' || r.city || '()'")),
  c('22P02', 'invalid_text_representation', loop('email', 'PERFORM r.email::int')),
  c('P0001', 'raise_exception', 'SELECT shout(name) FROM customers'),
];

/** Writes whose constraint violations quote the row. */
const WRITES: Case[] = [
  c('23505', 'unique_violation', 'INSERT INTO customers (name, email) SELECT name, email FROM customers'),
  c('23505', 'unique_violation', 'UPDATE customers SET email = (SELECT email FROM customers WHERE id = 2) WHERE id = 1'),
  c('23503', 'foreign_key_violation', 'INSERT INTO orders (customer_id, total) SELECT length(name) * 100, 1 FROM customers'),
  c('23502', 'not_null_violation', 'INSERT INTO customers (name, email) SELECT NULL, email FROM customers'),
  c('23514', 'check_violation', "UPDATE customers SET city = city || repeat('x', 40) WHERE id = 1"),
  c('22003', 'numeric_value_out_of_range', 'UPDATE orders SET total = length(note) * 100000000 WHERE id = 1'),
];

const SETUP = `
  CREATE TYPE mood AS ENUM ('calm');
  ALTER TABLE customers ADD CONSTRAINT city_short CHECK (length(city) < 40);
  CREATE FUNCTION shout(t text) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'bad %', t; END $$;`;

/** Every 4-character piece (no blanks) of every seeded value, as written, reversed and as bare digits. */
function pieces(values: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const value of values) {
    const lower = value.toLowerCase();
    const digits = lower.replace(/\D/g, '');
    for (const form of [lower, [...lower].reverse().join(''), ...(digits.length >= 4 ? [digits, [...digits].reverse().join('')] : [])]) {
      for (let i = 0; i + 4 <= form.length; i++) {
        const piece = form.slice(i, i + 4);
        if (!/\s/.test(piece)) out.add(piece);
      }
    }
  }
  return out;
}

/** Server wording that holds a piece of a seeded value: "stra" of Dijkstra, "fore" of "before delivery", "ches" and "este" of Manchester. */
const WORDING = /constraint|foreign|matches|requested/g;

/**
 * The pieces found in `text`, leaving out the wording above, the SQLSTATE (P0001 holds a piece of a
 * reversed card) and what the agent's own SQL contains (it is no secret to the agent).
 */
function leaked(text: string, sql: string, secrets: Set<string>): string[] {
  const haystack = text.toLowerCase().replace(WORDING, ' ').replace(/postgresql error \w{5}/g, ' ');
  const written = sql.toLowerCase();
  return [...secrets].filter((piece) => haystack.includes(piece) && !written.includes(piece));
}

describe('PostgreSQL errors never quote data to the agent', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let secrets: Set<string>;
  let values: string[];
  const results = new Map<string, CallResult>();

  before(async () => {
    db = await createTestDatabase();
    await db.query(SETUP);
    const people = await db.query<Record<string, string | null>>('SELECT name, email, phone, card_number, city FROM customers');
    const orders = await db.query<Record<string, string | null>>('SELECT note, status, total::text AS total FROM orders');
    values = [...people, ...orders].flatMap((row) => Object.values(row)).filter((v): v is string => typeof v === 'string');
    secrets = pieces(values);
    const policy = join(writeConfig({}).dir, 'allow-all.yaml');
    writeFileSync(policy, 'default: allow\nrules: []\n');
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: { shop: { type: 'postgres', url: db.url } },
        policies: [policy],
        limits: { timeout: '10s' },
      },
      'stdio',
    );
  });

  after(async () => {
    await gh?.stop();
    await db?.drop();
  });

  const query = async (sql: string): Promise<CallResult> => {
    const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult;
    results.set(sql, result);
    return result;
  };

  for (const [kind, cases] of [['reads', READS], ['code in the database', CODE], ['writes', WRITES]] as const) {
    it(`${kind}: the SQLSTATE and its name, never a value`, async () => {
      for (const { sql, code, name } of cases) {
        const r = await query(sql);
        const message = r.structuredContent?.error?.message ?? '';
        assert.equal(r.isError, true, `${sql}: ${JSON.stringify(r)}`);
        assert.equal(r.structuredContent?.error?.code, 'sql_error', `${sql}: ${message}`);
        for (const text of [message, r.content[0]?.text ?? '']) {
          assert.ok(text.includes(`PostgreSQL error ${code} (${name})`), `${sql}: ${text}`);
        }
        assert.deepEqual(leaked(JSON.stringify(r), sql, secrets), [], `${sql}: ${message}`);
      }
    });
  }

  it('keeps what the agent wrote readable: a misspelled column and where it is', async () => {
    const r = await query('SELECT emial FROM customers');
    const message = r.structuredContent?.error?.message ?? '';
    assert.match(message, /^PostgreSQL error 42703 \(undefined_column\): column "emial" does not exist; at character 8/);
  });

  it('leaves no value in the audit store', async () => {
    assert.equal(results.size, READS.length + CODE.length + WRITES.length + 1);
    const store = openSqliteStore(gh.storeFile);
    const events = await store.events();
    await store.close();
    const sqlOf = new Map(events.filter((e) => e.type === 'call.requested').map((e) => [e.callId, String((e.data.args as { sql?: string } | undefined)?.sql ?? '')]));
    const errors = events.filter((e) => e.type === 'call.error');
    assert.equal(errors.length, results.size);
    for (const e of errors) {
      const sql = sqlOf.get(e.callId) ?? '';
      assert.equal(e.data.code, 'sql_error', sql);
      assert.deepEqual(leaked(String(e.data.message), sql, secrets), [], `${sql}: ${String(e.data.message)}`);
    }
    const raw = readFileSync(gh.storeFile).toString('latin1');
    for (const value of values.filter((v) => v.length >= 6)) assert.ok(!raw.includes(value), `the store holds ${value}`);
  });
});
