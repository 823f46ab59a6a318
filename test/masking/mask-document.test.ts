import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentResult } from '../../src/pipeline/result.ts';
import { DEFAULT_PROFILE, createMasker } from '../../src/masking/index.ts';

const masker = createMasker(DEFAULT_PROFILE, { secretValues: [] });

describe('masking document results', () => {
  it('walks a Kubernetes-like object: key rules, detectors in strings, the note', () => {
    const secret = {
      kind: 'Secret',
      metadata: { name: 'db', annotations: { owner: 'ann@example.com' } },
      data: { password: 'aHVudGVyMg==', 'api_key': 'abc' },
      spec: { containers: [{ env: [{ name: 'DATABASE_URL', value: 'postgres://app:hunter2@db:5432/x' }] }] },
    };
    const result: DocumentResult = { kind: 'document', value: secret, note: 'owner ann@example.com' };
    const summary = masker.maskResult(result);
    assert.equal(result.value, secret, 'in place');
    assert.deepEqual(secret, {
      kind: 'Secret',
      metadata: { name: 'db', annotations: { owner: 'a***@example.com' } },
      data: { password: '[REDACTED:password]', api_key: '[REDACTED:api_key]' },
      spec: { containers: [{ env: [{ name: 'DATABASE_URL', value: 'postgres://app:[REDACTED:url_password]@db:5432/x' }] }] },
    });
    assert.equal(result.note, 'owner a***@example.com');
    assert.equal(summary.total, 5);
  });

  it('leaves booleans and keys that only name a secret', () => {
    const pod = {
      spec: {
        automountServiceAccountToken: false,
        volumes: [{ name: 'creds', secret: { secretName: 'db-creds' } }],
        containers: [{ env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } }] }],
      },
    };
    const copy = structuredClone(pod);
    const summary = masker.maskResult({ kind: 'document', value: pod });
    assert.deepEqual(pod, copy);
    assert.equal(summary.total, 0);
  });

  it('masks a document that is a bare string', () => {
    const result: DocumentResult = { kind: 'document', value: 'key AKIAIOSFODNN7EXAMPLE' };
    masker.maskResult(result);
    assert.equal(result.value, 'key [REDACTED:aws_access_key]');
  });
});
