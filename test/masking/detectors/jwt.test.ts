import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['jwt']);
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'user-1', exp: 1700000000 })}.c2lnbmF0dXJlLWJ5dGVz`;

describe('jwt detector', () => {
  it('masks signed tokens, unsigned tokens and 5-part JWE', () => {
    assert.equal(mask(masker, `Bearer ${JWT}`).text, 'Bearer [REDACTED:jwt]');
    assert.equal(mask(masker, `t=${b64({ alg: 'none' })}.${b64({ a: 1 })}.&x`).text, 't=[REDACTED:jwt]&x');
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`;
    assert.equal(mask(masker, jwe).text, '[REDACTED:jwt]');
  });

  it('leaves base64 JSON whose header has no alg, headers alone, and eyJ inside longer base64', () => {
    for (const decoy of [
      `${b64({ typ: 'event' })}.${b64({ id: 1 })}.c2ln`,
      b64({ alg: 'HS256' }),
      `QUJD${JWT}`,
      'eyJ!!!.abc.def',
    ]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });
});
