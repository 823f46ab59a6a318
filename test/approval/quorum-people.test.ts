// A quorum counts people, not logins: the same principal id deciding through two channels (the
// console's service and another process's, each with its own view of the person's name and groups)
// is one approver; a second person completes the quorum.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { createApprovals, type GateCall } from '../../src/approval/service.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import type { Decision } from '../../src/policy/decide.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const decision: Decision = { effect: 'review', default: false, rules: [{ id: 'two', effect: 'review', reason: 'two people' }], reason: 'two people', approvers: ['dba'], requiredApprovals: 2, limits: { timeoutMs: 1, maxRows: 1, maxBytes: 1 }, mask: 'default', errors: [] };
const call: GateCall = { tool: 'postgres_query', target: 'vault', args: { sql: 'UPDATE t SET a = 1' }, principal: { id: 'agent-1', name: 'agent-1', groups: ['dev'], kind: 'agent' }, session: 's', client: 'c', callId: 'call', decision, facts: {}, shape: 'shape', summary: 'update t' };

it('the same principal id through the console and through the CLI counts once toward a quorum', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-quorum-')), 'a.db');
  const serverStore = openSqliteStore(file);
  const otherStore = openSqliteStore(file);
  const settings = { waitMs: 0, ttlMs: 60_000, defaultApprovers: [], pollMs: 20 };
  const viaConsole = createApprovals(serverStore, createRecorder(serverStore, (t) => t), settings);
  const viaCli = createApprovals(otherStore, createRecorder(otherStore, (t) => t), settings);
  try {
    const held = await viaConsole.gate(call, new AbortController().signal);
    assert.equal(held.kind, 'pending');
    const id = held.approval.id;
    assert.ok((await viaConsole.decide(id, { id: 'u-dana', name: 'Dana Approver', groups: ['dba', 'staff'], kind: 'human' }, { decision: 'approve', reason: 'console' })).ok);
    const twice = await viaCli.decide(id, { id: 'u-dana', name: 'dana (cli)', groups: ['dba'], kind: 'human' }, { decision: 'approve', reason: 'cli' });
    assert.deepEqual(twice.ok ? twice : { code: twice.code }, { code: 'already_decided' });
    assert.equal((await otherStore.getApproval(id))?.state, 'pending');
    const second = await viaCli.decide(id, { id: 'u-erin', name: 'Erin', groups: ['dba'], kind: 'human' }, { decision: 'approve', reason: 'second person' });
    assert.equal(second.ok && second.approval.state, 'approved');
    assert.deepEqual((await serverStore.getApproval(id))?.decisions.map((d) => d.by), ['u-dana', 'u-erin']);
  } finally {
    await serverStore.close();
    await otherStore.close();
  }
});
