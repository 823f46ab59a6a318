// The audit chain catches every kind of tampering: an edited, deleted, inserted or reordered event.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { verifyChain } from '../../src/audit/chain.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

async function filledStore() {
  const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-chain-')), 'audit.db');
  const store = openSqliteStore(file);
  for (let i = 0; i < 5; i++) {
    await store.append([
      { type: 'call.requested', session: 's1', callId: `c${i}`, principal: 'ann', tool: 'postgres_query', data: { args: { sql: `SELECT ${i}` } } },
      { type: 'call.decided', session: 's1', callId: `c${i}`, principal: 'ann', tool: 'postgres_query', target: 'shop', data: { effect: 'allow', nested: { b: 1, a: [1, 'x', null] } } },
    ]);
  }
  await store.close();
  return file;
}

async function check(file: string) {
  const store = openSqliteStore(file);
  try {
    return await verifyChain(store.allEvents());
  } finally {
    await store.close();
  }
}

function tamper(file: string, sql: string) {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

describe('audit hash chain', () => {
  it('verifies an untouched store', async () => {
    const result = await check(await filledStore());
    assert.deepEqual(result.ok && result.count, 10);
  });

  it('catches an edited event', async () => {
    const file = await filledStore();
    tamper(file, `UPDATE audit_events SET data = replace(data, '"allow"', '"deny"') WHERE seq = 4`);
    const result = await check(file);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.seq, 4);
    assert.match(!result.ok ? result.problem : '', /edited/);
  });

  it('catches an edited principal', async () => {
    const file = await filledStore();
    tamper(file, `UPDATE audit_events SET principal = 'mallory' WHERE seq = 7`);
    const result = await check(file);
    assert.equal(!result.ok && result.seq, 7);
  });

  // Each column is a field the hash must cover: a time moved, a call moved to another session or target.
  for (const [column, value] of [
    ['time', '2000-01-01T00:00:00.000Z'],
    ['type', 'call.result'],
    ['session', 's2'],
    ['call_id', 'c9'],
    ['tool', 'ssh_exec'],
    ['target', 'other'],
  ] as const) {
    it(`catches an edited ${column}`, async () => {
      const file = await filledStore();
      tamper(file, `UPDATE audit_events SET ${column} = '${value}' WHERE seq = 6`);
      const result = await check(file);
      assert.equal(!result.ok && result.seq, 6);
      assert.match(!result.ok ? result.problem : '', /edited/);
    });
  }

  it('catches a deleted event', async () => {
    const file = await filledStore();
    tamper(file, 'DELETE FROM audit_events WHERE seq = 5');
    const result = await check(file);
    assert.equal(!result.ok && result.seq, 6);
    assert.match(!result.ok ? result.problem : '', /removed, inserted or reordered/);
  });

  it('catches an inserted event', async () => {
    const file = await filledStore();
    tamper(file, 'UPDATE audit_events SET seq = seq + 100 WHERE seq >= 4; UPDATE audit_events SET seq = seq - 99 WHERE seq >= 104');
    tamper(file, `INSERT INTO audit_events SELECT 4, time, type, session, 'forged', principal, tool, target, data, hash, hash FROM audit_events WHERE seq = 3`);
    const result = await check(file);
    assert.equal(!result.ok && result.seq, 4);
  });

  it('catches reordered events', async () => {
    const file = await filledStore();
    tamper(file, 'UPDATE audit_events SET seq = -seq WHERE seq IN (2, 3); UPDATE audit_events SET seq = 3 WHERE seq = -2; UPDATE audit_events SET seq = 2 WHERE seq = -3');
    const result = await check(file);
    assert.equal(!result.ok && result.seq, 2);
  });

  it('keeps the chain across store reopenings and concurrent appends', async () => {
    const file = await filledStore();
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append([{ type: 'call.requested', session: 's2', data: { i } }])));
    await a.close();
    await b.close();
    const result = await check(file);
    assert.deepEqual(result.ok && result.count, 30);
  });
});
