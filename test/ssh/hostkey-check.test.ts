// Accepting any host key must be written out: the schema asks for exactly one of hostKey,
// knownHostsFile or insecureAcceptAnyHostKey, and the check behind it refuses on its own when
// none is set, so a config that reached it some other way (a schema loosened later, a caller
// building the config in code) never trusts a key by default.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadHostKeyCheck } from '../../tools/ssh/hostkey-check.ts';
import type { SshConnectionConfig } from '../../tools/ssh/config.ts';

const KEY_BLOB = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'base64');
/** A logger that keeps its warnings. */
function warningLog() {
  const warnings: unknown[] = [];
  return { warnings, logger: { warn: (...args: unknown[]) => void warnings.push(args) } };
}

describe('the host key check', () => {
  it('refuses every key when no way of checking is set, and warns of nothing', async () => {
    const { warnings, logger } = warningLog();
    const config = { host: 'db.internal', port: 22, user: 'ops', password: 'env:P' } as unknown as SshConnectionConfig;
    const verdict = (await loadHostKeyCheck(config, 'ops', logger)).verify(KEY_BLOB);
    assert.equal(verdict.ok, false);
    assert.deepEqual(warnings, []);
  });

  it('accepts any key, with a warning naming it, only when insecureAcceptAnyHostKey is true', async () => {
    const { warnings, logger } = warningLog();
    const config = { host: 'db.internal', port: 22, user: 'ops', password: 'env:P', insecureAcceptAnyHostKey: true } as unknown as SshConnectionConfig;
    assert.equal((await loadHostKeyCheck(config, 'ops', logger)).verify(KEY_BLOB).ok, true);
    assert.equal(warnings.length, 1);
    assert.match(JSON.stringify(warnings[0]), /SHA256:/);
  });
});
