// The review stage: a call the policy sends to review runs only through a grant or an approval of
// this exact call. Otherwise it waits (up to approvals.wait) and then hands back the approval id.
import type { Approvals } from '../approval/service.ts';
import type { Logger } from 'pino';
import type { Masker } from '../masking/index.ts';
import { errorSummary } from './errors.ts';
import { StoreTampered } from '../store/sealed-approvals.ts';
import { maskImpact } from './preview-masking.ts';
import type { EvaluatedCall } from './evaluate.ts';
import { executeContextOf, invocationOf } from './execute.ts';
import type { CallContext } from './pipeline.ts';
import { pass, refuse, type StageResult } from './refusal.ts';

export async function reviewGate(approvals: Approvals, call: EvaluatedCall, ctx: CallContext, callId: string, masker: Masker | undefined, logger?: Pick<Logger, 'error'>): Promise<StageResult<{ approvalId?: string; grantId?: string; rowCeiling?: number }>> {
  const { decision } = call;
  const principal = ctx.principal;
  if (!principal) return refuse('unauthenticated', 'no identity: this call has no principal');
  const { pack } = call.tool;
  const measure = pack.preview?.bind(pack);
  // The preview's sample of changed rows is masked by the profile the call's result would get.
  const preview = measure && (async () => maskImpact(await measure(invocationOf(call), executeContextOf(call, ctx.signal)), masker));
  let gate;
  try {
    gate = await approvals.gate(
      {
        tool: call.tool.spec.name,
        target: call.target.name,
        args: call.args,
        principal,
        session: ctx.session.id,
        client: ctx.session.client,
        callId,
        ...(ctx.approvalId ? { approvalId: ctx.approvalId } : {}),
        decision,
        facts: call.classification.facts,
        shape: call.classification.shape,
        ...(call.classification.grantVaries ? { grantVaries: call.classification.grantVaries } : {}),
        ...(call.classification.widenedShape ? { widenedShape: call.classification.widenedShape } : {}),
        summary: call.classification.summary,
        ...(preview ? { preview } : {}),
      },
      // A task does not wait here: its client polls the task instead.
      ctx.task ? AbortSignal.abort() : ctx.signal,
      ctx.progress,
    );
  } catch (error) {
    if (error instanceof StoreTampered) return refuse(error.code, `${error.message}. An operator has been alerted.`, { rules: decision.rules });
    // The agent gets no detail (it may quote the store); the operator gets the cause.
    logger?.error({ err: errorSummary(error), callId }, 'the approval gate failed; call refused');
    return refuse('approval_failed', 'the approval request could not be handled, so the call was not executed');
  }
  if (gate.kind === 'too_many') {
    return refuse(
      'too_many_approvals',
      `You already have ${gate.maxOpen} approval requests waiting for a decision, the most one principal may have open. ` +
        'Wait until approvers decide them (check with approval_status) or they expire, then ask again.',
      { rules: decision.rules },
    );
  }
  const details = { approvalId: gate.kind === 'run' ? gate.approval?.id : gate.approval.id };
  switch (gate.kind) {
    case 'run': {
      // A write runs within what the approver saw: the dry run of the approved call.
      const impact = gate.approval?.impact;
      const rowCeiling = gate.grant ? gate.grant.rowCeiling : impact?.method === 'dry run' ? impact.rows : undefined;
      return pass({ ...(gate.approval ? { approvalId: gate.approval.id } : {}), ...(gate.grant ? { grantId: gate.grant.id } : {}), ...(rowCeiling !== undefined ? { rowCeiling } : {}) });
    }
    case 'denied':
      if (gate.until) {
        return refuse('approval_denied', `${gate.by} denied this same call at ${gate.approval.decidedAt} (reason: ${gate.reason}). It is not put to approvers again before ${gate.until}; change the call or talk to an approver.`, {
          rules: decision.rules,
          details: { ...details, deniedBy: gate.by, deniedAt: gate.approval.decidedAt, repeatAfter: gate.until },
        });
      }
      return refuse('approval_denied', `An approver (${gate.by}) denied this call: ${gate.reason}`, { rules: decision.rules, details });
    case 'expired':
      return refuse('approval_expired', `The approval request ${gate.approval.id} expired without a decision; call again to ask anew.`, { rules: decision.rules, details });
    case 'pending': {
      const a = gate.approval;
      // The requester withdrew the request (tasks/cancel) while this call waited on it.
      if (a.state === 'cancelled') return refuse('approval_cancelled', `The approval request ${a.id} was cancelled (by the requester, or by an operator who suspended the requester); the call was not run. Call again to ask anew.`, { rules: decision.rules, details });
      const who = a.approverGroups.length ? a.approverGroups.join(' or ') : 'an approver';
      return refuse(
        'approval_pending',
        `${decision.reason} The call is held for approval by ${who} (approval id ${a.id}, expires ${a.expiresAt}). ` +
          'Check it with the approval_status tool; once it is approved, make exactly the same call again and it will run once.',
        { rules: decision.rules, details: { ...details, state: a.state, expiresAt: a.expiresAt, approverGroups: a.approverGroups } },
      );
    }
  }
}
