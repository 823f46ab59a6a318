// API keys: accepted by hash through either header, refused when wrong or malformed, never logged;
// and `gatehouse keys new` prints a key whose printed config entry admits exactly that key.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { keysNew } from '../../src/cli/keys.ts';
import { generateApiKey, hashApiKey } from '../../src/identity/api-keys.ts';
import { createAuthenticator } from '../../src/identity/authenticator.ts';
import { ApiKeysConfigSchema } from '../../src/identity/config.ts';
import { captureLog } from './helpers.ts';

const ciKey = generateApiKey();
const opsKey = generateApiKey();
const apiKeys = ApiKeysConfigSchema.parse([
  { id: 'ci-bot', groups: ['ci'], sha256: hashApiKey(ciKey) },
  { id: 'ops-agent', name: 'Ops agent', groups: ['ops', 'dba'], sha256: hashApiKey(opsKey).toUpperCase(), kind: 'agent' },
]);

describe('API keys', () => {
  const log = captureLog();
  const auth = createAuthenticator({ apiKeys }, { logger: log.logger });

  it('are accepted by hash as a Bearer credential and as X-API-Key', async () => {
    const viaBearer = await auth.authenticate({ headers: { authorization: `Bearer ${ciKey}` }, url: '/mcp' });
    assert.ok(viaBearer.ok);
    assert.deepEqual(viaBearer.principal, { id: 'ci-bot', name: 'ci-bot', groups: ['ci'], kind: 'service' });
    assert.equal(viaBearer.authInfo.clientId, 'api-key:ci-bot');
    assert.equal(viaBearer.authInfo.token, '');

    const viaHeader = await auth.authenticate({ headers: { 'x-api-key': opsKey }, url: '/mcp' });
    assert.ok(viaHeader.ok);
    assert.deepEqual(viaHeader.principal, { id: 'ops-agent', name: 'Ops agent', groups: ['ops', 'dba'], kind: 'agent' });
  });

  it('a wrong key is refused with 401, with no metadata pointer when there is no identity provider', async () => {
    const result = await auth.authenticate({ headers: { 'x-api-key': generateApiKey() }, url: '/mcp' });
    assert.ok(!result.ok);
    assert.equal(result.status, 401);
    assert.equal(result.reason, 'unknown api key');
    assert.equal(result.headers['WWW-Authenticate'], 'Bearer error="invalid_token", error_description="unknown api key"');
  });

  it('a key one character off, or cut short, is refused', async () => {
    const flipped = ciKey.slice(0, -1) + (ciKey.endsWith('A') ? 'B' : 'A');
    const off = await auth.authenticate({ headers: { authorization: `Bearer ${flipped}` }, url: '/mcp' });
    const short = await auth.authenticate({ headers: { authorization: `Bearer ${ciKey.slice(0, 20)}` }, url: '/mcp' });
    assert.equal(!off.ok && off.reason, 'unknown api key');
    assert.equal(!short.ok && short.reason, 'malformed api key');
  });

  it('a JWT is refused when only API keys are configured', async () => {
    const result = await auth.authenticate({ headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }, url: '/mcp' });
    assert.equal(!result.ok && result.reason, 'bearer tokens need identity.oidc');
  });

  it('an empty or blank Authorization header counts as no credentials, challenged without an error code', async () => {
    for (const authorization of ['', '   ', '\t']) {
      const result = await auth.authenticate({ headers: { authorization }, url: '/mcp' });
      assert.equal(!result.ok && result.reason, 'no credentials', JSON.stringify(authorization));
      assert.equal(!result.ok && result.status, 401);
      assert.doesNotMatch(!result.ok ? result.headers['WWW-Authenticate'] ?? '' : '', /error=/);
    }
    const malformed = await auth.authenticate({ headers: { authorization: 'Basic x' }, url: '/mcp' });
    assert.equal(!malformed.ok && malformed.reason, 'malformed authorization header');
  });

  it('a key in the query string is refused with 400', async () => {
    const result = await auth.authenticate({ headers: {}, url: `/mcp?api_key=${ciKey}` });
    assert.equal(!result.ok && result.status, 400);
  });

  it('never appear in the log', () => {
    assert.ok(log.find('authentication refused').length >= 3);
    for (const line of log.lines) {
      assert.ok(!line.includes(ciKey) && !line.includes(opsKey) && !line.includes(ciKey.slice(0, 20)));
    }
  });

  it('configuration refuses bad hashes and duplicates', () => {
    assert.throws(() => ApiKeysConfigSchema.parse([{ id: 'a', sha256: 'abc' }]), /64 hex digits/);
    const dup = ApiKeysConfigSchema.safeParse([
      { id: 'a', sha256: hashApiKey(ciKey) },
      { id: 'a', sha256: hashApiKey(ciKey) },
    ]);
    assert.ok(!dup.success);
    assert.deepEqual(dup.error.issues.map((i) => i.message).sort(), ['duplicate API key id "a"', 'the same key hash is listed twice']);
  });

  it('an authenticator with neither OIDC nor keys refuses to start', () => {
    assert.throws(() => createAuthenticator({ apiKeys: [] }, { logger: captureLog().logger }), /identity\.oidc or identity\.apiKeys/);
  });
});

describe('gatehouse keys new', () => {
  function run(options: { id?: string; groups?: string }): string {
    const print = mock.method(console, 'log', () => undefined);
    try {
      keysNew(options);
      return print.mock.calls.map((c) => c.arguments.join(' ')).join('\n');
    } finally {
      print.mock.restore();
    }
  }

  it('prints a key once and a config entry with its hash, which admits that key', async () => {
    const out = run({ id: 'deploy-bot', groups: 'ci, deploy' });
    const keys = out.match(/gatehouse_[A-Za-z0-9_-]{43}/g) ?? [];
    assert.equal(keys.length, 1, 'the key appears exactly once');
    const key = keys[0] as string;
    const yaml = out.slice(out.indexOf('  - id:'));
    assert.ok(!yaml.includes(key), 'the config entry holds the hash, not the key');
    const entries = ApiKeysConfigSchema.parse(parseYaml(yaml));
    assert.deepEqual(entries, [{ id: 'deploy-bot', groups: ['ci', 'deploy'], sha256: hashApiKey(key), kind: 'service' }]);

    const auth = createAuthenticator({ apiKeys: entries }, { logger: captureLog().logger });
    const result = await auth.authenticate({ headers: { 'x-api-key': key }, url: '/mcp' });
    assert.ok(result.ok);
    assert.deepEqual(result.principal.groups, ['ci', 'deploy']);
  });

  it('makes a different key every time, with a unique default id', () => {
    const a = run({});
    const b = run({});
    assert.notEqual(a.match(/gatehouse_\S+/)?.[0], b.match(/gatehouse_\S+/)?.[0]);
    assert.match(a, /- id: "key-[0-9a-f]{8}"/);
  });

  it('refuses bad ids and groups before printing anything', () => {
    const print = mock.method(console, 'log', () => undefined);
    try {
      assert.throws(() => keysNew({ id: 'has space' }), /--id/);
      assert.throws(() => keysNew({ id: 'ok', groups: 'fine,"quoted"' }), /--groups/);
      assert.equal(print.mock.callCount(), 0);
    } finally {
      print.mock.restore();
    }
  });
});
