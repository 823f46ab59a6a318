// `gatehouse config check`: every problem printed with its path, exit 1; secrets never printed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, startGatehouse, writeConfig } from '../fixtures/gatehouse.ts';

describe('gatehouse config check', () => {
  it('accepts a good config', async () => {
    const { configFile } = writeConfig({
      connections: { shop: { type: 'postgres', url: 'postgres://app@db.internal:5432/shop', password: 'env:GOOD_PG_PASSWORD', labels: { env: 'prod' } } },
    });
    const r = await runCli(['config', 'check', '--config', configFile], { GOOD_PG_PASSWORD: 'hunter2-secret' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok \(1 connections, \d+ rules/);
    assert.match(r.stderr, /^note: audit\.checkpoints\.key is not set: nothing outside the store anchors the audit chain/m);
    assert.match(r.stderr, /^note: no identity\.oidc and no identity\.apiKeys entry of kind human: nobody can approve, deny or use the kill switch from the CLI \(they go only through the server, as yourself: --server URL\)/m);
    assert.ok(!r.stdout.includes('hunter2-secret') && !r.stderr.includes('hunter2-secret'));
  });

  it('checks the approvals seal key: a note without one on SQLite, a weak one refused, the key never printed', async () => {
    const sqlite = writeConfig({});
    const noted = await runCli(['config', 'check', '--config', sqlite.configFile]);
    assert.equal(noted.code, 0, noted.stderr);
    assert.match(noted.stderr, /^note: approvals\.sealKey is not set: approvals and grants are sealed with a key gatehouse keeps beside the store/m);
    const key = 'seal-7c1e0b9d4a2f6e8c3b5d';
    const sealed = writeConfig({ approvals: { sealKey: 'env:SEAL_KEY' } });
    const quiet = await runCli(['config', 'check', '--config', sealed.configFile], { SEAL_KEY: key });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /approvals\.sealKey/);
    assert.match(quiet.stdout, /^approvals\.sealKey: set, with 0 previous keys$/m);
    assert.ok(!quiet.stdout.includes(key) && !quiet.stderr.includes(key));
    const oldKeys = ['seal-old-1-5b8e2c7d0a3f', 'seal-old-2-9d4a1e6b3c0f'];
    const rotated = writeConfig({ approvals: { sealKey: 'env:SEAL_KEY', previousSealKeys: ['env:OLD_1', 'env:OLD_2'] } });
    const counted = await runCli(['config', 'check', '--config', rotated.configFile], { SEAL_KEY: key, OLD_1: oldKeys[0] as string, OLD_2: oldKeys[1] as string });
    assert.equal(counted.code, 0, counted.stderr);
    assert.match(counted.stdout, /^approvals\.sealKey: set, with 2 previous keys \(documents sealed under them still open; drop each once the store holds none\)$/m);
    assert.ok([key, ...oldKeys].every((k) => !counted.stdout.includes(k) && !counted.stderr.includes(k)), 'no key is printed');
    const onPostgres = writeConfig({ store: { postgres: { url: 'env:STORE_URL' } }, approvals: { sealKey: 'env:SEAL_KEY' } });
    const weak = await runCli(['config', 'check', '--config', onPostgres.configFile], { STORE_URL: 'postgres://u@h/db', SEAL_KEY: 'changeme' });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /approvals\.sealKey: the secret is a common password or word/);
    assert.ok(!weak.stderr.includes('changeme'));
  });

  it('says nothing of people signing in once an approver has a key of kind human', async () => {
    const { configFile } = writeConfig({ identity: { apiKeys: [{ id: 'dana', groups: ['dba'], kind: 'human', sha256: 'a'.repeat(64) }] } });
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /identity\.apiKeys entry of kind human/);
  });

  it('reports a bad duration with its path', async () => {
    const { configFile } = writeConfig({ limits: { timeout: 'soon' } });
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /limits\.timeout: invalid duration "soon"/);
  });

  it('refuses an approval wait that would outlast the client timeout', async () => {
    const { configFile } = writeConfig({ approvals: { wait: '60s' } });
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /approvals\.wait: 1m must end at least 5s before approvals\.clientTimeout \(1m\): a client would give up/);
    const longer = writeConfig({ approvals: { wait: '90s', clientTimeout: '2m' } });
    assert.equal((await runCli(['config', 'check', '--config', longer.configFile])).code, 0, 'clients that wait longer allow a longer wait');
  });

  it('prints every problem with its path and exits 1', async () => {
    const again = writeConfig({
      connections: {
        prod: { type: 'postgres', url: 'postgres://app@db:5432/shop', password: 'vault:secret/pg' },
        leaky: { type: 'postgres', url: 'postgres://app:hunter2@db:5432/shop' },
        literal: { type: 'postgres', url: 'postgres://app@db/shop', password: 'plain-text-password' },
        missing: { type: 'postgres', url: 'postgres://app@db/shop', password: 'env:GATEHOUSE_TEST_UNSET_VAR' },
        nofile: { type: 'postgres', url: 'postgres://app@db/shop', password: 'file:/nonexistent/pw' },
        odd: { type: 'mysql', url: 'x' },
        typo: { type: 'postgres', url: 'postgres://app@db/shop', pasword: 'env:X' },
      },
    });
    const r2 = await runCli(['config', 'check', '--config', again.configFile]);
    assert.equal(r2.code, 1);
    const out = r2.stderr;
    assert.match(out, /connections\.prod\.password: unknown secret reference scheme "vault:"/);
    assert.match(out, /connections\.leaky\.url: the URL must not contain a password/);
    assert.match(out, /connections\.literal\.password: must be a secret reference/);
    assert.match(out, /connections\.missing\.password: environment variable GATEHOUSE_TEST_UNSET_VAR is not set/);
    assert.match(out, /connections\.nofile\.password: secret file \/nonexistent\/pw cannot be read \(ENOENT\)/);
    assert.match(out, /connections\.odd\.type: unknown connection type "mysql"/);
    assert.match(out, /connections\.typo: unknown key "pasword"/);
    for (const secret of ['hunter2', 'plain-text-password', 'secret/pg']) assert.ok(!out.includes(secret), `echoed ${secret}`);
  });

  it('takes a heap growth bound in whole percent, which the server applies and logs: 50 by default, none at 0', async () => {
    const bad = writeConfig({ server: { heapGrowthPercent: -1 } });
    const r = await runCli(['config', 'check', '--config', bad.configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /server\.heapGrowthPercent: .*>=0/);
    for (const [server, logged] of [[{ heapGrowthPercent: 10 }, /"heapGrowthPercent":10,"msg":"serving MCP over stdio"/], [{}, /"heapGrowthPercent":50,"msg":"serving MCP over stdio"/], [{ heapGrowthPercent: 0 }, /"tools":\d+,"msg":"serving MCP over stdio"/]] as const) {
      const gh = await startGatehouse({ server }, 'stdio');
      try {
        assert.match(gh.logs(), logged);
      } finally {
        await gh.stop();
      }
    }
  });

  it('reports policy rules that do not compile', async () => {
    const { configFile, dir } = writeConfig({ policies: ['bad.yaml'] });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/bad.yaml`, 'rules:\n  - id: broken\n    when: sql.nonexistent_fact\n    effect: deny\n');
    const r = await runCli(['config', 'check', '--config', configFile]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.yaml: rule broken: when: .*nonexistent_fact/);
  });
});
