// Two principals, each over its own HTTP session, share one pooled PostgreSQL connection per pool
// (poolSize 1) on a real gatehouse and a real PostgreSQL. Whatever one of them leaves on the
// session (a cursor WITH HOLD, a prepared statement, temporary objects, advisory locks, LISTEN,
// the random() seed, settings, sequence values), after a call that worked or one that failed, the
// other never sees it: each probe proves that it runs on the very backend the state was left on,
// and that what was left is gone (bob can create an object of the same name, the server holds no
// lock for that backend). The policy allows everything, so what is tested is the connection. And a
// session that cannot be cleaned is closed, not pooled.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import pg from 'pg';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { assertCleanAnswer, assertNoCrash, refusalOf, type CallResult } from '../reliability/clean-answers.ts';
import { startPackHarness } from './pack-harness.ts';

const aliceKey = generateApiKey();
const bobKey = generateApiKey();
/** NOTIFY makes a call a write (it runs on the write pool) and leaves nothing on the session. */
const onWritePool = (sql: string) => `NOTIFY gatehouse_probe; ${sql}`;

describe('two principals sharing one pooled connection never see each other\'s session state', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let bob: Client;
  /** The first random() after setseed(0.42). */
  let seeded: number;

  const call = async (client: Client, sql: string): Promise<CallResult> => {
    const result = (await client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } })) as CallResult;
    assertCleanAnswer(result, sql);
    return result;
  };
  const rows = async (client: Client, sql: string): Promise<unknown[][]> => {
    const result = await call(client, sql);
    assert.equal(result.isError, undefined, `${sql}: ${JSON.stringify(result.structuredContent)}`);
    return (result.structuredContent as { rows: unknown[][] }).rows;
  };
  /** Runs `sql` as alice and returns the backend it ran on (its last statement selects the pid). */
  const alice = async (sql: string): Promise<number> => (await rows(gh.client, sql))[0]?.[0] as number;
  /** Bob's probe: its first column is the backend pid, the rest what he can see. */
  const probe = async (sql: string): Promise<{ pid: number; seen: unknown[] }> => {
    const [first] = await rows(bob, sql);
    const [pid, ...seen] = first as unknown[];
    return { pid: pid as number, seen };
  };
  /** Session-level advisory locks the server holds for a backend, seen from outside gatehouse. */
  const advisoryLocks = async (pid: number) => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = $1", [pid]))[0]?.n;

  before(async () => {
    db = await createTestDatabase();
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'allow.yaml'), 'default: allow\nrules: []\n');
    gh = await startGatehouse(
      {
        identity: {
          apiKeys: [
            { id: 'alice', groups: ['dev'], sha256: hashApiKey(aliceKey) },
            { id: 'bob', groups: ['dev'], sha256: hashApiKey(bobKey) },
          ],
        },
        connections: { shop: { type: 'postgres', url: db.url, poolSize: 1 } },
        policies: [join(dir, 'allow.yaml')],
        limits: { timeout: '5s' },
      },
      'http',
      { token: aliceKey },
    );
    const direct = new pg.Client({ connectionString: db.url });
    await direct.connect();
    await direct.query('SELECT setseed(0.42)');
    seeded = (await direct.query<{ r: number }>('SELECT random() AS r')).rows[0]?.r as number;
    await direct.end();
    bob = new Client({ name: 'bob', version: '1.0.0' });
    await bob.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), { authProvider: { token: async () => bobKey } }));
  });
  after(async () => {
    await bob?.close().catch(() => undefined);
    await gh?.stop();
    await db?.drop();
  });

  it('a cursor WITH HOLD is gone, and FETCH, MOVE or CLOSE of it is refused before it runs', async () => {
    const pid = await alice('DECLARE held CURSOR WITH HOLD FOR SELECT email FROM customers; SELECT pg_backend_pid()');
    // DECLARE fails on a name in use.
    assert.deepEqual(await probe('DECLARE held CURSOR WITH HOLD FOR SELECT 1; SELECT pg_backend_pid()'), { pid, seen: [] });
    for (const sql of ['FETCH ALL FROM held', 'MOVE ALL IN held', 'CLOSE held', 'FETCH 1 FROM held; SELECT 1']) {
      const refusal = refusalOf(await call(bob, sql));
      assert.equal(refusal?.code, 'invalid_arguments', sql);
      assert.match(refusal?.message ?? '', /cursor held\b.*not (created|declared) in this call/, sql);
    }
  });

  it('a prepared statement is gone, and EXECUTE or DEALLOCATE of it is refused before it runs', async () => {
    const pid = await alice('PREPARE secret_lookup AS SELECT email FROM customers; SELECT pg_backend_pid()');
    assert.deepEqual(await probe('PREPARE secret_lookup AS SELECT 1; SELECT pg_backend_pid()'), { pid, seen: [] });
    for (const sql of ['EXECUTE secret_lookup', 'DEALLOCATE secret_lookup', 'EXPLAIN EXECUTE secret_lookup']) {
      const refusal = refusalOf(await call(bob, sql));
      assert.equal(refusal?.code, 'invalid_arguments', sql);
      assert.match(refusal?.message ?? '', /prepared statement secret_lookup\b.*not (created|prepared) in this call/, sql);
    }
    // What the same call creates, it may use.
    assert.deepEqual(await rows(bob, 'PREPARE mine AS SELECT 2 AS n; EXECUTE mine'), [[2]]);
    assert.deepEqual(await rows(bob, 'DECLARE mine CURSOR FOR SELECT 3 AS n; FETCH ALL FROM mine'), [[3]]);
  });

  it('the random() seed alice set does not decide bob\'s random numbers', async () => {
    const pid = await alice('SELECT setseed(0.42); SELECT pg_backend_pid()');
    const { pid: bobPid, seen } = await probe('SELECT pg_backend_pid(), random()');
    assert.equal(bobPid, pid);
    assert.notEqual(seen[0], seeded, 'bob drew the number that follows alice\'s seed');
  });

  it('settings alice changed are back to their defaults, and the read pool is still read-only', async () => {
    const pid = await alice("SET gatehouse_test.note = 'from alice'; SET datestyle = 'SQL, DMY'; SET application_name = 'alice'; SELECT pg_backend_pid()");
    assert.deepEqual(
      await probe("SELECT pg_backend_pid(), coalesce(current_setting('gatehouse_test.note', true), ''), current_setting('datestyle'), current_setting('application_name'), current_setting('default_transaction_read_only')"),
      { pid, seen: ['', (await db.query<{ style: string }>("SELECT current_setting('datestyle') AS style"))[0]?.style, 'gatehouse:shop', 'on'] },
    );
  });

  it('temporary tables, views and functions are gone', async () => {
    const pid = await alice(
      'CREATE TEMP TABLE alice_notes AS SELECT email FROM customers; CREATE TEMP VIEW alice_view AS SELECT * FROM alice_notes; ' +
        'CREATE FUNCTION pg_temp.alice_fn() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; SELECT pg_backend_pid()',
    );
    const again =
      'CREATE TEMP TABLE alice_notes (x int); CREATE TEMP VIEW alice_view AS SELECT 1 AS x; ' +
      'CREATE FUNCTION pg_temp.alice_fn() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$; SELECT pg_backend_pid()';
    assert.deepEqual(await probe(again), { pid, seen: [] });
  });

  it('advisory locks are released, LISTEN is undone, sequence values are forgotten', async () => {
    const pid = await alice("SELECT pg_advisory_lock(4242); LISTEN alice_channel; SELECT nextval('orders_id_seq'); SELECT pg_backend_pid()");
    // The cleaning runs after alice's answer; the next call on her connection comes after it.
    assert.deepEqual(await probe(onWritePool('SELECT pg_backend_pid(), (SELECT count(*)::int FROM pg_listening_channels())')), { pid, seen: [0] });
    assert.equal(await advisoryLocks(pid), 0);
    const lastval = refusalOf(await call(bob, onWritePool('SELECT lastval()')));
    assert.equal(lastval?.code, 'sql_error');
    assert.match(lastval?.message ?? '', /lastval is not yet defined in this session/);
  });

  it('a call that fails leaves nothing either: prepared statements, session locks and the seed outlive its rollback', async () => {
    // PREPARE, setseed and session-level advisory locks are not transactional: ROLLBACK keeps them.
    const readPid = await alice('SELECT pg_backend_pid()');
    const failedRead = refusalOf(await call(gh.client, 'PREPARE after_failure AS SELECT email FROM customers; SELECT 1/0'));
    assert.equal(failedRead?.code, 'sql_error');
    assert.deepEqual(await probe('PREPARE after_failure AS SELECT 1; SELECT pg_backend_pid()'), { pid: readPid, seen: [] });
    const failedSeed = refusalOf(await call(gh.client, 'SELECT setseed(0.42); SELECT 1/0'));
    assert.equal(failedSeed?.code, 'sql_error');
    const { pid, seen } = await probe('SELECT pg_backend_pid(), random()');
    assert.equal(pid, readPid);
    assert.notEqual(seen[0], seeded, 'bob drew the number that follows the seed of a failed call');

    const writePid = await alice(onWritePool('SELECT pg_backend_pid()'));
    const failedWrite = refusalOf(await call(gh.client, 'SELECT pg_advisory_lock(4343); SELECT 1/0'));
    assert.equal(failedWrite?.code, 'sql_error');
    assert.equal(await advisoryLocks(writePid), 0);
    assert.equal(await alice(onWritePool('SELECT pg_backend_pid()')), writePid, 'the write pool kept its connection');
  });

  it('kept serving without a crash', () => {
    assertNoCrash(gh.logs());
  });
});

describe('a session that cannot be cleaned after a call', () => {
  // The cleanup of a read ends its READ ONLY transaction, then discards the session: either may fail.
  for (const [failing, fails] of [
    ['DISCARD ALL fails', (sql: unknown) => sql === 'DISCARD ALL'],
    ['the COMMIT that ends its read fails', (sql: unknown) => typeof sql === 'string' && sql.startsWith('COMMIT;')],
  ] as const) {
    it(`is closed, not pooled, and the call's answer is still given: ${failing}`, async () => {
      await assertClosedWhen(fails);
    });
  }

  // A call that failed is rolled back and its session discarded: either may fail too.
  for (const [failing, fails] of [
    ['DISCARD ALL fails after a call that failed', (sql: unknown) => sql === 'DISCARD ALL'],
    ['the ROLLBACK after a call that failed fails', (sql: unknown) => typeof sql === 'string' && sql.startsWith('ROLLBACK;')],
  ] as const) {
    it(`is closed, not pooled, and the call's own error is given: ${failing}`, async () => {
      const pack = await startPackHarness({ timeoutMs: 5000, maxRows: 100, maxBytes: 65536 });
      const uncleanable = pack.open();
      let connects = 0;
      uncleanable.pool(true).on('connect', (client: pg.PoolClient) => {
        connects++;
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: unknown }).query = (...args: unknown[]) => (fails(args[0]) ? Promise.reject(new Error('cannot clean')) : query(...args));
      });
      try {
        assert.equal((await pack.refusal('SELECT 1/0', { on: uncleanable })).code, 'sql_error');
        assert.equal(connects, 1);
        await pack.refusal('SELECT 1/0', { on: uncleanable });
        assert.equal(connects, 2, 'a client that could not be cleaned after a failure was pooled');
      } finally {
        await uncleanable.close();
        await pack.close();
      }
    });
  }

  async function assertClosedWhen(fails: (sql: unknown) => boolean): Promise<void> {
    const pack = await startPackHarness({ timeoutMs: 5000, maxRows: 100, maxBytes: 65536 });
    const failCleanup = (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => (fails(args[0]) ? Promise.reject(new Error('cannot clean')) : query(...args));
    };
    const uncleanable = pack.open();
    uncleanable.pool(true).on('connect', failCleanup);
    try {
      const [answer, first] = (await pack.run("SELECT 'still answered', pg_backend_pid()", { on: uncleanable })).rows[0] as unknown[];
      assert.equal(answer, 'still answered');
      const [, second] = (await pack.run("SELECT 'still answered', pg_backend_pid()", { on: uncleanable })).rows[0] as unknown[];
      assert.notEqual(second, first, 'a client that could not be cleaned was pooled');
    } finally {
      await uncleanable.close();
      await pack.close();
    }
  }
});

describe('the cleanup that runs after a call\'s answer', () => {
  it('does not hold the answer back, and no later call is lent the session before it is done', async () => {
    const pack = await startPackHarness({ timeoutMs: 5000, maxRows: 100, maxBytes: 65536 });
    let discarding: (() => void) | undefined;
    const discarded = new Promise<void>((resolve) => (discarding = resolve));
    let held: (() => void) | undefined;
    // The first DISCARD ALL waits until the test lets it go; it is then sent as it was.
    const holdDiscard = (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
        if (args[0] !== 'DISCARD ALL' || held) return query(...args);
        discarding?.();
        return new Promise<void>((resolve) => (held = resolve)).then(() => query(...args));
      };
    };
    const conn = pack.open();
    // A session setting makes a call a write: both calls run on the pool for writes.
    conn.pool(false).on('connect', holdDiscard);
    try {
      const [first] = (await pack.run("SELECT pg_backend_pid(), set_config('application_name', 'alice-left-this', false)", { on: conn })).rows[0] as unknown[];
      await discarded;
      let secondDone = false;
      const second = pack.run("NOTIFY gatehouse_probe; SELECT pg_backend_pid(), current_setting('application_name')", { on: conn }).then((r) => {
        secondDone = true;
        return r;
      });
      // The first answer came while its cleanup is held; the only pooled client is not lent meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(secondDone, false, 'a call was lent a session whose cleanup had not finished');
      held?.();
      const [pid, name] = (await second).rows[0] as unknown[];
      assert.equal(pid, first, 'the second call ran on another backend, so the test proves nothing');
      assert.notEqual(name, 'alice-left-this');
    } finally {
      held?.();
      await conn.close();
      await pack.close();
    }
  });
});
