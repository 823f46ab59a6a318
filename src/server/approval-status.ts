// approval_status as a tool the pipeline answers itself: it goes through the same door as every other
// call (identity, the in-flight limit, the audit, the scrubber), so each check, and each probe of an
// id that is not the caller's, is on record.
import type { Approvals } from '../approval/service.ts';
import { ApprovalStatusInput, describeApproval } from '../approval/status.ts';
import type { BuiltinTool } from '../pipeline/pipeline.ts';
import { pass, refuse } from '../pipeline/refusal.ts';

export function approvalStatusTool(approvals: Approvals, defaultApprovers: readonly string[]): BuiltinTool {
  return async (args, principal) => {
    const parsed = ApprovalStatusInput.safeParse(args);
    if (!parsed.success) return refuse('invalid_arguments', 'approval_status needs { "approvalId": "<id>" }');
    const id = parsed.data.approvalId;
    const shown = describeApproval(await approvals.get(id), principal, defaultApprovers);
    // Someone else's request reads as missing, so ids cannot be probed; the audit still shows the attempt.
    if (!shown) return refuse('not_found', `no approval request ${id} that you can see`);
    return pass({ content: [{ type: 'text' as const, text: JSON.stringify(shown, null, 2) }], structuredContent: shown });
  };
}
