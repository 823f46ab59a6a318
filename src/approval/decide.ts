// The approver's side of a request, as a pure state transition: who may decide, and what a
// decision does. Storage and audit are the service's business.
import type { Principal } from '../identity/principal.ts';
import type { ApprovalRequest } from './model.ts';

/** `widenFiles`: the grant asked for also covers other files in the call's file operands (shell calls). */
export type DecisionInput = { decision: 'approve' | 'deny'; reason: string; grantMinutes?: number; widenFiles?: boolean };

export type Transition = { ok: true; next: ApprovalRequest } | { ok: false; code: string; message: string };

export function applyDecision(request: ApprovalRequest, by: Principal, input: DecisionInput, now: Date, defaultApprovers: readonly string[]): Transition {
  if (request.state !== 'pending') return { ok: false, code: 'not_pending', message: `request ${request.id} is already ${request.state}` };
  if (new Date(request.expiresAt) <= now) return { ok: false, code: 'expired', message: `request ${request.id} expired at ${request.expiresAt}` };
  if (by.id === request.requester.principal.id) return { ok: false, code: 'self_approval', message: 'the requester cannot decide their own request' };
  const groups = request.approverGroups.length > 0 ? request.approverGroups : defaultApprovers;
  if (!by.groups.some((g) => groups.includes(g))) {
    return { ok: false, code: 'not_an_approver', message: `only members of ${groups.join(', ') || '(no approver group configured)'} can decide this request` };
  }
  if (request.decisions.some((d) => d.by === by.id)) return { ok: false, code: 'already_decided', message: `${by.id} has already decided this request` };
  if (input.decision === 'deny' && !input.reason.trim()) return { ok: false, code: 'reason_required', message: 'a denial needs a reason for the agent' };
  if (input.widenFiles && (input.decision !== 'approve' || !input.grantMinutes)) return { ok: false, code: 'widen_needs_grant', message: 'widening to other files applies to a grant: approve with a grant window too' };
  if (input.widenFiles && !request.widenedShape) {
    return { ok: false, code: 'nothing_to_widen', message: 'this call has no file operand a grant could widen (or it reads a file that may hold secrets, or it is catastrophic)' };
  }

  const at = now.toISOString();
  const entry = { by: by.id, name: by.name, decision: input.decision, reason: input.reason, at, ...(input.grantMinutes ? { grantMinutes: input.grantMinutes } : {}), ...(input.widenFiles ? { widenFiles: true } : {}) };
  const decisions = [...request.decisions, entry];
  const approvals = decisions.filter((d) => d.decision === 'approve').length;
  const state = input.decision === 'deny' ? 'denied' : approvals >= request.requiredApprovals ? 'approved' : 'pending';
  return { ok: true, next: { ...request, decisions, state, ...(state !== 'pending' ? { decidedAt: at } : {}), version: request.version + 1 } };
}

/**
 * The grant an approved request gives: only when every approval counted toward the quorum asked
 * for one, for the shortest window asked. One approver alone never turns a quorum into a standing
 * permission; whoever approved without a grant is named, so the last approver knows why. The grant
 * covers other files only when every one of them widened it; otherwise it keeps the files as written.
 */
export function agreedGrant(request: ApprovalRequest): { minutes: number; by: string[]; widenFiles: boolean } | { minutes: undefined; without: string[] } {
  const approvals = request.decisions.filter((d) => d.decision === 'approve');
  const without = approvals.filter((d) => !d.grantMinutes).map((d) => d.by);
  if (request.state !== 'approved' || approvals.length === 0 || without.length > 0) return { minutes: undefined, without };
  return { minutes: Math.min(...approvals.map((d) => d.grantMinutes as number)), by: approvals.map((d) => d.by), widenFiles: approvals.every((d) => d.widenFiles === true) };
}
