// Approvals as a service: the gate a reviewed call passes (grant, approved request, pending request,
// or a new one), the approvers' decisions, and waiting. State lives in the store, so a decision
// made by the CLI or another replica releases a call waiting here: at once when the store notifies
// (PostgreSQL), and polling notices it in any case.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AuditEventInput } from '../audit/events.ts';
import type { Recorder } from '../audit/recorder.ts';
import type { Principal } from '../identity/principal.ts';
import type { Impact } from '../pipeline/toolpack.ts';
import type { Decision } from '../policy/decide.ts';
import type { Store } from '../store/store.ts';
import { applyDecision, type DecisionInput } from './decide.ts';
import { actionHash, type ApprovalRequest, type Grant } from './model.ts';

export interface ApprovalSettings {
  waitMs: number;
  ttlMs: number;
  defaultApprovers: string[];
  pollMs: number;
}

export interface GateCall {
  tool: string;
  target: string;
  args: Record<string, unknown>;
  principal: Principal;
  session: string;
  client: string;
  callId: string;
  /** A task's call: runs only by claiming this request (bound to the same action), never by a grant or a new request. */
  approvalId?: string;
  decision: Decision;
  facts: Record<string, unknown>;
  shape: string;
  summary: string;
  /** Measures what the call would change; run only when a new request is made. */
  preview?: () => Promise<Impact>;
}

export type GateResult =
  | { kind: 'run'; approval?: ApprovalRequest; grant?: Grant }
  | { kind: 'denied'; approval: ApprovalRequest; reason: string }
  | { kind: 'pending'; approval: ApprovalRequest }
  | { kind: 'expired'; approval: ApprovalRequest };

export type DecideResult = { ok: true; approval: ApprovalRequest } | { ok: false; code: string; message: string };

export interface Approvals {
  gate(call: GateCall, signal: AbortSignal, progress?: (message: string) => void): Promise<GateResult>;
  decide(id: string, by: Principal, input: DecisionInput): Promise<DecideResult>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  /** Called when a request is created, to send notifications; failures never approve anything. */
  onRequested?: (request: ApprovalRequest) => void;
}

export function createApprovals(store: Store, record: Recorder, settings: ApprovalSettings, now: () => Date = () => new Date()): Approvals {
  const changed = new EventEmitter().setMaxListeners(0);
  // A decision made by another process (a replica, the CLI) arrives as a store notification where the
  // store has them (PostgreSQL LISTEN/NOTIFY); polling stays the fallback. The store's close ends it.
  store.watchApprovals?.((id) => changed.emit(id));

  const event = (type: AuditEventInput['type'], r: ApprovalRequest, data: Record<string, unknown>, who?: string): AuditEventInput => ({
    type,
    session: r.requester.session,
    principal: who ?? r.requester.principal.id,
    tool: r.tool,
    target: r.target,
    data: { approvalId: r.id, ...data },
  });

  /** Claims an approved request for execution: approved -> executed, exactly once. */
  async function claim(r: ApprovalRequest, callId: string): Promise<boolean> {
    const next: ApprovalRequest = { ...r, state: 'executed', executedAt: now().toISOString(), executedCallId: callId, version: r.version + 1 };
    if (!(await store.updateApproval(next, r.version))) return false;
    await record([{ ...event('approval.executed', next, {}), callId }]);
    return true;
  }

  async function expire(r: ApprovalRequest): Promise<ApprovalRequest> {
    const next: ApprovalRequest = { ...r, state: 'expired', version: r.version + 1 };
    if (await store.updateApproval(next, r.version)) {
      await record([event('approval.expired', next, { expiresAt: r.expiresAt })]);
      return next;
    }
    return (await store.getApproval(r.id)) ?? next;
  }

  /** Waits until the request leaves `pending`, the wait ends, or the caller goes away. */
  async function waitForDecision(id: string, signal: AbortSignal, progress?: (message: string) => void): Promise<ApprovalRequest | undefined> {
    const deadline = Date.now() + settings.waitMs;
    let lastProgress = Date.now();
    // Listening across reads, not only while asleep: a change that lands while a read is in flight
    // still counts, so a notification is never lost to the gap between reading and sleeping.
    let changes = 0;
    let wake: (() => void) | undefined;
    const onChange = () => {
      changes++;
      wake?.();
    };
    changed.on(id, onChange);
    try {
      for (;;) {
        const seen = changes;
        // A store that cannot be read (a restart, a dropped link) may be back within the wait, so a
        // failed read counts only once the wait is over. Nothing runs meanwhile: running needs the
        // store, to claim the approval.
        const read = await store.getApproval(id).then(
          (r) => ({ ok: true as const, r }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        const left = deadline - Date.now();
        if (read.ok) {
          const { r } = read;
          if (!r || r.state !== 'pending') return r;
          if (new Date(r.expiresAt) <= now()) return expire(r);
          if (left <= 0 || signal.aborted) return r;
        } else if (left <= 0 || signal.aborted) throw read.error;
        if (progress && Date.now() - lastProgress >= 5000) {
          progress(`waiting for approval ${id} (${Math.ceil(left / 1000)} s left)`);
          lastProgress = Date.now();
        }
        if (changes !== seen) continue;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            wake = undefined;
            signal.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(settings.pollMs, left));
          wake = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      changed.off(id, onChange);
    }
  }

  async function settle(r: ApprovalRequest, callId: string): Promise<GateResult> {
    if (r.state === 'approved') {
      if (await claim(r, callId)) return { kind: 'run', approval: r };
      return { kind: 'pending', approval: (await store.getApproval(r.id)) ?? r };
    }
    if (r.state === 'denied') return { kind: 'denied', approval: r, reason: r.decisions.find((d) => d.decision === 'deny')?.reason ?? 'denied' };
    if (r.state === 'expired') return { kind: 'expired', approval: r };
    return { kind: 'pending', approval: r };
  }

  const approvals: Approvals = {
    async gate(call, signal, progress) {
      const stamp = now();
      if (call.approvalId) {
        const bound = await store.getApproval(call.approvalId);
        if (!bound || bound.actionHash !== actionHash(call.tool, call.target, call.args, call.principal.id)) throw new Error('the approval is not for this call');
        const lapsed = new Date(bound.expiresAt) <= stamp;
        if (lapsed && bound.state === 'approved') return { kind: 'expired', approval: bound };
        return settle(lapsed && bound.state === 'pending' ? await expire(bound) : bound, call.callId);
      }
      const grant = await store.findGrant(call.principal.id, call.tool, call.target, call.shape, stamp.toISOString());
      if (grant) {
        await record([{ type: 'approval.grant_used', session: call.session, callId: call.callId, principal: call.principal.id, tool: call.tool, target: call.target, data: { grantId: grant.id, approvalId: grant.approvalId, grantedBy: grant.grantedBy, expiresAt: grant.expiresAt } }]);
        return { kind: 'run', grant };
      }
      const hash = actionHash(call.tool, call.target, call.args, call.principal.id);
      let request = await store.findOpenApproval(hash, stamp.toISOString());
      if (!request) {
        const impact = call.preview ? await call.preview().catch((): Impact => ({ method: 'none', note: 'the preview failed' })) : undefined;
        request = {
          id: randomUUID(),
          actionHash: hash,
          state: 'pending',
          tool: call.tool,
          target: call.target,
          args: call.args,
          summary: call.summary,
          shape: call.shape,
          facts: call.facts,
          rules: call.decision.rules,
          reason: call.decision.reason,
          ...(impact ? { impact } : {}),
          requester: { principal: call.principal, session: call.session, client: call.client },
          approverGroups: call.decision.approvers,
          requiredApprovals: Math.max(1, call.decision.requiredApprovals),
          decisions: [],
          createdAt: stamp.toISOString(),
          expiresAt: new Date(stamp.getTime() + settings.ttlMs).toISOString(),
          version: 1,
        };
        await store.createApproval(request);
        await record([{ ...event('approval.requested', request, { approverGroups: request.approverGroups, requiredApprovals: request.requiredApprovals, expiresAt: request.expiresAt, summary: request.summary, ...(impact ? { impact } : {}) }), callId: call.callId }]);
        approvals.onRequested?.(request);
      }
      if (request.state === 'approved') return settle(request, call.callId);
      const after = (await waitForDecision(request.id, signal, progress)) ?? request;
      // A caller that went away never executes: the approval stays for its retry.
      if (signal.aborted) return { kind: 'pending', approval: after };
      return settle(after, call.callId);
    },

    async decide(id, by, input) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await store.getApproval(id);
        if (!current) return { ok: false, code: 'not_found', message: `no approval request ${id}` };
        if (current.state === 'pending' && new Date(current.expiresAt) <= now()) await expire(current);
        const t = applyDecision(current, by, input, now(), settings.defaultApprovers);
        if (!t.ok) return t;
        if (!(await store.updateApproval(t.next, current.version))) continue;
        const last = t.next.decisions[t.next.decisions.length - 1];
        await record([event('approval.decided', t.next, { decision: input.decision, reason: input.reason, state: t.next.state, by: { id: by.id, groups: by.groups }, ...(last?.grantMinutes ? { grantMinutes: last.grantMinutes } : {}) }, by.id)]);
        if (t.next.state === 'approved' && input.grantMinutes) {
          const grant: Grant = {
            id: randomUUID(),
            principal: t.next.requester.principal.id,
            tool: t.next.tool,
            target: t.next.target,
            shape: t.next.shape,
            approvalId: t.next.id,
            grantedBy: by.id,
            expiresAt: new Date(now().getTime() + input.grantMinutes * 60_000).toISOString(),
            ...(t.next.impact?.method === 'dry run' && t.next.impact.rows !== undefined ? { rowCeiling: t.next.impact.rows } : {}),
          };
          await store.createGrant(grant);
        }
        changed.emit(id);
        return { ok: true, approval: t.next };
      }
      return { ok: false, code: 'conflict', message: 'the request kept changing while deciding; try again' };
    },

    get: (id) => store.getApproval(id),
  };
  return approvals;
}
