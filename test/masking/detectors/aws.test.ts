import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask, onlyDetectors } from '../helpers.ts';

const masker = onlyDetectors(['aws_access_key', 'aws_secret_key']);
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('aws detectors', () => {
  it('masks access key ids with their prefixes', () => {
    assert.equal(mask(masker, 'id=AKIAIOSFODNN7EXAMPLE,').text, 'id=[REDACTED:aws_access_key],');
    assert.equal(mask(masker, '"ASIAY34FZKBOKMUTVV7A"').text, '"[REDACTED:aws_access_key]"');
  });

  it('leaves ids of the wrong length, lower case, or inside longer tokens', () => {
    for (const decoy of ['AKIAIOSFODNN7EXAMPL', 'AKIAIOSFODNN7EXAMPLEX', 'AKIAiosfodnn7example', 'xAKIAIOSFODNN7EXAMPLE']) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });

  it('masks secret keys named in env, ini, JSON, YAML and XML form', () => {
    for (const [input, expected] of [
      [`aws_secret_access_key = ${SECRET}`, 'aws_secret_access_key = [REDACTED:aws_secret_key]'],
      [`AWS_SECRET_ACCESS_KEY=${SECRET}`, 'AWS_SECRET_ACCESS_KEY=[REDACTED:aws_secret_key]'],
      [`{"SecretAccessKey": "${SECRET}"}`, '{"SecretAccessKey": "[REDACTED:aws_secret_key]"}'],
      [`secretAccessKey: ${SECRET}`, 'secretAccessKey: [REDACTED:aws_secret_key]'],
      [`<SecretAccessKey>${SECRET}</SecretAccessKey>`, '<SecretAccessKey>[REDACTED:aws_secret_key]</SecretAccessKey>'],
    ]) {
      assert.equal(mask(masker, input as string).text, expected);
    }
  });

  it('leaves 40-character base64 without its name, and values of the wrong length', () => {
    for (const decoy of [SECRET, `key=${SECRET}`, `aws_secret_access_key=${SECRET}X`, `aws_secret_access_key=${SECRET.slice(1)}`]) {
      assert.equal(mask(masker, decoy).text, decoy, decoy);
    }
  });
});
