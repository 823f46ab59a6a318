// Deciding from the console against a real server and a real PostgreSQL: a held UPDATE shows up
// with its full call (hostile text escaped), is approved through the form and then runs; forms
// without the CSRF token or from another origin are refused; the approval service's refusals are
// shown as they are; a signed-in principal outside every approver group cannot decide.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createNotifier } from '../../src/approval/notify.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { BrowserSession, csrfOf } from './browser-session.ts';
import { agentSql, approvalIdOf, startConsoleServer, type ConsoleServer } from './harness.ts';

const config = (db: TestDatabase, cli: { id: string; groups: string[] }, agentId = 'agent-1') => ({
  identity: { http: { id: agentId, groups: ['dev'] }, cli: { ...cli, kind: 'human' } },
  connections: { shop: { type: 'postgres', url: db.url } },
  approvals: { wait: '100ms', ttl: '15m' },
});

async function signIn(server: ConsoleServer): Promise<BrowserSession> {
  const browser = new BrowserSession(server.origin);
  const res = await browser.get(server.http.consoleSignInLink() as string);
  assert.equal(res.status, 303);
  return browser;
}

describe('console approvals', () => {
  let db: TestDatabase;
  let server: ConsoleServer;

  before(async () => {
    db = await createTestDatabase();
    server = await startConsoleServer(config(db, { id: 'dana', groups: ['dba'] }));
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  const note = async (id: number) => (await db.query<{ note: string | null }>('SELECT note FROM orders WHERE id = $1', [id]))[0]?.note;

  it('shows the held call with hostile text escaped, in the page and in the live feed', async () => {
    const agent = await server.agent();
    const hostile = `UPDATE orders SET note = '<script>alert(1)</script>"><img src=x onerror=alert(2)>' WHERE id = 1`;
    const id = approvalIdOf(await agentSql(agent, hostile));
    const browser = await signIn(server);
    const home = await browser.get('/console');
    assert.equal(home.status, 200);
    assert.match(home.body, new RegExp(`id="request-${id}"`));
    assert.match(home.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
    assert.ok(!home.body.includes('<script>alert'), 'no live script tag');
    assert.ok(!home.body.includes('<img'), 'no live img tag');
    assert.match(home.body, /sql-review-writes/, 'matched rule');
    assert.match(home.body, /The call writes \(it changes data, schema or server state\); writes need a human approval\./, 'its reason');
    assert.match(home.body, /If granted, a grant lets agent-1 run postgres_query on shop without asking, until it expires, for every call of this shape: the same statements with the same operators, lists, ranges, limits, tables, columns and functions; only these may differ: /, 'what a grant would cover');
    assert.match(home.body, /agent-1/, 'requester');
    assert.match(home.body, /<h3>What the parser saw<\/h3><ul class="facts"><li>1 statement: update\.<\/li><li>It changes orders\.<\/li>/, 'the facts in sentences');
    assert.match(home.body, /<summary>Every fact, as data<\/summary>/);
    const feed = (await (await browser.get('/console/api/approvals')).body) as string;
    const json = JSON.parse(feed) as { pending: Array<{ id: string; html: string }> };
    const card = json.pending.find((p) => p.id === id);
    assert.ok(card);
    assert.ok(!card.html.includes('<script>') && !card.html.includes('<img'));
  });

  it('refuses a decision without the CSRF token, or from another origin', async () => {
    const agent = await server.agent();
    const before = await note(2);
    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'csrf' WHERE id = 2"));
    const browser = await signIn(server);
    const csrf = csrfOf((await browser.get('/console')).body);
    const noToken = await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'x' });
    assert.equal(noToken.status, 403);
    assert.match(noToken.body, /security token is missing or stale/);
    const wrongToken = await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'x', csrf: csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    assert.equal(wrongToken.status, 403);
    const crossSite = await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'x', csrf }, 'https://evil.example');
    assert.equal(crossSite.status, 403);
    // Another port of the same host passes the server's Origin check (by hostname, for MCP clients): the form's own check refuses it.
    const otherPort = await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'x', csrf }, 'http://127.0.0.1:1');
    assert.equal(otherPort.status, 403);
    assert.match(otherPort.body, /came from another site/);
    assert.equal((await server.runtime.approvals.get(id))?.state, 'pending', 'nothing was decided');
    assert.equal(await note(2), before);
  });

  it('approves through the form with a reason, and the agent call then runs', async () => {
    const agent = await server.agent();
    const sql = "UPDATE orders SET note = 'from the console' WHERE id = 3";
    const id = approvalIdOf(await agentSql(agent, sql));
    const browser = await signIn(server);
    const csrf = csrfOf((await browser.get('/console')).body);
    const posted = await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'ticket 7', grantMinutes: '', csrf });
    assert.equal(posted.status, 303);
    assert.equal(posted.location, '/console');
    const after = await browser.get('/console');
    assert.match(after.body, /class="flash ok"[^>]*>Approved postgres_query on shop \(request [0-9a-f-]+\): now approved\./);
    assert.doesNotMatch(after.body, new RegExp(`id="request-${id}"`), 'no longer pending');
    assert.match(after.body, /approve by dana: ticket 7/, 'listed under recent decisions');
    const stored = await server.runtime.approvals.get(id);
    assert.equal(stored?.state, 'approved');
    assert.deepEqual(stored?.decisions.map((d) => [d.by, d.reason]), [['dana', 'ticket 7']]);
    assert.equal((await agentSql(agent, sql)).isError, undefined);
    assert.equal(await note(3), 'from the console');
  });

  it('shows the service refusals: a denial without a reason, a bad grant window, widening nothing, an unknown request', async () => {
    const agent = await server.agent();
    const before = await note(4);
    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'refusals' WHERE id = 4"));
    const browser = await signIn(server);
    const csrf = csrfOf((await browser.get('/console')).body);
    await browser.post(`/console/approvals/${id}/decide`, { decision: 'deny', reason: '  ', csrf });
    assert.match((await browser.get('/console')).body, /class="flash refused"[^>]*>Refused \(reason_required\): a denial needs a reason for the agent/);
    await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: '', grantMinutes: '99999', csrf });
    assert.match((await browser.get('/console')).body, /Refused \(invalid_grant\)/);
    await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: '', grantMinutes: '10', widenFiles: 'on', csrf });
    assert.match((await browser.get('/console')).body, /Refused \(nothing_to_widen\): this call has no file operand a grant could widen/);
    await browser.post('/console/approvals/00000000-0000-0000-0000-000000000000/decide', { decision: 'approve', reason: '', csrf });
    assert.match((await browser.get('/console')).body, /Refused \(not_found\)/);
    assert.equal((await server.runtime.approvals.get(id))?.state, 'pending');
    await browser.post(`/console/approvals/${id}/decide`, { decision: 'deny', reason: 'not today', csrf });
    assert.match((await browser.get('/console')).body, /Denied postgres_query on shop .*now denied/);
    assert.equal(await note(4), before);
  });

  it('opens the request page from the notification link: the sign-in redirect first, the request after sign-in', async () => {
    const bodies: string[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;
    // The server's own notifier, pointed at this server's console (its port is known only now).
    const approvals = server.runtime.approvals;
    approvals.onRequested = createNotifier([{ url: hookUrl, format: 'slack' }], `${server.origin}/console/`, createRecorder(server.runtime.store, (t) => t), server.runtime.logger, (t) => t);
    try {
      const id = approvalIdOf(await agentSql(await server.agent(), "UPDATE orders SET note = 'linked' WHERE id = 7"));
      for (let i = 0; i < 100 && bodies.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      const message = JSON.parse(bodies[0] ?? '{}') as { blocks?: Array<{ elements?: Array<{ url?: string }> }> };
      const link = message.blocks?.flatMap((b) => b.elements ?? []).find((e) => e.url)?.url;
      assert.equal(link, `${server.origin}/console/approvals/${id}`);

      const browser = new BrowserSession(server.origin);
      const signedOut = await browser.get(link);
      assert.equal(signedOut.status, 303);
      assert.equal(signedOut.location, '/console/login');
      const signedIn = await browser.get(server.http.consoleSignInLink() as string);
      assert.equal(signedIn.location, `/console/approvals/${id}`, 'sign-in leads back to the request');
      const opened = await browser.get(signedIn.location);
      assert.equal(opened.status, 200);
      assert.match(opened.body, new RegExp(`id="request-${id}"`));
      assert.match(opened.body, /note = &#39;linked&#39;|note = 'linked'/);
      assert.match(opened.body, new RegExp(`action="/console/approvals/${id}/decide"`), 'a pending request can be decided on its page');
      assert.equal((await browser.get('/console/approvals/no-such-request')).status, 404);
    } finally {
      delete approvals.onRequested;
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('approves with a grant window for the same statement shape', async () => {
    const agent = await server.agent();
    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = 'g1' WHERE id = 5"));
    const browser = await signIn(server);
    const csrf = csrfOf((await browser.get('/console')).body);
    await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'batch', grantMinutes: '10', csrf });
    assert.match((await browser.get('/console')).body, /granted until \S+ \(the shortest window the approvers asked for\): a grant lets agent-1 run postgres_query on shop/);
    assert.equal((await agentSql(agent, "UPDATE orders SET note = 'g1' WHERE id = 5")).isError, undefined);
    assert.equal((await agentSql(agent, "UPDATE orders SET note = 'g2' WHERE id = 5")).isError, undefined, 'same shape, covered by the grant');
    assert.equal(await note(5), 'g2');
  });

  it('shows the impact preview on the request page: the count and the changed rows, protected columns masked', async () => {
    const id = approvalIdOf(await agentSql(await server.agent(), "UPDATE customers SET city = 'Oslo' WHERE id = 2"));
    const browser = await signIn(server);
    const page = (await browser.get(`/console/approvals/${id}`)).body;
    assert.match(page, /dry run, rolled back: 1 row would change \(UPDATE 1\)/);
    assert.match(page, /<caption><code>customers<\/code> as the call would leave these rows \(masked\)<\/caption>/);
    assert.match(page, /<td>Oslo<\/td>/, 'the changed value');
    assert.doesNotMatch(page, /grace\.hopper@example\.org|5555-5555-5555-4444/, 'protected columns are masked');
    assert.doesNotMatch(page, /name="widenFiles"/, 'a SQL grant has no files to widen');
  });
});

describe('console approvals: who may decide', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db?.drop());

  it('refuses a principal outside every approver group, even with a valid form token', async () => {
    const server = await startConsoleServer(config(db, { id: 'aude', groups: ['auditors'] }));
    try {
      const id = approvalIdOf(await agentSql(await server.agent(), "UPDATE orders SET note = 'auditor' WHERE id = 6"));
      const browser = await signIn(server);
      const home = await browser.get('/console');
      assert.equal(home.status, 303, 'an auditor is sent to the audit pages');
      assert.equal(home.location, '/console/audit');
      assert.equal((await browser.get('/console/api/approvals')).status, 403);
      const audit = await browser.get('/console/audit');
      const posted = await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'sneaky', csrf: csrfOf(audit.body) });
      assert.equal(posted.status, 403);
      assert.match(posted.body, /not in an approver group/);
      assert.equal((await server.runtime.approvals.get(id))?.state, 'pending');
    } finally {
      await server.stop();
    }
  });

  it('shows self_approval when the operator is the requester', async () => {
    const server = await startConsoleServer(config(db, { id: 'sam', groups: ['dba'] }, 'sam'));
    try {
      const id = approvalIdOf(await agentSql(await server.agent(), "UPDATE orders SET note = 'self' WHERE id = 7"));
      const browser = await signIn(server);
      const home = await browser.get('/console');
      assert.match(home.body, /You made this request: another approver has to decide it\./);
      await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: 'me', csrf: csrfOf(home.body) });
      assert.match((await browser.get('/console')).body, /Refused \(self_approval\): the requester cannot decide their own request/);
      assert.equal((await server.runtime.approvals.get(id))?.state, 'pending');
    } finally {
      await server.stop();
    }
  });

  it('shows not_an_approver for a request whose rule names another group', async () => {
    const server = await startConsoleServer(config(db, { id: 'paula', groups: ['approvers'] }));
    try {
      const id = approvalIdOf(await agentSql(await server.agent(), "UPDATE orders SET note = 'other group' WHERE id = 8"));
      const browser = await signIn(server);
      const home = await browser.get('/console');
      assert.match(home.body, /Only members of dba can decide this request\./);
      await browser.post(`/console/approvals/${id}/decide`, { decision: 'approve', reason: '', csrf: csrfOf(home.body) });
      assert.match((await browser.get('/console')).body, /Refused \(not_an_approver\): only members of dba can decide this request/);
    } finally {
      await server.stop();
    }
  });
});
