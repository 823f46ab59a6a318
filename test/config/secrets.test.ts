// Secrets outside connections (the console's OIDC client secret) are resolved with the rest of the
// config: a bad reference is a config problem with its path, and the value joins the scrubbed secrets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from '../../src/config/load.ts';

const SECRET = 'console-client-secret-5d1e';
const base = { identity: { oidc: { issuer: 'https://idp.example', audience: 'https://gatehouse.example/mcp' } } };
const load = (clientSecret: string) => buildConfig({ ...base, console: { oidc: { clientId: 'gatehouse-console', clientSecret } } }, '/etc/gatehouse', [], { CONSOLE_SECRET: SECRET });

describe('config: console client secret', () => {
  it('is resolved once and scrubbed like every other secret', () => {
    const loaded = load('env:CONSOLE_SECRET');
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    assert.equal(loaded.config.consoleClientSecret, SECRET);
    assert.ok(loaded.config.secretValues.includes(SECRET));
  });

  it('reports a reference that does not resolve, with its path', () => {
    const loaded = load('env:CONSOLE_SECRET_UNSET');
    assert.ok(!loaded.ok);
    assert.ok(loaded.problems.some((p) => p.startsWith('console.oidc.clientSecret: ')), loaded.problems.join('\n'));
  });
});
