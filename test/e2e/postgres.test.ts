// End to end over the SDK's own client, over stdio and over Streamable HTTP, against a real
// PostgreSQL: masking, refusals, review fails closed, parse errors, limits, bad input, the audit
// chain, and a canary password that must never leave the server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CANARY as CANARIES } from '../fixtures/canary.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';

const CANARY = CANARIES.postgresPassword;

interface CallResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
}

for (const transport of ['stdio', 'http'] as const) {
  describe(`postgres end to end over ${transport}`, () => {
    let db: TestDatabase;
    let gh: RunningGatehouse;
    const seen: string[] = [];

    const call = async (name: string, args: Record<string, unknown>): Promise<CallResult> => {
      const result = (await gh.client.callTool({ name, arguments: args })) as CallResult;
      seen.push(JSON.stringify(result));
      return result;
    };
    const query = (sql: string, extra: Record<string, unknown> = {}) => call('postgres_query', { connection: 'shop', sql, ...extra });
    const errorOf = (r: CallResult) => (r.structuredContent?.error ?? {}) as { code?: string; message?: string; rules?: Array<{ id: string }> };

    before(async () => {
      db = await createTestDatabase();
      await db.query(`INSERT INTO orders (customer_id, total, note) VALUES (1, 1, $1)`, [`leaked ${CANARY} here`]);
      gh = await startGatehouse(
        {
          identity: { stdio: { id: 'agent-1', groups: ['dev'] }, http: { id: 'agent-1', groups: ['dev'] } },
          connections: {
            shop: { type: 'postgres', url: db.url, password: 'env:SHOP_PG_PASSWORD', labels: { env: 'test' } },
            down: { type: 'postgres', url: 'postgres://app@127.0.0.1:1/none', password: 'env:SHOP_PG_PASSWORD' },
          },
          limits: { timeout: '2s', maxRows: 100 },
          approvals: { wait: '200ms' },
        },
        transport,
        { env: { SHOP_PG_PASSWORD: CANARY } },
      );
    });

    after(async () => {
      await gh?.stop();
      await db?.drop();
    });

    it('lists the PostgreSQL tools with their input schemas', async () => {
      const { tools } = await gh.client.listTools();
      const names = tools.map((t) => t.name).sort();
      assert.deepEqual(names, ['approval_status', 'postgres_query', 'postgres_schema']);
      const q = tools.find((t) => t.name === 'postgres_query');
      assert.deepEqual(Object.keys((q?.inputSchema as { properties: object }).properties).sort(), ['connection', 'params', 'sql']);
    });

    it('returns rows with personal data masked, and says what it masked', async () => {
      const r = await query('SELECT id, name, email, card_number, city FROM customers ORDER BY id');
      assert.equal(r.isError, undefined, JSON.stringify(r));
      const s = r.structuredContent as { columns: Array<{ name: string }>; rows: unknown[][]; masked: number };
      assert.deepEqual(s.columns.map((c) => c.name), ['id', 'name', 'email', 'card_number', 'city']);
      assert.equal(s.rows.length, 5);
      const [first] = s.rows as [unknown[]];
      assert.equal(first[4], 'London');
      assert.notEqual(first[2], 'ada@example.com');
      assert.match(String(first[2]), /example\.com/);
      assert.ok(!String(first[3]).includes('4111 1111 1111 1111'));
      assert.match(String(first[3]), /1111/);
      assert.ok(s.masked >= 10, `masked ${s.masked}`);
      const text = r.content[0]?.text ?? '';
      assert.ok(!text.includes('ada@example.com') && !text.includes('grace.hopper@example.org'));
      assert.match(text, /masked/);
    });

    it('masks detected values in free text and parameters work', async () => {
      const r = await query('SELECT note FROM orders WHERE customer_id = $1 ORDER BY id', { params: [2] });
      const rows = (r.structuredContent as { rows: string[][] }).rows;
      assert.equal(rows.length, 1);
      assert.ok(!rows[0]?.[0]?.includes('555 0143'), rows[0]?.[0]);
    });

    it('scans a user type that borrows a built-in type name (an enum public."date"), unlike the real date', async () => {
      // Read from a column: a cast to a type that is not built in may run its code, so it goes to review.
      await db.query(`CREATE TYPE public."date" AS ENUM ('ada@example.com'); CREATE TABLE public.lookalikes (v public."date"); INSERT INTO public.lookalikes VALUES ('ada@example.com')`);
      const r = await query(`SELECT v AS lookalike, DATE '2026-11-24' AS real_date FROM lookalikes`);
      const s = r.structuredContent as { columns: Array<{ type: string }>; rows: string[][] };
      assert.deepEqual(s.columns.map((c) => c.type), ['public.date', 'date']);
      assert.notEqual(s.rows[0]?.[0], 'ada@example.com');
      assert.equal(s.rows[0]?.[1], '2026-11-24');
    });

    it('refuses DROP TABLE with the rule and reason, and the table survives', async () => {
      const r = await query('DROP TABLE customers');
      assert.equal(r.isError, true);
      assert.equal(errorOf(r).code, 'denied');
      assert.ok(errorOf(r).rules?.some((x) => x.id === 'sql-deny-destructive'));
      assert.match(r.content[0]?.text ?? '', /Destructive/);
      assert.equal((await db.query('SELECT count(*)::int AS n FROM customers'))[0]?.n, 5);
    });

    it('refuses a dangerous statement stacked behind a read', async () => {
      for (const sql of ['SELECT 1; DROP TABLE customers', 'select 1;/* x */dRoP\nTABLE customers', 'WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d']) {
        const r = await query(sql);
        assert.equal(errorOf(r).code, 'denied', sql);
      }
      assert.equal((await db.query('SELECT count(*)::int AS n FROM orders'))[0]?.n, 7);
    });

    it('holds a targeted UPDATE for review and does not execute it', async () => {
      const r = await query("UPDATE orders SET status = 'paid' WHERE id = 2");
      assert.equal(errorOf(r).code, 'approval_pending');
      assert.match(errorOf(r).message ?? '', /approval id [0-9a-f-]{36}/);
      assert.ok(errorOf(r).rules?.some((x) => x.id === 'sql-review-writes'));
      assert.equal((await db.query('SELECT status FROM orders WHERE id = 2'))[0]?.status, 'new');
    });

    it('refuses SQL that does not parse with the parser message and position', async () => {
      const r = await query('SELEC name FROM customers');
      assert.equal(errorOf(r).code, 'denied');
      assert.match(errorOf(r).message ?? '', /syntax error at or near "SELEC".*position 0/);
    });

    it('caps rows and says so', async () => {
      const r = await query('SELECT g FROM generate_series(1, 5000) AS g');
      const s = r.structuredContent as { rows: unknown[]; truncated: { reason: string; limit: number } };
      assert.equal(s.rows.length, 100);
      assert.deepEqual(s.truncated, { reason: 'rows', limit: 100 });
      assert.match(r.content[0]?.text ?? '', /cut at the limit of 100 rows/);
    });

    it('describes the schema', async () => {
      const r = await call('postgres_schema', { connection: 'shop', table: 'customers' });
      const value = (r.structuredContent as { value: { schemas: Record<string, Record<string, { columns: Array<{ name: string }> }>> } }).value;
      assert.ok(value.schemas.public?.customers?.columns.some((c) => c.name === 'email'));
    });

    it('gives clear errors for bad input without leaking anything', async () => {
      const unknown = await query('SELECT 1', { connection: 'nope' });
      assert.equal(errorOf(unknown).code, 'unknown_target');
      assert.match(errorOf(unknown).message ?? '', /known: shop, down|known: down, shop/);
      const invalid = await call('postgres_query', { connection: 'shop' });
      assert.equal(errorOf(invalid).code, 'invalid_arguments');
      assert.match(errorOf(invalid).message ?? '', /sql/);
      const extra = await call('postgres_query', { connection: 'shop', sql: 'SELECT 1', bogus: true });
      assert.equal(errorOf(extra).code, 'invalid_arguments');
      const down = await call('postgres_query', { connection: 'down', sql: 'SELECT 1' });
      assert.equal(errorOf(down).code, 'backend_unavailable');
      assert.match(errorOf(down).message ?? '', /127\.0\.0\.1:1/);
    });

    it('records every call in a verifiable hash chain, in order', async () => {
      const verify = await runCli(['audit', 'verify', '--store', gh.storeFile]);
      assert.equal(verify.code, 0, verify.stderr);
      assert.match(verify.stdout, /audit chain ok/);
      const { openSqliteStore } = await import('../../src/store/sqlite.ts');
      const store = openSqliteStore(gh.storeFile);
      const events = await store.events();
      await store.close();
      assert.equal(events[0]?.type, 'session.started');
      const byCall = new Map<string, string[]>();
      for (const e of events) if (e.callId) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.type]);
      const shapes = new Set([...byCall.values()].map((t) => t.join(',')));
      for (const s of shapes) {
        assert.ok(['call.requested,call.decided,call.result', 'call.requested,call.decided,call.error', 'call.requested,call.error', 'call.requested,call.decided,approval.requested,call.error'].includes(s), s);
      }
      const drop = events.find((e) => e.type === 'call.requested' && JSON.stringify(e.data).includes('DROP TABLE customers'));
      assert.ok(drop);
      const decided = events.find((e) => e.callId === drop.callId && e.type === 'call.decided');
      assert.equal(decided?.data.effect, 'deny');
      for (let i = 1; i < events.length; i++) assert.equal(events[i]?.seq, (events[i - 1]?.seq ?? 0) + 1);
    });

    it('never lets the canary password out: results, errors, logs, audit', async () => {
      const leak = await query(`SELECT note FROM orders WHERE note LIKE 'leaked%'`);
      assert.equal(leak.isError, undefined);
      assert.match(JSON.stringify(leak), /REDACTED/);
      const echo = await query(`SELECT '${CANARY}' AS x`);
      seen.push(JSON.stringify(echo));
      const everything = [...seen, gh.logs(), readFileSync(gh.storeFile).toString('latin1')];
      for (const text of everything) assert.ok(!text.includes(CANARY), 'canary leaked');
    });
  });
}
