// tools/list names only the tools a principal could use, for a tool that takes no target too (a
// custom pack's): one the policy denies the principal outright is not listed for it, while another
// principal still sees it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadPolicyFiles } from '../../src/policy/compile.ts';
import type { Runtime } from '../../src/server/runtime.ts';
import { createToolList } from '../../src/server/tool-list.ts';
import { readPack, startPackRuntime } from '../fixtures/read-pack.ts';

const pack = readPack('probe', async () => ({ kind: 'document', value: 'ok' }));
const dev = { id: 'dev-1', name: 'dev-1', groups: ['dev'], kind: 'agent' as const };
const contractor = { id: 'c-1', name: 'c-1', groups: ['contractors'], kind: 'agent' as const };

describe('tools/list for a tool without a target', () => {
  let runtime: Runtime;
  before(async () => (runtime = await startPackRuntime(pack)));
  after(async () => runtime.close());

  it('is listed for a principal the policy lets use it, and not for one it denies outright', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-tool-list-')), 'policy.yaml');
    writeFileSync(file, "default: allow\nrules:\n  - { id: no-probe, match: { tools: [probe_read], groups: [contractors] }, effect: deny }\n");
    const loaded = loadPolicyFiles([file], [{ key: pack.factsKey, schema: pack.factsSchema }]);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const tools = createToolList(runtime.registry, () => loaded.policy);
    assert.deepEqual(tools.visibleTo(dev).map((t) => t.name), ['probe_read', 'approval_status']);
    assert.deepEqual(tools.visibleTo(contractor).map((t) => t.name), ['approval_status']);
  });
});
