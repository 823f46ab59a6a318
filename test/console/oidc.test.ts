// OIDC sign-in to the console against a real server and a local provider: the authorization code
// flow with PKCE S256, state and nonce; the principal's groups come from the groups claim; the
// answer is bound to the browser that started it; a wrong state, nonce or audience, a provider
// error, or a replayed answer signs nobody in.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BrowserSession } from './browser-session.ts';
import { startConsoleServer, type ConsoleServer } from './harness.ts';
import type { AuthorizationServer } from './oidc-authorization-server.ts';
import { startOidcConsole, type OidcConsole } from './oidc-console.ts';

const SECRET_ENV = 'GATEHOUSE_TEST_CONSOLE_CLIENT_SECRET';

describe('console OIDC sign-in', () => {
  let idp: AuthorizationServer;
  let server: ConsoleServer;

  let oidc: OidcConsole;

  before(async () => {
    oidc = await startOidcConsole(SECRET_ENV);
    ({ idp, server } = oidc);
  });
  after(() => oidc?.stop());
  beforeEach(() => {
    idp.knobs.user = { sub: 'u-123', name: 'Dana Approver', groups: ['dba', 'staff'] };
    delete idp.knobs.error;
    delete idp.knobs.nonce;
    delete idp.knobs.audience;
  });

  /** Start in the console, "sign in" at the provider; returns the callback URL the provider sent the browser to. */
  async function toCallback(browser: BrowserSession): Promise<string> {
    const start = await browser.get('/console/oidc/start');
    assert.equal(start.status, 303, start.body);
    const atProvider = await fetch(start.location as string, { redirect: 'manual' });
    assert.equal(atProvider.status, 302);
    return atProvider.headers.get('location') as string;
  }

  it('prints no sign-in link and offers the provider instead', async () => {
    assert.equal(server.http.consoleSignInLink(), undefined);
    const login = await new BrowserSession(server.origin).get('/console/login');
    assert.match(login.body, /href="\/console\/oidc\/start"/);
    const link = await new BrowserSession(server.origin).get('/console/login?token=anything');
    assert.equal(link.setCookies.length, 0, 'links do not sign in when OIDC is configured');
  });

  it('signs in with code + PKCE S256, state and nonce, taking groups from the claim', async () => {
    const browser = new BrowserSession(server.origin);
    const start = await browser.get('/console/oidc/start');
    const flow = start.setCookies.find((c) => c.startsWith('gatehouse_console_flow='));
    assert.ok(flow);
    assert.match(flow, /HttpOnly/);
    assert.match(flow, /SameSite=Lax/);
    assert.match(flow, /Path=\/console\/oidc/);
    const authorize = new URL(start.location as string);
    assert.equal(authorize.origin + authorize.pathname, `${idp.issuer}/authorize`);
    const p = authorize.searchParams;
    assert.equal(p.get('response_type'), 'code');
    assert.equal(p.get('client_id'), idp.clientId);
    assert.equal(p.get('redirect_uri'), `${server.origin}/console/oidc/callback`);
    assert.equal(p.get('scope'), 'openid profile');
    assert.equal(p.get('code_challenge_method'), 'S256');
    assert.match(p.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.match(p.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.match(p.get('nonce') ?? '', /^[A-Za-z0-9_-]{43}$/);

    const atProvider = await fetch(authorize, { redirect: 'manual' });
    const done = await browser.get(atProvider.headers.get('location') as string);
    assert.equal(done.status, 200, done.body);
    assert.equal(idp.lastTokenRefusal(), undefined, 'the provider accepted client secret, code and PKCE verifier');
    assert.match(done.body, /<meta http-equiv="refresh" content="0; url=\/console">/);
    const session = done.setCookies.find((c) => c.startsWith('gatehouse_console='));
    assert.ok(session);
    assert.match(session, /SameSite=Strict/);
    const home = await browser.get('/console');
    assert.equal(home.status, 200);
    assert.match(home.body, /Dana Approver<\/span>\s*<span class="groups">dba, staff<\/span>/);
    assert.ok(!server.logs().includes(idp.clientSecret), 'the client secret is never logged');
  });

  it('refuses an answer that arrives in a browser which did not start the sign-in', async () => {
    const callback = await toCallback(new BrowserSession(server.origin));
    const other = new BrowserSession(server.origin);
    const res = await other.get(callback);
    assert.equal(res.status, 401);
    assert.match(res.body, /no sign-in was started in this browser/);
    assert.equal(other.cookie('gatehouse_console'), undefined);
  });

  it('refuses a changed state, and the flow is spent after one answer', async () => {
    const browser = new BrowserSession(server.origin);
    const callback = new URL(await toCallback(browser));
    const good = callback.toString();
    const flowCookie = browser.cookie('gatehouse_console_flow');
    assert.ok(flowCookie, 'the sign-in left its flow cookie');
    callback.searchParams.set('state', 'x'.repeat(43));
    const res = await browser.get(callback.toString());
    assert.equal(res.status, 401);
    assert.match(res.body, /state/);
    const replay = await browser.get(good);
    assert.equal(replay.status, 401, 'the flow cookie and the flow are spent');
    // Someone who copied the flow cookie before it was cleared finds the flow spent on the server too.
    const copied = await browser.request(good, { headers: { cookie: `gatehouse_console_flow=${flowCookie}` } });
    assert.equal(copied.status, 401, 'the flow is spent on the server, not only in the browser');
    assert.equal(browser.cookie('gatehouse_console'), undefined);
  });

  it('refuses an id_token with another nonce or another audience', async () => {
    idp.knobs.nonce = 'someone-elses-nonce';
    let browser = new BrowserSession(server.origin);
    let res = await browser.get(await toCallback(browser));
    assert.equal(res.status, 401);
    assert.match(res.body, /nonce/);
    delete idp.knobs.nonce;
    idp.knobs.audience = 'another-client';
    browser = new BrowserSession(server.origin);
    res = await browser.get(await toCallback(browser));
    assert.equal(res.status, 401);
    assert.match(res.body, /did not verify/);
    assert.equal(browser.cookie('gatehouse_console'), undefined);
  });

  it('shows the provider’s refusal', async () => {
    idp.knobs.error = 'access_denied';
    const browser = new BrowserSession(server.origin);
    const res = await browser.get(await toCallback(browser));
    assert.equal(res.status, 401);
    assert.match(res.body, /the identity provider answered access_denied/);
  });

  it('gives a person outside every group a session with nothing in it', async () => {
    idp.knobs.user = { sub: 'u-9', name: 'Nobody', groups: ['staff'] };
    const browser = new BrowserSession(server.origin);
    const done = await browser.get(await toCallback(browser));
    assert.equal(done.status, 200);
    assert.equal((await browser.get('/console')).status, 403);
    assert.equal((await browser.get('/console/audit')).status, 403);
  });
});

describe('console OIDC config', () => {
  it('fails closed when console.oidc is set without identity.oidc', async () => {
    await assert.rejects(startConsoleServer({ console: { oidc: { clientId: 'x' } } }), /console\.oidc needs identity\.oidc/);
  });
});
