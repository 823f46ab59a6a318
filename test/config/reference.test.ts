// docs/config.md is generated from the config and connection schemas; this fails when it is out of date.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { packs } from '../../tools/index.ts';
import { CONFIG_DOC } from '../../src/cli/docs.ts';
import { renderConfigReference } from '../../src/config/reference.ts';

describe('configuration reference', () => {
  it('docs/config.md matches the schemas (regenerate with npm run docs:facts)', () => {
    assert.equal(readFileSync(CONFIG_DOC, 'utf8'), renderConfigReference(packs));
  });

  it('lists core keys, every pack and their connection keys', () => {
    const doc = readFileSync(CONFIG_DOC, 'utf8');
    for (const key of ['audit.retentionDays', 'audit.sink.file', 'store.postgres.queryTimeout', 'console.auditors', 'identity.oidc.allowHmac', 'connections.NAME.maxSessions', 'connections.NAME.insecureSkipTlsVerify', 'connections.NAME.ssl']) {
      assert.ok(doc.includes(`\`${key}\``), key);
    }
    for (const pack of packs) assert.ok(doc.includes(`## Connections of type \`${pack.type}\``), pack.type);
  });
});
