import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mask, onlyDetectors } from '../helpers.ts';

const SECRET = 'pg-Pa55w0rd!';
const R = '[REDACTED:gatehouse_secret]';
// Every built-in detector off: gatehouse's own secrets are masked regardless of profile.
const masker = onlyDetectors([], {}, { secretValues: [SECRET, 'kube-token-0123456789'] });

describe('gatehouse secret values', () => {
  it('masks every occurrence, also inside larger strings', () => {
    const result = mask(masker, `a${SECRET}b ${SECRET}\n"${SECRET}"`);
    assert.equal(result.text, `a${R}b ${R}\n"${R}"`);
    assert.deepEqual(result.counts, { 'detector:gatehouse_secret': 3 });
  });

  it('masks URL-encoded, JSON-escaped, base64 and hex forms', () => {
    const quoted = 'he said "hi"\\';
    const encodedMasker = onlyDetectors([], {}, { secretValues: [SECRET, quoted] });
    for (const form of [
      encodeURIComponent(SECRET),
      Buffer.from(SECRET).toString('base64').replace(/=+$/, ''),
      Buffer.from(SECRET).toString('base64url'),
      Buffer.from(SECRET).toString('hex'),
      Buffer.from(SECRET).toString('hex').toUpperCase(),
      JSON.stringify(quoted).slice(1, -1),
    ]) {
      assert.equal(mask(encodedMasker, `x ${form} y`).text, `x ${R} y`, form);
    }
  });

  it('masks each long line of a multi-line secret on its own', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----';
    const keyMasker = onlyDetectors([], {}, { secretValues: [key] });
    assert.equal(mask(keyMasker, 'head: b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ').text, `head: ${R}`);
    assert.equal(mask(keyMasker, key.replace(/\n/g, '\r\n')).text.includes('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'), false);
  });

  it('masks a short secret as it is, but not its encodings, which would be everywhere', () => {
    const short = onlyDetectors([], {}, { secretValues: ['pw'] });
    assert.equal(mask(short, 'pw=pw 7077 cHc').text, `${R}=${R} 7077 cHc`);
  });

  it('masks the longer of two secrets where one is a prefix of the other', () => {
    const nested = onlyDetectors([], {}, { secretValues: ['abcdefgh', 'abcdefghij-longer'] });
    const result = mask(nested, 'abcdefghij-longer abcdefgh abcdefghij');
    assert.equal(result.text, `${R} ${R} ${R}ij`);
    assert.deepEqual(result.counts, { 'detector:gatehouse_secret': 3 });
  });

  it('is not confused by regex characters in secrets, and ignores empty ones', () => {
    const special = onlyDetectors([], {}, { secretValues: ['', 'a.b*c+(d)?[e]|f\\g$'] });
    assert.equal(mask(special, 'x a.b*c+(d)?[e]|f\\g$ y aXbbc').text, `x ${R} y aXbbc`);
  });

  it('never lets a secret through whatever text surrounds it (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        assert.equal(masker.maskText(before + SECRET + after).includes(SECRET), false);
      }),
    );
  });
});
