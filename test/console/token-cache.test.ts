// The CLI's token cache: written 0600 in a 0700 directory, one entry per server, forgotten on logout,
// and refused (not read) once others can read it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { cachedToken, storeToken, tokenFile } from '../../src/cli/remote/token-cache.ts';

it('keeps tokens per server in a 0600 file and refuses a file others can read', () => {
  const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'gatehouse-tokens-')) };
  const token = { accessToken: 'eyJ.test.token', expiresAt: Date.now() + 60_000 };
  storeToken('https://a.example', token, env);
  storeToken('https://b.example', { ...token, accessToken: 'eyJ.other.token' }, env);
  const file = tokenFile(env);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(env.XDG_CONFIG_HOME, 'gatehouse')).mode & 0o777, 0o700);
  assert.deepEqual(cachedToken('https://a.example', env), token);
  storeToken('https://a.example', undefined, env);
  assert.equal(cachedToken('https://a.example', env), undefined);
  assert.equal(cachedToken('https://b.example', env)?.accessToken, 'eyJ.other.token');
  chmodSync(file, 0o644);
  assert.throws(() => cachedToken('https://b.example', env), /can be read by others \(mode 644\): remove it and sign in again/);
});
