// The recorder: the one way events reach the store. Strings are scrubbed before they are written;
// a call's outcome survives a store that is away for a moment (retried, appended only if the store
// does not have it yet, since a failed write may have committed); past the retry window, or for an
// event that belongs to no call, the failure is reported, never swallowed.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AuditEventInput } from '../../src/audit/events.ts';
import { createRecorder, OUTCOME_RETRY_MS } from '../../src/audit/recorder.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { AppendOptions, Store } from '../../src/store/store.ts';

const stores: Store[] = [];
after(async () => {
  for (const store of stores) await store.close();
});

/** A real SQLite store whose next `failures` appends fail; `commitThenFail` makes a failing append commit first. */
function flakyStore(failures: number, commitThenFail = false) {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-recorder-')), 'a.db'));
  stores.push(store);
  const calls: Array<AppendOptions | undefined> = [];
  let left = failures;
  const append: Store['append'] = async (events, options) => {
    calls.push(options);
    if (left > 0) {
      left--;
      if (commitThenFail) await store.append(events, options);
      throw new Error(`store away (${left} more)`);
    }
    return store.append(events, options);
  };
  return { store: { ...store, append } as Store, real: store, calls };
}

const outcome = (callId?: string): AuditEventInput[] => [
  { type: 'call.result', session: 's', ...(callId ? { callId } : {}), principal: 'p', tool: 't', data: { note: 'token hunter2 here' } },
];

describe('recorder', () => {
  it('scrubs every string of an event before it is written, and says when it is durable', async () => {
    const { store, real } = flakyStore(0);
    let durable = 0;
    const record = createRecorder(store, (text) => text.replaceAll('hunter2', '[secret]'), () => durable++);
    const [event] = await record(outcome('c-1'));
    assert.deepEqual(event?.data, { note: 'token [secret] here' });
    assert.deepEqual((await real.events()).map((e) => e.data), [{ note: 'token [secret] here' }]);
    assert.equal(durable, 1);
  });

  it('passes the append options through', async () => {
    const { store, real, calls } = flakyStore(0);
    const record = createRecorder(store, (t) => t);
    await record(outcome('c-1'));
    assert.deepEqual(await record(outcome('c-1'), { unlessRecorded: { callId: 'c-1', type: 'call.result' } }), []);
    assert.deepEqual(calls, [undefined, { unlessRecorded: { callId: 'c-1', type: 'call.result' } }]);
    assert.equal((await real.events()).length, 1);
  });

  it('retries an outcome while the store is away, only if it is not recorded yet', async () => {
    const { store, real, calls } = flakyStore(2);
    let durable = 0;
    await createRecorder(store, (t) => t, () => durable++).outcome(outcome('c-2'));
    assert.deepEqual(calls, [undefined, { unlessRecorded: { callId: 'c-2', type: 'call.result' } }, { unlessRecorded: { callId: 'c-2', type: 'call.result' } }]);
    assert.equal((await real.events()).length, 1);
    assert.equal(durable, 1);
  });

  it('records an outcome once when a write that failed here had committed there', async () => {
    const { store, real } = flakyStore(1, true);
    await createRecorder(store, (t) => t).outcome(outcome('c-3'));
    assert.deepEqual((await real.events()).map((e) => e.callId), ['c-3']);
  });

  it('gives up once the window has passed, reporting the first failure', async () => {
    const { store, real, calls } = flakyStore(1000);
    await assert.rejects(createRecorder(store, (t) => t, undefined, 250).outcome(outcome('c-4')), { message: 'store away (999 more)' });
    // 100 ms, then 200 ms would pass the 250 ms window: one retry.
    assert.equal(calls.length, 2);
    assert.equal((await real.events()).length, 0);
  });

  it('does not retry an event that belongs to no call, nor an empty outcome', async () => {
    const { store, calls } = flakyStore(2);
    await assert.rejects(createRecorder(store, (t) => t).outcome(outcome()), { message: 'store away (1 more)' });
    await assert.rejects(createRecorder(store, (t) => t).outcome([]), { message: 'store away (0 more)' });
    assert.equal(calls.length, 2);
  });

  it('doubles its pause after each failed retry, so three failures fit a window of 1.5 s', async () => {
    // Pauses of 100, 200 and 400 ms: 700 ms before the fourth attempt, which succeeds.
    const { store, real, calls } = flakyStore(3);
    await createRecorder(store, (t) => t, undefined, 1500).outcome(outcome('c-5'));
    assert.equal(calls.length, 4);
    assert.deepEqual((await real.events()).map((e) => e.callId), ['c-5']);
  });

  it('retries on the last event of an outcome of several, by its own type', async () => {
    const { store, real, calls } = flakyStore(1);
    const events: AuditEventInput[] = [
      { type: 'approval.executed', session: 's', callId: 'c-6', principal: 'p', tool: 't', data: { approvalId: 'a-1' } },
      { type: 'call.error', session: 's', callId: 'c-6', principal: 'p', tool: 't', data: { code: 'x' } },
    ];
    await createRecorder(store, (t) => t).outcome(events);
    assert.deepEqual(calls, [undefined, { unlessRecorded: { callId: 'c-6', type: 'call.error' } }]);
    assert.deepEqual((await real.events()).map((e) => e.type), ['approval.executed', 'call.error']);
  });

  it('retries for ten seconds by default', () => {
    assert.equal(OUTCOME_RETRY_MS, 10_000);
  });
});
