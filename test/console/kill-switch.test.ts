// The kill switch in the console, against a real server and a local OIDC provider: only a member of
// an operator group sees the page or may act (an approver may not), forms without the session's
// CSRF token are refused, and an operator's suspension is recorded with who did it and why and is
// in force on this replica before the answer comes back; resuming lifts it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrowserSession, csrfOf } from './browser-session.ts';
import type { ConsoleServer } from './harness.ts';
import { startOidcConsole, type OidcConsole } from './oidc-console.ts';

const SECRET_ENV = 'GATEHOUSE_TEST_KILL_SWITCH_CLIENT_SECRET';

describe('console kill switch', () => {
  let oidc: OidcConsole;
  let server: ConsoleServer;

  before(async () => {
    oidc = await startOidcConsole(SECRET_ENV, { operators: ['sre'] });
    server = oidc.server;
  });
  after(() => oidc?.stop());

  async function signIn(user: { sub: string; name: string; groups: string[] }): Promise<BrowserSession> {
    oidc.idp.knobs.user = user;
    const browser = new BrowserSession(server.origin);
    const start = await browser.get('/console/oidc/start');
    const atProvider = await fetch(start.location as string, { redirect: 'manual' });
    assert.equal((await browser.get(atProvider.headers.get('location') as string)).status, 200);
    return browser;
  }

  it('refuses the page and the action to an approver who is no operator', async () => {
    const browser = await signIn({ sub: 'u-dana', name: 'Dana', groups: ['approvers'] });
    const csrf = csrfOf((await browser.get('/console')).body);
    assert.equal((await browser.get('/console/kill-switch')).status, 403);
    const posted = await browser.post('/console/kill-switch/suspend', { id: 'agent-1', reason: 'x', csrf });
    assert.equal(posted.status, 403);
    assert.deepEqual(await server.runtime.store.listRevocations(), []);
  });

  it('lets an operator suspend with the form’s token only, in force here at once, and resume', async () => {
    const browser = await signIn({ sub: 'u-olga', name: 'Olga', groups: ['sre'] });
    const shown = await browser.get('/console/kill-switch');
    assert.equal(shown.status, 200);
    assert.match(shown.body, /No principal is suspended/);
    const csrf = csrfOf(shown.body);

    const forged = await browser.post('/console/kill-switch/suspend', { id: 'agent-1', reason: 'x' });
    assert.equal(forged.status, 403);
    const crossSite = await browser.post('/console/kill-switch/suspend', { id: 'agent-1', reason: 'x', csrf }, 'https://evil.example');
    assert.equal(crossSite.status, 403);
    assert.deepEqual(await server.runtime.store.listRevocations(), []);

    const done = await browser.post('/console/kill-switch/suspend', { id: 'agent-1', reason: 'leaking <b>data</b>', csrf });
    assert.equal(done.status, 303);
    assert.equal(server.runtime.killSwitch.refusal('agent-1', 'any-session')?.code, 'principal_suspended');
    const listed = await browser.get('/console/kill-switch');
    assert.match(listed.body, /Principal agent-1 suspended; its calls in flight were stopped\./);
    assert.match(listed.body, /leaking &lt;b&gt;data&lt;\/b&gt;/);
    const [event] = (await server.runtime.store.events()).filter((e) => e.type === 'principal.suspended');
    assert.deepEqual({ by: event?.principal, subject: event?.data.subject, reason: event?.data.reason }, { by: 'u-olga', subject: 'agent-1', reason: 'leaking <b>data</b>' });

    assert.equal((await browser.post('/console/kill-switch/resume', { id: 'agent-1', csrf })).status, 303);
    assert.equal(server.runtime.killSwitch.refusal('agent-1', 'any-session'), undefined);
    const unknown = await browser.post('/console/kill-switch/end', { id: 'no-such-session', csrf });
    assert.equal(unknown.status, 303);
    assert.match((await browser.get('/console/kill-switch')).body, /Refused \(unknown_session\)/);
  });

  it('resumes a principal whose id holds hidden and look-alike characters with its own Resume button', async () => {
    const browser = await signIn({ sub: 'u-olga', name: 'Olga', groups: ['sre'] });
    const csrf = csrfOf((await browser.get('/console/kill-switch')).body);
    const id = 'agent\u200b-\u0430\u202e1';
    assert.equal((await browser.post('/console/kill-switch/suspend', { id, reason: 'x', csrf })).status, 303);
    const page = (await browser.get('/console/kill-switch')).body;
    assert.ok(!page.includes(id), 'the page shows the id as it is');
    // What the browser posts: the hidden fields of the row's own form, as the page holds them.
    const form = /<form method="post" action="\/console\/kill-switch\/resume">(.*?)<\/form>/s.exec(page)?.[1] ?? '';
    const fields = Object.fromEntries([...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map(([, name, value]) => [name as string, unescapeHtml(value as string)]));
    assert.equal((await browser.post('/console/kill-switch/resume', fields)).status, 303);
    assert.equal(server.runtime.killSwitch.refusal(id, 'any-session'), undefined);
    assert.deepEqual(await server.runtime.store.listRevocations(), []);
  });
});

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);
}
