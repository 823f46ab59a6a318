// `gatehouse postgres masked-views`, applied to a real PostgreSQL: the restricted role reads the
// views, with each protected column masked in its rule's style, and cannot read the tables at all;
// printing alone changes nothing; applying twice is fine; a grant that would leave a hole in the
// wall refuses the whole transaction. And the view's partial style writes what gatehouse's does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createMasker, ProfileSchema } from '../../src/masking/index.ts';
import type { TableResult } from '../../src/pipeline/result.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

const COLUMNS = [
  { match: '*.email', style: 'partial' },
  { match: '*.phone', style: 'partial' },
  { match: '*.card_number', style: 'partial' },
  { match: 'customers.name', style: 'redact' },
  { match: 'orders.total', style: 'null' },
];

describe('gatehouse postgres masked-views', () => {
  let db: TestDatabase;
  let configFile: string;
  // Roles belong to the whole server: names of this run's own.
  const role = `gh_agent_${randomBytes(4).toString('hex')}`;
  const schema = `gh_masked_${randomBytes(4).toString('hex')}`;
  const asRole = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => {
    const url = new URL(db.url);
    url.username = role;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const command = (...extra: string[]) => runCli(['postgres', 'masked-views', '--connection', 'shop', '--config', configFile, '--schema', schema, '--role', role, ...extra]);

  before(async () => {
    db = await createTestDatabase();
    // Names that need quoting, and a rule that matches them whatever their case.
    await db.query(`CREATE TABLE "Contacts" ("E-mail" text, "Email" text); INSERT INTO "Contacts" VALUES ('kept@example.com', 'Ann@example.com')`);
    configFile = writeConfig({ connections: { shop: { type: 'postgres', url: db.url } }, masking: { profiles: { default: { columns: COLUMNS } } } }).configFile;
  });
  after(async () => {
    if (db.kind === 'postgres') await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await db.drop();
  });

  it('prints the SQL and changes nothing without --apply', async () => {
    const run = await command();
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^BEGIN;$/m);
    assert.match(run.stdout, new RegExp(`^CREATE OR REPLACE VIEW "${schema}".customers AS$`, 'm'));
    assert.match(run.stdout, /^COMMIT;$/m);
    assert.deepEqual(await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1 UNION ALL SELECT 1 FROM pg_roles WHERE rolname = $2', [schema, role]), []);
  });

  it('gives the role the masked views and nothing else, idempotently', async (t) => {
    if (db.kind === 'pglite') return t.skip('needs a real PostgreSQL: PGlite has one user');
    for (const attempt of [1, 2]) {
      const run = await command('--apply');
      assert.equal(run.code, 0, `attempt ${attempt}: ${run.stderr}`);
      assert.match(run.stdout, /^-- applied to \S+ in one transaction$/m);
    }
    const customers = await asRole<Record<string, string | null>>('SELECT name, email, phone, card_number, city FROM customers ORDER BY id');
    assert.deepEqual(customers[0], { name: '[REDACTED]', email: 'a***@example.com', phone: '+** ** **** **58', card_number: '**** **** **** 1111', city: 'London' });
    assert.deepEqual(customers[4], { name: '[REDACTED]', email: 'e***@example.nl', phone: '+** ** *** **99', card_number: '************1881', city: 'Amsterdam' });
    const orders = await asRole<{ total: string | null; note: string | null }>('SELECT total, note FROM orders ORDER BY id');
    assert.ok(orders.every((o) => o.total === null));
    assert.equal(orders[0]?.note, 'gift wrap');
    assert.deepEqual(await asRole('SELECT * FROM "Contacts"'), [{ 'E-mail': 'kept@example.com', Email: 'A***@example.com' }]);

    for (const sql of ['SELECT email FROM public.customers', 'SELECT city FROM public.customers', 'SELECT note FROM public.orders', 'SELECT "Email" FROM public."Contacts"']) {
      await assert.rejects(asRole(sql), { code: '42501' }, sql);
    }
  });

  it('refuses, changing nothing, when the role could still read a protected column', async (t) => {
    if (db.kind === 'pglite') return t.skip('needs a real PostgreSQL: PGlite has one user');
    await db.query('GRANT SELECT (email) ON customers TO PUBLIC');
    try {
      const run = await runCli(['postgres', 'masked-views', '--connection', 'shop', '--config', configFile, '--schema', `${schema}_two`, '--role', role, '--apply']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`^gatehouse: connection "shop": role ${role} can still read public\\.customers\\.email directly`, 'm'));
      assert.deepEqual(await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [`${schema}_two`]), []);
    } finally {
      await db.query('REVOKE SELECT (email) ON customers FROM PUBLIC');
    }
  });

  it('writes partial values as gatehouse does', async () => {
    const values = [
      'ada@example.com',
      'Grace.Hopper@sub.example.org',
      'x@xn--bcher-kva.example',
      'ü@example.com',
      'a@exämple.com',
      'write to ada@example.com',
      '4111 1111 1111 1111',
      '3782-822463-10005',
      '4111 1111 1111 1112',
      '+1 (202) 555-0143',
      '555 0143',
      '12345',
      'call +1 202 555 0143',
      '()',
    ];
    // The function as printed, created here (PGlite included: no role is needed for it).
    const printed = (await command()).stdout;
    const create = printed.slice(printed.indexOf('CREATE OR REPLACE FUNCTION'), printed.indexOf('$gatehouse$;') + '$gatehouse$'.length);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}; ${create}`);
    const [row] = await db.query<{ masked: string[] }>(`SELECT array_agg(${schema}.partial_mask(v) ORDER BY n) AS masked FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n)`, [values]);
    const table: TableResult = { kind: 'table', columns: [{ name: 'v', type: 'text', table: 'public.t', column: 'v' }], rows: values.map((v) => [v]), command: 'SELECT', rowCount: values.length };
    createMasker(ProfileSchema.parse({ columns: [{ match: 't.v', style: 'partial' }] }), { secretValues: [] }).maskResult(table);
    const byGatehouse = table.rows.map(([v]) => String(v).replace(/^\[REDACTED:[^\]]*\]$/, '[REDACTED]'));
    assert.deepEqual(row?.masked, byGatehouse);
  });
});
