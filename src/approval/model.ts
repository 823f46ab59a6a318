// Approval requests: the exact call a person decides on, bound to it by a hash of tool, target,
// canonical arguments and principal, so an approval can never be spent on a different call.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical.ts';
import type { Principal } from '../identity/principal.ts';
import type { Impact } from '../pipeline/toolpack.ts';
import type { MatchedRule } from '../policy/decide.ts';

export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled' | 'executed';

export interface ApprovalDecisionEntry {
  by: string;
  name: string;
  decision: 'approve' | 'deny';
  reason: string;
  at: string;
  /** Minutes of a grant for the same shape, when the approver chose one. */
  grantMinutes?: number;
  /** The approver widened that grant to other files (shell calls). */
  widenFiles?: boolean;
}

export interface ApprovalRequest {
  id: string;
  actionHash: string;
  state: ApprovalState;
  tool: string;
  target: string;
  args: Record<string, unknown>;
  summary: string;
  shape: string;
  /** What may differ between calls a grant covers, in words (from the tool pack). */
  grantVaries?: string[];
  /** The shape with file operands free, when approvers may widen a grant to other files. */
  widenedShape?: string;
  facts: Record<string, unknown>;
  rules: MatchedRule[];
  reason: string;
  /** What the call would change, measured when the request was made (absent for tools without a preview). */
  impact?: Impact;
  requester: { principal: Principal; session: string; client: string };
  approverGroups: string[];
  requiredApprovals: number;
  decisions: ApprovalDecisionEntry[];
  createdAt: string;
  expiresAt: string;
  decidedAt?: string;
  executedAt?: string;
  /** The call that ran under the approval: its result is that call's `call.result` event. */
  executedCallId?: string;
  /** Optimistic-concurrency counter: every state change bumps it. */
  version: number;
}

export interface Grant {
  id: string;
  principal: string;
  tool: string;
  target: string;
  shape: string;
  approvalId: string;
  grantedBy: string;
  expiresAt: string;
  /** The most rows a call under the grant may change: the approved call's dry run. */
  rowCeiling?: number;
  /** Every approver widened it: `shape` is the request's widened shape, with file operands free. */
  widenedFiles?: boolean;
}

export function actionHash(tool: string, target: string, args: Record<string, unknown>, principalId: string): string {
  return createHash('sha256').update(canonicalJson({ tool, target, args, principal: principalId })).digest('hex');
}
