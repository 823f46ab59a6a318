import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['private_key']);
const block = (label: string, body = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgO\nEePzNm0tRgeLezV6ffAt0gun+/=='): string =>
  `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;

describe('private key detector', () => {
  it('masks whole blocks of every key type', () => {
    for (const label of ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      assert.equal(mask(masker, `before\n${block(label)}\nafter`).text, 'before\n[REDACTED:private_key]\nafter', label);
    }
  });

  it('masks legacy encrypted blocks with headers and a blank line', () => {
    const legacy = block('RSA PRIVATE KEY', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIEowIBAAKCAQEAu1SU1Lf');
    assert.equal(mask(masker, legacy).text, '[REDACTED:private_key]');
  });

  it('masks a JSON-escaped block', () => {
    const json = JSON.stringify({ key: block('PRIVATE KEY') });
    assert.equal(mask(masker, json).text, '{"key":"[REDACTED:private_key]"}');
  });

  it('masks a truncated block up to the end of its body', () => {
    const truncated = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgO\nEePzNm0tRgeL';
    assert.equal(mask(masker, truncated).text, '[REDACTED:private_key]');
  });

  it('leaves public keys and certificates', () => {
    for (const label of ['PUBLIC KEY', 'CERTIFICATE', 'RSA PUBLIC KEY']) assert.equal(mask(masker, block(label)).text, block(label));
  });

  // How fast it goes over such text (it must stay linear) is measured by `npm run bench`.
  it('masks text stuffed with BEGIN lines and nothing else', () => {
    const stuffed = '-----BEGIN RSA PRIVATE KEY-----'.repeat(50_000);
    const result = mask(masker, stuffed);
    assert.ok(!result.text.includes('BEGIN RSA'));
  });
});
