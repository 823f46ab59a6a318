// `gatehouse audit prune` and `gatehouse audit verify` as an operator runs them: the cutoff from the
// flag or from audit.retentionDays, a dry run, the pruned chain verifying with its pruned range
// named, a deleted tail failing verify, and sessions and replay after their early events went.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { AuditEventInput } from '../../src/audit/events.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';

const call = (session: string, id: string, sql: string): AuditEventInput[] => [
  { type: 'call.requested', session, callId: id, principal: 'agent-1', tool: 'postgres_query', target: 'shop', data: { args: { connection: 'shop', sql } } },
  { type: 'call.decided', session, callId: id, principal: 'agent-1', tool: 'postgres_query', target: 'shop', data: { effect: 'allow', rules: [], reason: 'reads' } },
  { type: 'call.result', session, callId: id, principal: 'agent-1', tool: 'postgres_query', target: 'shop', data: { result: { content: [{ text: `rows of ${sql}` }] } } },
];

/** A config (identity.cli dana) whose store holds two sessions of three calls each. */
async function configWithCalls(extra: Record<string, unknown> = {}) {
  const written = writeConfig({ identity: { cli: { id: 'dana', groups: ['dba'] } }, ...extra });
  const store = openSqliteStore(written.storeFile);
  await store.append([{ type: 'session.started', session: 's1', principal: 'agent-1', data: { transport: 'stdio', client: 'cli-test' } }]);
  for (let i = 0; i < 3; i++) await store.append(call('s1', `a${i}`, `SELECT ${i}`));
  await store.close();
  return written;
}

describe('gatehouse audit prune', () => {
  it('needs a cutoff and a readable duration (exit 2)', async () => {
    const { configFile } = await configWithCalls();
    const none = await runCli(['audit', 'prune', '--config', configFile]);
    assert.deepEqual([none.code, /needs a cutoff: pass --older-than \(e\.g\. 30d\) or set audit\.retentionDays/.test(none.stderr)], [2, true]);
    const bad = await runCli(['audit', 'prune', '--config', configFile, '--older-than', 'a while']);
    assert.deepEqual([bad.code, /--older-than takes a duration such as 30d/.test(bad.stderr)], [2, true]);
  });

  it('takes audit.retentionDays as the cutoff and finds nothing that old', async () => {
    const { configFile } = await configWithCalls({ audit: { retentionDays: 30 } });
    const run = await runCli(['audit', 'prune', '--config', configFile]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^nothing to prune: no events older than \d{4}-\d\d-\d\dT/);
  });

  it('prunes after a dry run; verify names the pruned range, and later fails on a deleted tail', async () => {
    const { configFile, storeFile } = await configWithCalls();
    const dry = await runCli(['audit', 'prune', '--config', configFile, '--older-than', '0d', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^would prune 10 events \(1\.\.10, up to the last one older than .*\); nothing was removed \(dry run\)/);

    const pruned = await runCli(['audit', 'prune', '--config', configFile, '--older-than', '0d']);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /^pruned 10 events \(1\.\.10, .*\); the chain now starts at event 11, anchored by the audit\.pruned event 11/);

    const store = openSqliteStore(storeFile);
    const [event] = await store.events();
    const [anchor] = await store.auditAnchors();
    await store.append(call('s2', 'b0', 'SELECT 9'));
    await store.close();
    assert.deepEqual([event?.type, event?.principal, event?.session], ['audit.pruned', 'dana', 'audit-retention']);

    const verified = await runCli(['audit', 'verify', '--config', configFile]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(verified.stdout.trim(), `audit chain ok: 4 events (events 1..10 pruned at ${anchor?.time}), head ${(await lastHash(storeFile)).slice(0, 16)} at event 14`);

    deleteNewest(storeFile);
    const broken = await runCli(['audit', 'verify', '--store', storeFile]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /audit chain BROKEN at event 14: the newest event is missing: the head is at 14, the chain ends at 13/);
  });

  it('lists and replays a session whose early events were pruned', async () => {
    const { configFile, storeFile } = await configWithCalls();
    const store = openSqliteStore(storeFile);
    const [last] = (await store.events()).slice(-1);
    while (new Date().toISOString() <= (last?.time ?? '')) await sleep(2);
    const [kept] = await store.append(call('s1', 'a9', 'SELECT 42'));
    await store.pruneEvents(kept?.time ?? '');
    await store.close();

    const sessions = await runCli(['sessions', 'list', '--config', configFile, '--format', 'json']);
    assert.equal(sessions.code, 0, sessions.stderr);
    const s1 = (JSON.parse(sessions.stdout) as Array<{ id: string; calls: number }>).find((s) => s.id === 's1');
    assert.equal(s1?.calls, 1);

    const replay = await runCli(['replay', 's1', '--config', configFile]);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /SELECT 42/);
    assert.match(replay.stdout, /agent saw\s+│ rows of SELECT 42/);
    assert.doesNotMatch(replay.stdout, /SELECT 0/);
  });
});

async function lastHash(storeFile: string): Promise<string> {
  const store = openSqliteStore(storeFile);
  const head = await store.auditHead();
  await store.close();
  return head.hash;
}

/** Deletes the newest event the way a tamperer would: straight in the file, the head left alone. */
function deleteNewest(storeFile: string): void {
  const db = new Database(storeFile);
  db.exec('DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)');
  db.close();
}
