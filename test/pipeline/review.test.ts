// The review stage in-process, on the real approval service and a SQLite store: what an agent is
// told at each state of its request (held, approved, denied, denied again within the cool-off,
// expired, withdrawn, too many open), exactly, and what runs: only an approved call or a grant's,
// under the row ceiling the approver saw.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cancelRequest } from '../../src/approval/cancel.ts';
import { createApprovals, type ApprovalSettings } from '../../src/approval/service.ts';
import { createRecorder } from '../../src/audit/recorder.ts';
import type { Principal } from '../../src/identity/principal.ts';
import type { EvaluatedCall } from '../../src/pipeline/evaluate.ts';
import type { CallContext } from '../../src/pipeline/pipeline.ts';
import type { StageResult } from '../../src/pipeline/refusal.ts';
import { reviewGate } from '../../src/pipeline/review.ts';
import type { Impact } from '../../src/pipeline/toolpack.ts';
import type { Decision } from '../../src/policy/decide.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';

const agent: Principal = { id: 'agent-1', name: 'agent-1', groups: ['dev'], kind: 'agent' };
const dana: Principal = { id: 'dana', name: 'Dana', groups: ['dba'], kind: 'human' };
const T0 = Date.parse('2026-01-01T00:00:00Z');
const stores: Store[] = [];
after(async () => {
  for (const store of stores) await store.close();
});

function setup(settings: Partial<ApprovalSettings> = {}) {
  const clock = { t: T0 };
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'gatehouse-review-')), 'a.db'));
  stores.push(store);
  const approvals = createApprovals(store, createRecorder(store, (t) => t), { waitMs: 0, ttlMs: 60_000, defaultApprovers: ['approvers'], pollMs: 20, ...settings }, () => new Date(clock.t));
  return { clock, store, approvals };
}

/** A review call; `impact` makes its pack measure one before a request is made. */
function reviewCall(args: Record<string, unknown>, over: Partial<Decision> = {}, impact?: Impact): EvaluatedCall {
  const decision: Decision = {
    effect: 'review',
    default: false,
    rules: [{ id: 'writes', effect: 'review', reason: 'Writes are reviewed.' }],
    reason: 'Writes are reviewed.',
    approvers: ['dba'],
    requiredApprovals: 1,
    limits: { timeoutMs: 1000, maxRows: 10, maxBytes: 10_000 },
    mask: 'default',
    errors: [],
    ...over,
  };
  const pack = impact ? { preview: async () => impact } : {};
  return {
    tool: { spec: { name: 'probe_write' }, pack },
    args,
    target: { name: 'shop', type: 'probe', labels: {} },
    targets: [],
    classification: { facts: {}, readOnly: false, shape: 'probe-write', summary: 'write a thing', grantVaries: ['the id'], widenedShape: 'probe-write *' },
    action: {},
    decision,
  } as unknown as EvaluatedCall;
}

function context(over: Partial<CallContext> = {}): CallContext {
  return { principal: agent, session: { id: 's-1', transport: 'stdio', client: 'test' }, sessionOpened: false, signal: new AbortController().signal, ...over };
}

function refusal<T>(result: StageResult<T>) {
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? undefined : result.refusal;
}

/** The id of the one pending request, once a waiting call has made it. */
async function pendingIn(store: Store): Promise<string> {
  for (;;) {
    const [open] = await store.listApprovals({ states: ['pending'] });
    if (open) return open.id;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Holds `call` and returns its pending request id. */
async function held(approvals: ReturnType<typeof setup>['approvals'], call: EvaluatedCall, callId = 'c-1'): Promise<string> {
  const gate = refusal(await reviewGate(approvals, call, context(), callId, undefined));
  assert.equal(gate?.code, 'approval_pending');
  return String(gate?.details?.approvalId);
}

describe('review gate', () => {
  it('holds a new call, saying who may approve it and until when', async () => {
    const { approvals, store } = setup();
    const result = refusal(await reviewGate(approvals, reviewCall({ id: 1 }), context(), 'c-1', undefined));
    const id = String(result?.details?.approvalId);
    const expiresAt = new Date(T0 + 60_000).toISOString();
    assert.equal(result?.code, 'approval_pending');
    assert.equal(
      result?.message,
      `Writes are reviewed. The call is held for approval by dba (approval id ${id}, expires ${expiresAt}). Check it with the approval_status tool; once it is approved, make exactly the same call again and it will run once.`,
    );
    assert.deepEqual(result?.details, { approvalId: id, state: 'pending', expiresAt, approverGroups: ['dba'] });
    assert.deepEqual(result?.rules, [{ id: 'writes', effect: 'review', reason: 'Writes are reviewed.' }]);
    const stored = await store.getApproval(id);
    assert.deepEqual([stored?.grantVaries, stored?.widenedShape, stored?.shape], [['the id'], 'probe-write *', 'probe-write']);
  });

  it('says "an approver" when the decision names no group, and every group it names', async () => {
    const { approvals } = setup();
    const fallback = refusal(await reviewGate(approvals, reviewCall({ id: 1 }, { approvers: [] }), context(), 'c-1', undefined));
    assert.match(fallback?.message ?? '', / held for approval by an approver \(approval id /);
    const two = refusal(await reviewGate(approvals, reviewCall({ id: 2 }, { approvers: ['dba', 'sre'] }), context(), 'c-2', undefined));
    assert.match(two?.message ?? '', / held for approval by dba or sre \(approval id /);
  });

  it('runs the approved call once, bound to its request, then holds the next', async () => {
    const { approvals, store } = setup();
    const call = reviewCall({ id: 1 });
    const id = await held(approvals, call);
    assert.equal((await approvals.decide(id, dana, { decision: 'approve', reason: 'ok' })).ok, true);
    assert.deepEqual(await reviewGate(approvals, call, context(), 'c-2', undefined), { ok: true, value: { approvalId: id } });
    assert.equal((await store.getApproval(id))?.executedCallId, 'c-2');
    assert.equal(refusal(await reviewGate(approvals, call, context(), 'c-3', undefined))?.code, 'approval_pending');
  });

  it('runs an approved write under the rows its dry run counted, and not under an estimate', async () => {
    const { approvals } = setup();
    for (const [impact, ceiling] of [
      [{ method: 'dry run', rows: 3 }, 3],
      [{ method: 'estimate', rows: 3 }, undefined],
    ] as const) {
      const call = reviewCall({ id: impact.method }, {}, impact);
      const id = await held(approvals, call);
      await approvals.decide(id, dana, { decision: 'approve', reason: 'ok' });
      const run = await reviewGate(approvals, call, context(), `run-${impact.method}`, undefined);
      assert.deepEqual(run, { ok: true, value: { approvalId: id, ...(ceiling !== undefined ? { rowCeiling: ceiling } : {}) } });
    }
  });

  it('withholds a preview sample that cannot be masked, and keeps its count', async () => {
    const { approvals, store } = setup();
    const impact: Impact = { method: 'dry run', rows: 1, samples: [{ table: 'public.t', rows: { columns: [], rows: [] } } as never] };
    const id = await held(approvals, reviewCall({ id: 9 }, {}, impact));
    const stored = (await store.getApproval(id))?.impact;
    assert.equal(stored?.rows, 1);
    assert.equal(stored?.samples, undefined);
    assert.equal(stored?.note, 'the sample of changed rows could not be masked, so it is withheld');
  });

  it('runs a call a grant covers, naming the grant and its ceiling', async () => {
    const { approvals } = setup();
    const first = reviewCall({ id: 1 });
    const id = await held(approvals, first);
    const decided = await approvals.decide(id, dana, { decision: 'approve', reason: 'ok', grantMinutes: 60 });
    const grant = decided.ok ? decided.grant : undefined;
    assert.ok(grant);
    await reviewGate(approvals, first, context(), 'c-2', undefined);
    const covered = await reviewGate(approvals, first, context(), 'c-3', undefined);
    assert.equal(covered.ok, true);
    assert.equal(covered.ok && covered.value.grantId, grant.id);
    assert.equal(covered.ok && covered.value.approvalId, undefined);
  });

  it('tells a denied call who denied it and why, and gives a repeat that denial until the cool-off ends', async () => {
    const { approvals, clock } = setup({ denialCoolOffMs: 600_000 });
    const call = reviewCall({ id: 1 });
    const id = await held(approvals, call);
    await approvals.decide(id, dana, { decision: 'deny', reason: 'not now' });
    const denied = refusal(await reviewGate(approvals, call, context(), 'c-2', undefined));
    const decidedAt = new Date(T0).toISOString();
    const until = new Date(T0 + 600_000).toISOString();
    assert.equal(denied?.code, 'approval_denied');
    assert.equal(denied?.message, `Dana (dana) denied this same call at ${decidedAt} (reason: not now). It is not put to approvers again before ${until}; change the call or talk to an approver.`);
    assert.deepEqual(denied?.details, { approvalId: id, deniedBy: 'Dana (dana)', deniedAt: decidedAt, repeatAfter: until });
    clock.t = T0 + 600_001;
    assert.equal(refusal(await reviewGate(approvals, call, context(), 'c-3', undefined))?.code, 'approval_pending', 'after the cool-off it is put to approvers again');
  });

  it('without a cool-off, the waiting call hears the denial as it was given', async () => {
    const { approvals, store } = setup({ denialCoolOffMs: 0, waitMs: 5000 });
    const waiting = reviewGate(approvals, reviewCall({ id: 1 }), context(), 'c-1', undefined);
    const id = await pendingIn(store);
    await approvals.decide(id, dana, { decision: 'deny', reason: 'no' });
    const denied = refusal(await waiting);
    assert.equal(denied?.code, 'approval_denied');
    assert.equal(denied?.message, 'An approver (Dana (dana)) denied this call: no');
    assert.deepEqual(denied?.details, { approvalId: id });
  });

  it('tells the waiting call its request was withdrawn', async () => {
    const { approvals, store } = setup({ waitMs: 5000 });
    const waiting = reviewGate(approvals, reviewCall({ id: 1 }), context(), 'c-1', undefined);
    const id = await pendingIn(store);
    assert.equal((await cancelRequest(store, createRecorder(store, (t) => t), id, agent, () => new Date(T0))).ok, true);
    const cancelled = refusal(await waiting);
    assert.equal(cancelled?.code, 'approval_cancelled');
    assert.equal(cancelled?.message, `The approval request ${id} was cancelled (by the requester, or by an operator who suspended the requester); the call was not run. Call again to ask anew.`);
    assert.deepEqual(cancelled?.details, { approvalId: id });
  });

  it('says a request expired without a decision', async () => {
    const { approvals, clock } = setup();
    const call = reviewCall({ id: 1 });
    const id = await held(approvals, call);
    clock.t = T0 + 60_001;
    const expired = refusal(await reviewGate(approvals, call, context({ approvalId: id }), 'c-2', undefined));
    assert.equal(expired?.code, 'approval_expired');
    assert.equal(expired?.message, `The approval request ${id} expired without a decision; call again to ask anew.`);
    assert.deepEqual(expired?.details, { approvalId: id });
  });

  it('refuses a principal past its open requests, saying how many it may have', async () => {
    const { approvals } = setup({ maxOpenPerPrincipal: 1 });
    await held(approvals, reviewCall({ id: 1 }));
    const tooMany = refusal(await reviewGate(approvals, reviewCall({ id: 2 }), context(), 'c-2', undefined));
    assert.equal(tooMany?.code, 'too_many_approvals');
    assert.equal(
      tooMany?.message,
      'You already have 1 approval requests waiting for a decision, the most one principal may have open. Wait until approvers decide them (check with approval_status) or they expire, then ask again.',
    );
    assert.deepEqual(tooMany?.rules?.map((r) => r.id), ['writes']);
  });

  it('fails closed when the approval service fails, and without a principal', async () => {
    const broken = { gate: async () => Promise.reject(new Error('store down')) } as never;
    const failed = refusal(await reviewGate(broken, reviewCall({ id: 1 }), context(), 'c-1', undefined));
    assert.deepEqual(failed, { code: 'approval_failed', message: 'the approval request could not be handled, so the call was not executed' });
    const { approvals } = setup();
    const anonymous = refusal(await reviewGate(approvals, reviewCall({ id: 1 }), context({ principal: undefined }), 'c-1', undefined));
    assert.deepEqual(anonymous, { code: 'unauthenticated', message: 'no identity: this call has no principal' });
  });
});
