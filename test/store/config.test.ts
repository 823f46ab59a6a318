// The store section of the config: SQLite by default, or PostgreSQL with its URL behind a secret
// reference that is resolved, checked and scrubbed but never quoted back.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildConfig } from '../../src/config/load.ts';

const PASSWORD = 'pw-9b7c-store-secret';
const env = { STORE_URL: `postgres://gatehouse:${PASSWORD}@db.internal:6432/audit?sslmode=require`, BAD_URL: `mysql://u:${PASSWORD}@h/db` };
const load = (raw: Record<string, unknown>) => buildConfig(raw, '/etc/gatehouse', [], env);

describe('config: store', () => {
  it('defaults to the SQLite file under the config directory', () => {
    const loaded = load({});
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.config.store, { kind: 'sqlite', file: resolve('/etc/gatehouse', 'data/gatehouse.db') });
    const named = load({ store: { sqlite: 'audit.db' } });
    assert.deepEqual(named.ok && named.config.store, { kind: 'sqlite', file: '/etc/gatehouse/audit.db' });
  });

  it('reads the PostgreSQL URL from its reference and scrubs the URL and the password', () => {
    const loaded = load({ store: { postgres: { url: 'env:STORE_URL' } } });
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.config.store, { kind: 'postgres', url: env.STORE_URL, poolSize: 10, queryTimeoutMs: 30_000, where: 'db.internal:6432/audit' });
    assert.ok(loaded.config.secretValues.includes(env.STORE_URL) && loaded.config.secretValues.includes(PASSWORD));
    const sized = load({ store: { postgres: { url: 'env:STORE_URL', poolSize: 3 } } });
    assert.equal(sized.ok && sized.config.store.kind === 'postgres' && sized.config.store.poolSize, 3);
  });

  it('refuses a literal URL, a missing variable, a non-PostgreSQL URL and two stores, quoting no value', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ postgres: { url: `postgres://u:${PASSWORD}@h/db` } }, /store\.postgres\.url: must be a secret reference \(env:NAME or file:PATH\) to the URL, not the URL itself/],
      [{ postgres: { url: 'env:GATEHOUSE_UNSET_STORE_URL' } }, /store\.postgres\.url: environment variable GATEHOUSE_UNSET_STORE_URL is not set/],
      [{ postgres: { url: 'env:BAD_URL' } }, /store\.postgres\.url: the referenced URL must start with postgres:\/\//],
      [{ sqlite: 'a.db', postgres: { url: 'env:STORE_URL' } }, /store: choose one store: sqlite or postgres, not both/],
      [{ postgres: { url: 'env:STORE_URL', pool: 3 } }, /store\.postgres: unknown key "pool"/],
    ];
    for (const [store, problem] of cases) {
      const loaded = load({ store });
      assert.ok(!loaded.ok, JSON.stringify(store));
      assert.match(loaded.problems.join('\n'), problem);
      assert.ok(!loaded.problems.join('\n').includes(PASSWORD));
    }
  });

  it('takes the approval poll interval as a duration', () => {
    const loaded = load({ approvals: { pollInterval: '2s' } });
    assert.equal(loaded.ok && loaded.config.parsed.approvals.pollInterval, 2000);
    const fallback = load({});
    assert.equal(fallback.ok && fallback.config.parsed.approvals.pollInterval, 250);
    const tooFast = load({ approvals: { pollInterval: '1ms' } });
    assert.match(!tooFast.ok ? tooFast.problems.join('\n') : '', /approvals\.pollInterval: at least 10ms/);
  });
});
