// What tools/list tells an agent about targets: each tool that takes one names the targets this
// principal could use, with the operator's description, and no target a policy closes to them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGatehouse, writeConfig, type RunningGatehouse } from '../fixtures/gatehouse.ts';

const POLICY = `
default: deny
rules:
  - id: reads-outside-prod
    match: { tools: [postgres_query], labels: { env: [dev, test] } }
    effect: allow
  - id: schema-everywhere
    match: { tools: [postgres_schema] }
    effect: allow
`;

describe('tools/list names the targets a principal may use', () => {
  let gh: RunningGatehouse;

  before(async () => {
    const { dir } = writeConfig({});
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    // Never connected: tools/list reads the config and the policy only.
    const url = 'postgres://app@127.0.0.1:1/none';
    gh = await startGatehouse(
      {
        identity: { stdio: { id: 'agent-1', groups: ['dev'] } },
        connections: {
          shop: { type: 'postgres', url, labels: { env: 'prod' }, description: 'The production shop' },
          staging: { type: 'postgres', url, labels: { env: 'test' }, description: 'Yesterday’s copy of the shop' },
          scratch: { type: 'postgres', url, labels: { env: 'dev' } },
        },
        policies: [join(dir, 'policy.yaml')],
      },
      'stdio',
    );
  });
  after(() => gh?.stop());

  it('lists usable targets with their descriptions, per tool', async () => {
    const { tools } = await gh.client.listTools();
    const described = (name: string) => tools.find((t) => t.name === name)?.description ?? '';
    assert.match(described('postgres_query'), /\n\nValues for "connection": staging \(Yesterday’s copy of the shop\), scratch\.$/);
    assert.doesNotMatch(described('postgres_query'), /shop \(|production/);
    assert.match(described('postgres_schema'), /Values for "connection": shop \(The production shop\), staging \(Yesterday’s copy of the shop\), scratch\.$/);
  });
});
