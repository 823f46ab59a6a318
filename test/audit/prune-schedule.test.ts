// The server's own prune (audit.retentionDays): it runs soon after start and then on every interval,
// with the cutoff the retention gives, records itself as gatehouse, logs what it removed, and logs a
// failure without stopping. Real SQLite store and real pino logger; the intervals are shortened, and
// the store is reached through a view whose clock runs far ahead so that today's events are old.
// With checkpoints on, the prune is followed by a checkpoint of the new head at once, so `gatehouse
// audit verify --checkpoints` stays ok with nothing unanchored, long before the next interval.
// The default timing (a minute or two after start, then daily) and stop run on mocked timers.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { rawPublicKey } from '../../src/audit/checkpoint.ts';
import { scheduleCheckpoints } from '../../src/audit/checkpointer.ts';
import { DAY_MS, scheduleRetention } from '../../src/audit/retention.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { createLogger } from '../../src/server/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { AuditLog, Store } from '../../src/store/store.ts';
import { runCli } from '../fixtures/gatehouse.ts';

const FAR_FUTURE = '9999-01-01T00:00:00.000Z';

function capturedLogger() {
  const lines: Array<{ level: number; msg: string; removed?: number; err?: { message: string } }> = [];
  return { lines, logger: createLogger('info', (text) => text, { write: (line) => void lines.push(JSON.parse(line)) }) };
}

/** The store's prune, asked with the cutoff the schedule computed, run as if that day were far ahead. */
function aheadOfTime(store: Store, cutoffs: string[]): Pick<AuditLog, 'pruneEvents'> {
  return {
    pruneEvents(before, options) {
      cutoffs.push(before);
      return store.pruneEvents(FAR_FUTURE, options);
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await sleep(10);
  assert.ok(condition(), 'the schedule ran');
}

describe('audit retention schedule', () => {
  it('prunes soon after start and again on every interval, as gatehouse, logging what it removed', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-retention-')), 'audit.db'));
    await store.append(Array.from({ length: 5 }, (_, i) => ({ type: 'session.started' as const, session: `s${i}`, data: {} })));
    const { lines, logger } = capturedLogger();
    const cutoffs: string[] = [];
    const startedAt = Date.now();
    const schedule = scheduleRetention(aheadOfTime(store, cutoffs), 30, logger, { firstAfterMs: 0, everyMs: 5 });
    await until(() => lines.length >= 3);
    await schedule.stop();
    const ranAt = Date.now();

    const pruned = lines.filter((l) => l.msg === 'audit retention: pruned old events').map((l) => l.removed);
    // The first prune takes the five events; each later one the audit.pruned event before it.
    assert.deepEqual(pruned.slice(0, 3), [5, 1, 1]);
    const first = Date.parse(cutoffs[0] ?? '');
    assert.ok(first >= startedAt - 30 * DAY_MS && first <= ranAt - 30 * DAY_MS, `cutoff ${cutoffs[0]} is 30 days back`);
    const [event] = await store.events();
    assert.deepEqual([event?.type, event?.principal], ['audit.pruned', 'gatehouse']);
    const check = await verifyStore(store);
    assert.equal(check.ok, true);
    await store.close();
  });

  it('logs a failed prune and tries again at the next interval', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-retention-')), 'audit.db'));
    await store.close();
    const { lines, logger } = capturedLogger();
    const schedule = scheduleRetention(store, 30, logger, { firstAfterMs: 0, everyMs: 5 });
    await until(() => lines.length >= 2);
    await schedule.stop();
    assert.deepEqual(lines.slice(0, 2).map((l) => [l.level, l.msg]), [
      [50, 'audit retention: prune failed; the events stay until the next attempt'],
      [50, 'audit retention: prune failed; the events stay until the next attempt'],
    ]);
    assert.match(lines[0]?.err?.message ?? '', /database connection is not open/);
  });

  it('signs a checkpoint right after its prune, so audit verify against the checkpoints stays ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-retention-'));
    const storeFile = join(dir, 'audit.db');
    const checkpointsFile = join(dir, 'checkpoints.jsonl');
    const store = openSqliteStore(storeFile);
    await store.append(Array.from({ length: 5 }, (_, i) => ({ type: 'session.started' as const, session: `s${i}`, data: {} })));
    const { privateKey } = generateKeyPairSync('ed25519');
    const { lines, logger } = capturedLogger();
    // An interval no test reaches: every checkpoint here is the one the prune asked for.
    const checkpointer = scheduleCheckpoints(store, { key: privateKey, intervalMs: DAY_MS, chain: 'test', files: [checkpointsFile], webhooks: [] }, undefined, logger);
    const schedule = scheduleRetention(aheadOfTime(store, []), 30, logger, { firstAfterMs: 0, everyMs: DAY_MS }, checkpointer.now);
    await until(() => lines.some((l) => l.msg === 'audit retention: pruned old events'));
    await schedule.stop();
    const head = await store.auditHead();
    const run = await runCli(['audit', 'verify', '--store', storeFile, '--checkpoints', checkpointsFile, '--public-key', rawPublicKey(privateKey)]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^checkpoints ok: 1 matched; the newest, signed at .*, anchors events through ${head.seq}; 0 events after it unanchored$`, 'm'));
    await checkpointer.stop();
    await store.close();
  });

  it('prunes first a minute or two after start, spread at random, then once a day, and never after stop', async (t) => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-retention-')), 'audit.db'));
    await store.append(Array.from({ length: 5 }, (_, i) => ({ type: 'session.started' as const, session: `s${i}`, data: {} })));
    const { lines, logger } = capturedLogger();
    const cutoffs: string[] = [];
    let signed = 0;
    // Halfway through the spread: 60 s + 30 s.
    t.mock.method(Math, 'random', () => 0.5);
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const schedule = scheduleRetention(aheadOfTime(store, cutoffs), 30, logger, undefined, async () => void signed++);
    const prunes = async (ms: number) => {
      t.mock.timers.tick(ms);
      await settled();
      return cutoffs.length;
    };
    assert.equal(await prunes(89_999), 0);
    assert.equal(await prunes(1), 1);
    assert.deepEqual(lines.map((l) => [l.msg, l.removed]), [['audit retention: pruned old events', 5]]);
    assert.equal(signed, 1);
    assert.equal(await prunes(DAY_MS - 1), 1);
    assert.equal(await prunes(1), 2);
    assert.equal(signed, 2, 'each prune moved the anchor: the audit.pruned event before it was removed');
    await schedule.stop();
    assert.equal(await prunes(3 * DAY_MS), 2);
    await store.close();
  });

  it('logs what it removed: how many, through which event, before when', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-retention-')), 'audit.db'));
    const events = await store.append(Array.from({ length: 3 }, (_, i) => ({ type: 'session.started' as const, session: `s${i}`, data: {} })));
    const { lines, logger } = capturedLogger();
    const schedule = scheduleRetention(aheadOfTime(store, []), 30, logger, { firstAfterMs: 0, everyMs: DAY_MS });
    await until(() => lines.length >= 1);
    await schedule.stop();
    const { level, msg, removed, throughSeq, before } = lines[0] as (typeof lines)[number] & { throughSeq?: number; before?: string };
    assert.deepEqual({ level, msg, removed, throughSeq, before }, { level: 30, msg: 'audit retention: pruned old events', removed: 3, throughSeq: events[2]?.seq, before: FAR_FUTURE });
    await store.close();
  });

  it('says nothing and signs nothing when no event is old enough, and waits for a running prune at stop', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-retention-')), 'audit.db'));
    await store.append([{ type: 'session.started', session: 's0', data: {} }]);
    const { lines, logger } = capturedLogger();
    let asked = 0;
    let finished = 0;
    let signed = 0;
    const counting: Pick<AuditLog, 'pruneEvents'> = {
      async pruneEvents(before, options) {
        asked++;
        const result = await store.pruneEvents(before, options);
        await sleep(20);
        finished++;
        return result;
      },
    };
    const schedule = scheduleRetention(counting, 30, logger, { firstAfterMs: 0, everyMs: 5 }, async () => void signed++);
    await until(() => asked >= 3);
    await schedule.stop();
    assert.equal(finished, asked, 'stop returns once the prune it found running is done');
    const stoppedAt = asked;
    await sleep(50);
    assert.equal(asked, stoppedAt, 'no prune after stop');
    assert.deepEqual(lines, []);
    assert.equal(signed, 0);
    assert.equal((await store.events()).length, 1);
    await store.close();
  });
});

/** Lets the prune a mocked timer started finish: its store work runs on the real event loop. */
async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
