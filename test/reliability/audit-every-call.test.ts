// Every call on record: through the real server and the SDK's own client, every tool the server
// lists is called (well formed and malformed), plus an unknown tool, calls over the in-flight limit,
// and approval_status, including one principal probing another's request id and ids that do not
// exist. The count of calls made must equal the count of calls the verified audit holds, each with
// its principal and tool.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { sshdSkipReason, startSshd, type Sshd } from '../fixtures/sshd.ts';
import { startTestCluster, type TestCluster } from '../kubernetes/cluster.ts';
import { auditedCalls, outcomeIn, readVerifiedAudit } from './audit-calls.ts';
import { refusalOf, type CallResult } from './clean-answers.ts';

const TARGET_OF: Record<string, string> = { connection: 'shop', host: 'web-1', cluster: 'prod' };

/** One plausible call per tool that needs more than its target. */
const WELL_FORMED: Record<string, Record<string, unknown>> = {
  postgres_query: { connection: 'shop', sql: 'SELECT count(*) FROM customers' },
  ssh_exec: { host: 'web-1', command: 'uptime' },
  kubernetes_get: { cluster: 'prod', resource: 'pods', namespace: 'shop' },
};

describe('every call on record', { skip: sshdSkipReason() }, () => {
  let db: TestDatabase;
  let sshd: Sshd;
  let cluster: TestCluster;
  let gh: RunningGatehouse;
  let other: Client;
  const agentKey = generateApiKey();
  const otherKey = generateApiKey();
  const made: Array<{ principal: string; tool: string }> = [];

  const callAs = async (principal: 'agent' | 'other', name: string, args: Record<string, unknown>): Promise<CallResult> => {
    made.push({ principal, tool: name });
    const client = principal === 'agent' ? gh.client : other;
    return (await client.callTool({ name, arguments: args })) as CallResult;
  };

  before(async () => {
    db = await createTestDatabase();
    sshd = await startSshd();
    cluster = await startTestCluster();
    gh = await startGatehouse(
      {
        identity: {
          apiKeys: [
            { id: 'agent', groups: ['dev'], sha256: hashApiKey(agentKey) },
            { id: 'other', groups: ['dev'], sha256: hashApiKey(otherKey) },
          ],
        },
        server: { http: { maxConcurrentCalls: 1 } },
        connections: {
          shop: { type: 'postgres', url: db.url },
          'web-1': { type: 'ssh', host: sshd.host, port: sshd.port, user: sshd.user, privateKey: `file:${sshd.clientKeyPath}`, hostKey: sshd.hostPublicKey },
          prod: { type: 'kubernetes', kubeconfig: 'env:KUBECONFIG_PROD' },
        },
        limits: { timeout: '3s' },
        approvals: { wait: '1s' },
      },
      'http',
      { env: { KUBECONFIG_PROD: cluster.emulator.kubeconfig() }, token: agentKey },
    );
    other = new Client({ name: 'other-agent', version: '1.0.0' });
    await other.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), { authProvider: { token: async () => otherKey } }));
  });
  after(async () => {
    await other?.close();
    await gh?.stop();
    await cluster?.close();
    await sshd?.stop();
    await db?.drop();
  });

  it('records every call to every tool, refusals before policy and approval_status probes included', async () => {
    const tools = (await gh.client.listTools()).tools;
    assert.ok(tools.some((t) => t.name === 'approval_status'));
    for (const tool of tools) {
      if (tool.name === 'approval_status') continue;
      const targetArg = Object.keys((tool.inputSchema as { properties?: object }).properties ?? {}).find((k) => k in TARGET_OF);
      await callAs('agent', tool.name, WELL_FORMED[tool.name] ?? (targetArg ? { [targetArg]: TARGET_OF[targetArg] } : {}));
      assert.equal(refusalOf(await callAs('agent', tool.name, { bogus: 1 }))?.code, 'invalid_arguments', tool.name);
    }
    assert.equal(refusalOf(await callAs('agent', 'no_such_tool', {}))?.code, 'unknown_tool');

    // A write is held for review; while it waits, the agent's one slot is taken.
    const held = callAs('agent', 'postgres_query', { connection: 'shop', sql: "UPDATE orders SET note = 'x' WHERE id = 1" });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(refusalOf(await callAs('agent', 'postgres_query', { connection: 'shop', sql: 'SELECT 1' }))?.code, 'too_many_calls');
    const pending = refusalOf(await held) as { code: string; approvalId?: string } | undefined;
    assert.equal(pending?.code, 'approval_pending', JSON.stringify(pending));
    const approvalId = pending?.approvalId as string;

    const own = await callAs('agent', 'approval_status', { approvalId });
    assert.equal(own.isError, undefined, JSON.stringify(own));
    assert.equal(refusalOf(await callAs('other', 'approval_status', { approvalId }))?.code, 'not_found');
    assert.equal(refusalOf(await callAs('other', 'approval_status', { approvalId: 'no-such-request' }))?.code, 'not_found');
    assert.equal(refusalOf(await callAs('other', 'approval_status', {}))?.code, 'invalid_arguments');

    const byCall = auditedCalls(await readVerifiedAudit(gh.storeFile));
    assert.equal(byCall.size, made.length, 'every call made is in the audit, once');
    const recorded = [...byCall.values()].map((events) => events.find((e) => e.type === 'call.requested')!);
    const key = (c: { principal?: string; tool?: string }) => `${c.principal} ${c.tool}`;
    assert.deepEqual(recorded.map(key).sort(), made.map(key).sort());

    // The probe is on record with the id it asked for, as a refusal.
    const probe = [...byCall.values()].find((events) => events.some((e) => e.principal === 'other' && e.type === 'call.requested' && JSON.stringify(e.data.args).includes(approvalId)));
    assert.ok(probe, 'the probe of another principal\'s request is recorded');
    assert.equal(outcomeIn(probe).data.code, 'not_found');
  });
});
