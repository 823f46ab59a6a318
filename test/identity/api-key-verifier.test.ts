// The API key verifier in-process: the exact shape a key must have before it is hashed, the first
// configured entry winning when two share a hash, and a principal the caller cannot change for the
// next request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_KEY_PREFIX, createApiKeyVerifier, generateApiKey, hashApiKey, looksLikeApiKey } from '../../src/identity/api-keys.ts';
import { ApiKeysConfigSchema } from '../../src/identity/config.ts';

const key = generateApiKey();
const body = key.slice(API_KEY_PREFIX.length);

describe('generateApiKey', () => {
  it('is the prefix and 43 base64url characters (32 random bytes), different every time', () => {
    assert.match(key, /^gatehouse_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(body, 'base64url').length, 32);
    assert.notEqual(generateApiKey(), key);
  });

  it('hashApiKey is the hex SHA-256 of the key text', () => {
    assert.equal(hashApiKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('looksLikeApiKey', () => {
  it('tells a gatehouse key by its prefix, at the start only', () => {
    assert.equal(looksLikeApiKey(key), true);
    assert.equal(looksLikeApiKey('gatehouse_'), true);
    assert.equal(looksLikeApiKey(`x${key}`), false);
    assert.equal(looksLikeApiKey('eyJhbGciOiJSUzI1NiJ9.e30.c2ln'), false);
  });
});

describe('createApiKeyVerifier', () => {
  const verifier = createApiKeyVerifier(ApiKeysConfigSchema.parse([{ id: 'ci-bot', groups: ['ci'], sha256: hashApiKey(key) }]));

  it('refuses as malformed, before hashing, anything but the prefix and exactly 43 key characters', () => {
    const malformed = [
      body, // no prefix
      `${key}A`, // one character too many
      key.slice(0, -1), // one too few
      `x${key}`, // something before the prefix
      `${key}\n`, // a trailing newline
      `${API_KEY_PREFIX}${body.slice(0, -1)}=`, // a character outside base64url
      `${API_KEY_PREFIX}${body.slice(0, -1)}é`,
      `GATEHOUSE_${body}`,
    ];
    for (const candidate of malformed) {
      assert.deepEqual(verifier.verify(candidate), { ok: false, reason: 'malformed api key' }, JSON.stringify(candidate));
    }
  });

  it('refuses a well-formed key it does not hold as unknown', () => {
    assert.deepEqual(verifier.verify(generateApiKey()), { ok: false, reason: 'unknown api key' });
    assert.deepEqual(createApiKeyVerifier([]).verify(key), { ok: false, reason: 'unknown api key' });
  });

  it('accepts the key with its principal and key id, the name defaulting to the id', () => {
    assert.deepEqual(verifier.verify(key), { ok: true, principal: { id: 'ci-bot', name: 'ci-bot', groups: ['ci'], kind: 'service' }, keyId: 'ci-bot' });
  });

  it('the first entry wins when two entries hold the same hash (the config schema refuses that; the verifier stays defined)', () => {
    const twice = createApiKeyVerifier([
      { id: 'first', name: 'First', groups: ['a'], sha256: hashApiKey(key), kind: 'agent' },
      { id: 'second', name: 'Second', groups: ['admin'], sha256: hashApiKey(key), kind: 'service' },
    ]);
    const result = twice.verify(key);
    assert.ok(result.ok);
    assert.equal(result.keyId, 'first');
    assert.deepEqual(result.principal, { id: 'first', name: 'First', groups: ['a'], kind: 'agent' });
  });

  it('matches among several entries, not only the first or the last', () => {
    const keys = [generateApiKey(), key, generateApiKey()];
    const several = createApiKeyVerifier(keys.map((k, i) => ({ id: `k${i}`, groups: [], sha256: hashApiKey(k), kind: 'service' as const })));
    const result = several.verify(key);
    assert.ok(result.ok);
    assert.equal(result.keyId, 'k1');
  });

  it('hands out a copy: changing one result does not change the next', () => {
    const first = verifier.verify(key);
    assert.ok(first.ok);
    first.principal.groups.push('admin');
    first.principal.name = 'changed';
    const second = verifier.verify(key);
    assert.ok(second.ok);
    assert.deepEqual(second.principal, { id: 'ci-bot', name: 'ci-bot', groups: ['ci'], kind: 'service' });
  });

  it('does not share the config entry: changing the config after compiling changes nothing', () => {
    const entries = ApiKeysConfigSchema.parse([{ id: 'ops', groups: ['ops'], sha256: hashApiKey(key) }]);
    const compiled = createApiKeyVerifier(entries);
    entries[0]?.groups.push('admin');
    const result = compiled.verify(key);
    assert.ok(result.ok);
    assert.deepEqual(result.principal.groups, ['ops']);
  });
});
