// The store section of the config: SQLite by default, or PostgreSQL with its URL behind a secret
// reference that is resolved, checked and scrubbed but never quoted back.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildConfig } from '../../src/config/load.ts';

const PASSWORD = 'pw-9b7c-store-secret';
const SEAL_KEY = 'seal-4f0c9a1e7b2d5c8e3a6f9b0d';
const env = { STORE_URL: `postgres://gatehouse:${PASSWORD}@db.internal:6432/audit?sslmode=require`, BAD_URL: `mysql://u:${PASSWORD}@h/db`, SEAL_KEY, WEAK_KEY: 'secret' };
/** A PostgreSQL store needs the seal key: the cases about the store itself name it. */
const sealed = (raw: Record<string, unknown>) => ({ approvals: { sealKey: 'env:SEAL_KEY' }, ...raw });
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
    const loaded = load(sealed({ store: { postgres: { url: 'env:STORE_URL' } } }));
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.config.store, { kind: 'postgres', url: env.STORE_URL, poolSize: 10, queryTimeoutMs: 30_000, where: 'db.internal:6432/audit' });
    assert.ok(loaded.config.secretValues.includes(env.STORE_URL) && loaded.config.secretValues.includes(PASSWORD));
    const sized = load(sealed({ store: { postgres: { url: 'env:STORE_URL', poolSize: 3 } } }));
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
      const loaded = load(sealed({ store }));
      assert.ok(!loaded.ok, JSON.stringify(store));
      assert.match(loaded.problems.join('\n'), problem);
      assert.ok(!loaded.problems.join('\n').includes(PASSWORD));
    }
  });

  it('needs the approvals seal key with a PostgreSQL store, as a secret reference to a strong value, and never quotes it', () => {
    const missing = load({ store: { postgres: { url: 'env:STORE_URL' } } });
    assert.match(!missing.ok ? missing.problems.join('\n') : 'loaded', /approvals\.sealKey: required with store\.postgres/);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ sealKey: SEAL_KEY }, /approvals\.sealKey: must be a secret reference \(env:NAME or file:PATH\)/],
      [{ sealKey: 'env:WEAK_KEY' }, /approvals\.sealKey: the secret is a common password or word/],
      [{ sealKey: 'env:GATEHOUSE_UNSET_SEAL_KEY' }, /approvals\.sealKey: environment variable GATEHOUSE_UNSET_SEAL_KEY is not set/],
    ];
    for (const [approvals, problem] of cases) {
      const loaded = load({ store: { postgres: { url: 'env:STORE_URL' } }, approvals });
      const problems = !loaded.ok ? loaded.problems.join('\n') : 'loaded';
      assert.match(problems, problem);
      assert.ok(!problems.includes(SEAL_KEY) && !problems.includes('"secret"'), 'no key value is quoted');
    }
    const loaded = load(sealed({ store: { postgres: { url: 'env:STORE_URL' } } }));
    assert.ok(loaded.ok && loaded.config.sealKey === SEAL_KEY && loaded.config.secretValues.includes(SEAL_KEY), 'the key is read, and scrubbed from every output like any secret');
    const onSqlite = load({});
    assert.ok(onSqlite.ok && onSqlite.config.sealKey === undefined, 'a SQLite store may go without: it keeps a key beside its file');
  });

  it('reads previous seal keys for a rotation as secret references, scrubbed and never quoted, and only beside a current key', () => {
    const previous = 'seal-old-8e2b7d4c1a9f3e6b0c5d';
    const rotated = buildConfig({ approvals: { sealKey: 'env:SEAL_KEY', previousSealKeys: ['env:OLD_KEY'] } }, '/etc/gatehouse', [], { ...env, OLD_KEY: previous });
    assert.ok(rotated.ok && rotated.config.sealKey === SEAL_KEY && rotated.config.previousSealKeys.join() === previous && rotated.config.secretValues.includes(previous));
    assert.ok(load({ approvals: { sealKey: 'env:SEAL_KEY' } }).ok && (load({ approvals: { sealKey: 'env:SEAL_KEY' } }) as { config: { previousSealKeys: string[] } }).config.previousSealKeys.length === 0);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ sealKey: 'env:SEAL_KEY', previousSealKeys: [previous] }, /approvals\.previousSealKeys\.0: must be a secret reference \(env:NAME or file:PATH\)/],
      [{ sealKey: 'env:SEAL_KEY', previousSealKeys: ['env:WEAK_KEY'] }, /approvals\.previousSealKeys\.0: the secret is a common password or word/],
      [{ sealKey: 'env:SEAL_KEY', previousSealKeys: ['env:GATEHOUSE_UNSET_OLD_KEY'] }, /approvals\.previousSealKeys\.0: environment variable GATEHOUSE_UNSET_OLD_KEY is not set/],
      [{ previousSealKeys: ['env:OLD_KEY'] }, /approvals\.previousSealKeys: needs approvals\.sealKey/],
    ];
    for (const [approvals, problem] of cases) {
      const loaded = buildConfig({ approvals }, '/etc/gatehouse', [], { ...env, OLD_KEY: previous });
      const problems = !loaded.ok ? loaded.problems.join('\n') : 'loaded';
      assert.match(problems, problem);
      assert.ok(!problems.includes(previous) && !problems.includes(SEAL_KEY), 'no key value is quoted');
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
