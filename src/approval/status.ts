// The approval_status tool: the agent (or an approver) reads where a request stands. Anyone else
// is told it does not exist, so ids cannot be probed.
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import type { ApprovalRequest } from './model.ts';

export const ApprovalStatusInput = z.object({ approvalId: z.string().min(1).max(100).describe('The approval id from the held call') }).strict();

export const APPROVAL_STATUS_TOOL = {
  name: 'approval_status',
  title: 'Check an approval request',
  description:
    'Returns the state of an approval request gatehouse created for one of your calls (pending, approved, denied, expired, executed). ' +
    'Once it is approved, repeat exactly the same call: it runs once.',
  inputSchema: z.toJSONSchema(ApprovalStatusInput) as { type: 'object' },
  annotations: { title: 'Check an approval request', readOnlyHint: true, openWorldHint: false },
};

export function describeApproval(r: ApprovalRequest | undefined, viewer: Principal, defaultApprovers: readonly string[]) {
  const approverGroups = r && r.approverGroups.length > 0 ? r.approverGroups : defaultApprovers;
  const visible = r && (r.requester.principal.id === viewer.id || viewer.groups.some((g) => approverGroups.includes(g)));
  if (!r || !visible) return undefined;
  return {
    id: r.id,
    state: r.state,
    tool: r.tool,
    target: r.target,
    summary: r.summary,
    reason: r.reason,
    approverGroups,
    requiredApprovals: r.requiredApprovals,
    decisions: r.decisions.map((d) => ({ by: d.by, decision: d.decision, reason: d.reason, at: d.at })),
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    ...(r.executedAt ? { executedAt: r.executedAt } : {}),
  };
}
