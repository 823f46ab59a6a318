// The shared store suite on PostgreSQL, then what only the shared store has: versioned migrations
// that several replicas may run at once, refusal of a schema newer than the code, and a store URL
// whose password never shows in an error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
