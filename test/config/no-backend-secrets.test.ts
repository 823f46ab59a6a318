// Commands that never reach a backend start without the backends' secrets: approvers, auditors and
// policy authors are not handed production passwords. The references are still checked in form,
// `config check` and `serve` still need every one, and no value is ever read for these commands.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildConfig } from '../../src/config/load.ts';
import { packs } from '../../tools/index.ts';
import { runCli, writeConfig } from '../fixtures/gatehouse.ts';

const UNSET = 'GATEHOUSE_TEST_UNSET_PG_PASSWORD';
const connections = {
  shop: { type: 'postgres', url: 'postgres://app@db.internal:5432/shop', password: `env:${UNSET}`, labels: { env: 'prod' } },
  web: { type: 'ssh', host: '10.0.0.5', user: 'ops', privateKey: 'file:/nonexistent/ops_key', hostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl' },
};

describe('commands that reach no backend', () => {
  const { dir, configFile } = writeConfig({ identity: { cli: { id: 'dana', groups: ['dba'], kind: 'human' } }, connections });
  const cases = (() => {
    writeFileSync(join(dir, 'case.yaml'), 'target: { name: shop, labels: { env: prod } }\nas: { id: agent-1, groups: [dev] }\ncases:\n  - { name: a read is allowed, call: { tool: postgres_query, args: { sql: "SELECT 1" } }, effect: allow }\n');
    return join(dir, 'case.yaml');
  })();

  for (const args of [
    ['approvals', 'list'],
    ['principals', 'list'],
    ['sessions', 'list'],
    ['audit', 'verify'],
    ['audit', 'export'],
    ['policy', 'explain', '--tool', 'postgres_query', '--args', '{"connection":"shop","sql":"DELETE FROM orders"}'],
    ['policy', 'test', cases],
  ]) {
    it(`${args.slice(0, 2).join(' ')} starts when no connection secret resolves`, async () => {
      const run = await runCli([...args, '--config', configFile], { [UNSET]: '' });
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /problem|not set|cannot be read/);
    });
  }

  it('config check still needs every secret', async () => {
    const run = await runCli(['config', 'check', '--config', configFile], { [UNSET]: '' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`connections\\.shop\\.password: environment variable ${UNSET} is not set`));
    assert.match(run.stderr, /connections\.web\.privateKey: secret file \/nonexistent\/ops_key cannot be read/);
  });

  it('reads no value, and still refuses a reference that is not one', () => {
    const loaded = buildConfig({ connections }, dir, packs, { [UNSET]: 'would-be-read' }, { connectionSecrets: false });
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.problems.join('\n'));
    assert.deepEqual(loaded.config.connections.get('shop')?.secrets, {});
    assert.ok(!loaded.config.secretValues.includes('would-be-read'));
    const literal = buildConfig({ connections: { shop: { ...connections.shop, password: 'hunter2-literal' } } }, dir, packs, {}, { connectionSecrets: false });
    assert.ok(!literal.ok);
    assert.match(literal.problems.join('\n'), /connections\.shop\.password: must be a secret reference/);
  });
});
