// Approvals through the real server over HTTP, with two agents holding their own API keys and an
// approver on the CLI deciding through the server's people API with hers (never from the server's
// config or store: that is refused, and nothing changes): an approval is bound to the principal as well as the call, a grant's use is
// on record, and the webhooks get the request with personal data in it masked, from the real
// notifier to a real HTTP listener.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { readVerifiedAudit } from '../reliability/audit-calls.ts';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { generateApiKey, hashApiKey } from '../../src/identity/index.ts';
import { runCli, startGatehouse, type RunningGatehouse } from '../fixtures/gatehouse.ts';
import { people } from '../fixtures/people.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';

interface CallResult {
  isError?: boolean;
  structuredContent?: { error?: { code: string; approvalId?: string } };
}

const EMAIL = 'ada.lovelace@example.com';
const CARD = '4111 1111 1111 1111';

describe('approvals bound to the principal, grants on record, masked notifications', () => {
  let db: TestDatabase;
  let gh: RunningGatehouse;
  let hook: Server;
  let other: Client;
  const dana = people({ id: 'dana', groups: ['dba'] });
  const posted: string[] = [];
  const keys = { first: generateApiKey(), second: generateApiKey() };

  const update = (client: Client, sql: string) => client.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql } }) as Promise<CallResult>;
  const approve = (id: string, ...extra: string[]) => dana.cli(new URL(gh.url as string).origin, 'dana', ['approvals', 'approve', id, '--reason', 'ticket 7', ...extra]);
  const note = async (id: number) => (await db.query<{ note: string | null }>('SELECT note FROM orders WHERE id = $1', [id]))[0]?.note;
  const events = () => readVerifiedAudit(gh.storeFile);

  before(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posted.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const port = (hook.address() as AddressInfo).port;
    db = await createTestDatabase();
    const connections = { shop: { type: 'postgres', url: db.url } };
    gh = await startGatehouse(
      {
        identity: {
          apiKeys: [
            { id: 'agent-1', groups: ['dev'], sha256: hashApiKey(keys.first) },
            { id: 'agent-2', groups: ['dev'], sha256: hashApiKey(keys.second) },
            ...dana.apiKeys,
          ],
        },
        connections,
        approvals: { wait: '200ms', notify: [{ webhook: 'env:HOOK_JSON', format: 'json' }, { webhook: 'env:HOOK_SLACK', format: 'slack' }] },
      },
      'http',
      { token: keys.first, env: { HOOK_JSON: `http://127.0.0.1:${port}/json`, HOOK_SLACK: `http://127.0.0.1:${port}/slack` } },
    );
    other = new Client({ name: 'second-agent', version: '1.0.0' });
    await other.connect(new StreamableHTTPClientTransport(new URL(gh.url as string), { authProvider: { token: async () => keys.second } }));
  });
  after(async () => {
    await other?.close();
    await gh?.stop();
    await db?.drop();
    await new Promise((r) => hook.close(r));
  });

  it('never runs a call approved for one principal when another principal makes it', async () => {
    const sql = "UPDATE orders SET note = 'approved for agent-1' WHERE id = 2";
    const held = await update(gh.client, sql);
    const id = held.structuredContent?.error?.approvalId;
    assert.equal(held.structuredContent?.error?.code, 'approval_pending', JSON.stringify(held));
    assert.ok(id);
    assert.equal((await approve(id)).code, 0);

    const retried = await update(other, sql);
    assert.equal(retried.structuredContent?.error?.code, 'approval_pending', 'the same call by another principal asks anew');
    assert.notEqual(retried.structuredContent?.error?.approvalId, id);
    assert.notEqual(await note(2), 'approved for agent-1');

    const ran = await update(gh.client, sql);
    assert.equal(ran.isError, undefined, JSON.stringify(ran));
    assert.equal(await note(2), 'approved for agent-1');
  });

  it('refuses to decide from the config or the store, saying how to decide through the server; nothing changes', async () => {
    const held = await update(gh.client, "UPDATE orders SET note = 'not from the store' WHERE id = 4");
    const id = held.structuredContent?.error?.approvalId as string;
    const before = (await events()).length;
    for (const source of [['--config', gh.configFile], ['--store', gh.storeFile]]) {
      for (const decision of ['approve', 'deny']) {
        const run = await runCli(['approvals', decision, id, '--reason', 'as the config', ...source]);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /approve and deny go only through a running gatehouse server, as yourself: add --server URL \(sign in first with gatehouse login --server URL, or pass --api-key-file FILE/);
      }
    }
    const listed = await runCli(['approvals', 'show', id, '--store', gh.storeFile]);
    assert.match(listed.stdout, /^state: +pending$/m, 'reading the store directly still works');
    assert.equal((await events()).length, before, 'nothing was recorded');
  });

  it('records every state change of a request with who and why', async () => {
    const held = await update(gh.client, "UPDATE orders SET note = 'on record' WHERE id = 5 AND customer_id > 0");
    const id = held.structuredContent?.error?.approvalId as string;
    assert.equal((await approve(id)).code, 0);
    assert.equal((await update(gh.client, "UPDATE orders SET note = 'on record' WHERE id = 5 AND customer_id > 0")).isError, undefined);
    const steps = (await events()).filter((e) => e.type.startsWith('approval.') && e.data.approvalId === id && e.type !== 'approval.notified');
    assert.deepEqual(
      steps.map((e) => [e.type, e.principal]),
      [
        ['approval.requested', 'agent-1'],
        ['approval.decided', 'dana'],
        ['approval.executed', 'agent-1'],
      ],
    );
    const decided = steps[1]?.data as { decision: string; reason: string; by: { id: string } };
    assert.deepEqual([decided.decision, decided.reason, decided.by.id], ['approve', 'ticket 7', 'dana']);
  });

  it('records approval.grant_used for each call a grant lets through, and a grant covers its principal only', async () => {
    const held = await update(gh.client, "UPDATE orders SET note = 'g1' WHERE id = 3");
    const id = held.structuredContent?.error?.approvalId as string;
    assert.equal((await approve(id, '--grant', '10')).code, 0);
    assert.equal((await update(gh.client, "UPDATE orders SET note = 'g1' WHERE id = 3")).isError, undefined);
    assert.equal((await update(gh.client, "UPDATE orders SET note = 'g2' WHERE id = 3")).isError, undefined);
    const byOther = await update(other, "UPDATE orders SET note = 'g3' WHERE id = 3");
    assert.equal(byOther.structuredContent?.error?.code, 'approval_pending');
    assert.equal(await note(3), 'g2');

    const granted = (await events()).filter((e) => e.type === 'approval.grant_used' && e.data.approvalId === id);
    assert.equal(granted.length, 2, 'one event per call the grant let through');
    for (const e of granted) assert.deepEqual([e.principal, e.tool, e.target, e.data.grantedBy], ['agent-1', 'postgres_query', 'shop', 'dana']);
  });

  it('posts the request to the webhooks with the email and card in the call masked', async () => {
    // Another statement shape than the grant above, so the call is held and announced.
    const held = await update(gh.client, `UPDATE orders SET note = 'contact ${EMAIL} card ${CARD}' WHERE id = 4 AND total > 0`);
    assert.equal(held.structuredContent?.error?.code, 'approval_pending', JSON.stringify(held));
    const id = held.structuredContent?.error?.approvalId as string;
    for (let i = 0; i < 200 && posted.filter((p) => p.includes(id)).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    const bodies = posted.filter((p) => p.includes(id));
    assert.equal(bodies.length, 2, 'one message per webhook');
    for (const body of bodies) {
      assert.ok(body.includes('contact a***@example.com card **** **** **** 1111'), body);
      for (const raw of [EMAIL, CARD, CARD.replaceAll(' ', '')]) assert.ok(!body.includes(raw), `${raw} reached a webhook: ${body}`);
    }
  });
});
