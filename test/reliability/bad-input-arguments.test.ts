// Generated tool arguments through the SDK's own client, over stdio and over HTTP, for every tool the
// server lists (PostgreSQL, SSH and Kubernetes configured against real backends): missing and extra
// keys, wrong types, huge strings, NUL bytes, lone surrogates, deep nesting. Each call gets a clean
// refusal or a valid result, the process keeps serving, and every call is in the verified audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { startTestCluster, type TestCluster } from '../kubernetes/cluster.ts';
import { auditedCalls, callTagged, outcomeIn, readVerifiedAudit } from './audit-calls.ts';
import { assertCleanAnswer, assertNoCrash, countingCaller, fuzzRuns, refusalOf } from './clean-answers.ts';

interface ListedTool {
  name: string;
  inputSchema: { properties?: Record<string, { type?: unknown }> };
}

const TARGET_OF: Record<string, string> = { connection: 'shop', host: 'web-1', cluster: 'prod' };
const TARGETS = Object.values(TARGET_OF);
const PLAUSIBLE = [...TARGETS, 'SELECT 1', 'SELECT name FROM customers', 'ls /', 'uptime', 'pods', 'deployments', 'default', 'app', 'kind: Pod'];

const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', '\u0000', 'SELECT 1\u0000; DROP TABLE customers', '\ud800', 'a\udc00b', 'ls \udbff', '\uffff\ufffe', 'x'.repeat(100_000), '\u0000'.repeat(5_000)),
  fc.constantFrom(...PLAUSIBLE),
);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 4 }),
);

/** Objects around the tool's own keys: any subset, wrong types, plausible values, extra keys. */
function argumentsFor(tool: ListedTool): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(tool.inputSchema.properties ?? {});
  const shaped = fc.record(Object.fromEntries(keys.map((k) => [k, oddValue])), { requiredKeys: [] });
  const extra = fc.dictionary(fc.oneof(fc.constantFrom(...keys, '__proto__', 'constructor'), fc.string({ unit: 'binary', maxLength: 12 })), oddValue, { maxKeys: 4 });
  return fc.oneof({ weight: 3, arbitrary: wellTyped(tool) }, shaped, fc.tuple(shaped, extra).map(([a, b]) => ({ ...a, ...b })), extra);
}

/** The right key names and JSON types with a configured target, odd strings inside: these get past validation. */
function wellTyped(tool: ListedTool): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(tool.inputSchema.properties ?? {});
  const valueOf = (key: string, type: unknown): fc.Arbitrary<unknown> => {
    const target = TARGET_OF[key];
    if (target) return fc.constant(target);
    if (type === 'integer' || type === 'number') return fc.integer({ min: -1, max: 5 });
    if (type === 'boolean') return fc.boolean();
    if (type === 'array') return fc.array(oddString, { minLength: 1, maxLength: 3 });
    return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...PLAUSIBLE) }, oddString);
  };
  return fc.record(Object.fromEntries(properties.map(([key, schema]) => [key, valueOf(key, schema.type)])));
}

/** Deep enough to overflow the recursive steps after the door (audit hashing, scrubbing), shallow enough for the SDK client to send. */
const DEEP = 3_000;

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { x: value };
  return value;
}

describe('generated tool arguments', { skip: sshdSkipReason() }, () => {
  let db: TestDatabase;
  let sshd: Sshd;
  let cluster: TestCluster;

  before(async () => {
    // One at a time, so that `after` stops whatever started when a later one fails.
    db = await createTestDatabase();
    sshd = await startSshd();
    cluster = await startTestCluster();
  });
  after(async () => {
    await cluster?.close();
    await sshd?.stop();
    await db?.drop();
  });

  const config = () => ({
    identity: { stdio: { id: 'fuzzer', groups: ['dev'] }, http: { id: 'fuzzer', groups: ['dev'] } },
    connections: {
      shop: { type: 'postgres', url: db.url },
      'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey },
      prod: { type: 'kubernetes', kubeconfig: 'env:KUBECONFIG_PROD' },
    },
    limits: { timeout: '3s', maxRows: 20, maxBytes: '64kb' },
    approvals: { wait: '10ms' },
  });

  for (const transport of ['stdio', 'http'] as const) {
    describe(`over ${transport}`, () => {
      let gh: RunningGatehouse;
      let tools: ListedTool[];

      before(async () => {
        gh = await startGatehouse(config(), transport, { env: { KUBECONFIG_PROD: cluster.emulator.kubeconfig() } });
        tools = (await gh.client.listTools()).tools as ListedTool[];
      });
      after(async () => {
        await gh?.stop();
      });

      const caller = countingCaller(() => gh);
      const call = caller.call;

      it('lists every tool of the three packs', () => {
        const names = tools.map((t) => t.name);
        for (const name of ['postgres_query', 'postgres_schema', 'ssh_exec', 'ssh_hosts', 'kubernetes_get', 'kubernetes_apply', 'kubernetes_exec', 'approval_status']) {
          assert.ok(names.includes(name), `${name} is not listed: ${names.join(', ')}`);
        }
      });

      it('answers generated arguments for every tool cleanly', async () => {
        const anyCall = fc.oneof(...tools.map((tool) => fc.record({ name: fc.constant(tool.name), args: argumentsFor(tool) })));
        await fc.assert(
          fc.asyncProperty(anyCall, async ({ name, args }) => {
            assertCleanAnswer(await call(name, args), `${name} ${JSON.stringify(args).slice(0, 300)}`);
          }),
          fuzzRuns(300),
        );
      });

      it('refuses arguments nested 3,000 levels deep, and records the call', async () => {
        for (const [name, args] of [
          ['ssh_hosts', { tag: 'deep-hosts', x: nested(DEEP) }],
          ['postgres_query', { connection: 'shop', sql: 'SELECT 1 AS deep_params', params: [nested(DEEP)] }],
          ['kubernetes_get', { cluster: 'prod', resource: 'pods', name: 'web-1', namespace: 'shop', tag: 'deep-k8s', extra: nested(DEEP) }],
        ] as const) {
          const result = await call(name, args);
          assertCleanAnswer(result, name);
          assert.equal(refusalOf(result)?.code, 'invalid_arguments', `${name}: ${JSON.stringify(result).slice(0, 300)}`);
        }
        const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
        for (const tag of ['deep-hosts', 'deep_params', 'deep-k8s']) {
          const events = callTagged(byCall, tag);
          assert.equal(outcomeIn(events).type, 'call.error', tag);
          // The record keeps the arguments down to the bound and says where it cut them.
          assert.match(JSON.stringify(events.find((e) => e.type === 'call.requested')?.data.args), /nested deeper than \d+ levels/, tag);
        }
      });

      it('refuses Kubernetes names holding a lone surrogate (no UTF-8 form, so no URL) as invalid arguments', async () => {
        for (const [name, args] of [
          ['kubernetes_logs', { cluster: 'prod', pod: 'web\ud800', namespace: 'shop' }],
          ['kubernetes_get', { cluster: 'prod', resource: 'pods', name: '\udc00', namespace: 'shop' }],
        ] as const) {
          const result = await call(name, args);
          assertCleanAnswer(result, name);
          assert.equal(refusalOf(result)?.code, 'invalid_arguments', `${name}: ${JSON.stringify(result).slice(0, 300)}`);
        }
      });

      it('kept serving: a plain call works, the log shows no crash, and every call is audited once', async () => {
        const result = await call('postgres_query', { connection: 'shop', sql: 'SELECT count(*)::int AS n FROM customers' });
        assert.equal(result.isError, undefined, JSON.stringify(result));
        assert.deepEqual((result.structuredContent as { rows: unknown[][] }).rows, [[5]]);
        assertNoCrash(gh.logs());
        const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
        assert.equal(byCall.size, caller.count, 'every call the client made is in the audit, once');
      });
    });
  }
});
