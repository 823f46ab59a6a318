// Webhook notifications: a new request is posted to each webhook (JSON and Slack formats, with the
// console link and the summary masked), retried on failure, and every outcome is audited. A failed
// notification never changes the request.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createNotifier } from '../../src/approval/notify.ts';
import type { ApprovalRequest } from '../../src/approval/model.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

describe('approval notifications', () => {
  let server: Server;
  let base = '';
  const received: Array<{ path: string; body: Record<string, unknown> }> = [];
  let failuresLeft = 0;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/flaky' && failuresLeft-- > 0) return void res.writeHead(503).end();
        if (req.url === '/down') return void res.writeHead(500).end();
        received.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const request: ApprovalRequest = {
    id: 'a1b2c3',
    actionHash: 'h',
    state: 'pending',
    tool: 'postgres_query',
    target: 'shop',
    args: {},
    summary: "UPDATE customers SET note = 'x' WHERE email = 'ada@example.com'",
    shape: 's',
    facts: {},
    rules: [{ id: 'sql-review-writes', effect: 'review', reason: 'Writes need a human approval.' }],
    reason: 'Writes need a human approval.',
    requester: { principal: { id: 'agent-1', name: 'agent-1', groups: [], kind: 'agent' }, session: 's1', client: 'c' },
    approverGroups: ['dba'],
    requiredApprovals: 1,
    decisions: [],
    createdAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-01T00:15:00Z',
    version: 1,
  };

  it('posts JSON and Slack messages with the console link, masks the summary, retries, and audits each outcome', async () => {
    failuresLeft = 1;
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const notify = createNotifier(
      [
        { url: `${base}/json`, format: 'json' },
        { url: `${base}/flaky`, format: 'slack' },
        { url: `${base}/down`, format: 'json' },
      ],
      'https://gatehouse.example.com/console',
      createRecorder(store, (t) => t),
      pino({ level: 'silent' }),
      (text) => text.replace('ada@example.com', 'a***@example.com'),
    );
    notify(request);
    for (let i = 0; i < 100; i++) {
      const types = (await store.events()).map((e) => e.type);
      if (types.length >= 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const json = received.find((r) => r.path === '/json')?.body;
    assert.equal(json?.id, 'a1b2c3');
    assert.equal(json?.url, 'https://gatehouse.example.com/console/approvals/a1b2c3');
    assert.ok(!String(json?.summary).includes('ada@example.com'));
    const slack = received.find((r) => r.path === '/flaky')?.body as { text: string; blocks: unknown[] } | undefined;
    assert.match(slack?.text ?? '', /Approval needed: agent-1 wants to run postgres_query on shop/);
    assert.match(JSON.stringify(slack?.blocks), /Review in gatehouse/);
    const events = await store.events();
    assert.deepEqual(events.map((e) => `${e.type}:${String(e.data.webhook)}`).sort(), ['approval.notified:0', 'approval.notified:1', 'approval.notify_failed:2']);
    assert.equal(events.find((e) => e.data.webhook === 1)?.data.attempts, 2);
    assert.ok(!JSON.stringify(events).includes(base), 'webhook URLs are secrets and never recorded');
    await store.close();
  });
});
