// Hidden characters in the console, server side: a real server and PostgreSQL, an agent whose MCP
// client name is an escape sequence and whose held UPDATE carries every hostile string, a bidi
// comment and blank-line padding before a second statement. The approvals page, its live feed and
// the audit pages hold no raw control, bidi or invisible character: each is a badge, the padding is a
// count, both statements are in the card, and a warning says hidden characters were shown escaped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.ts';
import { EVERYTHING_IN_SQL as EVERYTHING, IN_SQL, unsafe } from '../render/hostile.ts';
import { BrowserSession } from './browser-session.ts';
import { approvalIdOf, startConsoleServer, type CallResult, type ConsoleServer } from './harness.ts';

const SQL = `/* \u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */\nUPDATE orders SET note = $$${EVERYTHING}$$ WHERE id = 1;${'\n'.repeat(80)}UPDATE orders SET status = 'gone' WHERE id > 0`;

function assertClean(label: string, body: string): void {
  assert.equal(unsafe(body, IN_SQL.flatMap((h) => h.raw ?? [])), undefined, `${label} holds what it must not`);
}

describe('console shows hidden characters', () => {
  let db: TestDatabase;
  let server: ConsoleServer;
  let agent: Client;
  let browser: BrowserSession;
  let id: string;

  before(async () => {
    db = await createTestDatabase();
    server = await startConsoleServer({
      identity: { http: { id: 'agent-1', groups: ['dev'] }, cli: { id: 'dana', groups: ['dba'], kind: 'human' } },
      connections: { shop: { type: 'postgres', url: db.url } },
      approvals: { wait: '100ms', ttl: '15m' },
    });
    agent = new Client({ name: 'console-test-agent', version: '1.0.0' });
    await agent.connect(new StreamableHTTPClientTransport(new URL(server.http.url)));
    // Over HTTP the client names itself in each request's _meta.
    const clientInfo = { 'io.modelcontextprotocol/clientInfo': { name: '\u001b[2Kclaude\u202e\u200d', version: '1.0.0' } };
    id = approvalIdOf((await agent.callTool({ name: 'postgres_query', arguments: { connection: 'shop', sql: SQL }, _meta: clientInfo })) as CallResult);
    browser = new BrowserSession(server.origin);
    assert.equal((await browser.get(server.http.consoleSignInLink() as string)).status, 303);
  });
  after(async () => {
    await agent?.close();
    await server?.stop();
    await db?.drop();
  });

  it('renders the held call with badges, both statements, the padding as a count and a warning', async () => {
    const home = await browser.get('/console');
    assert.equal(home.status, 200);
    assertClean('the approvals page', home.body);
    const card = home.body.slice(home.body.indexOf(`id="request-${id}"`));
    assert.match(card, /class="warning hidden-warning" role="alert">This text contains .*bidi controls/);
    assert.match(card, /<span class="hidden-char" title="bidi control: reorders the text around it, shown escaped">\\u202e<\/span> \} <span class="hidden-char"[^>]*>\\u2066<\/span>if \(isAdmin\)/);
    assert.match(card, /<span class="hidden-char" title="control character, shown escaped">\\u001b<\/span>\[2K/);
    assert.match(card, /<span class="hidden-gap">\d+ blank lines<\/span>\nUPDATE orders SET status = &#39;gone&#39; WHERE id &gt; 0/);
    // The client name was escaped when it was recorded: it is shown as text, never as the characters.
    assert.match(card, /via \\u001b\[2Kclaude\\u202e\\u200d\/1\.0\.0/, 'the client name');
    assert.ok(!card.includes('\u001b'), 'no raw escape in the card');
    const feed = JSON.parse((await browser.get('/console/api/approvals')).body) as { pending: Array<{ id: string; html: string }> };
    const fed = feed.pending.find((p) => p.id === id)?.html ?? '';
    assertClean('the live feed', fed);
    assert.match(fed, /hidden-warning/);
  });

  it('renders the audit pages with badges and a warning', async () => {
    const overview = await browser.get('/console/audit');
    assertClean('the audit overview', overview.body);
    assert.match(overview.body, /hidden-warning/, 'the client name in the sessions table is flagged');
    const session = /href="(\/console\/audit\/sessions\/[^"]+)"/.exec(overview.body)?.[1];
    assert.ok(session);
    const events = await browser.get(session);
    assert.equal(events.status, 200);
    assertClean('the session page', events.body);
    assert.match(events.body, /hidden-warning/);
    assert.match(events.body, /<span class="cut">… \(\d+ more characters\)<\/span>/, 'a cut summary says how much it left out');
  });
});
