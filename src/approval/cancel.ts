// The requester withdraws a pending request (tasks/cancel): only the principal who asked, only while
// nobody has decided it. The change is a compare-and-set on the version like every decision, so a
// cancel racing an approval on another replica loses or wins cleanly, and it is recorded.
import type { Recorder } from '../audit/recorder.ts';
import type { Principal } from '../identity/principal.ts';
import type { Store } from '../store/store.ts';
import type { DecideResult } from './service.ts';

export async function cancelRequest(store: Store, record: Recorder, id: string, by: Principal, now: () => Date = () => new Date()): Promise<DecideResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.getApproval(id);
    // Someone else's request reads as missing, as in approval_status.
    if (!current || current.requester.principal.id !== by.id) return { ok: false, code: 'not_found', message: `no approval request ${id} that you can see` };
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
        data: { approvalId: id, by: { id: by.id }, reason: 'cancelled by the requester' },
      },
    ]);
    return { ok: true, approval: next };
  }
  return { ok: false, code: 'conflict', message: 'the request kept changing while cancelling; try again' };
}
