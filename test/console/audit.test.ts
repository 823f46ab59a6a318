// The read-only audit pages against a real server and store: auditors and approvers may read,
// anyone else may not; the chain status is verified over the whole store and turns red when a
// stored event is edited behind gatehouse's back; a session page lists its events in order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { BrowserSession } from './browser-session.ts';
import { agentSql, approvalIdOf, startConsoleServer, type ConsoleServer } from './harness.ts';

const config = (db: TestDatabase, groups: string[]) => ({
  identity: { http: { id: 'agent-1', groups: ['dev'] }, cli: { id: 'reader', groups, kind: 'human' } },
  connections: { shop: { type: 'postgres', url: db.url } },
  approvals: { wait: '100ms' },
});

async function signIn(server: ConsoleServer): Promise<BrowserSession> {
  const browser = new BrowserSession(server.origin);
  await browser.get(server.http.consoleSignInLink() as string);
  return browser;
}

describe('console audit pages', () => {
  let db: TestDatabase;
  let server: ConsoleServer;
  let session: string;

  before(async () => {
    db = await createTestDatabase();
    server = await startConsoleServer(config(db, ['auditors']));
    const agent = await server.agent();
    await agentSql(agent, 'SELECT id FROM orders ORDER BY id LIMIT 1');
    const id = approvalIdOf(await agentSql(agent, "UPDATE orders SET note = '<b>bold</b>' WHERE id = 1"));
    session = (await server.runtime.approvals.get(id))?.requester.session as string;
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('shows an auditor the chain status with the event count, and recent sessions', async () => {
    const browser = await signIn(server);
    const page = await browser.get('/console/audit');
    assert.equal(page.status, 200);
    const events = await server.runtime.store.events({});
    assert.ok(events.length > 4);
    assert.match(page.body, new RegExp(`<p class="chain ok" id="chain-status"><strong>Audit chain ok</strong>: ${events.length} events verified`));
    assert.match(page.body, new RegExp(`href="/console/audit/sessions/${session}"`));
    assert.match(page.body, /agent-1/);
    assert.doesNotMatch(page.body, /<form class="decide"/, 'nothing to decide here');
  });

  it('lists one session’s events in order, data escaped', async () => {
    const browser = await signIn(server);
    const page = await browser.get(`/console/audit/sessions/${session}`);
    assert.equal(page.status, 200);
    const expected = await server.runtime.store.events({ session });
    const types = [...page.body.matchAll(/<td><code>([a-z_.]+)<\/code><\/td>/g)].map((m) => m[1]);
    assert.deepEqual(types, expected.map((e) => e.type));
    assert.ok(types.includes('call.result') && types.includes('approval.requested'));
    assert.match(page.body, /&lt;b&gt;bold&lt;\/b&gt;/);
    assert.ok(!page.body.includes('<b>bold'));
    const unknown = await browser.get('/console/audit/sessions/no-such-session');
    assert.equal(unknown.status, 200);
    assert.match(unknown.body, /No events for this session/);
  });

  it('reads a session like the CLI replay: one block per call, its decision, approval steps and what the agent saw', async () => {
    const browser = await signIn(server);
    const page = (await browser.get(`/console/audit/sessions/${session}`)).body;
    const calls = [...page.matchAll(/<article class="call" id="call-[^"]+">\s*<h2><span class="muted">\[(\d+)\]<\/span> <code>([a-z_]+)<\/code> on <code>shop<\/code>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(calls, ['1 postgres_query', '2 postgres_query']);
    const [read = '', write = ''] = page.split('<article class="call"').slice(1);
    assert.match(read, /<pre>SELECT id FROM orders ORDER BY id LIMIT 1<\/pre>/);
    assert.match(read, /<span class="step-label">decision<\/span> <span class="badge effect-allow">allow<\/span>/);
    assert.match(read, /<span class="step-label">agent saw<\/span>/);
    assert.match(write, /<span class="badge effect-review">review<\/span> by sql-review-writes \(review\)/);
    assert.match(write, /<span class="step-label">approval<\/span> <time>[^<]+<\/time> requested [0-9a-f-]+ from dba/);
    assert.match(write, /<span class="step-label">agent saw<\/span> <time>[^<]+<\/time><pre>Refused \(approval_pending\)/);
    assert.match(write, /&lt;b&gt;bold&lt;\/b&gt;/, 'agent text escaped');
    assert.match(page, /<details class="all-events"><summary>Every event, as recorded<\/summary>/);
    assert.doesNotMatch(page, /session-chain-status/, 'an intact session carries no warning');
  });

  it('turns the chain status red when a stored event was edited', async () => {
    const raw = new Database(server.storeFile);
    try {
      raw.prepare("UPDATE audit_events SET data = replace(data, 'SELECT', 'select') WHERE seq = (SELECT min(seq) FROM audit_events WHERE type = 'call.requested')").run();
    } finally {
      raw.close();
    }
    const page = await (await signIn(server)).get('/console/audit');
    assert.match(page.body, /<p class="chain broken" id="chain-status"><strong>Audit chain BROKEN<\/strong> at event \d+: event content does not match its hash/);
    // The sessions are still all listed, those after the broken event included.
    assert.match(page.body, new RegExp(`href="/console/audit/sessions/${session}"`));
    // The session's own page says so above its timeline.
    const sessionPage = (await (await signIn(server)).get(`/console/audit/sessions/${session}`)).body;
    assert.match(sessionPage, /<p class="chain broken" id="session-chain-status"><strong>Audit chain BROKEN for this session<\/strong> at event \d+: event content does not match its hash[^<]*What is shown below may not be what was recorded\.<\/p>/);
    assert.ok(sessionPage.indexOf('session-chain-status') < sessionPage.indexOf('<section class="timeline">'));
  });
});

describe('console audit pages: who may read', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db?.drop());

  it('lets approvers read', async () => {
    const server = await startConsoleServer(config(db, ['dba']));
    try {
      const page = await (await signIn(server)).get('/console/audit');
      assert.equal(page.status, 200);
      assert.match(page.body, /Audit chain ok/);
    } finally {
      await server.stop();
    }
  });

  it('refuses anyone outside the auditor and approver groups', async () => {
    const server = await startConsoleServer(config(db, ['dev']));
    try {
      const browser = await signIn(server);
      const audit = await browser.get('/console/audit');
      assert.equal(audit.status, 403);
      assert.match(audit.body, /not in an auditor or approver group/);
      assert.doesNotMatch(audit.body, /chain/);
      assert.equal((await browser.get('/console/audit/sessions/x')).status, 403);
      assert.equal((await browser.get('/console')).status, 403);
    } finally {
      await server.stop();
    }
  });

  it('honours console.auditors', async () => {
    const server = await startConsoleServer({ ...config(db, ['compliance']), console: { auditors: ['compliance'] } });
    try {
      assert.equal((await (await signIn(server)).get('/console/audit')).status, 200);
    } finally {
      await server.stop();
    }
  });
});
