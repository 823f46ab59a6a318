// Single-operator sign-in against a real server: the printed link signs in once, then never again;
// cookies are HttpOnly and SameSite=Strict; signed-out visitors see nothing; sign-out needs the
// form token; no token or session id reaches a log line. Link expiry runs on the real token
// store with a clock the test moves.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSignInTokens, SIGN_IN_LINK_TTL_MS } from '../../src/console/sign-in-links.ts';
import { BrowserSession, csrfOf } from './browser-session.ts';
import { startConsoleServer, type ConsoleServer } from './harness.ts';

describe('console sign-in (single-operator mode)', () => {
  let server: ConsoleServer;

  before(async () => {
    server = await startConsoleServer({ identity: { cli: { id: 'dana', name: 'Dana', groups: ['dba'], kind: 'human' } } });
  });
  after(() => server?.stop());

  const link = (): string => {
    const url = server.http.consoleSignInLink();
    assert.ok(url, 'single-operator mode prints a link');
    return url;
  };

  it('prints a loopback link with a 32-byte token', () => {
    assert.match(link(), new RegExp(`^${server.origin}/console/login\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('signs in once per link, with an HttpOnly SameSite=Strict session cookie', async () => {
    const url = link();
    const browser = new BrowserSession(server.origin);
    const first = await browser.get(url);
    assert.equal(first.status, 303);
    assert.equal(first.location, '/console');
    const cookie = first.setCookies.find((c) => c.startsWith('gatehouse_console='));
    assert.ok(cookie);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\/console/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http on loopback cannot carry a Secure cookie');
    const home = await browser.get('/console');
    assert.equal(home.status, 200);
    assert.match(home.body, /Pending requests/);
    assert.match(home.body, /Dana/);

    const again = await new BrowserSession(server.origin).get(url);
    assert.equal(again.status, 401, 'a used link is refused');
    assert.match(again.body, /already used, has expired, or was never issued/);
    assert.equal(again.setCookies.length, 0);
  });

  it('refuses made-up tokens and explains what to do without one', async () => {
    const browser = new BrowserSession(server.origin);
    assert.equal((await browser.get('/console/login?token=' + 'A'.repeat(43))).status, 401);
    const bare = await browser.get('/console/login');
    assert.equal(bare.status, 200);
    assert.match(bare.body, /one-time sign-in link/);
  });

  it('shows nothing to a signed-out visitor', async () => {
    const browser = new BrowserSession(server.origin);
    const home = await browser.get('/console');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/console/login');
    assert.equal((await browser.get('/console/api/approvals')).status, 401);
    assert.equal((await browser.get('/console/audit')).status, 303);
    const forged = await browser.request('/console/api/approvals', { headers: { cookie: 'gatehouse_console=forged' } });
    assert.equal(forged.status, 401);
  });

  it('signs out only with the form token, and the session is then gone', async () => {
    const browser = new BrowserSession(server.origin);
    await browser.get(link());
    const home = await browser.get('/console');
    const session = browser.cookie('gatehouse_console') as string;
    const refused = await browser.post('/console/logout', {});
    assert.equal(refused.status, 403);
    assert.equal((await browser.get('/console')).status, 200, 'still signed in after a refused sign-out');
    const out = await browser.post('/console/logout', { csrf: csrfOf(home.body) });
    assert.equal(out.status, 200);
    assert.match(out.body, /signed out/);
    const stale = await new BrowserSession(server.origin).request('/console', { headers: { cookie: `gatehouse_console=${session}` } });
    assert.equal(stale.status, 303, 'the old session id no longer works');
  });

  it('serves pages with a strict CSP and no inline script or style', async () => {
    const browser = new BrowserSession(server.origin);
    await browser.get(link());
    const home = await browser.get('/console');
    const csp = home.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(home.headers.get('x-frame-options'), 'DENY');
    assert.equal(home.headers.get('referrer-policy'), 'same-origin');
    assert.equal(home.headers.get('cache-control'), 'no-store');
    const scripts = home.body.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script src="/console/assets/console.js" defer>']);
    assert.doesNotMatch(home.body, /<style|\sstyle=|\son[a-z]+=/i);
    const js = await browser.get('/console/assets/console.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /text\/javascript/);
  });

  it('keeps sign-in tokens and session ids out of the logs', async () => {
    const browser = new BrowserSession(server.origin);
    const url = link();
    await browser.get(url);
    await browser.get(url);
    const token = new URL(url).searchParams.get('token') as string;
    assert.match(server.logs(), /console sign-in/);
    assert.ok(!server.logs().includes(token));
    assert.ok(!server.logs().includes(browser.cookie('gatehouse_console') as string));
  });
});

describe('sign-in links', () => {
  const dana = { id: 'dana', name: 'Dana', groups: ['dba'], kind: 'human' as const };

  it('expire after ten minutes and are spent by a late try', () => {
    let now = 1_000_000;
    const tokens = createSignInTokens(SIGN_IN_LINK_TTL_MS, () => now);
    const early = tokens.mint(dana);
    const late = tokens.mint(dana);
    now += SIGN_IN_LINK_TTL_MS - 1;
    assert.deepEqual(tokens.redeem(early), dana, 'a link signs in the principal it was made for');
    now += 1;
    assert.equal(tokens.redeem(late), undefined, 'expired at ten minutes');
    now -= 1;
    assert.equal(tokens.redeem(late), undefined, 'a refused try spends the token');
  });

  it('are distinct and random', () => {
    const tokens = createSignInTokens();
    const seen = new Set(Array.from({ length: 200 }, () => tokens.mint(dana)));
    assert.equal(seen.size, 200);
  });
});

describe('console with identity.cli absent', () => {
  it('signs in a fixed operator in the default approver groups', async () => {
    const server = await startConsoleServer({ approvals: { defaultApprovers: ['ops-leads'] } });
    try {
      const browser = new BrowserSession(server.origin);
      await browser.get(server.http.consoleSignInLink() as string);
      const home = await browser.get('/console');
      assert.equal(home.status, 200);
      assert.match(home.body, /operator<\/span>\s*<span class="groups">ops-leads<\/span>/);
    } finally {
      await server.stop();
    }
  });

  it('can be turned off', async () => {
    const server = await startConsoleServer({ console: { enabled: false } });
    try {
      assert.equal(server.http.consoleSignInLink(), undefined);
      const res = await fetch(`${server.origin}/console`, { redirect: 'manual' });
      assert.equal(res.status, 404);
    } finally {
      await server.stop();
    }
  });
});
