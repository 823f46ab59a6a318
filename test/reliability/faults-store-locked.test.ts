// Fault: the SQLite store cannot be written. Another handle on the file holds its write lock past
// gatehouse's busy timeout, as a stuck second process (an operator's sqlite3 shell, the CLI) would.
// Without a durable write-ahead record nothing may run: the call is refused with a clear error and
// the target never sees the statement. Once the lock is gone, calls work and the chain is whole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { assertEveryCallSettled, outcomeOf } from './faults-audit.ts';
import { allowAllPolicy, errorOf, queryShop } from './faults-calls.ts';

describe('fault: the SQLite store is locked by another writer', () => {
  let target: TestDatabase;
  let gh: RunningGatehouse;

  const query = (sql: string) => queryShop(gh, sql);
  const marks = async () => (await target.query<{ label: string }>('SELECT label FROM fault_marks ORDER BY label')).map((r) => r.label);

  before(async () => {
    target = await createTestDatabase();
    await target.query('CREATE TABLE fault_marks (label text NOT NULL)');
    // Writes run without review here, so a refusal can only come from the store.
    gh = await startGatehouse({ identity: { stdio: { id: 'agent-1', groups: ['dev'] } }, connections: { shop: { type: 'postgres', url: target.url } }, policies: [allowAllPolicy()] }, 'stdio');
  });

  after(async () => {
    await gh?.stop();
    await target?.drop();
  });

  it('refuses a call while another handle holds the write lock, and the target never sees it', async () => {
    assert.equal((await query("INSERT INTO fault_marks VALUES ('before')")).isError, undefined);
    const holder = new Database(gh.storeFile);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = await query("INSERT INTO fault_marks VALUES ('locked')");
      assert.equal(errorOf(r).code, 'audit_failed', JSON.stringify(r));
      assert.equal(errorOf(r).message, 'the audit record could not be written, so the call was not executed');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    assert.deepEqual(await marks(), ['before']);
  });

  it('works again once the lock is gone, with every recorded call settled and the chain whole', async () => {
    assert.equal((await query("INSERT INTO fault_marks VALUES ('after')")).isError, undefined);
    assert.deepEqual(await marks(), ['after', 'before']);
    const store = openSqliteStore(gh.storeFile);
    try {
      const calls = await assertEveryCallSettled(store);
      assert.equal(outcomeOf(calls, "'after'").type, 'call.result');
      assert.equal(calls.filter((c) => c.args.includes('locked')).length, 0, 'the refused call left a half record');
    } finally {
      await store.close();
    }
  });
});
