// What approval_status shows and to whom (the requester and the approvers; anyone else is told the
// request does not exist, so ids cannot be probed), and the impact preview in words, exactly, as
// the CLI, the console and notifications print it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeImpact, sampleCaption, sampleWords } from '../../src/approval/impact.ts';
import type { ApprovalRequest } from '../../src/approval/model.ts';
import { describeApproval } from '../../src/approval/status.ts';
import type { Principal } from '../../src/identity/principal.ts';
import type { Impact } from '../../src/pipeline/toolpack.ts';

const who = (id: string, groups: string[] = []): Principal => ({ id, name: id, groups, kind: 'agent' });
const request = (over: Partial<ApprovalRequest> = {}): ApprovalRequest =>
  ({
    id: 'a-1',
    actionHash: 'h',
    state: 'pending',
    tool: 'postgres_query',
    target: 'shop',
    args: { sql: 'DELETE FROM t' },
    summary: 'delete from t',
    shape: 's',
    facts: {},
    rules: [],
    reason: 'Deletes are reviewed.',
    requester: { principal: who('ann'), session: 's', client: 'c' },
    approverGroups: ['dba'],
    requiredApprovals: 1,
    decisions: [{ by: 'dana', name: 'Dana', decision: 'approve', reason: 'ok', at: 'T2', groups: ['dba'] }],
    createdAt: 'T0',
    expiresAt: 'T9',
    version: 1,
    ...over,
  }) as ApprovalRequest;

describe('approval_status', () => {
  it('shows the requester and the approvers where the request stands, and no one else', () => {
    const shown = {
      id: 'a-1',
      state: 'pending',
      tool: 'postgres_query',
      target: 'shop',
      summary: 'delete from t',
      reason: 'Deletes are reviewed.',
      approverGroups: ['dba'],
      requiredApprovals: 1,
      decisions: [{ by: 'dana', decision: 'approve', reason: 'ok', at: 'T2' }],
      createdAt: 'T0',
      expiresAt: 'T9',
    };
    assert.deepEqual(describeApproval(request(), who('ann'), ['approvers']), shown);
    assert.deepEqual(describeApproval(request(), who('dave', ['dba']), ['approvers']), shown);
    assert.equal(describeApproval(request(), who('bob', ['dev']), ['approvers']), undefined);
    assert.equal(describeApproval(request(), who('bob', ['approvers']), ['approvers']), undefined, 'default approvers see only requests that name no group');
    assert.equal(describeApproval(undefined, who('ann'), ['approvers']), undefined);
  });

  it('falls back to the default approvers when the request names none, and shows when it ran', () => {
    const r = request({ approverGroups: [], state: 'executed', executedAt: 'T5' });
    const seen = describeApproval(r, who('olga', ['approvers']), ['approvers']);
    assert.deepEqual([seen?.approverGroups, seen?.state, seen?.executedAt], [['approvers'], 'executed', 'T5']);
    assert.equal(describeApproval(r, who('dave', ['dba']), ['approvers']), undefined);
  });
});

describe('impact in words', () => {
  const sample = (table: string, rows: number, deleted?: true) => ({ table, rows: { kind: 'table', columns: [], rows: Array.from({ length: rows }, () => []), command: 'SELECT', rowCount: rows }, ...(deleted ? { deleted } : {}) });

  it('words a dry run with its statements, its samples and its note', () => {
    const impact = { method: 'dry run', rows: 1234, statements: [{ command: 'UPDATE', rows: 1200 }, { command: 'DELETE', rows: 34 }], samples: [sample('public.t', 2)], note: 'first 2 shown' } as Impact;
    assert.equal(describeImpact(impact), 'dry run, rolled back: 1,234 rows would change (UPDATE 1200; DELETE 34); the approved call may change no more; 2 changed rows of public.t shown as they would be, masked (first 2 shown)');
    assert.equal(describeImpact({ method: 'dry run', rows: 1 }), 'dry run, rolled back: 1 row would change; the approved call may change no more');
  });

  it('words a dry run that counts no rows by its changes', () => {
    assert.equal(describeImpact({ method: 'dry run', changes: ['replicas 2 -> 5', 'image x -> y'] }), 'dry run: replicas 2 -> 5; image x -> y');
    assert.equal(describeImpact({ method: 'dry run' }), 'dry run: no change');
  });

  it('words an estimate and no preview, with their notes', () => {
    assert.equal(describeImpact({ method: 'estimate', rows: 5000 }), 'planner estimate: about 5,000 rows');
    assert.equal(describeImpact({ method: 'estimate' }), 'planner estimate: about 0 rows');
    assert.equal(describeImpact({ method: 'none', note: 'the statement calls a function' }), 'no preview (the statement calls a function)');
    assert.equal(describeImpact(undefined), undefined);
  });

  it('counts sampled rows, deleted or changed, in words, and captions each table', () => {
    assert.equal(sampleWords({ method: 'dry run', samples: [sample('a', 1, true), sample('b', 2, true)] } as Impact), '3 deleted rows of a, b shown, masked');
    assert.equal(sampleWords({ method: 'dry run', samples: [sample('a', 1, true), sample('b', 0)] } as Impact), '1 changed row of a, b shown as they would be, masked');
    assert.equal(sampleWords({ method: 'dry run', samples: [sample('a', 0)] } as Impact), undefined);
    assert.equal(sampleWords(undefined), undefined);
    assert.equal(sampleCaption({ deleted: true }), 'rows the call would delete (masked)');
    assert.equal(sampleCaption({}), 'as the call would leave these rows (masked)');
  });
});
