// The shared store suite on PostgreSQL, then what only the shared store has: versioned migrations
// that several replicas may run at once, refusal of a schema newer than the code, and a store URL
// whose password never shows in an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyStore } from '../../src/audit/verify.ts';
import { MIGRATIONS } from '../../src/store/postgres-migrations.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { createStoreDatabase, postgresBackend, postgresReachable } from './places.ts';
import { storeCases } from './store.case.ts';

const reachable = await postgresReachable();

if (!reachable) {
  it.skip('PostgreSQL store suite: no PostgreSQL server (set PG_TEST_URL)');
} else {
  storeCases(postgresBackend);

  describe('postgres store: migrations', () => {
    it('records each version once, however many replicas start at once or later', async () => {
      const db = await createStoreDatabase();
      try {
        const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url: db.url, poolSize: 2 })));
        await Promise.all(stores.map((s) => s.close()));
        await (await openPostgresStore({ url: db.url })).close();
        const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
        const head = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_head');
        assert.equal(head[0]?.n, 1);
      } finally {
        await db.drop();
      }
    });

    it('adds the anchors table to a store from before retention, keeping its chain', async () => {
      const db = await createStoreDatabase();
      try {
        const store = await openPostgresStore({ url: db.url });
        await store.append([{ type: 'session.started', session: 's', data: {} }]);
        await store.close();
        await db.query("DROP TABLE audit_anchors; DELETE FROM schema_migrations WHERE version = 2");
        const upgraded = await openPostgresStore({ url: db.url });
        try {
          assert.deepEqual((await upgraded.auditAnchors()).length, 0);
          assert.equal((await upgraded.pruneEvents('9999-01-01T00:00:00.000Z'))?.removed, 1);
          const check = await verifyStore(upgraded);
          assert.deepEqual(check.ok && [check.count, check.pruned?.throughSeq], [1, 1]);
        } finally {
          await upgraded.close();
        }
      } finally {
        await db.drop();
      }
    });

    it('adds the store-side append to a store from before it, continuing its chain', async () => {
      const db = await createStoreDatabase();
      try {
        const store = await openPostgresStore({ url: db.url });
        await store.append([{ type: 'session.started', session: 's', data: {} }]);
        await store.close();
        await db.query('DROP FUNCTION gatehouse_audit_append; DELETE FROM schema_migrations WHERE version = 4');
        const upgraded = await openPostgresStore({ url: db.url });
        try {
          const [event] = await upgraded.append([{ type: 'call.requested', session: 's', data: {} }]);
          assert.equal(event?.seq, 2);
          const check = await verifyStore(upgraded);
          assert.deepEqual(check.ok && check.count, 2);
        } finally {
          await upgraded.close();
        }
      } finally {
        await db.drop();
      }
    });

    it('refuses a store migrated by a newer gatehouse', async () => {
      const db = await createStoreDatabase();
      try {
        await (await openPostgresStore({ url: db.url })).close();
        await db.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
        await assert.rejects(openPostgresStore({ url: db.url }), /schema is at version 999, newer than this gatehouse knows/);
      } finally {
        await db.drop();
      }
    });
  });

  describe('postgres store: the URL is a secret', () => {
    const password = 'pw-4f1d2c9e-never-shown';

    it('names host, port and database when it cannot connect, never the password', async () => {
      const error = await openPostgresStore({ url: `postgres://gatehouse:${password}@127.0.0.1:1/audit` }).then(
        () => assert.fail('opened a store on a closed port'),
        (e: Error) => e,
      );
      assert.match(error.message, /cannot open the PostgreSQL store at 127\.0\.0\.1:1\/audit/);
      assert.ok(!error.message.includes(password) && !String(error.stack).includes(password));
    });

    it('says what is wrong with a bad URL without quoting it', async () => {
      for (const url of [`mysql://u:${password}@h/db`, `postgres://u:${password}@h/db?sslmode=maybe`, `postgres://u:${password}@h/db?sslmode=constructor`, `postgres://u:${password}@h/db?options=x`, `not a url ${password}`]) {
        const error = await openPostgresStore({ url }).then(
          () => assert.fail(url),
          (e: Error) => e,
        );
        assert.match(error.message, /cannot open the PostgreSQL store: /);
        assert.ok(!error.message.includes(password), error.message);
      }
    });
  });
}
