// Webhook notifications: a new request is posted to each webhook (JSON and Slack formats, with the
// console link and the summary masked), retried on failure, and every outcome is audited. A failed
// notification never changes the request. Agent text in a Slack message can neither mention, link
// nor hide anything, and a long call is cut with a note of how much was left out.
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
import { cutAtSpace } from '../../src/render/characters.ts';
import { createMasker, DEFAULT_PROFILE } from '../../src/masking/index.ts';
import { initSqlParser, summarizeSql } from '../../tools/postgres/classify/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { unsafe } from '../render/hostile.ts';

describe('approval notifications', () => {
  let server: Server;
  let base = '';
  const received: Array<{ path: string; body: Record<string, unknown>; raw: string }> = [];
  let failuresLeft = 0;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/flaky' && failuresLeft-- > 0) return void res.writeHead(503).end();
        if (req.url === '/down') return void res.writeHead(500).end();
        if (req.url === '/gone') return void res.writeHead(404).end();
        received.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown>, raw: body });
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

  it('masks the whole summary before cutting it, so a spaced value across the cut is never shown in part', async () => {
    await initSqlParser();
    const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
    const card = '4111 1111 1111 1111';
    const padding = 'id > 1 AND '.repeat(9);
    const summary = summarizeSql(`UPDATE customers SET note = 'x' WHERE ${padding}card = '${card}' AND ${padding}true`);
    assert.match(cutAtSpace(summary, 200), /'4111 1111 1111 … /, 'cut before masking, part of the card would show');
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const notify = createNotifier([{ url: `${base}/cut-json`, format: 'json' }, { url: `${base}/cut-slack`, format: 'slack' }], undefined, createRecorder(store, (t) => t), pino({ level: 'silent' }), (text) => masker.maskText(text));
    notify({ ...request, id: 'cut-1', summary });
    for (let i = 0; i < 100 && received.filter((r) => r.path.startsWith('/cut-')).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const json = received.find((r) => r.path === '/cut-json')?.body;
    const slack = JSON.stringify(received.find((r) => r.path === '/cut-slack')?.body);
    for (const shown of [String(json?.summary), slack]) {
      assert.doesNotMatch(shown, /4111/, 'no part of the card number');
      assert.match(shown, /… \(\d+ more characters?\)/, 'the cut says so');
    }
    assert.ok(String(json?.summary).length <= 200);
    await store.close();
  });

  it('masks every part of a request that can carry a value: arguments of any type, the facts and the impact', async () => {
    await initSqlParser();
    const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });
    const email = 'grace.hopper@example.com';
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const notify = createNotifier([{ url: `${base}/parts-json`, format: 'json' }, { url: `${base}/parts-slack`, format: 'slack' }], undefined, createRecorder(store, (t) => t), pino({ level: 'silent' }), (text) => masker.maskText(text));
    notify({
      ...request,
      id: 'parts-1',
      args: { sql: 'UPDATE customers SET note = $1', params: [email] },
      facts: { sql: { statementCount: 1, kinds: ['update'], writtenTables: [email] } },
      impact: { method: 'dry run', changes: [`data.contact: ${email}`] },
    });
    for (let i = 0; i < 100 && received.filter((r) => r.path.startsWith('/parts-')).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const bodies = received.filter((r) => r.path.startsWith('/parts-'));
    assert.equal(bodies.length, 2);
    for (const { path, raw } of bodies) {
      assert.ok(!raw.includes('grace.hopper'), `${path}: ${raw}`);
      assert.match(raw, /@example\.com/, `${path}: the masked address is still there, only masked`);
    }
    await store.close();
  });

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
    assert.deepEqual(json?.facts, [], 'the facts in sentences (none known here)');
    assert.equal(json?.summaryHidden, undefined, 'a plain summary names no hidden characters');
    assert.equal(json?.hidden, undefined, 'nor does any other plain field');
    const slack = received.find((r) => r.path === '/flaky')?.body as { text: string; blocks: unknown[] } | undefined;
    assert.match(slack?.text ?? '', /Approval needed: `agent-1` wants to run `postgres_query` on `shop`/);
    assert.deepEqual(slack?.blocks.at(-1), { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Review in gatehouse' }, url: 'https://gatehouse.example.com/console/approvals/a1b2c3' }] });
    const events = await store.events();
    assert.deepEqual(events.map((e) => `${e.type}:${String(e.data.webhook)}`).sort(), ['approval.notified:0', 'approval.notified:1', 'approval.notify_failed:2']);
    assert.equal(events.find((e) => e.data.webhook === 1)?.data.attempts, 2);
    assert.ok(!JSON.stringify(events).includes(base), 'webhook URLs are secrets and never recorded');
    await store.close();
  });

  it('records why a webhook failed: its status, a timeout, or no connection, after every attempt', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const failing = (name: string): typeof fetch => async () => {
      throw Object.assign(new Error('failed'), { name });
    };
    const notifyWith = (fetchImpl: typeof fetch, url: string) =>
      createNotifier([{ url, format: 'json' }], undefined, createRecorder(store, (t) => t), pino({ level: 'silent' }), (t) => t, fetchImpl);
    notifyWith(failing('TimeoutError'), 'https://hooks.example.com/slow')({ ...request, id: 'timed-out' });
    notifyWith(failing('TypeError'), 'https://hooks.example.com/gone')({ ...request, id: 'unreachable' });
    notifyWith(fetch, `${base}/down`)({ ...request, id: 'refused' });
    // A client error is no delivery either: nobody was told.
    notifyWith(fetch, `${base}/gone`)({ ...request, id: 'not-found' });
    for (let i = 0; i < 150 && (await store.events()).length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    const failed = Object.fromEntries((await store.events()).map((e) => [e.data.approvalId, `${e.type} ${String(e.data.error)} after ${String(e.data.attempts)}`]));
    assert.deepEqual(failed, {
      'timed-out': 'approval.notify_failed timeout after 3',
      unreachable: 'approval.notify_failed connection failed after 3',
      refused: 'approval.notify_failed HTTP 500 after 3',
      'not-found': 'approval.notify_failed HTTP 404 after 3',
    });
    await store.close();
  });

  it('names the runs of blanks in JSON fields that other media show as a count, and not a block\'s alignment', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const notify = createNotifier([{ url: `${base}/blanks-json`, format: 'json' }], undefined, createRecorder(store, (t) => t), pino({ level: 'silent' }), (text) => text);
    const padded = (id: string, summary: string, reason: string) => notify({ ...request, id, summary, reason, target: 'shop' });
    padded('wide', `SELECT 1;${' '.repeat(40)}DELETE FROM orders`, 'Reads are allowed.  decision: approved');
    padded('lines', `SELECT 1;${'\n'.repeat(30)}DELETE FROM orders`, 'Reads are allowed.');
    padded('tabs', `SELECT 1;${'\t'.repeat(5)}DELETE FROM orders`, 'Reads are allowed.');
    padded('aligned', 'SELECT id,\n       email\n  FROM customers', 'Reads are allowed.');
    for (let i = 0; i < 100 && received.filter((r) => r.path === '/blanks-json').length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    const hidden = Object.fromEntries(received.filter((r) => r.path === '/blanks-json').map(({ body }) => [body.id, body.hidden]));
    assert.deepEqual(hidden, {
      wide: { summary: ['blanks'], reason: ['blanks'] },
      // A line break in the one-line summary is a control character too, as before.
      lines: { summary: ['control', 'blanks'] },
      tabs: { summary: ['control', 'blanks'] },
      aligned: { summary: ['control'] },
    });
    await store.close();
  });

  it('warns in Slack about a hidden character wherever it is: the reason, the facts or the impact alone', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const notify = createNotifier([{ url: `${base}/warn-slack`, format: 'slack' }], undefined, createRecorder(store, (t) => t), pino({ level: 'silent' }), (text) => text);
    notify({ ...request, id: 'in-reason', reason: 'Writes need \u202eapproval' });
    notify({ ...request, id: 'in-facts', facts: { sql: { parsed: true, statementCount: 1, kinds: ['update'], writtenTables: ['us\u0435rs'], tables: ['us\u0435rs'] } } });
    notify({ ...request, id: 'in-impact', impact: { method: 'dry run', changes: ['note: x\u200by'] } });
    notify({ ...request, id: 'plain' });
    for (let i = 0; i < 100 && received.filter((r) => r.path === '/warn-slack').length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    const warned = Object.fromEntries(
      received.filter((r) => r.path === '/warn-slack').map(({ raw }) => [/id `([a-z-]+)`/.exec(raw)?.[1], /shown escaped/.test(raw)]),
    );
    assert.deepEqual(warned, { 'in-reason': true, 'in-facts': true, 'in-impact': true, plain: false });
    await store.close();
  });

  it('renders agent text in Slack so it cannot mention, link or hide, and says where it cut', async () => {
    const hostile = "UPDATE orders SET note = '<!channel> <!here> <@U123> <#C42> <!subteam^S1> <https://evil.example/approve|Approve in gatehouse> https://evil.example' WHERE id = 1;";
    // A quote that only looks like one, in the call alone: code, so it is escaped there too.
    const sql = `${hostile}\n-- \u202e ;1=di EREHW\u2066 \u200b\u0007\u001b[2K\nSELECT \u2019; DROP TABLE orders; --\u2019\n${'\n'.repeat(200)}DELETE FROM orders; ${'x'.repeat(6000)}`;
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-notify-')), 'a.db'));
    const notify = createNotifier([{ url: `${base}/hostile`, format: 'slack' }, { url: `${base}/hostile-json`, format: 'json' }], 'https://gatehouse.example.com/console', createRecorder(store, (t) => t), pino({ level: 'silent' }), (text) => text);
    notify({
      ...request,
      id: 'hostile-1',
      target: 'sh\u200bop',
      args: { connection: 'shop', sql },
      summary: `[2 statements, update+delete, writes] \u202e${hostile}`,
      facts: { sql: { parsed: true, statementCount: 2, kinds: ['update', 'delete'], writtenTables: ['orders', 'us\u0435rs'], tables: ['orders', 'us\u0435rs'] } },
      reason: `Writes <!channel> need <https://evil.example|a click>${' and more'.repeat(600)}`,
      requester: { ...request.requester, principal: { ...request.requester.principal, id: 'agent <@U999>' } },
    });
    let message: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !message; i++) {
      message = received.find((r) => r.path === '/hostile')?.body;
      if (!message) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(message, 'the Slack message arrived');
    for (let i = 0; i < 100 && !received.some((r) => r.path === '/hostile-json'); i++) await new Promise((r) => setTimeout(r, 50));
    const data = received.find((r) => r.path === '/hostile-json')?.body;
    // The data as the agent sent it, but no raw hidden character on the wire, for a receiver that logs the body.
    assert.equal(data?.summary, `[2 statements, update+delete, writes] \u202e${hostile}`);
    for (const path of ['/hostile', '/hostile-json']) assert.equal(unsafe(received.find((r) => r.path === path)?.raw ?? ''), undefined, path);
    assert.deepEqual(data?.summaryHidden, ['bidi'], 'the JSON names the hidden characters its summary holds, for the receiver to escape');
    assert.deepEqual(data?.hidden, { target: ['invisible'], summary: ['bidi'], facts: ['lookalike'] }, 'and those of every other text field that holds any');
    assert.match(String((data?.facts as string[] | undefined)?.[0]), /us\u0435rs has U\+0435 \(Cyrillic\)/, 'and carries the facts in sentences');
    const payload = JSON.stringify(message);
    for (const live of ['<!', '<@', '<#', '<http']) assert.ok(!payload.includes(live), `no live ${live} in ${payload.slice(0, 400)}`);
    assert.match(payload, /&lt;!channel&gt;/, 'the mention is shown as text');
    assert.match(payload, /&lt;https:\/\/evil\.example\/approve\|Approve in gatehouse&gt;/, 'the link is shown as text');
    // eslint-disable-next-line no-control-regex -- the test looks for exactly those characters
    assert.doesNotMatch(payload, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u, 'no raw control, bidi or zero-width character');
    assert.match(payload, /\\\\u202e/, 'the bidi control is shown as an escape');
    assert.ok(!payload.includes('\u2019') && payload.includes('\\\\u2019'), 'the look-alike quote in the call is shown as its escape');
    assert.match(payload, /\[200 blank lines\]/, 'padding is shown as a count, not sent');
    assert.match(payload, /DELETE FROM orders/, 'the second statement is in the message');
    assert.match(payload, /… \(\d+ more characters\)/, 'the cut says how much was left out');
    assert.match(payload, /shown escaped/, 'the message warns about the hidden characters');
    assert.match(payload, /\*What the parser saw\*\\n```Names with characters outside ASCII [^`]*us\\\\u0435rs has U\+0435 \(Cyrillic\)/, 'a look-alike table name is escaped and spelled out');
    assert.match(payload, /It changes orders, us\\\\u0435rs\./);
    assert.match(payload, /wants to run `postgres_query` on `sh\\\\u200bop`\*\\n`\[2 statements[^`]*`\\n`Writes &lt;!channel&gt;/, 'the summary and reason are inline code: no mrkdwn formats them');
    const blocks = (message as { blocks: Array<{ type: string; text?: { type: string; text: string; verbatim?: boolean }; elements?: Array<{ type: string; text?: unknown; url?: string; verbatim?: boolean }> }> }).blocks;
    const warning = blocks.find((b) => (b.elements ?? []).some((e) => /shown escaped/.test(String(e.text))));
    assert.equal(warning?.type, 'context', 'the warning about hidden characters is a block Slack shows (a block of no known type fails the whole message)');
    for (const block of blocks) {
      for (const text of [block.text, ...(block.elements ?? [])]) {
        if (text?.type !== 'mrkdwn') continue;
        assert.equal(text.verbatim, true, 'Slack must not turn bare URLs or names in agent text into links');
        assert.ok(String(text.text).length <= 3000, 'within Slack\'s limit for a text object');
      }
    }
    const urls = blocks.flatMap((b) => (b.elements ?? []).map((e) => e.url).filter(Boolean));
    assert.deepEqual(urls, ['https://gatehouse.example.com/console/approvals/hostile-1'], 'the only link is the one gatehouse adds');
    await store.close();
  });
});
