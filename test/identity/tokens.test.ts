// OIDC bearer tokens against a real provider on loopback: the good token, and every way a token can
// be bad, each refused with its reason, the right status and challenge, and no token in any log line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair } from 'jose';
import { createAuthenticator } from '../../src/identity/authenticator.ts';
import type { AuthResult, Authenticator } from '../../src/identity/types.ts';
import { startOidcProvider, type OidcProvider } from '../fixtures/oidc.ts';
import { AUDIENCE, bearer, captureLog, oidcIdentity, type CapturedLog } from './helpers.ts';

const METADATA_URL = 'https://gatehouse.test/.well-known/oauth-protected-resource/mcp';

let provider: OidcProvider;
let log: CapturedLog;
let auth: Authenticator;
/** Every credential any test presented; none may appear in a log line. */
const presented: string[] = [];

before(async () => {
  provider = await startOidcProvider({ audience: AUDIENCE });
  log = captureLog();
  auth = createAuthenticator(oidcIdentity(provider), { logger: log.logger });
});
after(async () => {
  await provider.stop();
});

async function check(token: string, url?: string): Promise<AuthResult> {
  presented.push(token);
  return auth.authenticate(bearer(token, url));
}

async function refusedWith(token: string, reason: string): Promise<void> {
  const result = await check(token);
  assert.equal(result.ok, false, `expected a refusal (${reason})`);
  if (result.ok) return;
  assert.equal(result.reason, reason);
  assert.equal(result.status, 401);
  assert.equal(result.headers['WWW-Authenticate'], `Bearer error="invalid_token", error_description="${reason}", resource_metadata="${METADATA_URL}"`);
  assert.deepEqual(result.body, { error: 'invalid_token', error_description: reason });
}

const person = { sub: 'u-123', name: 'Alice Example', azp: 'claude-code', realm_access: { roles: ['dba', 'oncall'] }, scope: 'openid mcp' };

describe('a valid token', () => {
  it('gives a principal with groups from the nested claim', async () => {
    const result = await check(await provider.issue(person));
    assert.ok(result.ok);
    assert.deepEqual(result.principal, { id: 'u-123', name: 'Alice Example', groups: ['dba', 'oncall'], kind: 'agent' });
    assert.equal(result.authInfo.clientId, 'claude-code');
    assert.deepEqual(result.authInfo.scopes, ['openid', 'mcp']);
    assert.equal(result.authInfo.resource?.href, AUDIENCE);
    assert.equal(result.authInfo.resourceMetadataUrl, METADATA_URL);
    assert.equal(result.authInfo.token, '', 'the raw token is not handed downstream');
    assert.ok(typeof result.authInfo.expiresAt === 'number' && result.authInfo.expiresAt > Date.now() / 1000);
    assert.deepEqual((result.authInfo.extra as { principal: unknown }).principal, result.principal);
  });

  it('is accepted signed with ES256 too', async () => {
    const result = await check(await provider.issue(person, { alg: 'ES256' }));
    assert.ok(result.ok);
    assert.equal(result.principal.id, 'u-123');
  });

  it('falls back to preferred_username, then to the id, for the name', async () => {
    const named = await check(await provider.issue({ sub: 'u-9', preferred_username: 'bob' }));
    assert.ok(named.ok);
    assert.equal(named.principal.name, 'bob');
    const bare = await check(await provider.issue({ sub: 'u-10' }));
    assert.ok(bare.ok);
    assert.equal(bare.principal.name, 'u-10');
  });

  it('is accepted when aud is a list holding this server', async () => {
    const result = await check(await provider.issue(person, { audience: ['https://other.example', AUDIENCE] }));
    assert.ok(result.ok);
  });

  it('is accepted a little past exp, within the clock skew', async () => {
    const result = await check(await provider.issue(person, { expiresIn: -10 }));
    assert.ok(result.ok);
  });

  it('without the groups claim is accepted with no groups, and the reason is logged once', async () => {
    const first = await check(await provider.issue({ sub: 'u-1' }));
    const second = await check(await provider.issue({ sub: 'u-2' }));
    assert.ok(first.ok && second.ok);
    assert.deepEqual(first.principal.groups, []);
    const lines = log.find('groups claim unusable; token users get no groups from it');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.claim, 'realm_access.roles');
    assert.equal(lines[0]?.problem, 'missing');
  });
});

describe('a bad token is refused', () => {
  it('expired', async () => refusedWith(await provider.issue(person, { expiresIn: -120 }), 'expired'));
  it('not yet valid', async () => refusedWith(await provider.issue(person, { notBefore: 120 }), 'not yet valid'));
  it('from another issuer', async () => refusedWith(await provider.issue(person, { issuer: 'https://evil.example' }), 'wrong issuer'));
  it('for another audience', async () => refusedWith(await provider.issue(person, { audience: 'https://other.example/mcp' }), 'wrong audience'));
  it('without exp', async () => refusedWith(await provider.issue(person, { noExpiry: true }), 'missing exp'));
  it('without sub', async () => refusedWith(await provider.issue({ name: 'nobody' }), 'missing sub'));

  it('signed by another key under the provider\'s kid', async () => {
    const impostor = await generateKeyPair('RS256');
    await refusedWith(await provider.issue(person, { kid: provider.kids.RS256, privateKey: impostor.privateKey }), 'bad signature');
  });

  it('with a tampered payload', async () => {
    const [header, , signature] = (await provider.issue(person)).split('.');
    const payload = Buffer.from(JSON.stringify({ ...person, sub: 'admin', iss: provider.issuer, aud: AUDIENCE, exp: 9e9 })).toString('base64url');
    await refusedWith(`${header}.${payload}.${signature}`, 'bad signature');
  });

  it('naming a kid the provider does not publish', async () => refusedWith(await provider.issue(person, { kid: 'no-such-kid' }), 'unknown kid'));

  it('malformed', async () => {
    for (const token of ['abc', 'a.b', 'eyJhbGciOiJSUzI1NiJ9.!!!.sig', `${'a'.repeat(17_000)}.b.c`, 'eyJub3QiOiJqc29uIn0.e30.c2ln']) {
      await refusedWith(token, 'malformed');
    }
  });

  it('with alg none, or HS256 when HMAC is off, without a key fetch', async () => {
    await check(await provider.issue(person)); // keys loaded
    const fetches = provider.jwksRequests();
    await refusedWith(await provider.issue(person, { alg: 'none' }), 'algorithm not allowed');
    await refusedWith(await provider.issue(person, { alg: 'HS256', secret: 'x'.repeat(40), kid: provider.kids.RS256 }), 'algorithm not allowed');
    assert.equal(provider.jwksRequests(), fetches);
  });
});

describe('request shapes', () => {
  it('no credentials: 401 with only the metadata pointer (RFC 6750 3.1)', async () => {
    const result = await auth.authenticate({ headers: {}, url: '/mcp' });
    assert.ok(!result.ok);
    assert.equal(result.status, 401);
    assert.equal(result.reason, 'no credentials');
    assert.equal(result.headers['WWW-Authenticate'], `Bearer resource_metadata="${METADATA_URL}"`);
  });

  it('a token in the query string: 400, even beside a good header', async () => {
    const token = await provider.issue(person);
    const result = await check(token, `/mcp?access_token=${token}`);
    assert.ok(!result.ok);
    assert.equal(result.status, 400);
    assert.equal(result.reason, 'token in query');
    assert.equal(result.body.error, 'invalid_request');
    assert.ok(!JSON.stringify(result).includes(token));
  });

  it('an unparsable request URL: 400', async () => {
    const result = await auth.authenticate({ headers: {}, url: 'http://[::1/mcp' });
    assert.equal(!result.ok && `${result.status} ${result.reason}`, '400 malformed url');
  });

  it('a non-Bearer scheme: 401', async () => {
    const result = await auth.authenticate({ headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' }, url: '/mcp' });
    presented.push('YWxpY2U6c2VjcmV0');
    assert.ok(!result.ok);
    assert.equal(result.status, 401);
    assert.equal(result.reason, 'malformed authorization header');
  });

  it('a Bearer header with more after the token: 401, the token unread', async () => {
    // Only `Bearer TOKEN` is a credential; a good token followed by anything else is not taken from it.
    const token = await provider.issue(person);
    presented.push(token);
    const result = await auth.authenticate({ headers: { authorization: `Bearer ${token} extra` }, url: '/mcp' });
    assert.equal(!result.ok && `${result.status} ${result.reason}`, '401 malformed authorization header');
  });

  it('an empty X-API-Key: 401 as a malformed key, not as a request without credentials', async () => {
    const result = await auth.authenticate({ headers: { 'x-api-key': '' }, url: '/mcp' });
    assert.equal(!result.ok && `${result.status} ${result.reason}`, '401 malformed api key');
  });

  it('two credentials at once: 400', async () => {
    const token = await provider.issue(person);
    presented.push(token);
    const result = await auth.authenticate({ headers: { authorization: `Bearer ${token}`, 'x-api-key': 'gatehouse_x' }, url: '/mcp' });
    assert.ok(!result.ok);
    assert.equal(result.status, 400);
    assert.equal(result.reason, 'several credentials');
  });
});

describe('required scopes', () => {
  let scoped: Authenticator;
  before(() => {
    scoped = createAuthenticator(oidcIdentity(provider, { requiredScopes: ['mcp:tools', 'mcp:read'] }), { logger: log.logger });
  });

  it('a token without them: 403 insufficient_scope naming what is needed', async () => {
    const token = await provider.issue({ ...person, scope: 'openid mcp:read' });
    presented.push(token);
    const result = await scoped.authenticate(bearer(token));
    assert.ok(!result.ok);
    assert.equal(result.status, 403);
    assert.equal(result.reason, 'missing scope');
    assert.equal(result.headers['WWW-Authenticate'], `Bearer error="insufficient_scope", scope="mcp:tools mcp:read", resource_metadata="${METADATA_URL}"`);
    assert.equal(result.body.error, 'insufficient_scope');
  });

  it('a token with only longer scopes that start with them: 403', async () => {
    // A scope is matched whole: `mcp:tools:admin` is not `mcp:tools`.
    const token = await provider.issue({ ...person, scope: 'mcp:tools:admin mcp:read' });
    presented.push(token);
    const result = await scoped.authenticate(bearer(token));
    assert.equal(!result.ok && `${result.status} ${result.reason}`, '403 missing scope');
  });

  it('a token with them, in scope or in scp, is accepted', async () => {
    const viaScope = await scoped.authenticate(bearer(await provider.issue({ ...person, scope: 'mcp:read openid mcp:tools' })));
    const viaScp = await scoped.authenticate(bearer(await provider.issue({ ...person, scope: undefined, scp: ['mcp:tools', 'mcp:read'] })));
    assert.ok(viaScope.ok);
    assert.ok(viaScp.ok);
  });
});

describe('HMAC tokens, when explicitly allowed', () => {
  const secret = 'an-hmac-secret-of-at-least-32-bytes!';

  it('accepts HS256 signed with the secret, refuses another secret, still accepts the provider\'s keys', async () => {
    const hmac = createAuthenticator(oidcIdentity(provider, { allowHmac: true, hmacSecret: 'env:X', algorithms: ['HS256', 'RS256'] }), { logger: log.logger, hmacSecret: secret });
    const good = await provider.issue(person, { alg: 'HS256', secret });
    const forged = await provider.issue(person, { alg: 'HS256', secret: 'another-secret-that-is-32-bytes-long' });
    presented.push(good, forged);
    assert.ok((await hmac.authenticate(bearer(good))).ok);
    const refused = await hmac.authenticate(bearer(forged));
    assert.ok(!refused.ok);
    assert.equal(refused.reason, 'bad signature');
    assert.ok((await hmac.authenticate(bearer(await provider.issue(person)))).ok);
  });

  it('refuses to start with a short or missing secret', () => {
    const config = oidcIdentity(provider, { allowHmac: true, hmacSecret: 'env:X', algorithms: ['HS256'] });
    assert.throws(() => createAuthenticator(config, { logger: log.logger, hmacSecret: 'short' }), /at least 32 bytes/);
    assert.throws(() => createAuthenticator(config, { logger: log.logger }), /hmacSecret value was not provided/);
  });
});

describe('verification cost', () => {
  // Speed is the bench's to measure; the timeout only guards against a verifier that hangs or refetches per token.
  it('with cached keys, per token', { timeout: 30_000 }, async (t) => {
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => provider.issue({ ...person, sub: `u-${i}` }, { alg: i % 2 ? 'ES256' : 'RS256' })));
    presented.push(...tokens);
    await auth.authenticate(bearer(tokens[0] as string)); // warm: keys fetched, imported
    const started = process.hrtime.bigint();
    for (const token of tokens) assert.ok((await auth.authenticate(bearer(token))).ok);
    const perToken = Number(process.hrtime.bigint() - started) / 1e6 / tokens.length;
    t.diagnostic(`verification: ${perToken.toFixed(3)} ms per token (RS256/ES256 mix, cached JWKS)`);
  });
});

describe('the log', () => {
  it('never contains a presented token, nor a token\'s signature', () => {
    assert.ok(presented.length > 20 && log.lines.length > 10, 'the tests above presented tokens and logged');
    // Short test strings ("abc", "a.b") are left out: they turn up by chance inside hex fingerprints.
    const searchable = presented.filter((credential) => credential.length >= 20);
    for (const line of log.lines) {
      for (const credential of searchable) {
        assert.ok(!line.includes(credential), `a log line contains a credential: ${line.slice(0, 120)}`);
        const signature = credential.split('.')[2];
        if (signature && signature.length > 16) assert.ok(!line.includes(signature), 'a log line contains a token signature');
      }
    }
  });

  it('logs a refusal with a credential at info, and a request without any only at debug', () => {
    // pino levels: 20 debug, 30 info. A server at its default level keeps the first and drops the routine second.
    const refusals = log.find('authentication refused');
    assert.deepEqual([...new Set(refusals.filter((l) => l.reason === 'no credentials').map((l) => l.level))], [20]);
    assert.deepEqual([...new Set(refusals.filter((l) => l.reason === 'wrong audience' || l.reason === 'token in query').map((l) => l.level))], [30]);
  });

  it('names the reason of every refusal', () => {
    const reasons = new Set(log.find('authentication refused').map((l) => l.reason));
    for (const reason of ['expired', 'not yet valid', 'wrong issuer', 'wrong audience', 'bad signature', 'unknown kid', 'malformed', 'token in query', 'missing scope', 'algorithm not allowed']) {
      assert.ok(reasons.has(reason), `no log line with reason "${reason}"`);
    }
  });
});
