// The checkpoint's keys and shape, as the config and `audit verify --public-key` read them: a private
// key must be an Ed25519 PEM; a public key is a PEM or the raw 32 bytes in base64 (a stray character
// is refused, not decoded around), never quoted back; the key id is the first 16 hex digits of the
// SHA-256 of the raw key; a checkpoint signs its canonical fields; and a line that is not a
// well-formed checkpoint, field by field, is refused before any signature is checked.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/audit/canonical.ts';
import { checkCheckpoint, keyId, privateKeyFrom, publicKeyFrom, rawPublicKey, signCheckpoint } from '../../src/audit/checkpoint.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
/** The raw key, read straight from the DER encoding (its last 32 bytes). */
const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
const HASH = 'a'.repeat(64);

const NOT_PUBLIC = 'the public key is neither a PEM public key nor a base64 raw Ed25519 key (32 bytes)';

describe('checkpoint keys', () => {
  it('reads an Ed25519 private key from PEM, and refuses anything else', () => {
    assert.equal(keyId(privateKeyFrom(privatePem)), keyId(privateKey));
    assert.throws(() => privateKeyFrom('not a key'), { message: 'the checkpoint key is not a PEM private key (make one with `gatehouse audit keygen`)' });
    assert.throws(() => privateKeyFrom(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()), { message: 'the checkpoint key must be an Ed25519 key' });
  });

  it('reads a public key as PEM or as the raw key in base64, around white space', () => {
    const id = keyId(publicKey);
    assert.equal(keyId(publicKeyFrom(`\n  ${publicPem}\n`)), id);
    assert.equal(keyId(publicKeyFrom(` ${raw.toString('base64')}\n`)), id);
    assert.equal(rawPublicKey(publicKey), raw.toString('base64'));
    assert.equal(rawPublicKey(privateKey), raw.toString('base64'), 'a private key gives its public half');
  });

  it('refuses a public key that is not 32 raw bytes, holds a stray character, or is not Ed25519, without quoting it', () => {
    const text = raw.toString('base64');
    const cases = [raw.subarray(1).toString('base64'), Buffer.concat([raw, Buffer.from([1])]).toString('base64'), `${text.slice(0, 10)}*${text.slice(10)}`, 'secret-looking text', '-----BEGIN PUBLIC KEY-----\nbroken\n-----END PUBLIC KEY-----'];
    for (const bad of cases) {
      assert.throws(
        () => publicKeyFrom(bad),
        (error: Error) => error.message === NOT_PUBLIC,
        bad,
      );
    }
    assert.throws(() => publicKeyFrom(rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString()), { message: 'the public key must be an Ed25519 key' });
  });

  it('names a key by the first 16 hex digits of the SHA-256 of its raw bytes', () => {
    assert.equal(keyId(publicKey), createHash('sha256').update(raw).digest('hex').slice(0, 16));
    assert.equal(keyId(privateKey), keyId(publicKey));
  });
});

describe('checkpoint shape', () => {
  it('signs the canonical JSON of its fields, at the time given or now', () => {
    const c = signCheckpoint(privateKey, 'prod', { seq: 4, hash: HASH }, '2026-03-01T00:00:00.000Z');
    const { signature, ...fields } = c;
    assert.deepEqual(fields, { type: 'gatehouse.audit.checkpoint', chain: 'prod', seq: 4, hash: HASH, time: '2026-03-01T00:00:00.000Z', key: keyId(publicKey) });
    assert.ok(verify(null, Buffer.from(canonicalJson(fields)), publicKey, Buffer.from(signature, 'base64')));
    const before = new Date().toISOString();
    const now = signCheckpoint(privateKey, 'prod', { seq: 4, hash: HASH }).time;
    assert.ok(now >= before && now <= new Date().toISOString(), now);
  });

  it('takes the edges of a well-formed checkpoint: event 0, a 63-character chain name, a time without fractions', () => {
    for (const [chain, seq, time] of [
      ['a', 0, '2026-03-01T00:00:00Z'],
      // 63 characters: 1 + 60 + 2.
      [`A${'b_.-'.repeat(15)}cd`, 12, '2026-03-01T00:00:00.123456Z'],
    ] as const) {
      const c = signCheckpoint(privateKey, chain, { seq, hash: HASH }, time);
      assert.deepEqual(checkCheckpoint(JSON.parse(JSON.stringify(c)), publicKey), { ok: true, checkpoint: c });
    }
  });

  it('refuses a line that is not a well-formed checkpoint, whichever field is wrong', () => {
    const good = signCheckpoint(privateKey, 'prod', { seq: 4, hash: HASH }, '2026-03-01T00:00:00.000Z');
    const bad: unknown[] = [
      null,
      'a checkpoint',
      { ...good, type: 'gatehouse.audit.event' },
      { ...good, chain: 7 },
      { ...good, chain: '-prod' },
      { ...good, chain: 'p'.repeat(64) },
      { ...good, chain: 'prod\n' },
      { ...good, seq: -1 },
      { ...good, seq: 4.5 },
      { ...good, seq: '4' },
      { ...good, seq: 2 ** 53 },
      { ...good, hash: 7 },
      { ...good, hash: 'A'.repeat(64) },
      { ...good, hash: 'a'.repeat(63) },
      { ...good, hash: `${HASH}0` },
      { ...good, time: 7 },
      { ...good, time: '2026-03-01 00:00:00Z' },
      { ...good, time: '2026-03-01T00:00:00.000' },
      { ...good, time: 'x2026-03-01T00:00:00Z' },
      { ...good, key: 7 },
      { ...good, key: good.key.slice(1) },
      { ...good, key: good.key.toUpperCase().replace(/[0-9]/g, 'F') },
      { ...good, signature: 7 },
      { ...good, signature: `${good.signature}!` },
      { ...good, signature: `!${good.signature}` },
    ];
    for (const value of bad) assert.deepEqual(checkCheckpoint(value, publicKey), { ok: false, problem: 'is not a well-formed checkpoint' }, JSON.stringify(value));
  });
});
