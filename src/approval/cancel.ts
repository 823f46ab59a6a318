// Withdrawing pending requests: the requester's own (tasks/cancel), or every pending request of a
// principal an operator suspends, so none of them can be approved while it is suspended. Only while
// nobody has decided them. Each change is a compare-and-set on the version like every decision, so a
// cancel racing an approval on another replica loses or wins cleanly, and each is recorded.
import type { Recorder } from '../audit/recorder.ts';
import type { Principal } from '../identity/principal.ts';
import type { Store } from '../store/store.ts';
import type { ApprovalRequest } from './model.ts';
import type { DecideResult } from './service.ts';

export async function cancelRequest(store: Store, record: Recorder, id: string, by: Principal, now: () => Date = () => new Date()): Promise<DecideResult> {
  // Someone else's request reads as missing, as in approval_status.
  return withdraw(store, record, id, by, 'cancelled by the requester', (r) => r.requester.principal.id === by.id, now);
}

/** The ids of the suspended principal's requests that were pending and are now cancelled. */
export async function withdrawPendingOf(store: Store, record: Recorder, principal: string, by: Principal, now: () => Date = () => new Date()): Promise<string[]> {
  const pending = (await store.listApprovals({ states: ['pending'] })).filter((r) => r.requester.principal.id === principal);
  const withdrawn: string[] = [];
  for (const r of pending) {
    const result = await withdraw(store, record, r.id, by, `withdrawn: requester ${principal} was suspended`, (current) => current.requester.principal.id === principal, now);
    if (result.ok) withdrawn.push(r.id);
  }
  return withdrawn;
}

async function withdraw(store: Store, record: Recorder, id: string, by: Principal, reason: string, mayWithdraw: (r: ApprovalRequest) => boolean, now: () => Date): Promise<DecideResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.getApproval(id);
    if (!current || !mayWithdraw(current)) return { ok: false, code: 'not_found', message: `no approval request ${id} that you can see` };
    if (current.state !== 'pending') return { ok: false, code: 'not_pending', message: `request ${id} is already ${current.state}` };
    const next = { ...current, state: 'cancelled' as const, decidedAt: now().toISOString(), version: current.version + 1 };
    if (!(await store.updateApproval(next, current.version))) continue;
    await record([
      {
        type: 'approval.cancelled',
        session: current.requester.session,
        principal: by.id,
        tool: current.tool,
        target: current.target,
        data: { approvalId: id, by: { id: by.id }, reason },
      },
    ]);
    return { ok: true, approval: next };
  }
  return { ok: false, code: 'conflict', message: 'the request kept changing while cancelling; try again' };
}
