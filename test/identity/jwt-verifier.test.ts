// The JWT verifier in-process, against the real loopback provider: the size and shape gate in front
// of jose, the clock it is given, the HMAC secret's length in bytes, the fixed reasons for jose's
// errors, and what it stamps on AuthInfo.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { OidcConfigSchema, type OidcConfig } from '../../src/identity/config.ts';
import { createJwtVerifier, tokenFingerprint, type JwtVerifier, type JwtVerifierOptions } from '../../src/identity/jwt-verifier.ts';
import { startOidcProvider, type OidcProvider } from '../fixtures/oidc.ts';
import { AUDIENCE, captureLog, type CapturedLog } from './helpers.ts';

const SECRET = 'an-hmac-secret-of-at-least-32-bytes!';
const MAX_TOKEN_LENGTH = 16 * 1024;

let provider: OidcProvider;
let log: CapturedLog;

before(async () => {
  provider = await startOidcProvider({ audience: AUDIENCE });
  log = captureLog();
});
after(async () => {
  await provider.stop();
});

function config(oidc: Record<string, unknown> = {}): OidcConfig {
  return OidcConfigSchema.parse({ issuer: provider.issuer, audience: AUDIENCE, groupsClaim: 'roles', ...oidc });
}

function verifier(oidc: Record<string, unknown> = {}, options: Partial<JwtVerifierOptions> = {}): JwtVerifier {
  return createJwtVerifier(config(oidc), { fetch: globalThis.fetch, now: Date.now, logger: log.logger, ...options });
}

const hmacConfig = { allowHmac: true, hmacSecret: 'env:X', algorithms: ['HS256', 'RS256'] };

/** An HS256 token over exactly these claims (no defaults added), with extra header fields. */
async function hs256(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(new TextEncoder().encode(SECRET));
}

/** HS256 over any header and payload text, for what jose's SignJWT refuses to produce. */
function hs256Raw(header: object, payload: string): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

function standard(extra: JWTPayload = {}): JWTPayload {
  return { iss: provider.issuer, aud: AUDIENCE, sub: 'u-1', exp: Math.floor(Date.now() / 1000) + 300, ...extra };
}

/** An HS256 token padded through a claim to exactly `length` characters (the kid evens out base64 steps). */
async function tokenOfLength(length: number): Promise<string> {
  for (let kid = 1; kid <= 4; kid++) {
    const probe = await hs256(standard({ pad: '' }), { kid: 'k'.repeat(kid) });
    for (let pad = Math.floor(((length - probe.length) * 3) / 4) - 4; pad < length; pad++) {
      const token = await hs256(standard({ pad: 'p'.repeat(pad) }), { kid: 'k'.repeat(kid) });
      if (token.length === length) return token;
      if (token.length > length) break;
    }
  }
  throw new Error(`no token of length ${length}`);
}

describe('the gate in front of jose', () => {
  it('a good token of exactly the maximum length is verified; one character more is malformed', async () => {
    const hmac = verifier(hmacConfig, { hmacSecret: SECRET });
    const longest = await tokenOfLength(MAX_TOKEN_LENGTH);
    assert.ok((await hmac.verify(longest)).ok, 'the longest allowed token is accepted');
    const tooLong = await tokenOfLength(MAX_TOKEN_LENGTH + 1);
    assert.deepEqual(await hmac.verify(tooLong), { ok: false, reason: 'malformed' });
  });

  it('refuses text around a token, and characters outside base64url', async () => {
    const good = await provider.issue({ sub: 'u-1' });
    const v = verifier();
    assert.ok((await v.verify(good)).ok);
    for (const token of [` ${good}`, `${good}\n`, `x.${good}`, `${good}.x`, good.replace('.', '.+'), good.replace('.', '..')]) {
      assert.deepEqual(await v.verify(token), { ok: false, reason: 'malformed' }, JSON.stringify(token.slice(0, 12)));
    }
  });
});

describe('the clock', () => {
  it('is the one given, for exp and nbf', async () => {
    const token = await provider.issue({ sub: 'u-1' }, { expiresIn: -3600 });
    assert.deepEqual(await verifier().verify(token), { ok: false, reason: 'expired' });
    const anHourAgo = verifier({}, { now: () => Date.now() - 3600_000 - 60_000 });
    assert.ok((await anHourAgo.verify(token)).ok, 'valid by the clock the verifier was given');
  });

  it('allows exactly the configured skew', async () => {
    const token = await provider.issue({ sub: 'u-1' }, { expiresIn: -10 });
    assert.deepEqual(await verifier({ clockSkew: 0 }).verify(token), { ok: false, reason: 'expired' });
    assert.ok((await verifier({ clockSkew: 60 }).verify(token)).ok);
  });
});

describe('the HMAC secret', () => {
  it('counts bytes, not characters: 32 bytes are enough, 31 are not', () => {
    assert.doesNotThrow(() => verifier(hmacConfig, { hmacSecret: 'x'.repeat(32) }));
    assert.doesNotThrow(() => verifier(hmacConfig, { hmacSecret: 'é'.repeat(16) }), '16 two-byte characters are 32 bytes');
    assert.throws(() => verifier(hmacConfig, { hmacSecret: 'x'.repeat(31) }), /^Error: identity\.oidc\.hmacSecret must be at least 32 bytes$/);
    assert.throws(() => verifier(hmacConfig, { hmacSecret: 'é'.repeat(15) + 'x' }), /at least 32 bytes/);
    assert.throws(() => verifier(hmacConfig, { hmacSecret: '' }), /hmacSecret value was not provided/);
  });

  it('is not needed, nor used, when HMAC is not allowed', async () => {
    const v = verifier({}, { hmacSecret: 'short' });
    assert.deepEqual(await v.verify(await hs256(standard())), { ok: false, reason: 'algorithm not allowed' });
  });
});

describe('reasons for jose\'s errors', () => {
  const hmac = (): JwtVerifier => verifier(hmacConfig, { hmacSecret: SECRET });

  it('a claim of the wrong type is "invalid claims"', async () => {
    assert.deepEqual(await hmac().verify(hs256Raw({ alg: 'HS256' }, JSON.stringify({ ...standard(), iat: 'yesterday' }))), { ok: false, reason: 'invalid claims' });
  });

  it('a missing claim jose requires is named', async () => {
    const { iss: _iss, ...noIssuer } = standard();
    assert.deepEqual(await hmac().verify(await hs256(noIssuer)), { ok: false, reason: 'missing iss' });
    const { aud: _aud, ...noAudience } = standard();
    assert.deepEqual(await hmac().verify(await hs256(noAudience)), { ok: false, reason: 'missing aud' });
  });

  it('an unknown critical header is refused as not supported', async () => {
    const token = hs256Raw({ alg: 'HS256', crit: ['x-unknown'], 'x-unknown': 1 }, JSON.stringify(standard()));
    assert.deepEqual(await hmac().verify(token), { ok: false, reason: 'algorithm not supported' });
  });

  it('an algorithm outside the configured list is not allowed, even with the right secret', async () => {
    const rsOnly = verifier({ ...hmacConfig, algorithms: ['RS256', 'HS384'] }, { hmacSecret: SECRET });
    assert.deepEqual(await rsOnly.verify(await hs256(standard())), { ok: false, reason: 'algorithm not allowed' });
  });

  it('a token without a kid, when two published keys fit it, is refused as ambiguous', async () => {
    const rotating = await startOidcProvider({ audience: AUDIENCE });
    try {
      rotating.publishExtraKey({ ...(await exportJWK((await generateKeyPair('RS256')).publicKey)), kid: 'second', alg: 'RS256' });
      const v = createJwtVerifier(OidcConfigSchema.parse({ issuer: rotating.issuer, audience: AUDIENCE }), { fetch: globalThis.fetch, now: Date.now, logger: log.logger });
      assert.ok((await v.verify(await rotating.issue({ sub: 'u-1' }))).ok, 'with its kid the token is verified');
      assert.deepEqual(await v.verify(await rotating.issue({ sub: 'u-1' }, { kid: null })), { ok: false, reason: 'no kid and several keys match' });
      assert.ok((await v.verify(await rotating.issue({ sub: 'u-1' }, { alg: 'ES256', kid: null }))).ok, 'one ES256 key: no kid needed');
    } finally {
      await rotating.stop();
    }
  });

  it('a published key that cannot be imported fails verification, without a crash or a wrong reason', async () => {
    const broken = await startOidcProvider({ audience: AUDIENCE });
    try {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      const { e: _exponent, ...noExponent } = await exportJWK(publicKey);
      broken.publishExtraKey({ ...noExponent, kid: 'broken', alg: 'RS256' });
      const v = createJwtVerifier(OidcConfigSchema.parse({ issuer: broken.issuer, audience: AUDIENCE }), { fetch: globalThis.fetch, now: Date.now, logger: log.logger });
      assert.deepEqual(await v.verify(await broken.issue({ sub: 'u-1' }, { kid: 'broken', privateKey })), { ok: false, reason: 'verification failed' });
      assert.ok((await v.verify(await broken.issue({ sub: 'u-1' }))).ok, 'the good keys still work');
    } finally {
      await broken.stop();
    }
  });

  it('HMAC tokens are refused without the secret even when a config that skipped the schema lists HS256', async () => {
    const unchecked: OidcConfig = { ...config(), algorithms: ['HS256', 'RS256'], allowHmac: false };
    const v = createJwtVerifier(unchecked, { fetch: globalThis.fetch, now: Date.now, logger: log.logger, hmacSecret: SECRET });
    assert.deepEqual(await v.verify(await hs256(standard())), { ok: false, reason: 'algorithm not allowed' });
  });

  it('a payload that is not JSON is malformed', async () => {
    assert.ok((await hmac().verify(hs256Raw({ alg: 'HS256' }, JSON.stringify(standard())))).ok, 'the raw signer makes good tokens');
    assert.deepEqual(await hmac().verify(hs256Raw({ alg: 'HS256' }, 'not json')), { ok: false, reason: 'malformed' });
  });
});

describe('the principal and AuthInfo', () => {
  it('reads the configured id claim, and names it when it is missing or blank', async () => {
    const v = verifier({ idClaim: 'email' });
    const ok = await v.verify(await provider.issue({ sub: 'u-1', email: 'a@example.com' }));
    assert.ok(ok.ok);
    assert.equal(ok.principal.id, 'a@example.com');
    assert.deepEqual(await v.verify(await provider.issue({ sub: 'u-1' })), { ok: false, reason: 'missing email' });
    assert.deepEqual(await v.verify(await provider.issue({ sub: 'u-1', email: ' ' })), { ok: false, reason: 'missing email' });
  });

  it('stamps exp, the resource, the kind, the scopes and the token fingerprint, and never the token', async () => {
    const token = await provider.issue({ sub: 'u-1', roles: ['dba'], client_id: 'cli', scp: ['mcp'] }, { expiresIn: 120 });
    const result = await verifier({ kind: 'human' }).verify(token);
    assert.ok(result.ok);
    const exp = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).exp as number;
    assert.deepEqual(result.principal, { id: 'u-1', name: 'u-1', groups: ['dba'], kind: 'human' });
    assert.deepEqual(result.scopes, ['mcp']);
    assert.equal(result.authInfo.token, '');
    assert.equal(result.authInfo.clientId, 'cli');
    assert.deepEqual(result.authInfo.scopes, ['mcp']);
    assert.equal(result.authInfo.expiresAt, exp);
    assert.equal(result.authInfo.resource?.href, AUDIENCE);
    assert.ok(!('resourceMetadataUrl' in result.authInfo), 'no metadata URL unless one was given');
    assert.deepEqual(result.authInfo.extra, { principal: result.principal, tokenId: tokenFingerprint(token) });
    assert.ok(!JSON.stringify(result).includes(token.split('.')[2] as string), 'no part of the signature is kept');
  });

  it('stamps the metadata URL it was given', async () => {
    const url = 'https://gatehouse.test/.well-known/oauth-protected-resource/mcp';
    const result = await verifier({}, { resourceMetadataUrl: url }).verify(await provider.issue({ sub: 'u-1' }));
    assert.ok(result.ok);
    assert.equal(result.authInfo.resourceMetadataUrl, url);
  });

  it('logs each kind of groups problem once, at debug level', async () => {
    const own = captureLog();
    const v = verifier({}, { logger: own.logger });
    for (const roles of [undefined, 7, undefined, 'x'.length, ['ok', 1]]) {
      const result = await v.verify(await provider.issue({ sub: 'u-1', ...(roles === undefined ? {} : { roles }) }));
      assert.ok(result.ok);
    }
    const lines = own.find('groups claim unusable; token users get no groups from it');
    assert.deepEqual(lines.map((l) => [l.problem, l.claim, l.level]), [
      ['missing', 'roles', 20],
      ['not a list of strings', 'roles', 20],
    ]);
  });
});

describe('tokenFingerprint', () => {
  it('is the first 12 hex digits of the token\'s SHA-256', () => {
    assert.equal(tokenFingerprint('abc'), 'ba7816bf8f01');
    assert.equal(tokenFingerprint('ab\u00e9'), tokenFingerprint('ab\u00e9'));
    assert.notEqual(tokenFingerprint('ab\u00e9'), tokenFingerprint('abe'));
  });
});
