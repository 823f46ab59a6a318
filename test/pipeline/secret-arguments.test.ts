// The README's promise that credentials cannot be probed: a call whose arguments hold a configured
// secret value, plain, URL-encoded, JSON-escaped, base64 or hex, anywhere in its arguments (a
// value, a key, a number), is found, and the finding names the config path to rotate, never the value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSecretFinder } from '../../src/pipeline/secret-arguments.ts';

const password = 'Sq1-pa$$w"rd/Zx9';
const token = 'tok_7Hq2Lm9Vr4Xc';
const find = createSecretFinder([
  { path: 'targets.postgres.shop.password', value: password },
  { path: 'targets.kubernetes.prod.token', value: token },
]);

describe('finding a configured secret in a call’s arguments', () => {
  it('finds the secret in every encoded form, naming its config path', () => {
    const forms = {
      plain: password,
      url: encodeURIComponent(password),
      json: JSON.stringify(password).slice(1, -1),
      base64: Buffer.from(password).toString('base64'),
      hex: Buffer.from(password).toString('hex'),
      // as a reader reads it: threaded with characters that draw nothing, or full-width
      threaded: [...password].join('\u200b'),
      variationSelectors: [...password].join('\u{e0100}'),
      fullWidth: password.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    };
    for (const [form, text] of Object.entries(forms)) {
      assert.deepEqual(find({ sql: `SELECT '${text}'` }), ['targets.postgres.shop.password'], form);
    }
  });

  it('finds the secret as the reader’s view reads it: inside a base64 run at any offset, or wrapped over a soft break', () => {
    // One byte before the secret shifts base64's alignment: the run holds none of the secret's own encoded forms.
    assert.deepEqual(find({ body: Buffer.from(`x${password}`).toString('base64') }), ['targets.postgres.shop.password']);
    assert.deepEqual(find({ cmd: `curl -H ${token.slice(0, 6)}\\\n  ${token.slice(6)}` }), ['targets.kubernetes.prod.token']);
  });

  it('looks inside nested objects and arrays, at keys and at numbers', () => {
    assert.deepEqual(find({ a: [{ b: { c: [token] } }] }), ['targets.kubernetes.prod.token']);
    assert.deepEqual(find({ filter: { [password]: 1 } }), ['targets.postgres.shop.password']);
    const numeric = createSecretFinder([{ path: 'pin', value: '8675309123' }]);
    assert.deepEqual(numeric({ id: 8675309123 }), ['pin']);
    assert.deepEqual(numeric({ id: 8675309123n }), ['pin']);
  });

  it('names each secret once, every secret the arguments hold', () => {
    assert.deepEqual(find({ a: password, b: password, c: [token, password] }), ['targets.postgres.shop.password', 'targets.kubernetes.prod.token']);
    const shared = createSecretFinder([
      { path: 'a.password', value: password },
      { path: 'a.password', value: `${password}-old` },
    ]);
    assert.deepEqual(shared({ q: `${password}-old` }), ['a.password']);
  });

  it('finds nothing in arguments that hold no secret, nor in the redaction marker', () => {
    assert.deepEqual(find({ sql: 'SELECT 1', limit: 10, flags: [true, null], nested: { key: 'value' } }), []);
    assert.deepEqual(find({ note: '[REDACTED:secret]' }), []);
    assert.deepEqual(find(undefined), []);
  });

  it('does not take the redaction marker or array positions for a weak secret', () => {
    const weak = createSecretFinder([{ path: 'p', value: 'secret' }]);
    assert.deepEqual(weak({ note: '[REDACTED:secret]' }), []);
    assert.deepEqual(weak({ note: 'my secret' }), ['p']);
    const digit = createSecretFinder([{ path: 'd', value: '1' }]);
    assert.deepEqual(digit({ list: ['a', 'b'] }), []);
    assert.deepEqual(digit({ list: ['a', '1'] }), ['d']);
  });
});
