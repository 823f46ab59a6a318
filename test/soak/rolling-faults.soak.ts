// Soak: sustained load with rolling faults (`npm run test:soak`; SOAK_SECONDS, default 120). A real
// gatehouse over HTTP with its PostgreSQL store and its target PostgreSQL each behind a TCP proxy,
// and a real sshd; 40 agents (an API key each) call a mix in a loop: reads, denied statements,
// writes the policy allows, statements past the time limit, bad arguments, shell commands. Every
// 10 s one fault in turn: the target link cut or stalled, the store link cut or stalled, sshd
// crashed and revived. Afterwards, with every link whole: each call has exactly one request and one
// outcome, the one the agent saw (or, refused as audit_failed, no record at all); no event twice;
// the chain verifies; every row the target holds has its recorded result; the server still answers
// and logged no crash.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/client';
import { connectAgent } from '../../bench/load-agents.ts';
import { verifyStore } from '../../src/audit/verify.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { startProxyFor, throughProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { refusalOf, type CallResult } from '../reliability/clean-answers.ts';
import { createStoreDatabase, postgresReachable, type TestStoreDatabase } from '../store/places.ts';
import { POSTGRES_KINDS, runAgent, SSH_KIND, type MadeCall } from './soak-agents.ts';
import { checkAudit } from './soak-audit.ts';
import { rollFaults } from './soak-faults.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const AGENTS = 40;
/** Codes that mean a stage of gatehouse broke; audit_failed is a fair answer here, with the store down. */
const BROKEN = new Set(['internal', 'classification_failed', 'policy_failed', 'masking_failed', 'error without code']);
const reachable = await postgresReachable();
const withSsh = sshdSkipReason() === undefined;

/** Writes are allowed without review (so a refusal comes from a fault), destructive statements denied. */
function soakPolicy(): string {
  const file = join(writeConfig({}).dir, 'soak.yaml');
  writeFileSync(
    file,
    ['default: allow', 'rules:', '  - id: soak-deny-destructive', '    match: { tools: [postgres_query] }', '    when: sql.destructive', '    effect: deny', '    reason: Destructive statements are not allowed.', ''].join('\n'),
  );
  return file;
}

const countBy = <T>(items: readonly T[], key: (item: T) => string) => items.reduce((m, item) => m.set(key(item), (m.get(key(item)) ?? 0) + 1), new Map<string, number>());
const show = (counts: Map<string, number>) => JSON.stringify(Object.fromEntries([...counts].sort()));

describe(`soak: ${AGENTS} agents for ${SECONDS} s with rolling faults`, { skip: !reachable && 'no PostgreSQL server (set PG_TEST_URL)' }, () => {
  let storeDb: TestStoreDatabase;
  let target: TestDatabase;
  let storeProxy: TcpProxy;
  let targetProxy: TcpProxy;
  let sshd: Sshd | undefined;
  let gh: RunningGatehouse;
  let made: MadeCall[] = [];
  let faults = new Map<string, number>();

  before(async () => {
    [storeDb, target] = await Promise.all([createStoreDatabase(), createTestDatabase()]);
    await target.query('CREATE TABLE soak_marks (label text NOT NULL)');
    [storeProxy, targetProxy] = await Promise.all([startProxyFor(storeDb.url), startProxyFor(target.url)]);
    if (withSsh) sshd = await startSshd();
    const keys = Array.from({ length: AGENTS }, () => generateApiKey());
    const ssh = sshd && { 'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey, connectTimeoutMs: 2000 } };
    gh = await startGatehouse(
      {
        identity: { apiKeys: keys.map((key, i) => ({ id: `agent-${i}`, groups: ['agents'], sha256: hashApiKey(key) })) },
        // A short store deadline: a stalled store refuses calls within a second instead of piling them up.
        store: { postgres: { url: 'env:GATEHOUSE_STORE_URL', poolSize: 10, queryTimeout: '1s' } },
        connections: { shop: { type: 'postgres', url: throughProxy(target.url, targetProxy), poolSize: 10, connectTimeout: 1500 }, ...ssh },
        policies: [soakPolicy()],
        limits: { timeout: '1s' },
      },
      'http',
      { env: { GATEHOUSE_STORE_URL: throughProxy(storeDb.url, storeProxy) }, token: keys[0] },
    );
    const url = new URL(gh.url as string);
    const clients: Client[] = await Promise.all(keys.map((key) => connectAgent(url, key)));
    const kinds = sshd ? [...POSTGRES_KINDS, SSH_KIND] : POSTGRES_KINDS;
    const deadline = Date.now() + SECONDS * 1000;
    try {
      const [injected, ...byAgent] = await Promise.all([rollFaults({ target: targetProxy, store: storeProxy, sshd }, deadline), ...clients.map((client, i) => runAgent(client, i, kinds, deadline))]);
      [faults, made] = [injected, byAgent.flat()];
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  after(async () => {
    await gh?.stop();
    await Promise.all([storeProxy?.close(), targetProxy?.close(), sshd?.stop()]);
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('answers every call with a result or a clear refusal, never a hang or a broken stage', (t) => {
    t.diagnostic(`${made.length} calls in ${SECONDS} s by ${AGENTS} agents; faults injected ${show(faults)}`);
    t.diagnostic(`outcomes ${show(countBy(made, (m) => m.seen))}`);
    for (const [kind] of countBy(made, (m) => m.kind.name)) t.diagnostic(`  ${kind}: ${show(countBy(made.filter((m) => m.kind.name === kind), (m) => m.seen))}`);
    const bad = made.filter((m) => m.seen.startsWith('thrown') || BROKEN.has(m.seen));
    assert.deepEqual(bad.map((m) => `${m.tag} ${m.kind.name}: ${m.seen}`).slice(0, 20), []);
    // The mix does what it claims: each kind got its own answer when no fault was in the way.
    for (const kind of new Set(made.map((m) => m.kind))) assert.ok(made.some((m) => m.kind === kind && m.seen === kind.expect), `no ${kind.name} call ever got ${kind.expect}`);
  });

  it('recorded each call once with the outcome the agent saw, no write unaudited, and the chain verifies', async (t) => {
    const store = await openPostgresStore({ url: storeDb.url });
    try {
      const chain = await verifyStore(store);
      assert.ok(chain.ok, `audit chain broken: ${JSON.stringify(chain)}`);
      const events = await store.events({ limit: 10_000_000 });
      const marks = (await target.query<{ label: string }>('SELECT label FROM soak_marks')).map((r) => r.label);
      const { problems, unrecorded } = checkAudit(events, made, marks);
      t.diagnostic(`${events.length} events, chain verifies; ${marks.length} rows written; ${unrecorded} calls refused unrecorded (audit_failed); ${problems.length} problems`);
      const byKind = countBy(problems, (p) => p.kind);
      for (const [kind, count] of byKind) t.diagnostic(`  ${count} x ${kind}, e.g. ${problems.find((p) => p.kind === kind)?.example}`);
      assert.deepEqual([...byKind.keys()], [], `${problems.length} audit problems`);
    } finally {
      await store.close();
    }
  });

  it('still answers a call and logged no crash', async () => {
    const result = (await gh.client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: 'SELECT count(*)::int AS n FROM customers' } })) as CallResult;
    assert.equal(refusalOf(result), undefined, JSON.stringify(result));
    assert.deepEqual(result.structuredContent?.rows, [[5]]);
    const crashes = gh.logs().split('\n').filter((line) => /uncaught|unhandled|Maximum call stack|"level":60/i.test(line));
    assert.deepEqual(crashes, [], 'gatehouse logged a crash');
  });
});
