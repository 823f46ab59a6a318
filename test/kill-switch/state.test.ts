// A replica's kill switch state on a real SQLite store: a change read from the store stops exactly
// the calls it covers and refuses their principal's or session's new ones; the first read must
// succeed; and a replica that can no longer read keeps its last state until `maxStale`, then
// refuses every call (fail closed). The clock is the test's, so nothing here depends on timing.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { KillSwitchStop, startKillSwitch } from '../../src/kill-switch/state.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const logger = pino({ level: 'silent' });
const settings = { pollMs: 60_000, maxStaleMs: 30_000 };
const freshStore = () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-kill-')), 'store.db'));
const at = new Date().toISOString();

describe('kill switch state', () => {
  it('stops the calls a change covers, and only those, and refuses new ones', async () => {
    const store = freshStore();
    const kill = await startKillSwitch(store, settings, logger);
    const p1s1 = kill.track('p1', 's1');
    const p2s2 = kill.track('p2', 's2');
    const p2s3 = kill.track('p2', 's3');
    await store.addRevocation({ kind: 'principal', id: 'p1', by: 'olga', reason: 'r', at });
    await store.addRevocation({ kind: 'session', id: 's2', by: 'olga', reason: '', at });
    await kill.refresh();

    const reason = p1s1.signal.reason as KillSwitchStop;
    assert.ok(reason instanceof KillSwitchStop);
    assert.equal(reason.refusal.code, 'principal_suspended');
    assert.equal(reason.revocation.by, 'olga');
    assert.equal((p2s2.signal.reason as KillSwitchStop).refusal.code, 'session_ended');
    assert.equal(p2s3.signal.aborted, false);
    assert.equal(kill.refusal('p1', 'new')?.code, 'principal_suspended');
    assert.equal(kill.refusal('p2', 's2')?.code, 'session_ended');
    assert.equal(kill.refusal('p2', 's3'), undefined);

    await store.removeRevocation('principal', 'p1');
    await kill.refresh();
    assert.equal(kill.refusal('p1', 'new'), undefined);
    for (const t of [p1s1, p2s2, p2s3]) t.done();
    kill.close();
    await store.close();
  });

  it('does not start without a first read, and refuses every call once the state is older than maxStale', async () => {
    const closed = freshStore();
    await closed.close();
    await assert.rejects(startKillSwitch(closed, settings, logger));

    let now = 1_000_000;
    const store = freshStore();
    const kill = await startKillSwitch(store, settings, logger, () => now);
    await store.close();
    await kill.refresh();
    now += settings.maxStaleMs;
    assert.equal(kill.refusal('p2', 's3'), undefined, 'the last state read still holds');
    now += 1;
    assert.equal(kill.refusal('p2', 's3')?.code, 'kill_switch_unavailable');
    kill.close();
  });
});
