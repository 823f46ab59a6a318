// Which policy files each replica on one PostgreSQL store runs, end to end with real processes: both
// record theirs at start (with their replica id), a config edited under one replica alone makes
// `gatehouse policy replicas` name two different sets and exit 1, and the same edit under the other
// brings them together again (exit 0), whatever path each replica reads its files from.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import type { AuditEvent } from '../../src/audit/events.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/store.ts';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { until } from '../fixtures/until.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';

const reachable = await postgresReachable();
const POLICY = (effect: 'allow' | 'deny') => `default: deny\nrules:\n  - id: reads\n    match: { tools: [postgres_query] }\n    when: sql.readOnly\n    effect: ${effect}\n`;

describe('policy files across replicas', { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let a: RunningGatehouse;
  let b: RunningGatehouse;
  let store: Store;
  let env: Record<string, string>;
  let policies: string;

  const records = async (): Promise<AuditEvent[]> => (await store.events({ limit: 100_000 })).filter((e) => e.type === 'policy.reloaded');
  const replicasCommand = () => runCli(['policy', 'replicas', '--store', 'env:GATEHOUSE_STORE_URL'], env);
  /** Points a replica's config at the other policy file, written the way editors do (a temporary renamed over it). */
  const repoint = (replica: RunningGatehouse) => {
    const config = parse(readFileSync(replica.configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(`${replica.configFile}.tmp`, stringify({ ...config, policies: [join(policies, 'deny-reads.yaml')] }));
    renameSync(`${replica.configFile}.tmp`, replica.configFile);
  };

  before(async () => {
    storeDb = await createStoreDatabase();
    env = { GATEHOUSE_STORE_URL: storeDb.url };
    policies = mkdtempSync(join(tmpdir(), 'gatehouse-policies-'));
    writeFileSync(join(policies, 'allow-reads.yaml'), POLICY('allow'));
    writeFileSync(join(policies, 'deny-reads.yaml'), POLICY('deny'));
    const config = {
      identity: { http: { id: 'agent-1', groups: ['dev'] } },
      store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 2 } },
      policies: [join(policies, 'allow-reads.yaml')],
    };
    [a, b] = await Promise.all([startGatehouse(config, 'http', { env }), startGatehouse(config, 'http', { env })]);
    store = await openPostgresStore({ url: storeDb.url });
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop(), store?.close()]);
    await storeDb?.drop();
  });

  it('records each replica at start, names replicas that run different files, and sees them agree again', async () => {
    const started = await until('both replicas recording their files at start', async () => {
      const found = (await records()).filter((e) => e.data.trigger === 'start');
      return found.length === 2 ? found : undefined;
    });
    const ids = started.map((e) => String(e.data.replica));
    assert.notEqual(ids[0], ids[1], 'each replica has its own id');
    assert.deepEqual(started.map((e) => (e.data.files as unknown[]).length), [2, 2], 'the config file and the policy file');

    const same = await replicasCommand();
    assert.equal(same.code, 0, same.stderr);
    for (const id of ids) assert.ok(same.stdout.includes(id), same.stdout);
    assert.match(same.stdout, /every replica listed runs the same policy files/);

    repoint(a);
    const reloaded = await until('replica A reloading', async () => (await records()).find((e) => e.data.trigger === 'file change'));
    const differ = await replicasCommand();
    assert.equal(differ.code, 1, differ.stdout);
    assert.match(differ.stdout, /replicas run different policy files: 2 different sets/);
    assert.ok(differ.stdout.includes('deny-reads.yaml'), differ.stdout);

    repoint(b);
    await until('replica B reloading', async () => (await records()).find((e) => e.data.trigger === 'file change' && e.data.replica !== reloaded.data.replica));
    const agreed = await replicasCommand();
    assert.equal(agreed.code, 0, agreed.stdout);
    assert.match(agreed.stdout, /every replica listed runs the same policy files/);

    // The replay of the server's own reload session names each replica too.
    const replay = await runCli(['replay', 'server-reload', '--store', 'env:GATEHOUSE_STORE_URL'], env);
    assert.equal(replay.code, 0, replay.stderr);
    for (const id of ids) assert.ok(replay.stdout.includes(`policies in force at start on ${id}`), replay.stdout);
    assert.ok(replay.stdout.includes(`policies reloaded (file change) on ${String(reloaded.data.replica)}`), replay.stdout);
  });

  it('leaves out replicas last heard of before --since, and gives the same in --json', async () => {
    const all = await records();
    const newest = all.at(-1) as AuditEvent;
    const out = await runCli(['policy', 'replicas', '--store', 'env:GATEHOUSE_STORE_URL', '--since', newest.time, '--json'], env);
    assert.equal(out.code, 0, out.stderr);
    const shown = JSON.parse(out.stdout) as { replicas: Array<{ replica: string; trigger: string; files: unknown[] }>; same: boolean };
    assert.deepEqual(shown.replicas.map((r) => r.replica), [newest.data.replica]);
    assert.equal(shown.same, true);
    const bad = await runCli(['policy', 'replicas', '--store', 'env:GATEHOUSE_STORE_URL', '--since', 'yesterday'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since: "yesterday" is not an ISO date or time/);
  });
});
