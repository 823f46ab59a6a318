// The provider's keys over time: discovery once, rotation picked up without a restart, the fetch
// rate bounded under a flood of unknown kids, and an unreachable provider answered with 503.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createAuthenticator } from '../../src/identity/authenticator.ts';
import type { AuthResult, Authenticator } from '../../src/identity/types.ts';
import { startOidcProvider, type OidcProvider } from '../fixtures/oidc.ts';
import { bearer, captureLog, oidcIdentity, type CapturedLog } from './helpers.ts';

let provider: OidcProvider;
let log: CapturedLog;
let clock: number;
let auth: Authenticator;

/** Moves the authenticator's clock; tokens are issued with the real one, and live 300 s. */
const advance = (seconds: number): void => void (clock += seconds * 1000);

beforeEach(async () => {
  provider = await startOidcProvider();
  log = captureLog();
  clock = Date.now();
  auth = createAuthenticator(oidcIdentity(provider), { logger: log.logger, now: () => clock });
});
afterEach(async () => {
  await provider.stop();
});

const tokenFor = (sub: string, kid?: string): Promise<string> => provider.issue({ sub }, kid ? { kid } : {});
const reasonOf = (result: AuthResult): string => (result.ok ? 'ok' : result.reason);

describe('keys', () => {
  it('are discovered once and fetched once for many tokens, concurrent ones included', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => tokenFor(`u-${i}`)));
    const results = await Promise.all(tokens.map((t) => auth.authenticate(bearer(t))));
    assert.deepEqual(results.map(reasonOf), tokens.map(() => 'ok'));
    assert.equal(provider.discoveryRequests(), 1);
    assert.equal(provider.jwksRequests(), 1);
    // The operator sees each load, and from which issuer.
    assert.deepEqual(log.find('identity provider keys loaded').map((l) => l.issuer), [provider.issuer]);
  });

  it('come from jwksUrl without discovery when it is configured', async () => {
    const direct = createAuthenticator(oidcIdentity(provider, { jwksUrl: provider.jwksUrl }), { logger: log.logger });
    assert.ok((await direct.authenticate(bearer(await tokenFor('u')))).ok);
    assert.equal(provider.discoveryRequests(), 0);
    assert.equal(provider.jwksRequests(), 1);
  });

  it('rotation is picked up without a restart, at most one fetch per 30 s window', async () => {
    assert.ok((await auth.authenticate(bearer(await tokenFor('before')))).ok);
    assert.equal(provider.jwksRequests(), 1);
    const oldToken = await tokenFor('old-key');
    await provider.rotate();
    const newToken = await tokenFor('new-key');

    // Inside the window the new kid is not looked up yet.
    advance(10);
    assert.equal(reasonOf(await auth.authenticate(bearer(newToken))), 'unknown kid');
    assert.equal(provider.jwksRequests(), 1);

    // Past it, one fetch finds the new key; the removed key is no longer trusted.
    advance(21);
    assert.equal(reasonOf(await auth.authenticate(bearer(newToken))), 'ok');
    assert.equal(provider.jwksRequests(), 2);
    assert.equal(reasonOf(await auth.authenticate(bearer(oldToken))), 'unknown kid');
    assert.equal(provider.jwksRequests(), 2);
  });

  it('a flood of unknown kids costs at most one fetch per window', async () => {
    assert.ok((await auth.authenticate(bearer(await tokenFor('warm')))).ok);
    advance(31);
    const flood = await Promise.all(Array.from({ length: 100 }, (_, i) => tokenFor('x', `made-up-${i}`)));
    const first = await Promise.all(flood.slice(0, 50).map((t) => auth.authenticate(bearer(t))));
    advance(5);
    const second = await Promise.all(flood.slice(50).map((t) => auth.authenticate(bearer(t))));
    assert.ok([...first, ...second].every((r) => reasonOf(r) === 'unknown kid'));
    assert.equal(provider.jwksRequests(), 2, 'the warm-up fetch and one refresh');
    // Good tokens are still served from the cache meanwhile.
    assert.ok((await auth.authenticate(bearer(await tokenFor('good')))).ok);
    assert.equal(provider.jwksRequests(), 2);
  });

  it('are refreshed when they age, so removed keys stop being trusted even without new kids', async () => {
    const oldToken = await provider.issue({ sub: 'old' }, { expiresIn: 3600 });
    assert.ok((await auth.authenticate(bearer(oldToken))).ok);
    await provider.rotate();
    advance(9 * 60);
    assert.ok((await auth.authenticate(bearer(oldToken))).ok, 'still within the cache age');
    advance(61);
    assert.equal(reasonOf(await auth.authenticate(bearer(oldToken))), 'unknown kid');
    assert.equal(provider.jwksRequests(), 2);
  });
});

describe('an unreachable provider', () => {
  it('answers 503 (not invalid_token) when no keys were ever fetched, without hammering it', async () => {
    provider.setJwksStatus(503);
    const token = await tokenFor('u');
    const results = await Promise.all(Array.from({ length: 10 }, () => auth.authenticate(bearer(token))));
    for (const result of results) {
      assert.ok(!result.ok);
      assert.equal(result.status, 503);
      assert.equal(result.reason, 'identity provider unavailable');
      assert.equal(result.body.error, 'temporarily_unavailable');
    }
    assert.equal(provider.jwksRequests(), 1);
    const warning = log.find('identity provider keys could not be fetched')[0];
    assert.match(String((warning?.err as { message?: string })?.message), /HTTP 503/);

    provider.setJwksStatus(200);
    advance(31);
    assert.ok((await auth.authenticate(bearer(token))).ok, 'recovers on the next window');
  });

  it('keeps serving cached keys through an outage, then refuses once they are too old', async () => {
    const token = await tokenFor('u');
    assert.ok((await auth.authenticate(bearer(token))).ok);
    provider.setJwksStatus(500);
    advance(11 * 60); // past the cache age: refresh fails, old keys still used
    const during = await provider.issue({ sub: 'u' }, { expiresIn: 3 * 3600 });
    assert.ok((await auth.authenticate(bearer(during))).ok);
    advance(60 * 60); // past age + staleness allowance
    const late = await auth.authenticate(bearer(during));
    assert.ok(!late.ok);
    assert.equal(late.status, 503);
  });

  it('trusts cached keys up to exactly their age plus the staleness allowance, not a millisecond longer', async () => {
    const token = await provider.issue({ sub: 'u' }, { expiresIn: 3 * 3600 });
    assert.ok((await auth.authenticate(bearer(token))).ok);
    provider.setJwksStatus(500);
    advance(70 * 60); // the default 10 min age plus 60 min of staleness
    assert.ok((await auth.authenticate(bearer(token))).ok, 'at the bound');
    clock += 1;
    const late = await auth.authenticate(bearer(token));
    assert.ok(!late.ok);
    assert.equal(late.status, 503);
  });
});
