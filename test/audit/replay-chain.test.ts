// A store insider who edits what an auditor will replay: a result rewritten in place, rewritten and
// re-hashed, a call removed from the session, or another session's event after it edited. `gatehouse
// replay` holds the session to the chain, from its first event to the head, read from the store and
// through the server's people API alike: it says before anything else that the chain does not vouch
// for what follows, and exits 1. Decoys: an untouched store, and an edit before the session began,
// which the session's replay does not rest on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { canonicalJson } from '../../src/audit/canonical.ts';
import { hashEvent } from '../../src/audit/chain.ts';
import type { AuditEvent, AuditEventInput } from '../../src/audit/events.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';
import { people, servePeopleApi } from '../fixtures/people.ts';

const call = (session: string, id: string, text: string): AuditEventInput[] => [
  { type: 'call.requested', session, callId: id, principal: 'agent-1', tool: 'postgres_query', target: 'shop', data: { args: { connection: 'shop', sql: 'SELECT note FROM orders' } } },
  { type: 'call.result', session, callId: id, principal: 'agent-1', tool: 'postgres_query', target: 'shop', data: { result: { content: [{ text }] } } },
];

const auditor = people({ id: 'ivy', groups: ['auditors'] });

/** A store with an earlier session, then s1's calls interleaved with s2's. */
async function recorded(extra: Record<string, unknown> = {}) {
  const written = writeConfig({ identity: { cli: { id: 'dana', groups: ['auditors'] }, apiKeys: auditor.apiKeys }, ...extra });
  const store = openSqliteStore(written.storeFile);
  await store.append(call('s0', 'z0', 'before it all'));
  await store.append([{ type: 'session.started', session: 's1', principal: 'agent-1', data: { transport: 'stdio', client: 'cli-test' } }]);
  for (let i = 0; i < 3; i++) {
    await store.append(call('s1', `a${i}`, `dropped the staging table ${i}`));
    await store.append(call('s2', `b${i}`, `other work ${i}`));
  }
  const events = await store.events({ limit: 1000 });
  await store.close();
  return { ...written, events };
}

const resultOf = (events: AuditEvent[], callId: string) => events.find((e) => e.callId === callId && e.type === 'call.result') as AuditEvent;

/** Rewrites an event's data in the store, and its hash too when asked, as someone with the store's credentials would. */
function rewrite(file: string, event: AuditEvent, text: string, rehash: boolean) {
  const data = { result: { content: [{ text }] } };
  const { hash: _hash, data: _data, ...meta } = event;
  const db = new Database(file);
  db.prepare('UPDATE audit_events SET data = ? WHERE seq = ?').run(JSON.stringify(data), event.seq);
  if (rehash) db.prepare('UPDATE audit_events SET hash = ? WHERE seq = ?').run(hashEvent(meta, canonicalJson(data)), event.seq);
  db.close();
}

const replay = (storeFile: string, format = 'text') => runCli(['replay', 's1', '--store', storeFile, '--format', format]);

describe('replay holds a session to the audit chain', () => {
  it('decoy: an untouched session replays with exit 0 and no warning', async () => {
    const { storeFile } = await recorded();
    const run = await replay(storeFile);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /WARNING/);
    assert.match(run.stdout, /dropped the staging table 1/);
    const json = await replay(storeFile, 'json');
    assert.equal((JSON.parse(json.stdout) as { chain: { ok: boolean } }).chain.ok, true);
  });

  it('warns first and exits 1 when a result the agent saw was rewritten in the store', async () => {
    const { storeFile, events } = await recorded();
    const edited = resultOf(events, 'a1');
    rewrite(storeFile, edited, 'listed the staging table', false);
    const run = await replay(storeFile);
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`^WARNING: the audit chain does not vouch for this session, at event ${edited.seq}: event content does not match its hash`));
    const json = await replay(storeFile, 'json');
    assert.equal(json.code, 1);
    assert.deepEqual((JSON.parse(json.stdout) as { chain: { ok: boolean; seq: number } }).chain.seq, edited.seq);
  });

  it('warns when the rewritten event was re-hashed to match, at the event after it', async () => {
    const { storeFile, events } = await recorded();
    const edited = resultOf(events, 'a0');
    rewrite(storeFile, edited, 'listed the staging table', true);
    const run = await replay(storeFile);
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`^WARNING: .* at event ${edited.seq + 1}: link to the previous event is broken`));
  });

  it('warns when a call was removed from the session', async () => {
    const { storeFile, events } = await recorded();
    const gone = events.filter((e) => e.callId === 'a2').map((e) => e.seq);
    const db = new Database(storeFile);
    db.exec(`DELETE FROM audit_events WHERE seq IN (${gone.join(', ')})`);
    db.close();
    const run = await replay(storeFile);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^WARNING: the audit chain does not vouch for this session/);
    assert.doesNotMatch(run.stdout, /dropped the staging table 2/);
  });

  it('warns when another session’s event after the session began was edited, and not for one before it', async () => {
    const later = await recorded();
    rewrite(later.storeFile, resultOf(later.events, 'b0'), 'x', false);
    assert.equal((await replay(later.storeFile)).code, 1);
    const earlier = await recorded();
    rewrite(earlier.storeFile, resultOf(earlier.events, 'z0'), 'x', false);
    const run = await replay(earlier.storeFile);
    assert.equal(run.code, 0, run.stdout);
    assert.doesNotMatch(run.stdout, /WARNING/);
  });

  it('warns the same through the server’s people API', async () => {
    const { configFile, storeFile, events } = await recorded();
    rewrite(storeFile, resultOf(events, 'a1'), 'listed the staging table', false);
    const api = await servePeopleApi(configFile);
    try {
      const run = await auditor.cli(api.origin, 'ivy', ['replay', 's1']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^WARNING: the audit chain does not vouch for this session, at event \d+: event content does not match its hash/);
    } finally {
      await api.stop();
    }
  });
});
