// Approvals as a service: the gate a reviewed call passes (grant, approved request, pending request,
// or a new one), the approvers' decisions, and waiting. State lives in the store, so a decision
// made by the CLI or another replica releases a call waiting here: at once when the store notifies
// (PostgreSQL), and polling notices it in any case.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AuditEventInput } from '../audit/events.ts';
import { OUTCOME_RETRY_MS, type Recorder } from '../audit/recorder.ts';
import type { Principal } from '../identity/principal.ts';
import type { Impact } from '../pipeline/toolpack.ts';
import type { Decision } from '../policy/decide.ts';
import { retryWithin } from '../store/retry-window.ts';
import { StoreTampered } from '../store/sealed-approvals.ts';
import type { Store } from '../store/store.ts';
import { agreedGrant, applyDecision, type DecisionInput } from './decide.ts';
import { actionHash, type ApprovalRequest, type Grant } from './model.ts';

export interface ApprovalSettings {
  waitMs: number;
  ttlMs: number;
  defaultApprovers: string[];
  pollMs: number;
  /** Pending requests one principal may have open at once; no cap when absent. */
  maxOpenPerPrincipal?: number;
  /** For this long after a denial the same call gets that denial back instead of a new request. */
  denialCoolOffMs?: number;
  /** How often a waiting call sends progress (when the client asked for it); default 5 s. */
  progressMs?: number;
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
  /** What may differ between calls of this shape, in words (from the pack). */
  grantVaries?: string[];
  /** The shape with file operands free (from the pack), for grants approvers widen. */
  widenedShape?: string;
  summary: string;
  /** Measures what the call would change; run only when a new request is made. */
  preview?: () => Promise<Impact>;
}

export type GateResult =
  | { kind: 'run'; approval?: ApprovalRequest; grant?: Grant }
  | { kind: 'denied'; approval: ApprovalRequest; reason: string; by: string; until?: string }
  | { kind: 'too_many'; maxOpen: number }
  | { kind: 'pending'; approval: ApprovalRequest }
  | { kind: 'expired'; approval: ApprovalRequest };

/** `grant` is set when this decision approved the request and every approver asked for a grant. */
export type DecideResult = { ok: true; approval: ApprovalRequest; grant?: Grant } | { ok: false; code: string; message: string };

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
    // An approver said yes: a store link that fails for a moment (a pooled connection that died
    // while the store was away) must neither refuse the call nor leave the request spent with the
    // call refused. So the claim is retried as a call's outcome is; an attempt that failed may have
    // committed, so a retry that loses the compare-and-set counts as won when this call spent it.
    const won = await retryWithin(
      OUTCOME_RETRY_MS,
      async (retry) => {
        if (await store.updateApproval(next, r.version)) return true;
        const current = retry ? await store.getApproval(r.id) : undefined;
        return current?.state === 'executed' && current.executedCallId === callId;
      },
      (error) => error instanceof StoreTampered,
    );
    if (!won) return false;
    await record.outcome([{ ...event('approval.executed', next, {}), callId }]);
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
    const every = settings.progressMs ?? 5000;
    // The first progress goes out at once: the client learns the call is held, and a client that
    // resets its timeout on progress starts counting again.
    let lastProgress = 0;
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
        // store, to claim the approval. A tampered request will not mend: that ends the wait at once.
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
        } else if (read.error instanceof StoreTampered || left <= 0 || signal.aborted) throw read.error;
        if (progress && Date.now() - lastProgress >= every) {
          progress(`held for approval ${id}: waiting ${Math.ceil(left / 1000)} s more for a decision`);
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
          const timer = setTimeout(done, Math.min(settings.pollMs, every, left));
          wake = done;
          signal.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      changed.off(id, onChange);
    }
  }

  function denied(r: ApprovalRequest, until?: string): GateResult {
    const d = r.decisions.find((x) => x.decision === 'deny');
    return { kind: 'denied', approval: r, reason: d?.reason ?? 'denied', by: d ? (d.name === d.by ? d.by : `${d.name} (${d.by})`) : 'an approver', ...(until ? { until } : {}) };
  }

  /** The denial of this exact call still within its cool-off, if any: a repeat gets it back. */
  async function recentDenial(hash: string, stamp: Date): Promise<GateResult | undefined> {
    if (!settings.denialCoolOffMs) return undefined;
    const last = await store.findLastDenial(hash);
    const until = last?.decidedAt ? Date.parse(last.decidedAt) + settings.denialCoolOffMs : 0;
    return last && until > stamp.getTime() ? denied(last, new Date(until).toISOString()) : undefined;
  }

  async function settle(r: ApprovalRequest, callId: string): Promise<GateResult> {
    if (r.state === 'approved') {
      if (await claim(r, callId)) return { kind: 'run', approval: r };
      return { kind: 'pending', approval: (await store.getApproval(r.id)) ?? r };
    }
    if (r.state === 'denied') return denied(r);
    if (r.state === 'expired') return { kind: 'expired', approval: r };
    return { kind: 'pending', approval: r };
  }

  /**
   * A grant for this call: one for its exact shape, or one widened to other files for its widened
   * shape. Each kind counts only under its own lookup, so a shape string that happens to equal the
   * other kind's never borrows its grant.
   */
  async function findGrant(call: GateCall, stamp: Date): Promise<Grant | undefined> {
    const at = stamp.toISOString();
    const exact = await store.findGrant(call.principal.id, call.tool, call.target, call.shape, at);
    if (exact && !exact.widenedFiles) return exact;
    if (!call.widenedShape) return undefined;
    const widened = await store.findGrant(call.principal.id, call.tool, call.target, call.widenedShape, at);
    return widened?.widenedFiles ? widened : undefined;
  }

  const approvals: Approvals = {
    async gate(call, signal, progress) {
      const stamp = now();
      const hash = actionHash(call.tool, call.target, call.args, call.principal.id);
      if (call.approvalId) {
        const bound = await store.getApproval(call.approvalId);
        if (!bound || bound.actionHash !== hash) throw new Error('the approval is not for this call');
        const lapsed = new Date(bound.expiresAt) <= stamp;
        if (lapsed && bound.state === 'approved') return { kind: 'expired', approval: bound };
        return settle(lapsed && bound.state === 'pending' ? await expire(bound) : bound, call.callId);
      }
      // A person said no to exactly this call a moment ago: that stands, even over a grant for its shape.
      const repeat = await recentDenial(hash, stamp);
      if (repeat) return repeat;
      const grant = await findGrant(call, stamp);
      if (grant) {
        await record([{ type: 'approval.grant_used', session: call.session, callId: call.callId, principal: call.principal.id, tool: call.tool, target: call.target, data: { grantId: grant.id, approvalId: grant.approvalId, grantedBy: grant.grantedBy, expiresAt: grant.expiresAt } }]);
        return { kind: 'run', grant };
      }
      let request = await store.findOpenApproval(hash, stamp.toISOString());
      if (!request) {
        // Measured before the request is stored, so it is made and recorded with what the approver will see.
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
          ...(call.grantVaries?.length ? { grantVaries: call.grantVaries } : {}),
          ...(call.widenedShape ? { widenedShape: call.widenedShape } : {}),
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
        const cap = settings.maxOpenPerPrincipal;
        if (!(await store.createApproval(request, cap ? { maxOpen: cap, now: stamp.toISOString() } : undefined))) return { kind: 'too_many', maxOpen: cap ?? 0 };
        try {
          await record([{ ...event('approval.requested', request, { approverGroups: request.approverGroups, requiredApprovals: request.requiredApprovals, expiresAt: request.expiresAt, summary: request.summary, ...(request.impact ? { impact: request.impact } : {}) }), callId: call.callId }]);
        } catch (error) {
          // A request off the record must not be approvable: an approver could pass it and the
          // agent's retry run on an approval the audit never saw asked for. The call fails closed.
          await store.updateApproval({ ...request, state: 'cancelled', decidedAt: now().toISOString(), version: request.version + 1 }, request.version).catch(() => false);
          throw error;
        }
        approvals.onRequested?.(request);
      }
      if (request.state === 'approved') return settle(request, call.callId);
      const after = (await waitForDecision(request.id, signal, progress)) ?? request;
      // A caller that went away never executes: the approval stays for its retry.
      if (signal.aborted) return { kind: 'pending', approval: after };
      return settle(after, call.callId);
    },

    async decide(id, by, input) {
      try {
        return await decideOnce(id, by, input);
      } catch (error) {
        if (error instanceof StoreTampered) return { ok: false, code: error.code, message: error.message };
        throw error;
      }
    },

    get: (id) => store.getApproval(id),
  };

  async function decideOnce(id: string, by: Principal, input: DecisionInput): Promise<DecideResult> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.getApproval(id);
      if (!current) return { ok: false, code: 'not_found', message: `no approval request ${id}` };
      if (current.state === 'pending' && new Date(current.expiresAt) <= now()) await expire(current);
      const t = applyDecision(current, by, input, now(), settings.defaultApprovers);
      if (!t.ok) return t;
      // Suspending withdraws pending requests; one a replica stored before it heard of the suspension is refused here.
      if (input.decision === 'approve' && (await store.listRevocations()).some((r) => r.kind === 'principal' && r.id === current.requester.principal.id)) {
        return { ok: false, code: 'requester_suspended', message: `the requester ${current.requester.principal.id} is suspended: its requests cannot be approved until it is resumed` };
      }
      if (!(await store.updateApproval(t.next, current.version))) continue;
      const last = t.next.decisions[t.next.decisions.length - 1];
      const agreed = agreedGrant(t.next);
      let grant: Grant | undefined;
      if (agreed.minutes !== undefined) {
        grant = {
          id: randomUUID(),
          principal: t.next.requester.principal.id,
          tool: t.next.tool,
          target: t.next.target,
          shape: agreed.widenFiles && t.next.widenedShape ? t.next.widenedShape : t.next.shape,
          ...(agreed.widenFiles && t.next.widenedShape ? { widenedFiles: true } : {}),
          approvalId: t.next.id,
          grantedBy: agreed.by.join(', '),
          expiresAt: new Date(now().getTime() + agreed.minutes * 60_000).toISOString(),
          ...(t.next.impact?.method === 'dry run' && t.next.impact.rows !== undefined ? { rowCeiling: t.next.impact.rows } : {}),
        };
        await store.createGrant(grant);
      }
      const granted = grant ? { grant: { id: grant.id, expiresAt: grant.expiresAt, grantedBy: grant.grantedBy, ...(grant.widenedFiles ? { widenedFiles: true } : {}) } } : {};
      const asked = { ...(last?.grantMinutes ? { grantMinutes: last.grantMinutes } : {}), ...(last?.widenFiles ? { widenFiles: true } : {}) };
      await record([event('approval.decided', t.next, { decision: input.decision, reason: input.reason, state: t.next.state, by: { id: by.id, groups: by.groups }, ...asked, ...granted }, by.id)]);
      changed.emit(id);
      return { ok: true, approval: t.next, ...(grant ? { grant } : {}) };
    }
    return { ok: false, code: 'conflict', message: 'the request kept changing while deciding; try again' };
  }
  return approvals;
}
